/** Time source; tests inject a controllable one to drive session expiry without sleeping. */
export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

export class ManualClock implements Clock {
  constructor(private current = Date.UTC(2026, 0, 15, 15, 0, 0)) {}
  now(): number {
    return this.current
  }
  advance(ms: number): void {
    this.current += ms
  }
}
