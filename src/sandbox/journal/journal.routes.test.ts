import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/app.ts'
import { createTestClient, PASSWORD, type TestClient } from '../../../test/fixtures.ts'
import { seedCreateDetails } from '../../../test/support/contact.ts'
import { JOURNAL_BODY_LIMIT } from './journal.ts'

let t: TestApp
let a: TestClient
let b: TestClient
beforeAll(async () => {
  t = await buildTestApp()
  a = await createTestClient(t)
  b = await createTestClient(t)
})
afterAll(async () => { await t.close() })
beforeEach(async () => { await t.app.inject({ method: 'DELETE', url: '/_lvapi/journal' }) })

const query = async (q = '') => {
  const res = await t.app.inject({ method: 'GET', url: `/_lvapi/journal${q}` })
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as { size: number; entries: Record<string, any>[] }
}
const count = async (q = '') => (await t.app.inject({ method: 'GET', url: `/_lvapi/journal/count${q}` })).json().count as number

describe('the request journal', () => {
  it('records a login with its tenant, masked password and masked session id', async () => {
    const at = t.clock.now()
    const res = await t.app.inject({
      method: 'POST', url: '/session/login', headers: { 'lv-access': a.token },
      payload: { clientName: a.code, userName: 'admin', password: PASSWORD },
    })
    expect(res.statusCode).toBe(200)
    const { size, entries } = await query()
    expect(size).toBe(1000)
    expect(entries).toEqual([{
      id: expect.any(Number), time: new Date(at).toISOString(), epochMillis: at,
      method: 'POST', path: '/session/login', operationId: 'login', status: 200, durationMs: expect.any(Number),
      tenant: { clientId: null, clientCode: a.code.toUpperCase() }, principal: null,
      request: { clientName: a.code, userName: 'admin', password: '***' },
      response: { ...res.json(), sessionId: '***' },
      fault: null, dropped: false,
    }])
  })

  it('records the session\'s principal and masks SSNs in request and response bodies and session ids in paths', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/contact/contacts', headers: a.admin, payload: { createContactDetails: seedCreateDetails() } })
    expect(created.statusCode).toBe(201)
    await t.app.inject({ method: 'GET', url: '/contact/contacts/1234556', headers: a.admin })
    await t.app.inject({ method: 'GET', url: `/session/validate/${a.admin['lv-session']}` })
    const [validate, read, create] = (await query()).entries
    expect(create).toMatchObject({
      method: 'POST', path: '/contact/contacts', operationId: 'createContact', status: 201,
      tenant: { clientId: a.clientId, clientCode: null }, principal: { type: 'USER', id: a.adminUserId, userName: 'admin' },
      response: created.json(),
    })
    // As sent: before validation coerced it (the seed sends groupId as a string, COL1 as a number).
    expect(create!.request).toEqual({ createContactDetails: { ...seedCreateDetails(), person: { ...seedCreateDetails().person as object, ssn: '***' } } })
    expect(read!.response.readContactDetails.person.ssn).toBe('***')
    expect(validate!.path).toBe('/session/validate/***')
    expect(JSON.stringify(await query())).not.toContain(a.admin['lv-session'])
  })

  it('filters by tenant (code or id), operation, method, path, status, time and fault, newest first with a limit', async () => {
    await t.app.inject({ method: 'GET', url: '/configuration/users/info', headers: a.admin })
    await t.app.inject({ method: 'GET', url: '/configuration/users/info', headers: b.admin })
    t.clock.advance(1000)
    const later = t.clock.now()
    await t.app.inject({ method: 'GET', url: '/configuration/users/999999', headers: a.admin })
    await t.app.inject({ method: 'GET', url: '/configuration/users/999998', headers: b.admin })

    expect((await query(`?tenant=${a.code}`)).entries.map((e) => e.path)).toEqual(['/configuration/users/999999', '/configuration/users/info'])
    expect((await query(`?tenant=${b.clientId}`)).entries.map((e) => e.path)).toEqual(['/configuration/users/999998', '/configuration/users/info'])
    expect(await count('?operationId=getLiveVoxUserListInfo')).toBe(2)
    expect(await count('?status=404')).toBe(2)
    expect(await count('?status=4xx')).toBe(2)
    expect(await count('?status=2xx')).toBe(2)
    expect(await count('?method=GET&path=/configuration/users/*')).toBe(4)
    expect(await count('?path=/configuration/**')).toBe(4)
    expect(await count('?path=/contact/**')).toBe(0)
    expect(await count(`?since=${later}`)).toBe(2)
    expect(await count(`?until=${new Date(later - 1).toISOString()}`)).toBe(2)
    expect(await count('?fault=true')).toBe(0)
    expect(await count()).toBe(4)
    expect((await query('?limit=1')).entries.map((e) => e.path)).toEqual(['/configuration/users/999998'])
  })

  it('does not record control calls; clear empties it', async () => {
    await t.app.inject({ method: 'GET', url: '/_lvapi/clock' })
    await t.app.inject({ method: 'GET', url: '/configuration/users/info', headers: a.admin })
    expect(await count()).toBe(1)
    expect((await t.app.inject({ method: 'DELETE', url: '/_lvapi/journal' })).statusCode).toBe(204)
    expect(await count()).toBe(0)
  })

  it('notes a body over the size limit instead of keeping it', async () => {
    const note = 'x'.repeat(JOURNAL_BODY_LIMIT)
    await t.app.inject({ method: 'POST', url: '/contact/contacts', headers: a.admin, payload: { createContactDetails: seedCreateDetails({ account: 'BIG1', address1: note }) } })
    const [entry] = (await query()).entries
    expect(entry!.request).toMatch(/^\[\d+ bytes not kept\]$/)
  })

  it('a body nested thousands of levels deep neither breaks the request nor the journal', async () => {
    const deep = `{"name":${'['.repeat(5000)}1${']'.repeat(5000)}}`
    const res = await t.app.inject({ method: 'POST', url: '/configuration/callCenters', headers: { ...a.admin, 'content-type': 'application/json' }, payload: deep })
    expect(res.statusCode).toBe(400)
    const [entry] = (await query()).entries
    expect(entry).toMatchObject({ status: 400, request: '[body nested too deeply, not kept]' })
  })

  it.each([
    ['?status=99x', 'Invalid input [status'],
    ['?since=yesterday', 'Invalid input [since must be epoch milliseconds or an ISO 8601 instant]'],
    ['?tenant=NO_SUCH_CLIENT', 'Invalid input [tenant NO_SUCH_CLIENT is not a client code or id]'],
    ['?colour=red', 'Invalid input ['],
  ])('refuses %s with 400/202', async (q, message) => {
    const res = await t.app.inject({ method: 'GET', url: `/_lvapi/journal${q}` })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe(202)
    expect(res.json().message.startsWith(message), res.json().message).toBe(true)
  })
})
