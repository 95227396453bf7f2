import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient, userSession, type TestClient } from '../../../../test/fixtures.ts'
import { call } from '../../../../test/support/contact.ts'
import { expectError, expectInvalidPrefix } from '../../../../test/support/errors.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const adminLabel = (c: TestClient) => `Test ${c.code}\\Admin, Ada`

async function createGroup(c: TestClient, name: string, headers = c.admin): Promise<number> {
  const res = await call(t, headers, 'POST', '/contact/contactGroups', { name })
  expect(res.statusCode).toBe(201)
  return res.json().id
}

describe('Contact Groups', () => {
  it('creates a group and reads it back with the acting user and times', async () => {
    const c = await createTestClient(t)
    const res = await call(t, c.admin, 'POST', '/contact/contactGroups', { name: 'Client BOA' })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toEqual({ id: expect.any(Number) })
    const id = res.json().id
    const read = await call(t, c.admin, 'GET', `/contact/contactGroups/${id}`)
    expect(read.statusCode).toBe(200)
    const now = t.clock.now()
    expect(read.json()).toEqual({ id, name: 'Client BOA', createdBy: adminLabel(c), modifiedBy: adminLabel(c), createdAt: now, modifiedAt: now })
  })

  it('allows duplicate names and lists groups by id with paging', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    await createGroup(other, 'Not mine')
    const ids = [await createGroup(c, 'Old Group'), await createGroup(c, 'Client BOA'), await createGroup(c, 'Client BOA')]
    const now = t.clock.now()
    const item = (id: number, name: string) => ({ id, name, createdBy: adminLabel(c), modifiedBy: adminLabel(c), createdAt: now, modifiedAt: now })
    // The seed's request sends the paging values in literal braces (README §5).
    const first = await call(t, c.admin, 'GET', '/contact/contactGroups?count={2}&offset={0}')
    expect(first.statusCode).toBe(200)
    expect(first.json()).toEqual({ contactGroup: [item(ids[0], 'Old Group'), item(ids[1], 'Client BOA')], next: 'contact/contactGroups?count={2}&offset=2' })
    const second = await call(t, c.admin, 'GET', '/contact/contactGroups/?offset=2&count=2')
    expect(second.json()).toEqual({ contactGroup: [item(ids[2], 'Client BOA')], next: null })
  })

  it('renames a group; modifiedBy and modifiedAt follow the acting user, createdBy stays', async () => {
    const c = await createTestClient(t)
    const id = await createGroup(c, 'Client BOA')
    const created = t.clock.now()
    const superuser = await userSession(t, c, 'SUPERUSER')
    t.clock.advance(5000)
    const res = await call(t, superuser.headers, 'PUT', `/contact/contactGroups/${id}`, { name: 'BOA Group Agents' })
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    expect((await call(t, c.admin, 'GET', `/contact/contactGroups/${id}`)).json()).toEqual({
      id, name: 'BOA Group Agents', createdBy: adminLabel(c), modifiedBy: `Test ${c.code}\\SUPERUSER, Test`,
      createdAt: created, modifiedAt: t.clock.now(),
    })
  })

  it('answers the seed\'s not-found message for unknown and other clients\' groups', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const theirs = await createGroup(other, 'Theirs')
    expectError(await call(t, c.admin, 'GET', `/contact/contactGroups/${theirs}`), 404, 203, `Contact group with ${theirs} not found`)
    expectError(await call(t, c.admin, 'PUT', '/contact/contactGroups/1234567353', { name: 'BOA Group Agents' }), 404, 203, 'Contact group with 1234567353 not found')
    expectError(await call(t, c.admin, 'PUT', `/contact/contactGroups/${theirs}`, { name: 'Mine now' }), 404, 203, `Contact group with ${theirs} not found`)
    expect((await call(t, other.admin, 'GET', `/contact/contactGroups/${theirs}`)).json().name).toBe('Theirs')
    expectError(await call(t, c.admin, 'GET', '/contact/contactGroups/abc'), 404, 203, 'Not found [invalid id]')
  })

  it('requires a name and has no delete', async () => {
    const c = await createTestClient(t)
    const id = await createGroup(c, 'Keep')
    expectError(await call(t, c.admin, 'POST', '/contact/contactGroups', {}), 400, 202, 'Missing required field [name]')
    expectError(await call(t, c.admin, 'POST', '/contact/contactGroups', { name: '' }), 400, 202, 'Missing required field [name]')
    expectInvalidPrefix(await call(t, c.admin, 'POST', '/contact/contactGroups', { name: 'x'.repeat(256) }), 'Invalid input [name')
    expectError(await call(t, c.admin, 'PUT', `/contact/contactGroups/${id}`, { name: '' }), 400, 202, 'Missing required field [name]')
    expectError(await call(t, c.admin, 'DELETE', `/contact/contactGroups/${id}`), 405, 204, 'Method not allowed [allowed: GET, PUT]')
    expect((await call(t, c.admin, 'GET', `/contact/contactGroups/${id}`)).json().name).toBe('Keep')
    expect((await call(t, c.admin, 'GET', '/contact/contactGroups?count=10&offset=0')).json().contactGroup).toHaveLength(1)
  })
})
