import { performance, type EventLoopUtilization } from 'node:perf_hooks'

/** V8's full collection, present when node runs with --expose-gc (SERVER_NODE_ARGS). */
export type GcFunction = () => void

/**
 * Quiet this long (event loop busy under QUIET_UTILIZATION of the time) before the heap is handed
 * back. An idle server's own timers (SQLite's idle check, session sweeps, a /metrics scrape) keep
 * its loop 1-4% busy; any load keeps it far above 10%.
 */
export const IDLE_MS = 3000
export const QUIET_UTILIZATION = 0.1
/** Growth of the resident set above its lowest since the last hand-back that makes another one worth its pause. */
export const GROWTH_BYTES = 16 * 1024 * 1024

export interface IdleMemoryProbes {
  /** Share of the time the event loop was busy since the previous call (0-1). */
  utilization(): number
  /** The resident set in bytes. */
  rss(): number
  gc: GcFunction | undefined
}

/** The process's own probes: event-loop utilization, resident set, --expose-gc's gc. */
export function processProbes(): IdleMemoryProbes {
  let last: EventLoopUtilization = performance.eventLoopUtilization()
  return {
    utilization() {
      const now = performance.eventLoopUtilization()
      const share = performance.eventLoopUtilization(now, last).utilization
      last = now
      return share
    },
    rss: () => process.memoryUsage.rss(),
    gc: (globalThis as { gc?: GcFunction }).gc,
  }
}

/**
 * Hands V8's heap back to the system once the server has been quiet for a few seconds after its
 * resident set grew (issue 15: memory given back after a bulk load). V8's own memory reducer does
 * the same only 10-20 s after the last allocation, so a server measured 10 s after a bulk load
 * showed its peak RSS or ~35 MB less from run to run (bench/realistic-results.md, session 9). A
 * full collection costs a few milliseconds of a server that has nothing else to do. Quiet
 * is the event loop's utilization, not a request count, so a long download in progress is work.
 * Nothing is scheduled without `gc` (node started without --expose-gc). Returns the stop function.
 */
export function releaseHeapWhenIdle(probes: IdleMemoryProbes = processProbes(), intervalMs = 1000): () => void {
  const { gc } = probes
  if (!gc) return () => {}
  let quietFor = 0
  let lowest = probes.rss()
  const timer = setInterval(() => {
    quietFor = probes.utilization() < QUIET_UTILIZATION ? quietFor + intervalMs : 0
    const rss = probes.rss()
    lowest = Math.min(lowest, rss)
    if (quietFor >= IDLE_MS && rss - lowest >= GROWTH_BYTES) {
      gc()
      // V8 unmaps the freed pages on a helper thread within a second: measure after that.
      lowest = Number.POSITIVE_INFINITY
    }
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
