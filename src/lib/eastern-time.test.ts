import { describe, expect, it } from 'vitest'
import {
  easternDayOf, easternDayRange, easternDayStart, easternMidnight, easternOffset, formatEasternDate, formatEasternDateTime,
  isoDay, parseDateValue, parseEasternDate, startOfEasternDay,
} from './eastern-time.ts'

// New York kept local mean time (UTC-4:56:02) until noon of 18 November 1883, and Date.UTC reads
// years 0-99 as 1900-1999. The two readings of a calendar day below answer those cases
// differently; both are pinned as they were answered.
const LMT = -(4 * 3600 + 56 * 60 + 2) * 1000

describe('Eastern calendar days as Configuration reads them (inbound hours SPECIFIC_DATE, demo data)', () => {
  it('finds the midnight of a day on either side of a clock change', () => {
    expect(easternMidnight(2024, 1, 15)).toBe(Date.UTC(2024, 0, 15, 5))
    expect(easternMidnight(2024, 7, 4)).toBe(Date.UTC(2024, 6, 4, 4))
    expect(easternMidnight(2024, 3, 10)).toBe(Date.UTC(2024, 2, 10, 5))
    expect(easternMidnight(2024, 3, 11)).toBe(Date.UTC(2024, 2, 11, 4))
    expect(easternMidnight(2024, 11, 3)).toBe(Date.UTC(2024, 10, 3, 4))
    expect(easternMidnight(2024, 11, 4)).toBe(Date.UTC(2024, 10, 4, 5))
    expect(easternMidnight(2024, 2, 29)).toBe(Date.UTC(2024, 1, 29, 5))
    expect(easternMidnight(1883, 11, 19)).toBe(Date.UTC(1883, 10, 19, 5))
    expect(easternMidnight(150_000, 6, 1)).toBe(Date.UTC(150_000, 5, 1, 4))
  })

  it('answers null for a day that does not exist, a year 0-99, or a midnight in local mean time', () => {
    expect(easternMidnight(2021, 2, 29)).toBeNull()
    expect(easternMidnight(2021, 2, 30)).toBeNull()
    expect(easternMidnight(2021, 13, 1)).toBeNull()
    expect(easternMidnight(2021, 0, 1)).toBeNull()
    expect(easternMidnight(2021, 4, 31)).toBeNull()
    expect(easternMidnight(2021, 1, 0)).toBeNull()
    expect(easternMidnight(0, 1, 1)).toBeNull()
    expect(easternMidnight(50, 1, 1)).toBeNull()
    expect(easternMidnight(99, 12, 31)).toBeNull()
    expect(easternMidnight(150, 1, 1)).toBeNull()
    expect(easternMidnight(1800, 1, 1)).toBeNull()
    expect(easternMidnight(1883, 11, 18)).toBeNull()
  })

  it('gives the midnight of the day an instant falls on, or null in local mean time', () => {
    expect(easternDayStart(Date.UTC(2024, 0, 15, 3))).toBe(Date.UTC(2024, 0, 14, 5))
    expect(easternDayStart(Date.UTC(2024, 0, 15, 5))).toBe(Date.UTC(2024, 0, 15, 5))
    expect(easternDayStart(Date.UTC(2024, 0, 15, 4, 59, 59, 999))).toBe(Date.UTC(2024, 0, 14, 5))
    expect(easternDayStart(Date.UTC(2024, 2, 10, 12))).toBe(Date.UTC(2024, 2, 10, 5))
    expect(easternDayStart(Date.UTC(2024, 10, 3, 12))).toBe(Date.UTC(2024, 10, 3, 4))
    expect(easternDayStart(0)).toBe(Date.UTC(1969, 11, 31, 5))
    expect(easternDayStart(Date.UTC(1800, 0, 1, 12))).toBeNull()
    expect(easternDayStart(Date.UTC(1883, 10, 19, 12))).toBe(Date.UTC(1883, 10, 19, 5))
  })

  it('parses CCYY-MM-DD, epoch millis and digit strings of them; anything else is null', () => {
    expect(parseEasternDate('2024-03-10')).toBe(Date.UTC(2024, 2, 10, 5))
    expect(parseEasternDate('2021-02-30')).toBeNull()
    expect(parseEasternDate('0050-01-01')).toBeNull()
    expect(parseEasternDate('1800-06-01')).toBeNull()
    expect(parseEasternDate(' 2024-01-01')).toBeNull()
    expect(parseEasternDate('2024-1-01')).toBeNull()
    expect(parseEasternDate('abc')).toBeNull()
    expect(parseEasternDate('')).toBeNull()
    expect(parseEasternDate('1700000000000')).toBe(Date.UTC(2023, 10, 14, 5))
    expect(parseEasternDate(1_700_000_000_000)).toBe(Date.UTC(2023, 10, 14, 5))
    expect(parseEasternDate('0')).toBe(Date.UTC(1969, 11, 31, 5))
    expect(parseEasternDate('12345678901234567')).toBeNull()
    expect(parseEasternDate(-1)).toBeNull()
    expect(parseEasternDate(1.5)).toBeNull()
    expect(parseEasternDate(Number.MAX_SAFE_INTEGER + 1)).toBeNull()
  })

  it('answers null for millis past the last instant a Date holds', () => {
    expect(parseEasternDate(8.64e15)).toBe(Date.UTC(275760, 8, 12, 4))
    expect(parseEasternDate(8.64e15 + 1)).toBeNull()
    expect(parseEasternDate('9000000000000000')).toBeNull()
  })
})

