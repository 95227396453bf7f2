import type { Config } from '../../config.ts'
import { ApiError, Errors } from '../../http/errors.ts'
import type { Clock } from '../../lib/clock.ts'

export type AbuseConfig = Pick<Config,
  'LV_ABUSE_LIMITS' | 'LV_ABUSE_WINDOW_SECONDS' | 'LV_ABUSE_LIMIT_PER_ADDRESS' | 'LV_ABUSE_LIMIT_PER_PRINCIPAL' | 'LV_HASH_QUEUE'>

/** Who a credential check is about: a Client Code, a login name and the agent flag, as sent. */
export interface TargetPrincipal {
  clientName: string
  userName: string
  agent: boolean
}

interface Counter {
  count: number
  resetAt: number
}

const noRelease = (): void => {}

/**
 * README §8 abuse limits on the unauthenticated credential checks (Login, Change Password): per
 * client address and per target principal, fixed windows, 429 / 205 with Retry-After. They protect
 * the server, not emulate a quota, so they are per instance (the cross-instance rule is the lockout,
 * which applies whatever LV_ABUSE_LIMITS says).
 *
 * In-process rather than @fastify/rate-limit: the plugin keeps one counter per route hook, while here
 * one attempt counts against two keys, one of them read from the parsed body, and an attempt whose
 * credentials turn out right gives its unit back. So only failures and checks still in progress
 * count: a script that logs in often is never throttled, a burst of guesses is, even before any of
 * them has been checked.
 */
export class AbuseLimiter {
  private readonly counters = new Map<string, Counter>()

  constructor(private readonly config: AbuseConfig, private readonly clock: Clock, private readonly capacity = 100_000) {}

  get enabled(): boolean {
    return this.config.LV_ABUSE_LIMITS === 'on'
  }

  /**
   * Takes one unit from the address and from the principal, or throws 429 / 205 when either is
   * used up. Returns the function that gives the units back (call it when the credentials were right).
   */
  reserve(address: string, target: TargetPrincipal): () => void {
    if (!this.enabled) return noRelease
    const now = this.clock.now()
    const principal = `${target.agent ? 'A' : 'U'}\0${target.clientName.toUpperCase()}\0${target.agent ? target.userName.toUpperCase() : target.userName}`
    const keys: Array<[string, number]> = [
      [`address\0${address}`, this.config.LV_ABUSE_LIMIT_PER_ADDRESS],
      [`principal\0${principal}`, this.config.LV_ABUSE_LIMIT_PER_PRINCIPAL],
    ]
    const counters = keys.map(([key, limit]) => [this.counter(key, now), limit] as const)
    for (const [counter, limit] of counters) {
      if (counter.count >= limit) {
        throw new ApiError(Errors.RateLimited, undefined, { 'retry-after': String(Math.max(1, Math.ceil((counter.resetAt - now) / 1000))) })
      }
    }
    for (const [counter] of counters) counter.count++
    let released = false
    return () => {
      if (released) return
      released = true
      // A window that has rolled over since holds a fresh counter object, which this attempt never took from.
      for (const [counter] of counters) counter.count = Math.max(0, counter.count - 1)
    }
  }

  private counter(key: string, now: number): Counter {
    let counter = this.counters.get(key)
    if (!counter || now >= counter.resetAt) {
      counter = { count: 0, resetAt: now + this.config.LV_ABUSE_WINDOW_SECONDS * 1000 }
      this.counters.delete(key)
      this.counters.set(key, counter)
      if (this.counters.size > this.capacity) this.prune(now)
    }
    return counter
  }

  /** Bounded memory under a flood of distinct keys: expired windows go first, then the oldest. */
  private prune(now: number): void {
    for (const [key, counter] of this.counters) if (now >= counter.resetAt) this.counters.delete(key)
    for (const key of this.counters.keys()) {
      if (this.counters.size <= this.capacity * 0.9) break
      this.counters.delete(key)
    }
  }
}
