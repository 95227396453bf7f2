/**
 * What every module's *.demo.ts needs from the demo seeding (src/demo/demo-data.ts), kept apart
 * so that the modules do not import the file that imports them.
 */
import type { Db } from '../db/database.ts'

export interface DemoContext {
  db: Db
  clientId: number
  now: number
  /** Deterministic pseudo-random numbers, so every fresh demo tenant is the same. */
  random: () => number
}

/** Mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Demo credentials printed at start-up (README). */
export const DEMO_MANAGER = { loginId: 'manager', password: 'Manager123' }
export const DEMO_AGENT = { loginId: 'AGENT1', password: 'Agent1234' }
