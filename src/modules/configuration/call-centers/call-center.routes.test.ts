import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { agentSession, createTestClient, userSession } from '../../../../test/fixtures.ts'
import { ApiError } from '../../../http/errors.ts'
import { createCallCenter } from './call-center.service.ts'
import { ALL_ROLES, roleSessions, seedCallCenter, seedService, type RoleName } from '../../../../test/support/configuration.ts'
import { expectError, expectForbidden, expectInvalid, expectNoContent, expectNotFound } from '../../../../test/support/errors.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const BASE = '/configuration/callCenters'

async function get(headers: Record<string, string>, url: string) {
  return t.app.inject({ method: 'GET', url, headers })
}

async function listInfo(headers: Record<string, string>, query = '') {
  const res = await get(headers, `${BASE}/info${query}`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as { size: number; lastModified?: number }
}

async function related(headers: Record<string, string>, id: number) {
  const res = await get(headers, `${BASE}/${id}/related`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

describe('Create Call Center', () => {
  it('creates the seed example, moves its Services and reads it back', async () => {
    const c = await createTestClient(t)
    const oldCenter = await seedCallCenter(t, c, 'Old')
    const service = await seedService(t, c, oldCenter)
    t.clock.advance(1000)
    const res = await t.app.inject({
      method: 'POST', url: `${BASE}?client=${c.clientId}`, headers: c.admin,
      payload: { service: [{ id: service }], name: 'Doors', managerName: 'Mr. Manager', billingSystem: 'Mail', defaultInputFilterId: 21572 },
    })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toEqual({ id: expect.any(Number) })
    const id = res.json().id

    const read = await get(c.admin, `${BASE}/${id}`)
    expect(read.statusCode).toBe(200)
    expect(read.json()).toEqual({
      name: 'Doors', managerName: 'Mr. Manager', billingSystem: 'Mail', defaultInputFilterId: 21572, defaultInputFilter: 21572, open: true,
    })
    expect(await related(c.admin, id)).toEqual({ service: [{ id: service }], agent: [] })
    expect(await related(c.admin, oldCenter)).toEqual({ service: [], agent: [] })
    expect(await listInfo(c.admin)).toEqual({ size: 1, lastModified: t.clock.now() })
  })

  it('defaults open to true, accepts the defaultInputFilter spelling and an explicit open=false', async () => {
    const c = await createTestClient(t)
    const res = await t.app.inject({
      method: 'POST', url: BASE, headers: c.admin, payload: { name: 'Closed', defaultInputFilter: '40229', open: 'false' },
    })
    expect(res.statusCode, res.body).toBe(201)
    const read = await get(c.admin, `${BASE}/${res.json().id}`)
    expect(read.json()).toEqual({
      name: 'Closed', managerName: null, billingSystem: null, defaultInputFilterId: 40229, defaultInputFilter: 40229, open: false,
    })
    const bare = await t.app.inject({ method: 'POST', url: BASE, headers: c.admin, payload: { name: 'Bare' } })
    expect((await get(c.admin, `${BASE}/${bare.json().id}`)).json().open).toBe(true)
  })

  it('is not listed while it holds no Service, and leaves the list untouched', async () => {
    const c = await createTestClient(t)
    const res = await t.app.inject({ method: 'POST', url: BASE, headers: c.admin, payload: { name: 'Empty' } })
    expect(res.statusCode).toBe(201)
    expect(await listInfo(c.admin)).toEqual({ size: 0 })
    const list = await get(c.admin, `${BASE}?count=10&offset=0`)
    expect(list.json()).toEqual({ callCenter: [], next: null })
  })

  it('refuses a duplicate name, compared case-insensitively, with the vendor code', async () => {
    const c = await createTestClient(t)
    await seedCallCenter(t, c, 'Atlanta')
    for (const name of ['Atlanta', 'ATLANTA', 'atlanta']) {
      const res = await t.app.inject({ method: 'POST', url: BASE, headers: c.admin, payload: { name } })
      expectInvalid(res, 'Invalid input [call center name already exists]')
    }
    // Another client may use the name.
    const other = await createTestClient(t)
    expect((await t.app.inject({ method: 'POST', url: BASE, headers: other.admin, payload: { name: 'Atlanta' } })).statusCode).toBe(201)
  })

  it('lets only one of several concurrent creates of a name through; the others get the same vendor error', async () => {
    const c = await createTestClient(t)
    const results = await Promise.all(['Race', 'RACE', 'race', 'Race', 'rAce'].map((name) =>
      t.app.inject({ method: 'POST', url: BASE, headers: c.admin, payload: { name } })))
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1)
    for (const res of results.filter((r) => r.statusCode !== 201)) expectInvalid(res, 'Invalid input [call center name already exists]')
  })

  it('answers a race that passes the name check with the same vendor error, from the unique key', async () => {
    const c = await createTestClient(t)
    const principal = (await t.app.sessions.resolve(c.admin['lv-session']!))!
    // Called side by side, both creates check the name before either inserts.
    const results = await Promise.allSettled(['Photo finish', 'PHOTO FINISH'].map((name) =>
      createCallCenter({ db: t.db, boundedRead: t.app.dbHandle.boundedRead, clock: t.clock, sessions: t.app.sessions, principal }, {}, { name })))
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(failure.reason).toBeInstanceOf(ApiError)
    expect({ status: failure.reason.status, code: failure.reason.code, message: failure.reason.message })
      .toEqual({ status: 400, code: 202, message: 'Invalid input [call center name already exists]' })
  })

  it('refuses a missing or empty name and wrongly typed keys, changing nothing', async () => {
    const c = await createTestClient(t)
    expectInvalid(await t.app.inject({ method: 'POST', url: BASE, headers: c.admin, payload: {} }), 'Missing required field [name]')
    expectInvalid(await t.app.inject({ method: 'POST', url: BASE, headers: c.admin, payload: { name: '' } }), 'Missing required field [name]')
    expectInvalid(await t.app.inject({ method: 'POST', url: BASE, headers: c.admin, payload: { name: 'X', open: 'maybe' } }), /^Invalid input \[open/)
    expectInvalid(await t.app.inject({ method: 'POST', url: BASE, headers: c.admin, payload: { name: 'X', service: [{}] } }), 'Missing required field [service[0].id]')
    expectInvalid(await t.app.inject({ method: 'POST', url: BASE, headers: c.admin, payload: { name: 'X'.repeat(256) } }), /^Invalid input \[name/)
    expectInvalid(await t.app.inject({ method: 'POST', url: BASE, headers: c.admin, payload: '[1]' }), 'Invalid input [body must be a JSON object]')
    expectInvalid(await t.app.inject({ method: 'POST', url: BASE, headers: c.admin, payload: { name: 'Nul\u0000Byte' } }), /^Invalid input \[NUL character\]$/)
    const again = await t.app.inject({ method: 'POST', url: BASE, headers: c.admin, payload: { name: 'X' } })
    expect(again.statusCode).toBe(201)
  })

  it('refuses an unknown Service, or another client\'s, without creating anything', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const foreign = await seedService(t, other, await seedCallCenter(t, other))
    const own = await seedService(t, c, await seedCallCenter(t, c))
    for (const id of [999_999_999, foreign]) {
      const res = await t.app.inject({ method: 'POST', url: BASE, headers: c.admin, payload: { name: 'Doors', service: [{ id: own }, { id }] } })
      expectInvalid(res, `Invalid input [service ${id} not found]`)
    }
    // Nothing was written: the name is still free and the own Service did not move.
    expect((await t.app.inject({ method: 'POST', url: BASE, headers: c.admin, payload: { name: 'Doors' } })).statusCode).toBe(201)
    expect((await get(c.admin, `/configuration/services/${own}`)).json().callCenterId).not.toBe(undefined)
    expect((await related(c.admin, (await get(c.admin, `/configuration/services/${own}`)).json().callCenterId)).service).toEqual([{ id: own }])
  })

  it('creates under a sub-client named in `client`, and refuses any other client with 403', async () => {
    const c = await createTestClient(t)
    const sub = await createTestClient(t, { parentId: c.clientId })
    const other = await createTestClient(t)
    const res = await t.app.inject({ method: 'POST', url: `${BASE}?client=${sub.clientId}`, headers: c.admin, payload: { name: 'Sub center' } })
    expect(res.statusCode, res.body).toBe(201)
    await seedService(t, sub, res.json().id)
    const list = await get(c.admin, `${BASE}?client=${sub.clientId}&count=10&offset=0`)
    expect(list.json()).toEqual({ callCenter: [{ callCenterId: res.json().id, name: 'Sub center', clientId: sub.clientId }], next: null })
    expectForbidden(await t.app.inject({ method: 'POST', url: `${BASE}?client=${other.clientId}`, headers: c.admin, payload: { name: 'Nope' } }))
  })

  it('is open to Sysadmin and IT User only', async () => {
    const c = await createTestClient(t)
    const service = await seedService(t, c, await seedCallCenter(t, c))
    const sessions = await roleSessions(t, c, { power: 'MODIFY_SERVICES', serviceIds: [service] })
    for (const role of ALL_ROLES) {
      const res = await t.app.inject({ method: 'POST', url: BASE, headers: sessions[role], payload: { name: `By ${role}` } })
      if (role === 'SYSADMIN' || role === 'IT_USER') expect(res.statusCode, role).toBe(201)
      else expectForbidden(res)
    }
    expectError(await t.app.inject({ method: 'POST', url: BASE, payload: { name: 'Anon' } }), 401, 201, /^Unauthorized/)
  })
})

describe('Delete Call Center', () => {
  it('deletes an empty Call Center', async () => {
    const c = await createTestClient(t)
    const id = await seedCallCenter(t, c)
    expectNoContent(await t.app.inject({ method: 'DELETE', url: `${BASE}/${id}`, headers: c.admin }))
    expectNotFound(await get(c.admin, `${BASE}/${id}`), `Call center not found [ID:${id}]`)
  })

  it('refuses while the Call Center holds Services, then succeeds once they moved away', async () => {
    const c = await createTestClient(t)
    const id = await seedCallCenter(t, c)
    const other = await seedCallCenter(t, c)
    const service = await seedService(t, c, id)
    const res = await t.app.inject({ method: 'DELETE', url: `${BASE}/${id}`, headers: { ...c.admin, 'content-type': 'application/json' } })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({
      code: 202, message: 'Cannot delete call centers with associated services',
      errorCode: 202, errorMessage: 'Cannot delete call centers with associated services',
    })
    expect((await get(c.admin, `${BASE}/${id}`)).statusCode).toBe(200)
    expectNoContent(await t.app.inject({ method: 'PUT', url: `${BASE}/${other}/services/${service}`, headers: c.admin }))
    expectNoContent(await t.app.inject({ method: 'DELETE', url: `${BASE}/${id}`, headers: c.admin }))
  })

  it('answers an unknown id and another client\'s id as not found', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const foreign = await seedCallCenter(t, other)
    expectNotFound(await t.app.inject({ method: 'DELETE', url: `${BASE}/${foreign}`, headers: c.admin }), `Call center not found [ID:${foreign}]`)
    expectNotFound(await t.app.inject({ method: 'DELETE', url: `${BASE}/999999999`, headers: c.admin }), 'Call center not found [ID:999999999]')
    expectNotFound(await t.app.inject({ method: 'DELETE', url: `${BASE}/abc`, headers: c.admin }), /^Not found/)
    expect((await get(other.admin, `${BASE}/${foreign}`)).statusCode).toBe(200)
  })

  it('is open to Sysadmin and IT User only', async () => {
    const c = await createTestClient(t)
    const service = await seedService(t, c, await seedCallCenter(t, c))
    const sessions = await roleSessions(t, c, { power: 'MODIFY_SERVICES', serviceIds: [service] })
    for (const role of ALL_ROLES) {
      const id = await seedCallCenter(t, c)
      const res = await t.app.inject({ method: 'DELETE', url: `${BASE}/${id}`, headers: sessions[role] })
      if (role === 'SYSADMIN' || role === 'IT_USER') expectNoContent(res)
      else expectForbidden(res)
    }
  })
})

describe('Get Call Center List Info', () => {
  it('counts the Call Centers holding a Service and reports when the list last changed', async () => {
    const c = await createTestClient(t)
    const a = await seedCallCenter(t, c)
    const b = await seedCallCenter(t, c)
    await seedCallCenter(t, c)
    await seedService(t, c, a)
    t.clock.advance(5000)
    await seedService(t, c, b)
    const info = await listInfo(c.admin, `?client=${c.clientId}`)
    expect(info).toEqual({ size: 2, lastModified: t.clock.now() })
    expect(typeof info.lastModified).toBe('number')
  })

  it('answers {"size":0} for a client the session may not see', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    await seedService(t, other, await seedCallCenter(t, other))
    expect(await listInfo(c.admin, `?client=${other.clientId}`)).toEqual({ size: 0 })
  })

  it('counts for Managers and Agents only the Call Centers of their Services', async () => {
    const c = await createTestClient(t)
    const a = await seedCallCenter(t, c)
    const b = await seedCallCenter(t, c)
    const granted = await seedService(t, c, a)
    await seedService(t, c, b)
    const sessions = await roleSessions(t, c, { power: 'MODIFY_SERVICES', serviceIds: [granted] })
    expect((await listInfo(sessions.MANAGER)).size).toBe(1)
    expect((await listInfo(sessions.AGENT)).size).toBe(1)
    expect((await listInfo(sessions.SUPERUSER)).size).toBe(2)
    expect((await listInfo(sessions.IT_USER)).size).toBe(2)
    const bare = await userSession(t, c, 'MANAGER')
    expect((await listInfo(bare.headers)).size).toBe(0)
  })

  it('refuses a non-numeric client', async () => {
    const c = await createTestClient(t)
    expectInvalid(await get(c.admin, `${BASE}/info?client=x`), /^Invalid input \[client/)
  })
})

describe('Get Call Center Related Objects', () => {
  it('lists the Services and the Agents assigned to them, ascending', async () => {
    const c = await createTestClient(t)
    const id = await seedCallCenter(t, c)
    const s1 = await seedService(t, c, id)
    const s2 = await seedService(t, c, id, { acdFeatureCode: 'NO_ACD' })
    const elsewhere = await seedService(t, c, await seedCallCenter(t, c))
    const a1 = await agentSession(t, c, { serviceIds: [s1] })
    const a2 = await agentSession(t, c, { serviceIds: [s1, elsewhere] })
    await agentSession(t, c, { serviceIds: [elsewhere] })
    expect(await related(c.admin, id)).toEqual({
      service: [{ id: s1 }, { id: s2 }],
      agent: [{ id: Math.min(a1.agentId, a2.agentId) }, { id: Math.max(a1.agentId, a2.agentId) }],
    })
    // An agent sees the Call Center of its Service.
    expect((await related(a1.headers, id)).service).toEqual([{ id: s1 }])
  })

  it('shows a Manager only the Services it may see, and refuses a Call Center without them', async () => {
    const c = await createTestClient(t)
    const id = await seedCallCenter(t, c)
    const granted = await seedService(t, c, id)
    await seedService(t, c, id)
    const hidden = await seedCallCenter(t, c)
    await seedService(t, c, hidden)
    const manager = await userSession(t, c, 'MANAGER', { serviceIds: [granted] })
    expect(await related(manager.headers, id)).toEqual({ service: [{ id: granted }], agent: [] })
    expectForbidden(await get(manager.headers, `${BASE}/${hidden}/related`))
  })

  it('answers an unknown id and another client\'s id as not found', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const foreign = await seedCallCenter(t, other)
    expectNotFound(await get(c.admin, `${BASE}/${foreign}/related`), `Call center not found [ID:${foreign}]`)
    expectNotFound(await get(c.admin, `${BASE}/999999999/related`), 'Call center not found [ID:999999999]')
  })

  it('is open to every role that reads Call Centers', async () => {
    const c = await createTestClient(t)
    const id = await seedCallCenter(t, c)
    const service = await seedService(t, c, id)
    const sessions = await roleSessions(t, c, { power: 'MODIFY_SERVICES', serviceIds: [service] })
    for (const role of ALL_ROLES) expect((await get(sessions[role], `${BASE}/${id}/related`)).statusCode, role).toBe(200)
  })
})

describe('List Call Centers', () => {
  it('pages through the Call Centers holding a Service, ascending id, with the seed\'s next link', async () => {
    const c = await createTestClient(t)
    const ids: number[] = []
    for (let i = 0; i < 7; i++) {
      const id = await seedCallCenter(t, c, `Center ${i}`)
      ids.push(id)
      if (i !== 3) await seedService(t, c, id)
    }
    const listed = ids.filter((_, i) => i !== 3)
    const first = await get(c.admin, `${BASE}?count=5&client=${c.clientId}&offset=0`)
    expect(first.statusCode).toBe(200)
    expect(first.json()).toEqual({
      callCenter: listed.slice(0, 5).map((id) => ({ callCenterId: id, name: `Center ${ids.indexOf(id)}`, clientId: c.clientId })),
      next: `configuration/callCenters?count=5&client=${c.clientId}&offset=5`,
    })
    const second = await get(c.admin, `/${first.json().next}`)
    expect(second.json()).toEqual({
      callCenter: listed.slice(5).map((id) => ({ callCenterId: id, name: `Center ${ids.indexOf(id)}`, clientId: c.clientId })),
      next: null,
    })
    const versioned = await get(c.admin, `/configuration/v6.0/callCenters?count=2&offset=1`)
    expect(versioned.json().callCenter.map((x: { callCenterId: number }) => x.callCenterId)).toEqual(listed.slice(1, 3))
    expect(versioned.json().next).toBe('configuration/callCenters?count=2&offset=3')
  })

  it('shows Managers and Agents only the Call Centers of their Services', async () => {
    const c = await createTestClient(t)
    const a = await seedCallCenter(t, c, 'Visible')
    const b = await seedCallCenter(t, c, 'Hidden')
    const granted = await seedService(t, c, a)
    await seedService(t, c, b)
    const sessions = await roleSessions(t, c, { power: 'MODIFY_SERVICES', serviceIds: [granted] })
    for (const role of ['MANAGER', 'MANAGER_NO_POWER', 'AGENT'] as RoleName[]) {
      const res = await get(sessions[role], `${BASE}?count=10&offset=0`)
      expect(res.json(), role).toEqual({ callCenter: [{ callCenterId: a, name: 'Visible', clientId: c.clientId }], next: null })
    }
    for (const role of ['SYSADMIN', 'IT_USER', 'SUPERUSER'] as RoleName[]) {
      expect((await get(sessions[role], `${BASE}?count=10&offset=0`)).json().callCenter, role).toHaveLength(2)
    }
  })

  it('answers an empty page for a client the session may not see', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    await seedService(t, other, await seedCallCenter(t, other))
    expect((await get(c.admin, `${BASE}?client=${other.clientId}&count=10&offset=0`)).json()).toEqual({ callCenter: [], next: null })
    expect((await get(c.admin, `${BASE}?count=10&offset=0`)).json()).toEqual({ callCenter: [], next: null })
  })

  it('requires count and offset and refuses bad paging values', async () => {
    const c = await createTestClient(t)
    expectInvalid(await get(c.admin, `${BASE}?offset=0`), 'Missing required field [count]')
    expectInvalid(await get(c.admin, `${BASE}?count=5`), 'Missing required field [offset]')
    expectInvalid(await get(c.admin, `${BASE}?count=0&offset=0`), /^Invalid input \[count/)
    expectInvalid(await get(c.admin, `${BASE}?count=5&offset=-1`), /^Invalid input \[offset/)
    expect((await get(c.admin, `${BASE}?count=5000&offset=0`)).statusCode).toBe(200)
    expectInvalid(await get(c.admin, `${BASE}?count=5&offset=100000000000000000000`), /^Invalid input \[offset/)
  })
})

describe('Read Call Center', () => {
  it('reads the seed example\'s keys, every one present', async () => {
    const c = await createTestClient(t)
    const created = await t.app.inject({
      method: 'POST', url: BASE, headers: c.admin, payload: { name: 'Atlanta - Financial Services', managerName: 'Sam Snead' },
    })
    const res = await get(c.admin, `${BASE}/${created.json().id}`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      name: 'Atlanta - Financial Services', managerName: 'Sam Snead', billingSystem: null,
      defaultInputFilterId: null, defaultInputFilter: null, open: true,
    })
  })

  it('lets Managers and Agents read only Call Centers holding one of their Services', async () => {
    const c = await createTestClient(t)
    const visible = await seedCallCenter(t, c)
    const hidden = await seedCallCenter(t, c)
    const empty = await seedCallCenter(t, c)
    const granted = await seedService(t, c, visible)
    await seedService(t, c, hidden)
    const sessions = await roleSessions(t, c, { power: 'MODIFY_SERVICES', serviceIds: [granted] })
    for (const role of ALL_ROLES) expect((await get(sessions[role], `${BASE}/${visible}`)).statusCode, role).toBe(200)
    for (const role of ['MANAGER', 'AGENT'] as RoleName[]) {
      expectForbidden(await get(sessions[role], `${BASE}/${hidden}`))
      expectForbidden(await get(sessions[role], `${BASE}/${empty}`))
    }
    // Sessions that see every Service may read an empty Call Center (README §7.3).
    for (const role of ['SYSADMIN', 'IT_USER', 'SUPERUSER'] as RoleName[]) expect((await get(sessions[role], `${BASE}/${empty}`)).statusCode).toBe(200)
  })

  it('answers an unknown id and another client\'s id as not found', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const foreign = await seedCallCenter(t, other)
    expectNotFound(await get(c.admin, `${BASE}/${foreign}`), `Call center not found [ID:${foreign}]`)
    expectNotFound(await get(c.admin, `${BASE}/123`), 'Call center not found [ID:123]')
    expectNotFound(await get(c.admin, `${BASE}/0`), /^Not found/)
    expectNotFound(await get(c.admin, `${BASE}/99999999999999999999`), /^Not found/)
  })

  it('lets a parent client\'s Sysadmin read a sub-client\'s Call Center', async () => {
    const c = await createTestClient(t)
    const sub = await createTestClient(t, { parentId: c.clientId })
    const id = await seedCallCenter(t, sub, 'Sub')
    expect((await get(c.admin, `${BASE}/${id}`)).json().name).toBe('Sub')
    expectNotFound(await get(sub.admin, `${BASE}/${await seedCallCenter(t, c)}`), /^Call center not found/)
  })
})

describe('Update Call Center', () => {
  it('updates the seed example and reads it back', async () => {
    const c = await createTestClient(t)
    const id = await seedCallCenter(t, c)
    const res = await t.app.inject({
      method: 'PUT', url: `${BASE}/${id}`, headers: c.admin,
      payload: { name: 'Documentation', managerName: 'Jim', billingSystem: 'Super', defaultInputFilterId: 40229 },
    })
    expectNoContent(res)
    expect((await get(c.admin, `${BASE}/${id}`)).json()).toEqual({
      name: 'Documentation', managerName: 'Jim', billingSystem: 'Super', defaultInputFilterId: 40229, defaultInputFilter: 40229, open: true,
    })
    expectNoContent(await t.app.inject({ method: 'PUT', url: `${BASE}/${id}`, headers: c.admin, payload: { open: false, defaultInputFilter: 7 } }))
    expect((await get(c.admin, `${BASE}/${id}`)).json()).toEqual({
      name: 'Documentation', managerName: 'Jim', billingSystem: 'Super', defaultInputFilterId: 7, defaultInputFilter: 7, open: false,
    })
  })

  it('leaves omitted and null keys unchanged, and takes an empty body as a no-op', async () => {
    const c = await createTestClient(t)
    const created = await t.app.inject({ method: 'POST', url: BASE, headers: c.admin, payload: { name: 'Keep', managerName: 'Ann', open: false } })
    const id = created.json().id
    const before = (await get(c.admin, `${BASE}/${id}`)).json()
    expectNoContent(await t.app.inject({ method: 'PUT', url: `${BASE}/${id}`, headers: c.admin, payload: { name: null, managerName: null, open: null } }))
    expectNoContent(await t.app.inject({ method: 'PUT', url: `${BASE}/${id}`, headers: c.admin, payload: {} }))
    expectNoContent(await t.app.inject({ method: 'PUT', url: `${BASE}/${id}`, headers: { ...c.admin, 'content-type': 'application/json' } }))
    expect((await get(c.admin, `${BASE}/${id}`)).json()).toEqual(before)
  })

  it('refuses a name held by another Call Center, but allows changing the case of its own', async () => {
    const c = await createTestClient(t)
    await seedCallCenter(t, c, 'Taken')
    const id = await seedCallCenter(t, c, 'Mine')
    expectInvalid(await t.app.inject({ method: 'PUT', url: `${BASE}/${id}`, headers: c.admin, payload: { name: 'TAKEN', managerName: 'X' } }), 'Invalid input [call center name already exists]')
    expect((await get(c.admin, `${BASE}/${id}`)).json()).toMatchObject({ name: 'Mine', managerName: null })
    expectNoContent(await t.app.inject({ method: 'PUT', url: `${BASE}/${id}`, headers: c.admin, payload: { name: 'MINE' } }))
    expect((await get(c.admin, `${BASE}/${id}`)).json().name).toBe('MINE')
  })

  it('refuses an empty name and wrong types', async () => {
    const c = await createTestClient(t)
    const id = await seedCallCenter(t, c)
    expectInvalid(await t.app.inject({ method: 'PUT', url: `${BASE}/${id}`, headers: c.admin, payload: { name: '' } }), 'Missing required field [name]')
    expectInvalid(await t.app.inject({ method: 'PUT', url: `${BASE}/${id}`, headers: c.admin, payload: { open: 'x' } }), /^Invalid input \[open/)
    expectInvalid(await t.app.inject({ method: 'PUT', url: `${BASE}/${id}`, headers: c.admin, payload: { defaultInputFilterId: 'x' } }), /^Invalid input \[defaultInputFilterId/)
  })

  it('bumps the list\'s lastModified when the Call Center is listed', async () => {
    const c = await createTestClient(t)
    const id = await seedCallCenter(t, c)
    await seedService(t, c, id)
    t.clock.advance(60_000)
    expectNoContent(await t.app.inject({ method: 'PUT', url: `${BASE}/${id}`, headers: c.admin, payload: { name: 'Renamed' } }))
    expect(await listInfo(c.admin)).toEqual({ size: 1, lastModified: t.clock.now() })
    expect((await get(c.admin, `${BASE}?count=1&offset=0`)).json().callCenter[0].name).toBe('Renamed')
  })

  it('answers an unknown id and another client\'s id as not found, and is open to Sysadmin and IT User only', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const foreign = await seedCallCenter(t, other, 'Foreign')
    expectNotFound(await t.app.inject({ method: 'PUT', url: `${BASE}/${foreign}`, headers: c.admin, payload: { name: 'Mine now' } }), `Call center not found [ID:${foreign}]`)
    expect((await get(other.admin, `${BASE}/${foreign}`)).json().name).toBe('Foreign')
    const id = await seedCallCenter(t, c)
    const service = await seedService(t, c, id)
    const sessions = await roleSessions(t, c, { power: 'MODIFY_SERVICES', serviceIds: [service] })
    for (const role of ALL_ROLES) {
      const res = await t.app.inject({ method: 'PUT', url: `${BASE}/${id}`, headers: sessions[role], payload: { managerName: role } })
      if (role === 'SYSADMIN' || role === 'IT_USER') expectNoContent(res)
      else expectForbidden(res)
    }
  })
})

describe('Update Call Center Add Service', () => {
  it('moves the Service: both Call Centers\' related objects, lists and List Info follow', async () => {
    const c = await createTestClient(t)
    const from = await seedCallCenter(t, c, 'From')
    const to = await seedCallCenter(t, c, 'To')
    const service = await seedService(t, c, from)
    const agent = await agentSession(t, c, { serviceIds: [service] })
    expect(await listInfo(c.admin)).toMatchObject({ size: 1 })
    t.clock.advance(1000)
    expectNoContent(await t.app.inject({ method: 'PUT', url: `${BASE}/${to}/services/${service}`, headers: { ...c.admin, 'content-type': 'application/json' } }))
    expect(await related(c.admin, to)).toEqual({ service: [{ id: service }], agent: [{ id: agent.agentId }] })
    expect(await related(c.admin, from)).toEqual({ service: [], agent: [] })
    expect(await listInfo(c.admin)).toEqual({ size: 1, lastModified: t.clock.now() })
    expect((await get(c.admin, `${BASE}?count=10&offset=0`)).json().callCenter).toEqual([{ callCenterId: to, name: 'To', clientId: c.clientId }])
    expect((await get(c.admin, `/configuration/services/${service}`)).json().callCenterId).toBe(to)
    expect((await get(c.admin, `/configuration/services/info?callCenter=${to}`)).json()).toEqual({ size: 1, lastModified: t.clock.now() })
    expect((await get(c.admin, `/configuration/services/info?callCenter=${from}`)).json()).toEqual({ size: 0 })
    // The agent follows its Service into the new Call Center.
    expect((await get(agent.headers, `${BASE}?count=10&offset=0`)).json().callCenter).toEqual([{ callCenterId: to, name: 'To', clientId: c.clientId }])
  })

  it('succeeds without a change when the Service is already there', async () => {
    const c = await createTestClient(t)
    const id = await seedCallCenter(t, c)
    const service = await seedService(t, c, id)
    const before = await listInfo(c.admin)
    t.clock.advance(1000)
    expectNoContent(await t.app.inject({ method: 'PUT', url: `${BASE}/${id}/services/${service}`, headers: c.admin }))
    expect(await listInfo(c.admin)).toEqual(before)
  })

  it('answers an unknown or foreign Call Center or Service as not found', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const id = await seedCallCenter(t, c)
    const service = await seedService(t, c, id)
    const foreignCenter = await seedCallCenter(t, other)
    const foreignService = await seedService(t, other, foreignCenter)
    expectNotFound(await t.app.inject({ method: 'PUT', url: `${BASE}/${foreignCenter}/services/${service}`, headers: c.admin }), `Call center not found [ID:${foreignCenter}]`)
    expectNotFound(await t.app.inject({ method: 'PUT', url: `${BASE}/${id}/services/${foreignService}`, headers: c.admin }), `Service not found [ID:${foreignService}]`)
    expectNotFound(await t.app.inject({ method: 'PUT', url: `${BASE}/${id}/services/999999999`, headers: c.admin }), 'Service not found [ID:999999999]')
    expect((await related(other.admin, foreignCenter)).service).toEqual([{ id: foreignService }])
  })

  it('refuses to move a Service across clients', async () => {
    const c = await createTestClient(t)
    const sub = await createTestClient(t, { parentId: c.clientId })
    const id = await seedCallCenter(t, c)
    const subService = await seedService(t, sub, await seedCallCenter(t, sub))
    expectInvalid(await t.app.inject({ method: 'PUT', url: `${BASE}/${id}/services/${subService}`, headers: c.admin }), 'Invalid input [service and call center belong to different clients]')
  })

  it('is open to Sysadmin and IT User only', async () => {
    const c = await createTestClient(t)
    const from = await seedCallCenter(t, c)
    const to = await seedCallCenter(t, c)
    const service = await seedService(t, c, from)
    const sessions = await roleSessions(t, c, { power: 'MODIFY_SERVICES', serviceIds: [service] })
    for (const role of ALL_ROLES) {
      const res = await t.app.inject({ method: 'PUT', url: `${BASE}/${to}/services/${service}`, headers: sessions[role] })
      if (role === 'SYSADMIN' || role === 'IT_USER') expectNoContent(res)
      else expectForbidden(res)
    }
  })
})
