/**
 * Calendar days in the platform time zone, America/New_York (README §4: the Services page states
 * that times are entered in Eastern Time; a date-only string names an Eastern day).
 */
const easternFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York', year: 'numeric', month: 'numeric', day: 'numeric',
  hour: 'numeric', minute: 'numeric', hourCycle: 'h23',
})

function easternParts(epochMillis: number) {
  const parts: Record<string, number> = {}
  for (const p of easternFormat.formatToParts(new Date(epochMillis))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  return parts as { year: number; month: number; day: number; hour: number; minute: number }
}

/**
 * Epoch millis of Eastern midnight starting the given day, or null when the day does not exist
 * (2021-02-30). US clocks change at 02:00, so midnight is always 05:00 or 04:00 UTC.
 */
export function easternMidnight(year: number, month: number, day: number): number | null {
  for (const offsetHours of [5, 4]) {
    const candidate = Date.UTC(year, month - 1, day, offsetHours)
    const p = easternParts(candidate)
    if (p.year === year && p.month === month && p.day === day && p.hour === 0 && p.minute === 0) return candidate
  }
  return null
}

/** The Eastern calendar day containing an instant, as the epoch millis of its midnight. */
export function easternDayStart(epochMillis: number): number {
  const p = easternParts(epochMillis)
  return easternMidnight(p.year, p.month, p.day)!
}

/** `CCYY-MM-DD`, epoch millis, or a digit string of epoch millis → Eastern midnight; null if invalid. */
export function parseEasternDate(value: number | string): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? easternDayStart(value) : null
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (match) return easternMidnight(Number(match[1]), Number(match[2]), Number(match[3]))
  return /^\d{1,16}$/.test(value) ? parseEasternDate(Number(value)) : null
}