describe('Eastern calendar days as the Contact API reads them (search, DND, download, dates of contacts)', () => {
  it('has the offset of the instant, local mean time before 1883', () => {
    expect(easternOffset(Date.UTC(2024, 0, 15))).toBe(-5 * 3600_000)
    expect(easternOffset(Date.UTC(2024, 6, 15))).toBe(-4 * 3600_000)
    expect(easternOffset(Date.UTC(1800, 0, 1))).toBe(LMT)
    expect(easternOffset(Date.UTC(1883, 10, 18, 16, 59))).toBe(LMT)
    expect(easternOffset(Date.UTC(1883, 10, 18, 17))).toBe(-5 * 3600_000)
  })

  it('starts a day at its midnight; a day past the month rolls over, years 0-99 are 19xx', () => {
    expect(startOfEasternDay(2024, 1, 15)).toBe(Date.UTC(2024, 0, 15, 5))
    expect(startOfEasternDay(2024, 3, 10)).toBe(Date.UTC(2024, 2, 10, 5))
    expect(startOfEasternDay(2024, 11, 3)).toBe(Date.UTC(2024, 10, 3, 4))
    expect(startOfEasternDay(2021, 2, 30)).toBe(Date.UTC(2021, 2, 2, 5))
    expect(startOfEasternDay(2021, 13, 1)).toBe(Date.UTC(2022, 0, 1, 5))
    expect(startOfEasternDay(50, 1, 1)).toBe(Date.UTC(1950, 0, 1, 5))
    expect(startOfEasternDay(1800, 1, 1)).toBe(Date.UTC(1800, 0, 1) - LMT)
    expect(startOfEasternDay(1883, 11, 18)).toBe(Date.UTC(1883, 10, 18) - LMT)
  })

  it('names the day an instant falls on', () => {
    expect(easternDayOf(Date.UTC(2024, 0, 15, 4, 59))).toEqual({ year: 2024, month: 1, day: 14 })
    expect(easternDayOf(Date.UTC(2024, 0, 15, 5))).toEqual({ year: 2024, month: 1, day: 15 })
    expect(easternDayOf(Date.UTC(1800, 0, 1, 4, 56, 1))).toEqual({ year: 1799, month: 12, day: 31 })
    expect(easternDayOf(Date.UTC(1800, 0, 1, 4, 56, 2))).toEqual({ year: 1800, month: 1, day: 1 })
  })

  it('gives a day range, shifted by whole days, years 0-99 as 19xx', () => {
    expect(easternDayRange({ year: 2024, month: 3, day: 10 })).toEqual({ start: Date.UTC(2024, 2, 10, 5), end: Date.UTC(2024, 2, 11, 4) })
    expect(easternDayRange({ year: 2024, month: 3, day: 1 }, -1)).toEqual({ start: Date.UTC(2024, 1, 29, 5), end: Date.UTC(2024, 2, 1, 5) })
    expect(easternDayRange({ year: 50, month: 1, day: 1 })).toEqual({ start: Date.UTC(1950, 0, 1, 5), end: Date.UTC(1950, 0, 2, 5) })
    expect(easternDayRange({ year: 1800, month: 1, day: 1 })).toEqual({ start: Date.UTC(1800, 0, 1) - LMT, end: Date.UTC(1800, 0, 2) - LMT })
  })

  it('reads a Date value: CCYY-MM-DD (trimmed, years 0-99 kept as written) or epoch millis', () => {
    expect(parseDateValue('2024-03-10')).toEqual({ day: { year: 2024, month: 3, day: 10 }, millis: null })
    expect(parseDateValue(' 2024-03-10 ')).toEqual({ day: { year: 2024, month: 3, day: 10 }, millis: null })
    expect(parseDateValue('0050-01-01')).toEqual({ day: { year: 50, month: 1, day: 1 }, millis: null })
    expect(parseDateValue('1800-06-01')).toEqual({ day: { year: 1800, month: 6, day: 1 }, millis: null })
    expect(parseDateValue('2021-02-30')).toBeNull()
    expect(parseDateValue('2021-13-01')).toBeNull()
    expect(parseDateValue('abc')).toBeNull()
    expect(parseDateValue(1_700_000_000_000)).toEqual({ day: { year: 2023, month: 11, day: 14 }, millis: 1_700_000_000_000 })
    expect(parseDateValue('1700000000000')).toEqual({ day: { year: 2023, month: 11, day: 14 }, millis: 1_700_000_000_000 })
    expect(parseDateValue(-1)).toBeNull()
    expect(parseDateValue(1.5)).toBeNull()
    expect(parseDateValue(8.64e15)).toEqual({ day: { year: 275760, month: 9, day: 12 }, millis: 8.64e15 })
    expect(parseDateValue(8.64e15 + 1)).toBeNull()
    expect(parseDateValue('9000000000000000')).toBeNull()
  })

  it('formats days and times in New York', () => {
    expect(isoDay({ year: 50, month: 1, day: 1 })).toBe('0050-01-01')
    expect(isoDay({ year: 2024, month: 12, day: 31 })).toBe('2024-12-31')
    expect(formatEasternDate(Date.UTC(2024, 0, 15, 4, 59))).toBe('01/14/2024')
    expect(formatEasternDate(Date.UTC(1800, 0, 1, 4, 56, 2))).toBe('01/01/1800')
    expect(formatEasternDateTime(Date.UTC(2024, 6, 4, 16, 5, 9))).toBe('07/04/2024 12:05:09')
    expect(formatEasternDateTime(Date.UTC(1800, 0, 1, 12))).toBe('01/01/1800 07:03:58')
  })
})
