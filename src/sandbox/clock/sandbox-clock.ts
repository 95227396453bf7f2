import type { Clock } from '../../lib/clock.ts'

/**
 * The server's clock in sandbox mode: the base clock (real time, or a test's ManualClock) plus an
 * offset, or frozen at one instant. Every request reads `app.clock`, so moving this clock moves
 * session expiry, password expiry, lockouts and every timestamp written or compared.
 */
export class SandboxClock implements Clock {
  private offset = 0
  private frozenAt: number | null = null

  constructor(private readonly base: Clock) {}

  now(): number {
    return this.frozenAt ?? this.base.now() + this.offset
  }

  get isFrozen(): boolean {
    return this.frozenAt !== null
  }

  get offsetMillis(): number {
    return this.now() - this.base.now()
  }

  /** Jumps to `at`; a frozen clock stays frozen there. */
  set(at: number): void {
    if (this.frozenAt !== null) this.frozenAt = at
    else this.offset = at - this.base.now()
  }

  advance(ms: number): void {
    this.set(this.now() + ms)
  }

  /** Stops time at `at` (by default the current instant). */
  freeze(at: number = this.now()): void {
    this.frozenAt = at
  }

  /** Time runs again from where it was frozen (the offset keeps the jump). */
  unfreeze(): void {
    if (this.frozenAt === null) return
    this.offset = this.frozenAt - this.base.now()
    this.frozenAt = null
  }

  /** Back to the base clock: no offset, not frozen. */
  reset(): void {
    this.offset = 0
    this.frozenAt = null
  }
}
