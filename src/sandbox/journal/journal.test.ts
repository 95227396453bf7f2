import { describe, expect, it } from 'vitest'
import { Journal, maskSecrets, type JournalRecord } from './journal.ts'

const record = (url: string): Omit<JournalRecord, 'seq'> => ({
  time: 0, method: 'GET', url, operationId: null, status: 200, durationMs: 1,
  principal: null, clientCode: null, requestBody: undefined, responsePayload: '{"ok":true}', fault: null, dropped: false,
})

describe('Journal', () => {
  it('keeps only the last `size` requests, newest first', () => {
    const journal = new Journal(3)
    for (let i = 1; i <= 5; i++) journal.record(record(`/r/${i}`))
    expect(journal.query({}, 10).map((e) => [e.id, e.path])).toEqual([[5, '/r/5'], [4, '/r/4'], [3, '/r/3']])
    expect(journal.count({})).toBe(3)
    journal.clear()
    expect(journal.count({})).toBe(0)
    journal.record(record('/r/6'))
    expect(journal.query({}, 10).map((e) => e.id)).toEqual([6])
  })

  it('size 0 keeps nothing', () => {
    const journal = new Journal(0)
    journal.record(record('/r/1'))
    expect(journal.count({})).toBe(0)
  })

  it('masks secrets at any depth without touching the original', () => {
    const body = { password: 'p', newPassword: 'n', list: [{ ssn: '1', sessionId: 's', token: 't' }], passwordLastModified: 5, ssn: null }
    expect(maskSecrets(body)).toEqual({ password: '***', newPassword: '***', list: [{ ssn: '***', sessionId: '***', token: '***' }], passwordLastModified: 5, ssn: null })
    expect(body.password).toBe('p')
  })

  it('cuts a body nested deeper than any vendor body instead of overflowing the stack', () => {
    let deep: unknown = 1
    for (let i = 0; i < 20_000; i++) deep = [deep]
    let masked = maskSecrets(deep)
    for (let i = 0; i < 64; i++) masked = (masked as unknown[])[0]
    expect(masked).toBe('[nested too deeply]')
  })
})
