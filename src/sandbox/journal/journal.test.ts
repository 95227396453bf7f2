import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { Journal, JOURNAL_BODY_LIMIT, keptPayload, maskSecrets, type JournalRecord } from './journal.ts'

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

  it('masks session ids in paths as the request log does, encoded ones too', () => {
    const journal = new Journal(4)
    for (const url of ['/contact/contacts?%73essionId=SECRET1&count=1', '/session/%76alidate/SECRET2', '/session/v6.0/logout/SECRET3', '/configuration/users?SESSIONID=SECRET4']) {
      journal.record(record(url))
    }
    expect(journal.query({}, 10).map((e) => e.path)).toEqual([
      '/configuration/users?SESSIONID=***', '/session/logout/***', '/session/validate/***', '/contact/contacts?sessionId=***&count=1',
    ])
  })

  it('keeps small JSON answers by reference and only a note of a large one, a buffer or a stream', () => {
    const small = '{"ok":true}'
    expect(keptPayload(small)).toBe(small)
    expect(keptPayload('x'.repeat(JOURNAL_BODY_LIMIT + 1))).toBe(`[${JOURNAL_BODY_LIMIT + 1} characters not kept]`)
    expect(keptPayload(Buffer.alloc(10))).toBe('[10 bytes not kept]')
    expect(keptPayload(Readable.from(['a,b\n']))).toBe('[streamed body not kept]')
    expect(keptPayload(undefined)).toBe(undefined)
  })
})
