import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../app.ts'
import { createTestClient, type TestClient } from '../fixtures.ts'
import { seedCallCenter, seedService } from '../support/configuration.ts'

// README §4, issue 10 item 9 and the fuzz findings: numbers no field can hold and NUL in a path,
// query or body answer 400/202 (404 for a path id) on both databases, never 500.
let t: TestApp
let c: TestClient
beforeAll(async () => {
  t = await buildTestApp()
  c = await createTestClient(t)
})
afterAll(async () => { await t.close() })

const DIGITS_400 = '9'.repeat(400)

async function answer(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, options: { payload?: object; auth?: boolean } = {}) {
  const res = await t.app.inject({ method, url, headers: options.auth === false ? {} : c.admin, ...(options.payload ? { payload: options.payload } : {}) })
  const body = res.json()
  return { status: res.statusCode, code: body.code, message: body.message }
}

describe('numbers no field can hold', () => {
  it.each([
    ['/configuration/callCenters?count=10&offset=1e309', 'offset'],
    ['/configuration/users?count=10&offset=1e309', 'offset'],
    [`/contact/contacts?count=10&offset=${DIGITS_400}`, 'offset'],
    ['/contact/contacts?count=10&offset=Infinity', 'offset'],
    ['/configuration/services?callCenter=Infinity&count=10&offset=0', 'callCenter'],
    ['/configuration/callCenters?count=10&offset=0&client=1e309', 'client'],
  ])('GET %s is 400 naming the parameter', async (url, name) => {
    expect(await answer('GET', url)).toEqual({ status: 400, code: 202, message: `Invalid input [${name} must be a finite number]` })
  })

  it.each([
    '/configuration/services/Infinity/pacing',
    '/configuration/services/1e309',
    `/configuration/agents/${DIGITS_400}`,
    '/configuration/services/9223372036854775808/pacing',
  ])('a path id %s is not found', async (url) => {
    expect(await answer('GET', url)).toEqual({ status: 404, code: 203, message: 'Not found [invalid id]' })
  })

  it('a digit string too large for any number in a body is 400 naming the field', async () => {
    const res = await answer('POST', '/contact/contacts/search?count=10&offset=0', {
      payload: { search: { field: 'account', criteria: '1', condition: 'EQUALS' }, sort: [{ field: 'account', order: 'ASC' }], extra: '1e309' },
    })
    expect(res.status).toBe(200)
    expect(await answer('PUT', '/configuration/agents/1', { payload: { wrapUpTime: '1e309' } })).toMatchObject({ status: 400, code: 202 })
  })
})

describe('epoch millis past the last instant a Date holds (8.64e15)', () => {
  it('a SPECIFIC_DATE of inbound hours is 400 naming the date', async () => {
    const service = await seedService(t, c, await seedCallCenter(t, c), { callDirection: 'INBOUND' })
    for (const date of ['8640000000000001', '9000000000000000', 8640000000000001]) {
      expect(await answer('POST', `/configuration/services/${service}/inboundHours`, { payload: { dayOfWeek: 'SPECIFIC_DATE', date, startTime: 1, endTime: 2 } }))
        .toEqual({ status: 400, code: 202, message: `Invalid input [date ${date} is not a calendar day]` })
    }
  })

  it('a date criterion of Find Matching Contact is 400', async () => {
    expect(await answer('POST', '/contact/contacts/search?count=10&offset=0', { payload: { search: { field: 'dob', criteria: '9000000000000000', condition: 'EQUALS' } } }))
      .toEqual({ status: 400, code: 202, message: 'Invalid input [search.criteria: expected CCYY-MM-DD or epoch milliseconds]' })
  })
})

describe('NUL in a path, query or body', () => {
  it('a path id with NUL is not found, also without a session', async () => {
    expect(await answer('GET', '/contact/contacts/%00/notes')).toEqual({ status: 404, code: 203, message: 'Not found [invalid id]' })
    expect(await answer('GET', '/session/validate/%00', { auth: false })).toEqual({ status: 404, code: 203, message: 'Not found [invalid id]' })
    expect(await answer('DELETE', '/session/logout/%00', { auth: false })).toEqual({ status: 404, code: 203, message: 'Not found [invalid id]' })
    expect(await answer('GET', '/contact/contacts/a%00b')).toEqual({ status: 404, code: 203, message: 'Not found [invalid id]' })
  })

  it('a query value with NUL is 400 naming it', async () => {
    expect(await answer('DELETE', '/session/logout?sessionId=%00', { auth: false }))
      .toEqual({ status: 400, code: 202, message: 'Invalid input [sessionId must not contain NUL]' })
    expect(await answer('GET', '/configuration/services/search?count=10&offset=0&name=a%00'))
      .toMatchObject({ status: 400, code: 202 })
  })

  it('a body string with NUL is 400', async () => {
    expect(await answer('POST', '/configuration/callCenters', { payload: { name: 'Center\u0000One' } })).toMatchObject({ status: 400, code: 202 })
  })
})
