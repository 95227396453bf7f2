import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../http/errors.ts'
import { easternDayRange, formatEasternDate, formatEasternDateTime, parseDateValue, startOfEasternDay } from '../../../lib/eastern-time.ts'
import { parseSearch, type FieldType, type SearchNodeInput } from './search-tree.ts'

const types: Record<string, FieldType> = {
  account: 'string', paymentbalance: 'number', dob: 'date', do_not_dial: 'boolean', account_due_date_basedon_option: 'relativeDays',
}
const now = Date.UTC(2026, 0, 15, 15, 0, 0)
const context = { fieldType: (name: string) => types[name], now }
const cond = (field: string, criteria: string, condition = 'EQUALS', isNegated?: boolean): SearchNodeInput =>
  ({ field, criteria, condition: condition as never, ...(isNegated === undefined ? {} : { isNegated }) })

function failure(fn: () => unknown): { status: number; message: string } {
  try {
    fn()
  } catch (err) {
    if (err instanceof ApiError) return { status: err.status, message: err.message }
    throw err
  }
  throw new Error('expected an ApiError')
}

describe('search tree', () => {
  it('matches field names case-insensitively and ignores isNegated on a lone condition', () => {
    expect(parseSearch(cond('ACCOUNT', 'ab', 'STARTS_WITH', true), context)).toEqual({
      kind: 'condition', field: 'account', operator: 'STARTS_WITH', negated: false, criteria: { type: 'string', text: 'ab' },
    })
  })

  it('honours isNegated inside a rule and pushes rule negation down with AND/OR swapped', () => {
    const tree = parseSearch({
      rule: 'AND', isNegated: true,
      left: cond('account', 'a'),
      right: { rule: 'OR', left: cond('account', 'b', 'EQUALS', true), right: cond('account', 'c') },
    }, context)
    expect(tree).toMatchObject({
      kind: 'OR',
      left: { kind: 'condition', negated: true, criteria: { text: 'a' } },
      right: { kind: 'AND', left: { negated: false, criteria: { text: 'b' } }, right: { negated: true, criteria: { text: 'c' } } },
    })
  })

  it('names the missing or unknown part of the tree', () => {
    expect(failure(() => parseSearch({}, context))).toEqual({ status: 400, message: 'Invalid input [search]' })
    expect(failure(() => parseSearch({ rule: 'AND', left: cond('account', 'a') }, context)))
      .toEqual({ status: 400, message: 'Missing required field [search.right]' })
    expect(failure(() => parseSearch({ rule: 'OR', left: cond('nope', 'a'), right: cond('account', 'a') }, context)))
      .toEqual({ status: 400, message: 'Invalid input [search.left.field: nope]' })
    expect(failure(() => parseSearch({ field: 'account', condition: 'EQUALS' }, context)))
      .toEqual({ status: 400, message: 'Missing required field [search.criteria]' })
    expect(failure(() => parseSearch({ field: 'account', criteria: 'x' }, context)))
      .toEqual({ status: 400, message: 'Missing required field [search.condition]' })
  })

  it('checks criteria against the field type', () => {
    expect(failure(() => parseSearch(cond('paymentbalance', '12abc', 'GREATER'), context)).message)
      .toBe('Invalid input [search.criteria: not a number]')
    expect(parseSearch(cond('paymentbalance', '1e2', 'GREATER'), context)).toMatchObject({ criteria: { type: 'number', value: 100 } })
    expect(parseSearch(cond('paymentbalance', '10', 'STARTS_WITH'), context)).toMatchObject({ criteria: { type: 'number', text: '10' } })
    expect(failure(() => parseSearch(cond('dob', '2020-02-30'), context)).message)
      .toBe('Invalid input [search.criteria: expected CCYY-MM-DD or epoch milliseconds]')
    expect(failure(() => parseSearch(cond('dob', '2020', 'CONTAINS'), context)).message)
      .toBe('Invalid input [search.criteria: CONTAINS does not apply to dates]')
    expect(failure(() => parseSearch(cond('do_not_dial', 'true', 'GREATER'), context)).message)
      .toBe('Invalid input [search.criteria: GREATER does not apply to a true/false field]')
    for (const word of ['true', 'Y', '1', 'TRUE']) expect(parseSearch(cond('do_not_dial', word), context)).toMatchObject({ criteria: { value: true } })
    for (const word of ['false', 'n', '0']) expect(parseSearch(cond('do_not_dial', word), context)).toMatchObject({ criteria: { value: false } })
    expect(failure(() => parseSearch(cond('do_not_dial', 'maybe'), context)).message).toBe('Invalid input [search.criteria: expected true or false]')
  })

  it('turns a date into its New York day and a relative day count into the day today + N', () => {
    expect(parseSearch(cond('dob', '2020-03-08'), context)).toMatchObject({
      criteria: { type: 'date', start: Date.UTC(2020, 2, 8, 5), end: Date.UTC(2020, 2, 9, 4) },
    })
    expect(parseSearch(cond('dob', String(Date.UTC(2020, 2, 8, 3))), context)).toMatchObject({
      criteria: { start: Date.UTC(2020, 2, 7, 5), end: Date.UTC(2020, 2, 8, 5) },
    })
    expect(parseSearch(cond('account_due_date_basedon_option', '-2', 'GREATER'), context)).toMatchObject({
      criteria: { type: 'date', start: Date.UTC(2026, 0, 13, 5), end: Date.UTC(2026, 0, 14, 5) },
    })
  })

  it('refuses trees with too many conditions', () => {
    let node: SearchNodeInput = cond('account', 'x')
    for (let i = 0; i < 100; i++) node = { rule: 'OR', left: node, right: cond('account', String(i)) }
    expect(failure(() => parseSearch(node, context)).message).toBe('Invalid input [search: more than 100 conditions]')
  })
})

describe('New York calendar', () => {
  it('finds day boundaries across daylight-saving changes', () => {
    expect(startOfEasternDay(2026, 1, 15)).toBe(Date.UTC(2026, 0, 15, 5))
    expect(startOfEasternDay(2026, 7, 4)).toBe(Date.UTC(2026, 6, 4, 4))
    expect(easternDayRange({ year: 2026, month: 11, day: 1 })).toEqual({ start: Date.UTC(2026, 10, 1, 4), end: Date.UTC(2026, 10, 2, 5) })
    expect(easternDayRange({ year: 2026, month: 12, day: 31 }, 1)).toEqual({ start: Date.UTC(2027, 0, 1, 5), end: Date.UTC(2027, 0, 2, 5) })
  })

  it('formats dates the way the seed prints them', () => {
    expect(formatEasternDate(Date.UTC(2018, 7, 27, 12))).toBe('08/27/2018')
    expect(formatEasternDate(Date.UTC(2018, 7, 28, 2))).toBe('08/27/2018')
    expect(formatEasternDateTime(Date.UTC(2026, 0, 15, 15, 4, 5))).toBe('01/15/2026 10:04:05')
  })

  it('reads both date forms', () => {
    expect(parseDateValue('2020-01-01')).toEqual({ day: { year: 2020, month: 1, day: 1 }, millis: null })
    expect(parseDateValue('1577858400000')).toEqual({ day: { year: 2020, month: 1, day: 1 }, millis: 1577858400000 })
    expect(parseDateValue(1577858400000)?.millis).toBe(1577858400000)
    expect(parseDateValue('2020-13-01')).toBeNull()
    expect(parseDateValue('yesterday')).toBeNull()
  })
})
