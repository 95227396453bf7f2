import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../app.ts'
import { createTestClient, type TestClient } from '../fixtures.ts'
import { apiOfPath, errorBody } from '../../src/http/errors.ts'
import { seedCallCenter, seedService } from '../support/configuration.ts'

/** README §4 input strictness, as the public client scripts of issue 11 send it. */
let t: TestApp
let c: TestClient
beforeAll(async () => {
  t = await buildTestApp()
  c = await createTestClient(t)
})
afterAll(async () => { await t.close() })

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'
async function call(method: Method, url: string, payload?: unknown) {
  const res = await t.app.inject({ method, url, headers: c.admin, ...(payload === undefined ? {} : { payload: payload as object }) })
  return { status: res.statusCode, body: res.body === '' ? undefined : res.json() }
}
const errorFor = (url: string, status: number, code: number, message: string) =>
  ({ status, body: errorBody(code, message, apiOfPath(url)) })

describe('explicit null (issue 11 item 3)', () => {
  it('reads "sort": null on Find Matching Contact as no sort', async () => {
    await call('POST', '/contact/contacts', { createContactDetails: { account: 'NULL-SORT-1' } })
    const search = { search: { field: 'account', criteria: 'NULL-SORT', condition: 'STARTS_WITH' } }
    const url = '/contact/contacts/search?count=10&offset=0'
    const plain = await call('POST', url, search)
    expect(plain.status).toBe(200)
    expect(await call('POST', url, { ...search, sort: null })).toEqual(plain)
  })

  it('reads null for an optional field as absent in other methods, Arrays and Objects included', async () => {
    const user = { loginId: 'nulls1', firstName: 'A', lastName: 'B', password: 'Secret123', role: 'MANAGER' }
    const created = await call('POST', '/configuration/users', {
      ...user, assignedService: null, optionalExcludedPowers: null, phone: null, email: null,
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const contact = await call('POST', '/contact/contacts', {
      createContactDetails: { account: 'NULL-OPT-1', person: null, phone: null, customFields: null, guarantor: null, balance: null },
    })
    expect(contact.status, JSON.stringify(contact.body)).toBe(201)
    const group = await call('POST', '/contact/contactGroups', { name: 'Nulls', description: null })
    expect(group.status).toBe(201)
  })

  it('reads null for a mandatory field as missing, at any depth', async () => {
    const cases: [Method, string, unknown, string][] = [
      ['POST', '/contact/contactGroups', { name: null }, 'Missing required field [name]'],
      ['POST', '/contact/contacts', { createContactDetails: null }, 'Missing required field [createContactDetails]'],
      ['POST', '/contact/contacts/search?count=10&offset=0', { search: null }, 'Missing required field [search]'],
      ['POST', '/contact/contacts/search?count=10&offset=0', { search: { field: 'account', criteria: null, condition: 'STARTS_WITH' } }, 'Missing required field [search.criteria]'],
      ['POST', '/configuration/callCenters', { name: null }, 'Missing required field [name]'],
      ['POST', '/configuration/users', { loginId: 'nulls2', firstName: 'A', lastName: 'B', password: 'Secret123', role: 'MANAGER', assignedService: [{ id: null }] }, 'Missing required field [assignedService[0].id]'],
    ]
    for (const [method, url, body, message] of cases) {
      expect(await call(method, url, body), `${method} ${url} ${JSON.stringify(body)}`).toEqual(errorFor(url, 400, 202, message))
    }
  })

  it('keeps null where the schema declares Nullable: Ajv never coerces it into "", 0 or false', async () => {
    // Update Service General declares every key Nullable and reads null as "no change"; a null
    // coerced into "", 0 or false would clear a text, refuse the Service id 0 or switch a flag off.
    const center = await seedCallCenter(t, c)
    const inbound = await seedService(t, c, center, { callDirection: 'INBOUND', acdFeatureCode: 'AGENT_AT_READY_IN' })
    const service = await seedService(t, c, center)
    const url = `/configuration/services/${service}`
    const set = { name: 'Kept', abbreviation: 'KPT', unattended: true, termCodeEnabled: true, acdFeatureCode: 'MANUAL', inboundService: inbound, callDirection: 'BLENDED', previewMode: 'ALL' }
    expect(await call('POST', url, set)).toEqual({ status: 204, body: undefined })
    const before = await call('GET', url)
    expect(before).toEqual({ status: 200, body: { serviceId: service, callCenterId: center, ...set } })
    const nulls = Object.fromEntries(Object.keys(set).map((key) => [key, null]))
    expect(await call('POST', url, nulls)).toEqual({ status: 204, body: undefined })
    expect(await call('GET', url)).toEqual(before)
  })
})

describe('empty query parameters (issue 11 item 4)', () => {
  it('reads an empty optional parameter as absent', async () => {
    const plain = await call('GET', '/configuration/callCenters?count=1000&offset=0')
    expect(plain.status).toBe(200)
    const empty = await call('GET', '/configuration/callCenters?count=1000&offset=0&client=')
    expect(empty).toEqual(plain)
  })

  it('reads an empty mandatory parameter as missing', async () => {
    const url = '/configuration/services?callCenter&offset=0&count=1000'
    expect(await call('GET', url)).toEqual(errorFor(url, 400, 202, 'Missing required field [callCenter]'))
  })
})

describe('no coercion between arrays and scalars (issue 11 item 5)', () => {
  it('refuses a scalar for an Array and a one-element array for a scalar, and writes nothing', async () => {
    const account = 'SCALAR-1'
    expect((await call('POST', '/contact/contacts', { createContactDetails: { account, person: { firstName: 'Kept' } } })).status).toBe(201)
    const before = await call('GET', `/contact/contacts/${account}`)
    const groupsBefore = await call('GET', '/contact/contactGroups?count=1000&offset=0')
    const usersBefore = await call('GET', '/configuration/users?count=1000&offset=0')
    const cases: [Method, string, unknown, RegExp][] = [
      ['POST', '/contact/contacts/bulk', { createContactDetails: 42 }, /^Invalid input \[createContactDetails /],
      ['PUT', '/contact/contacts/bulk', { updateContactDetails: 'all' }, /^Invalid input \[updateContactDetails /],
      ['PUT', `/contact/contacts/${account}`, { updateContactDetails: ['all'] }, /^Invalid input \[updateContactDetails /],
      ['POST', '/contact/contactGroups', { name: ['x'] }, /^Invalid input \[name /],
      ['POST', '/configuration/users', { loginId: ['x'], firstName: 'A', lastName: 'B', password: 'Secret123', role: 'MANAGER' }, /^Invalid input \[loginId /],
    ]
    for (const [method, url, body, message] of cases) {
      const res = await call(method, url, body)
      expect({ status: res.status, code: res.body?.code }, `${method} ${url} ${JSON.stringify(body)}`).toEqual({ status: 400, code: 202 })
      expect(res.body.message).toMatch(message)
    }
    expect(await call('GET', `/contact/contacts/${account}`)).toEqual(before)
    expect(await call('GET', '/contact/contactGroups?count=1000&offset=0')).toEqual(groupsBefore)
    expect(await call('GET', '/configuration/users?count=1000&offset=0')).toEqual(usersBefore)
  })
})
