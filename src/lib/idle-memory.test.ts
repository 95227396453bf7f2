import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { GROWTH_BYTES, releaseHeapWhenIdle, type IdleMemoryProbes } from './idle-memory.ts'

const MB = 1024 * 1024

/** Probes the test drives: the loop's utilization and the resident set are whatever it says. */
function fakeProbes(start: { rss: number }) {
  const state = { utilization: 0, rss: start.rss, collections: 0 }
  const probes: IdleMemoryProbes = {
    utilization: () => state.utilization,
    rss: () => state.rss,
    gc: () => {
      state.collections++
      state.rss -= 40 * MB
    },
  }
  return { state, probes }
}

describe('releaseHeapWhenIdle', () => {
  let stop: () => void = () => {}
  beforeEach(() => { vi.useFakeTimers() })
  afterEach(() => { stop(); vi.useRealTimers() })

  it('collects once the loop has been quiet for 3 s after the resident set grew, and not again without new growth', () => {
    const { state, probes } = fakeProbes({ rss: 130 * MB })
    stop = releaseHeapWhenIdle(probes)
    state.utilization = 0.9
    state.rss = 190 * MB
    vi.advanceTimersByTime(10_000)
    expect(state.collections).toBe(0)
    state.utilization = 0
    vi.advanceTimersByTime(2000)
    expect(state.collections).toBe(0)
    vi.advanceTimersByTime(1000)
    expect(state.collections).toBe(1)
    expect(state.rss).toBe(150 * MB)
    vi.advanceTimersByTime(60_000)
    expect(state.collections).toBe(1)
  })

  it('leaves a quiet server alone when its resident set grew less than the threshold', () => {
    const { state, probes } = fakeProbes({ rss: 130 * MB })
    stop = releaseHeapWhenIdle(probes)
    state.rss = 130 * MB + GROWTH_BYTES - 1
    vi.advanceTimersByTime(60_000)
    expect(state.collections).toBe(0)
  })

  it('counts growth from the lowest resident set seen, and a busy second restarts the quiet time', () => {
    const { state, probes } = fakeProbes({ rss: 150 * MB })
    stop = releaseHeapWhenIdle(probes)
    state.utilization = 0.5
    vi.advanceTimersByTime(1000)
    state.rss = 120 * MB
    vi.advanceTimersByTime(1000)
    state.rss = 140 * MB
    state.utilization = 0
    vi.advanceTimersByTime(2000)
    state.utilization = 0.5
    vi.advanceTimersByTime(1000)
    state.utilization = 0
    vi.advanceTimersByTime(2000)
    expect(state.collections).toBe(0)
    vi.advanceTimersByTime(1000)
    expect(state.collections).toBe(1)
  })

  it('schedules nothing when node runs without --expose-gc', () => {
    const { probes } = fakeProbes({ rss: 100 * MB })
    stop = releaseHeapWhenIdle({ ...probes, gc: undefined })
    expect(vi.getTimerCount()).toBe(0)
  })
})
