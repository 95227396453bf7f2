import { flag } from '../../../db/flag.ts'
import { easternDayOf, easternDayRange } from '../../../lib/eastern-time.ts'

/** Values written in requests are actions (contacts.md §1.1, C# DialBlockOption). */
export const DND_ACTIONS = ['DAILY', 'PERMANENT', 'BOTH', 'NONE', 'DAILY_OFF', 'PERMANENT_OFF'] as const
export type DndAction = (typeof DND_ACTIONS)[number]

/** Values returned in responses are states. */
export const DND_STATES = ['NONE', 'DAILY', 'PERMANENT', 'BOTH'] as const
export type DndState = (typeof DND_STATES)[number]

/**
 * Stored DND of an account or a phone: the permanent flag, and the instant the daily flag
 * expires (docs/contacts-design.md "DND"). Daily DND ends at the next midnight in New York
 * (contacts.md §1.1 [decision]), so the expiry is stored instead of a flag and nothing has to
 * clear it.
 */
export interface StoredDnd {
  permanent: number
  dailyUntil: number | null
}

export function isDailyOn(dailyUntil: number | null, now: number): boolean {
  return dailyUntil !== null && dailyUntil > now
}

export function dndState(permanent: number, dailyUntil: number | null, now: number): DndState {
  const daily = isDailyOn(dailyUntil, now)
  if (permanent === 1) return daily ? 'BOTH' : 'PERMANENT'
  return daily ? 'DAILY' : 'NONE'
}

/** The first instant of the next New York calendar day. */
export function nextEasternMidnight(now: number): number {
  return easternDayRange(easternDayOf(now)).end
}

/**
 * contacts.md §1.1 transition table: the result of an action on the current state. Each action
 * sets or clears one or both flags and leaves the other alone, which reproduces every cell.
 */
export function applyDndAction(current: StoredDnd, action: DndAction, now: number): StoredDnd {
  const daily = isDailyOn(current.dailyUntil, now)
  let permanent = current.permanent === 1
  let dailyOn = daily
  switch (action) {
    case 'DAILY': dailyOn = true; break
    case 'PERMANENT': permanent = true; break
    case 'BOTH': dailyOn = true; permanent = true; break
    case 'NONE': dailyOn = false; permanent = false; break
    case 'DAILY_OFF': dailyOn = false; break
    case 'PERMANENT_OFF': permanent = false; break
  }
  // A daily DND already on keeps its expiry; setting it again does not extend it past midnight.
  const dailyUntil = dailyOn ? (daily ? current.dailyUntil : nextEasternMidnight(now)) : null
  return { permanent: flag(permanent), dailyUntil }
}
