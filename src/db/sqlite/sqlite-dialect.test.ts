import { afterEach, describe, expect, it, vi } from 'vitest'
import type BetterSqlite3 from 'better-sqlite3'
import { releaseCacheWhenIdle } from './sqlite-dialect.ts'

describe('releaseCacheWhenIdle', () => {
  afterEach(() => { vi.useRealTimers() })

  it('hands the page cache back once after a burst of use, when the connection has been idle for 3 s', () => {
    vi.useFakeTimers({ now: 0 })
    const pragmas: string[] = []
    const raw = { open: true, pragma: (text: string) => { pragmas.push(text) } } as unknown as BetterSqlite3.Database
    const usage = { lastUse: 0 }
    const stop = releaseCacheWhenIdle(raw, usage)
    vi.advanceTimersByTime(10_000)
    expect(pragmas).toEqual([]) // never used: nothing to give back
    usage.lastUse = Date.now()
    vi.advanceTimersByTime(2_000)
    expect(pragmas).toEqual([]) // still within the burst
    vi.advanceTimersByTime(2_000)
    expect(pragmas).toEqual(['shrink_memory'])
    vi.advanceTimersByTime(10_000)
    expect(pragmas).toEqual(['shrink_memory']) // once per burst
    usage.lastUse = Date.now()
    vi.advanceTimersByTime(5_000)
    expect(pragmas).toEqual(['shrink_memory', 'shrink_memory'])
    stop()
  })
})
