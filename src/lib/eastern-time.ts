/**
 * Calendar days and wall-clock times in America/New_York, the platform time zone for date-only
 * values (README §4, open question 9; the Services page states that times are entered in Eastern
 * Time). Used by search criteria (contacts.md §1.5 "compared as calendar days"), the download's
 * date window and its `MM/DD/YYYY` columns (§1.7), DND days, and the Services' SPECIFIC_DATE hours.
 *
 * The UTC offset is constant within a UTC hour (New York changes offset on the hour), so it is
 * computed once per hour with Intl and cached: a download formats millions of dates.
 */

const HOUR = 3_600_000
const DAY = 24 * HOUR
const ZONE = 'America/New_York'

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE, hourCycle: 'h23',
  year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
})
const offsets = new Map<number, number>()

/** Milliseconds to add to a UTC instant to get New York wall-clock time. */
export function easternOffset(millis: number): number {
  const hour = Math.floor(millis / HOUR)
  let offset = offsets.get(hour)
  if (offset === undefined) {
    const at = hour * HOUR
    const p: Record<string, number> = {}
    for (const { type, value } of parts.formatToParts(at)) if (type !== 'literal') p[type] = Number(value)
    offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at
    if (offsets.size > 100_000) offsets.clear()
    offsets.set(hour, offset)
  }
  return offset
}

/** The instant a New York calendar day begins. */
export function startOfEasternDay(year: number, month: number, day: number): number {
  const utcMidnight = Date.UTC(year, month - 1, day)
  // 04:00 UTC is 23:00 or 00:00 in New York: before that day's 02:00 offset change, so the
  // offset found there is the one in force at local midnight.
  return utcMidnight - easternOffset(utcMidnight + 4 * HOUR)
}

export interface EasternDay {
  year: number
  month: number
  day: number
}

/** The New York calendar day an instant falls on. */
export function easternDayOf(millis: number): EasternDay {
  const local = new Date(millis + easternOffset(millis))
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() }
}

/** [start, end) of a New York calendar day shifted by `days`. */
export function easternDayRange(day: EasternDay, days = 0): { start: number; end: number } {
  const noon = Date.UTC(day.year, day.month - 1, day.day + days, 12)
  const shifted = new Date(noon)
  const y = shifted.getUTCFullYear()
  const m = shifted.getUTCMonth() + 1
  const d = shifted.getUTCDate()
  const next = new Date(noon + DAY)
  return {
    start: startOfEasternDay(y, m, d),
    end: startOfEasternDay(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()),
  }
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/
const MILLIS = /^\d{1,16}$/
/**
 * The last instant a Date holds (8.64e15 ms, ECMAScript). Sixteen digits reach past it; such
 * millis name no day, and Intl would throw on them.
 */
const LAST_INSTANT = 8.64e15

const isDayMillis = (value: number): boolean => Number.isSafeInteger(value) && value >= 0 && value <= LAST_INSTANT

/**
 * A `Date` value of the Contact API (README §4): `CCYY-MM-DD` (that New York day) or epoch
 * millis (the day the instant falls on). Returns null when it is neither.
 */
export function parseDateValue(value: string | number): { day: EasternDay; millis: number | null } | null {
  if (typeof value === 'number') {
    return isDayMillis(value) ? { day: easternDayOf(value), millis: value } : null
  }
  const text = value.trim()
  const match = DATE_ONLY.exec(text)
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
    const check = new Date(Date.UTC(year, month - 1, day))
    if (month < 1 || month > 12 || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null
    return { day: { year, month, day }, millis: null }
  }
  if (MILLIS.test(text) && Number.isSafeInteger(Number(text))) return parseDateValue(Number(text))
  return null
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n))

/** `CCYY-MM-DD`. */
export const isoDay = (day: EasternDay): string => `${String(day.year).padStart(4, '0')}-${pad2(day.month)}-${pad2(day.day)}`

/** `MM/DD/YYYY` in New York (the seed's `08/27/2018`). */
export function formatEasternDate(millis: number): string {
  const local = new Date(millis + easternOffset(millis))
  return `${pad2(local.getUTCMonth() + 1)}/${pad2(local.getUTCDate())}/${local.getUTCFullYear()}`
}

/** `MM/DD/YYYY HH:MM:SS` in New York, 24-hour clock. */
export function formatEasternDateTime(millis: number): string {
  const local = new Date(millis + easternOffset(millis))
  return `${pad2(local.getUTCMonth() + 1)}/${pad2(local.getUTCDate())}/${local.getUTCFullYear()} `
    + `${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())}`
}

/**
 * The Configuration API's reading of a calendar day (inbound hours' SPECIFIC_DATE, demo data),
 * stricter than startOfEasternDay: the day must exist, and its midnight must fall on 04:00 or
 * 05:00 UTC. So it is null for years 0-99 (which Date.UTC reads as 1900-1999) and for days
 * before 19 November 1883, when New York kept local mean time (UTC-4:56:02); the Contact API's
 * dates accept both. The two answered differently before they shared this file, and still do.
 */
export function easternMidnight(year: number, month: number, day: number): number | null {
  // US clocks change at 02:00, so an Eastern midnight is 05:00 (EST) or 04:00 (EDT) UTC.
  for (const offsetHours of [5, 4]) {
    const candidate = Date.UTC(year, month - 1, day, offsetHours)
    const local = new Date(candidate + easternOffset(candidate))
    if (local.getUTCFullYear() === year && local.getUTCMonth() + 1 === month && local.getUTCDate() === day
      && local.getUTCHours() === 0 && local.getUTCMinutes() === 0) return candidate
  }
  return null
}

/** The Eastern day containing an instant, as easternMidnight reads it (null in local mean time). */
export function easternDayStart(epochMillis: number): number | null {
  const { year, month, day } = easternDayOf(epochMillis)
  return easternMidnight(year, month, day)
}

/** `CCYY-MM-DD`, epoch millis, or a digit string of epoch millis → easternMidnight; null if invalid. */
export function parseEasternDate(value: number | string): number | null {
  if (typeof value === 'number') return isDayMillis(value) ? easternDayStart(value) : null
  const match = DATE_ONLY.exec(value)
  if (match) return easternMidnight(Number(match[1]), Number(match[2]), Number(match[3]))
  return MILLIS.test(value) ? parseEasternDate(Number(value)) : null
}
