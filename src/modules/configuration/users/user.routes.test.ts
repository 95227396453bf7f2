import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import {
  agentSession, createTestClient, insertService, login, PASSWORD, userSession, type TestClient,
} from '../../../../test/fixtures.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const err = (code: number, message: string) => ({ code, message, errorCode: code, errorMessage: message })

async function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) {
  const res = await t.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) })
  return { status: res.statusCode, body: res.body === '' ? undefined : res.json(), headers: res.headers }
}

const newUser = (overrides: Record<string, unknown> = {}) => ({
  loginId: 'jmanager', firstName: 'Jane', lastName: 'Manager', password: 'Secret123', role: 'MANAGER', ...overrides,
})

async function create(c: TestClient, body: Record<string, unknown>, headers = c.admin, query = ''): Promise<number> {
  const res = await call('POST', `/configuration/users${query}`, headers, body)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.id
}

async function usersCount(c: TestClient): Promise<number> {
  return (await call('GET', '/configuration/users/info', c.admin)).body.size
}

describe('Create LiveVox User', () => {
  it('creates a user with canonical powers and services, readable in full', async () => {
    const c = await createTestClient(t)
    const { serviceId } = await insertService(t, c.clientId)
    const res = await call('POST', '/configuration/users', c.admin, newUser({
      email: 'jane@example.com', phone: 2023467763, active: 'true',
      optionalManagerPowers: ['administer_agents', 'MODIFY_SERVICES', 'Access to Agent Editor', 'Unknown Power'],
      optionalExcludedPowers: ['Manage_DNC', 'manage_dnc'],
      assignedService: [{ id: String(serviceId) }, { id: serviceId }],
    }))
    expect(res.status).toBe(201)
    expect(res.body).toEqual({ id: expect.any(Number) })
    const read = await call('GET', `/configuration/users/${res.body.id}`, c.admin)
    expect(read.status).toBe(200)
    expect(read.body).toEqual({
      id: res.body.id, clientId: c.clientId, loginId: 'jmanager', firstName: 'Jane', lastName: 'Manager', role: 'MANAGER',
      email: 'jane@example.com', phone: '2023467763', active: true, locked: false,
      optionalManagerPowers: ['Administer Agents', 'Modify Services'], optionalExcludedPowers: ['manage_dnc'],
      assignedService: [{ id: serviceId }], passwordLastModified: t.clock.now(),
    })
  })

  it('lets the new user log in, and refuses an inactive one', async () => {
    const c = await createTestClient(t)
    await create(c, newUser({ loginId: 'active1' }))
    await create(c, newUser({ loginId: 'inactive1', active: false }))
    await expect(login(t.app, c, 'active1', 'Secret123')).resolves.toEqual({ 'lv-session': expect.any(String) })
    const res = await t.app.inject({
      method: 'POST', url: '/session/login', headers: { 'lv-access': c.token },
      payload: { clientName: c.code, userName: 'inactive1', password: 'Secret123' },
    })
    expect(res.statusCode).toBe(401)
    // Login is a Session API method: {code, message} only (README §3.1).
    expect(res.json()).toEqual({ code: 201, message: 'Unauthorized [account inactive]' })
  })

  it.each([
    [{ loginId: undefined }, 'Missing required field [loginId]'],
    [{ loginId: null }, 'Missing required field [loginId]'],
    [{ firstName: '' }, 'Missing required field [firstName]'],
    [{ password: '' }, 'Missing required field [password]'],
    [{ role: 'AGENT' }, 'Invalid input [role must be one of SYSADMIN, SUPERUSER, IT_USER, MANAGER]'],
    [{ password: 'Short1' }, 'Invalid password [Password must be at least 8 characters long]'],
    [{ password: 'NoDigitsHere' }, 'Invalid password [Password must contain at least 1 digit]'],
    [{ loginId: 'x'.repeat(129) }, 'Invalid input [loginId must NOT have more than 128 characters]'],
    [{ optionalExcludedPowers: ['manage services'] }, 'Invalid input [optionalExcludedPowers[0] must match pattern "^[A-Za-z_]+$"]'],
    [{ assignedService: [{ id: 0 }] }, 'Invalid input [assignedService[0].id must be >= 1]'],
    [{ active: 'maybe' }, 'Invalid input [active must be boolean]'],
  ])('refuses %j with 400 and writes nothing', async (overrides, message) => {
    const c = await createTestClient(t)
    const before = await usersCount(c)
    const body: Record<string, unknown> = newUser(overrides)
    for (const [k, v] of Object.entries(overrides)) if (v === undefined) delete body[k]
    const res = await call('POST', '/configuration/users', c.admin, body)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(err(202, message))
    expect(await usersCount(c)).toBe(before)
  })

  it('treats null optional fields as not supplied', async () => {
    const c = await createTestClient(t)
    const id = await create(c, newUser({ email: null, phone: null, active: null, optionalManagerPowers: null, assignedService: null }))
    const read = await call('GET', `/configuration/users/${id}`, c.admin)
    expect(read.body).toMatchObject({ active: true, optionalManagerPowers: [], assignedService: [] })
    expect(read.body).not.toHaveProperty('email')
    expect(read.body).not.toHaveProperty('phone')
  })

  it('refuses a duplicate loginId (exact match: login ids are case-sensitive)', async () => {
    const c = await createTestClient(t)
    const res = await call('POST', '/configuration/users', c.admin, newUser({ loginId: 'admin' }))
    expect(res.status).toBe(400)
    expect(res.body).toEqual(err(202, 'Invalid input [loginId already exists]'))
    await create(c, newUser({ loginId: 'Admin' }))
  })

  it('refuses a Service that does not exist in the client, and rolls back', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const { serviceId: foreign } = await insertService(t, other.clientId)
    const { serviceId: own } = await insertService(t, c.clientId)
    const before = await usersCount(c)
    const res = await call('POST', '/configuration/users', c.admin, newUser({ assignedService: [{ id: own }, { id: foreign }] }))
    expect(res.status).toBe(400)
    expect(res.body).toEqual(err(202, `Invalid input [assignedService: Service ${foreign} does not exist]`))
    expect(await usersCount(c)).toBe(before)
    expect(await t.db.selectFrom('users').select('id').where('client_id', '=', c.clientId).where('login_id', '=', 'jmanager').execute()).toEqual([])
  })

  it('lets a Superuser create anything but a Sysadmin', async () => {
    const c = await createTestClient(t)
    const su = await userSession(t, c, 'SUPERUSER')
    await create(c, newUser({ loginId: 'made-by-su', role: 'SUPERUSER' }), su.headers)
    const res = await call('POST', '/configuration/users', su.headers, newUser({ loginId: 'sys2', role: 'SYSADMIN' }))
    expect(res.status).toBe(403)
    expect(res.body).toEqual(err(201, 'Forbidden [Superuser cannot grant the Sysadmin role]'))
  })

  it('creates in a sub-client named by client or clientId, and refuses a foreign client with 403', async () => {
    const parent = await createTestClient(t)
    const child = await createTestClient(t, { parentId: parent.clientId })
    const stranger = await createTestClient(t)
    const viaQuery = await create(parent, newUser({ loginId: 'q1' }), parent.admin, `?client=${child.clientId}`)
    const viaBody = await create(parent, newUser({ loginId: 'b1', clientId: child.clientId }))
    for (const id of [viaQuery, viaBody]) {
      expect((await call('GET', `/configuration/users/${id}`, parent.admin)).body.clientId).toBe(child.clientId)
    }
    for (const [query, body] of [[`?client=${stranger.clientId}`, {}], ['', { clientId: stranger.clientId }]] as const) {
      const res = await call('POST', `/configuration/users${query}`, parent.admin, newUser({ loginId: 'x1', ...body }))
      expect(res.status).toBe(403)
      expect(res.body).toEqual(err(201, 'Forbidden [client]'))
    }
    // A sub-client cannot reach up to its parent.
    const up = await call('POST', `/configuration/users?client=${parent.clientId}`, child.admin, newUser({ loginId: 'x2' }))
    expect(up.status).toBe(403)
    const both = await call('POST', `/configuration/users?client=${child.clientId}`, parent.admin, newUser({ loginId: 'x3', clientId: parent.clientId }))
    expect(both.status).toBe(400)
    expect(both.body).toEqual(err(202, 'Invalid input [client and clientId name different clients]'))
  })
})

describe('Read LiveVox User', () => {
  // X-Forwarded-For counts only behind a configured proxy (LV_TRUST_PROXY, test/platform/client-address.test.ts).
  it('shows the last login and its address (the peer\'s, X-Forwarded-For untrusted by default)', async () => {
    const c = await createTestClient(t)
    const id = await create(c, newUser({ loginId: 'reader' }))
    t.clock.advance(5000)
    const res = await t.app.inject({
      method: 'POST', url: '/session/login', headers: { 'lv-access': c.token, 'x-forwarded-for': '203.0.113.7, 10.0.0.1' },
      payload: { clientName: c.code, userName: 'reader', password: 'Secret123' },
    })
    expect(res.statusCode).toBe(200)
    const read = await call('GET', `/configuration/users/${id}`, c.admin)
    expect(read.body).toMatchObject({ lastLogin: t.clock.now(), lastLoginIp: '127.0.0.1' })
    const list = await call('GET', '/configuration/users?count=10&offset=0', c.admin)
    expect(list.body.user.find((u: { id: number }) => u.id === id)).toEqual({
      id, loginId: 'reader', firstName: 'Jane', lastName: 'Manager', role: 'MANAGER', active: true,
      lastLogin: t.clock.now(), lastLoginIp: '127.0.0.1',
    })
  })

  it('reports another client\'s user, an unknown id and a malformed id as not found', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const res = await call('GET', `/configuration/users/${other.adminUserId}`, c.admin)
    expect(res.status).toBe(404)
    expect(res.body).toEqual(err(203, `User not found [ID:${other.adminUserId}]`))
    expect((await call('GET', '/configuration/users/99999999', c.admin)).body).toEqual(err(203, 'User not found [ID:99999999]'))
    for (const bad of ['abc', '0', '-1', '1.5', '9007199254740992']) {
      const r = await call('GET', `/configuration/users/${bad}`, c.admin)
      expect(r.status, bad).toBe(404)
      expect(r.body.code).toBe(203)
    }
  })

  it('hides Sysadmin users from Superusers (403 by id) but shows other Superusers', async () => {
    const c = await createTestClient(t)
    const su = await userSession(t, c, 'SUPERUSER')
    const su2 = await userSession(t, c, 'SUPERUSER')
    const res = await call('GET', `/configuration/users/${c.adminUserId}`, su.headers)
    expect(res.status).toBe(403)
    expect(res.body).toEqual(err(201, 'Forbidden [Superuser cannot act on a Sysadmin user]'))
    expect((await call('GET', `/configuration/users/${su2.userId}`, su.headers)).status).toBe(200)
  })
})

describe('Update LiveVox User', () => {
  it('changes the given fields only; "" clears email and phone; null means no change', async () => {
    const c = await createTestClient(t)
    const id = await create(c, newUser({ email: 'a@example.com', phone: '2025550100', optionalExcludedPowers: ['acd'] }))
    t.clock.advance(1000)
    const res = await call('PUT', `/configuration/users/${id}`, c.admin, {
      firstName: 'Janet', lastName: null, email: '', role: 'IT_USER', optionalManagerPowers: ['Modify Services'], optionalExcludedPowers: [],
    })
    expect(res.status).toBe(204)
    expect(res.body).toBeUndefined()
    const read = await call('GET', `/configuration/users/${id}`, c.admin)
    expect(read.body).toEqual({
      id, clientId: c.clientId, loginId: 'jmanager', firstName: 'Janet', lastName: 'Manager', role: 'IT_USER',
      phone: '2025550100', active: true, locked: false, optionalManagerPowers: ['Modify Services'], optionalExcludedPowers: [],
      assignedService: [], passwordLastModified: t.clock.now() - 1000,
    })
    expect((await call('GET', '/configuration/users/info', c.admin)).body.lastModified).toBe(t.clock.now())
  })

  it.each([{}, { lastName: null }, { unknownKey: 1 }])('needs at least one field: %j', async (body) => {
    const c = await createTestClient(t)
    const res = await call('PUT', `/configuration/users/${c.adminUserId}`, c.admin, body)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(err(202, 'Invalid input [at least one field is required]'))
  })

  it('changes the password: history enforced, sessions ended, new password works', async () => {
    const c = await createTestClient(t)
    const u = await userSession(t, c, 'SUPERUSER')
    const reuse = await call('PUT', `/configuration/users/${u.userId}`, c.admin, { password: PASSWORD })
    expect(reuse.status).toBe(400)
    expect(reuse.body).toEqual(err(202, 'Invalid password [Password cannot match any of the previous 4 passwords]'))
    expect((await call('GET', '/configuration/users/info', u.headers)).status).toBe(200)
    t.clock.advance(10)
    expect((await call('PUT', `/configuration/users/${u.userId}`, c.admin, { password: 'Changed123' })).status).toBe(204)
    const after = await call('GET', '/configuration/users/info', u.headers)
    expect(after.status).toBe(401)
    expect(after.body).toEqual(err(201, 'Unauthorized [invalid or expired session]'))
    await expect(login(t.app, c, u.loginId, PASSWORD)).rejects.toThrow(/401/)
    const fresh = await login(t.app, c, u.loginId, 'Changed123')
    expect((await call('GET', '/configuration/users/info', fresh)).status).toBe(200)
    expect((await call('GET', `/configuration/users/${u.userId}`, c.admin)).body.passwordLastModified).toBe(t.clock.now())
  })

  it('applies role and active changes to existing sessions at once', async () => {
    const c = await createTestClient(t)
    const m = await userSession(t, c, 'MANAGER')
    expect((await call('GET', '/configuration/users/info', m.headers)).status).toBe(403)
    expect((await call('PUT', `/configuration/users/${m.userId}`, c.admin, { role: 'SUPERUSER' })).status).toBe(204)
    expect((await call('GET', '/configuration/users/info', m.headers)).status).toBe(200)
    expect((await call('PUT', `/configuration/users/${m.userId}`, c.admin, { active: false })).status).toBe(204)
    expect((await call('GET', '/configuration/users/info', m.headers)).status).toBe(401)
  })

  it('keeps Superusers away from Sysadmins and the Sysadmin role', async () => {
    const c = await createTestClient(t)
    const su = await userSession(t, c, 'SUPERUSER')
    const m = await userSession(t, c, 'MANAGER')
    const onSysadmin = await call('PUT', `/configuration/users/${c.adminUserId}`, su.headers, { lastName: 'X' })
    expect(onSysadmin.status).toBe(403)
    const promote = await call('PUT', `/configuration/users/${m.userId}`, su.headers, { role: 'SYSADMIN' })
    expect(promote.status).toBe(403)
    expect(promote.body).toEqual(err(201, 'Forbidden [Superuser cannot grant the Sysadmin role]'))
    expect((await call('GET', `/configuration/users/${m.userId}`, c.admin)).body.role).toBe('MANAGER')
    expect((await call('PUT', `/configuration/users/${m.userId}`, su.headers, { role: 'IT_USER' })).status).toBe(204)
  })

  it('reports another client\'s user as not found and validates before looking', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const res = await call('PUT', `/configuration/users/${other.adminUserId}`, c.admin, { lastName: 'X' })
    expect(res.status).toBe(404)
    expect(res.body).toEqual(err(203, `User not found [ID:${other.adminUserId}]`))
    const bad = await call('PUT', `/configuration/users/${other.adminUserId}`, c.admin, { role: 'KING' })
    expect(bad.status).toBe(400)
  })
})

describe('Delete LiveVox User', () => {
  it('deletes the user and ends its sessions', async () => {
    const c = await createTestClient(t)
    const { serviceId } = await insertService(t, c.clientId)
    const m = await userSession(t, c, 'SUPERUSER', { serviceIds: [serviceId] })
    t.clock.advance(1000)
    const res = await call('DELETE', `/configuration/users/${m.userId}`, c.admin)
    expect(res.status).toBe(204)
    expect((await call('GET', `/configuration/users/${m.userId}`, c.admin)).status).toBe(404)
    expect((await call('GET', '/configuration/users/info', m.headers)).status).toBe(401)
    expect(await t.db.selectFrom('sessions').select('id').where('principal_type', '=', 'USER').where('principal_id', '=', m.userId).execute()).toEqual([])
    expect(await t.db.selectFrom('user_services').select('service_id').where('user_id', '=', m.userId).execute()).toEqual([])
    expect((await call('GET', '/configuration/users/info', c.admin)).body).toEqual({ size: 1, lastModified: t.clock.now() })
    const again = await call('DELETE', `/configuration/users/${m.userId}`, c.admin)
    expect(again.status).toBe(404)
    expect(again.body).toEqual(err(203, `User not found [ID:${m.userId}]`))
  })

  it('refuses to delete the caller\'s own user', async () => {
    const c = await createTestClient(t)
    const res = await call('DELETE', `/configuration/users/${c.adminUserId}`, c.admin)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(err(202, 'Invalid input [cannot delete yourself]'))
  })

  it('refuses a Superuser on a Sysadmin, and another client\'s user is not found', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const su = await userSession(t, c, 'SUPERUSER')
    expect((await call('DELETE', `/configuration/users/${c.adminUserId}`, su.headers)).status).toBe(403)
    expect((await call('DELETE', `/configuration/users/${other.adminUserId}`, c.admin)).status).toBe(404)
    expect((await call('GET', `/configuration/users/${other.adminUserId}`, other.admin)).status).toBe(200)
  })
})

describe('Update LiveVox User Add / Remove Service', () => {
  it('grants and revokes a Service; a Manager session follows at once', async () => {
    const c = await createTestClient(t)
    const { serviceId } = await insertService(t, c.clientId)
    const m = await userSession(t, c, 'MANAGER')
    const principal = async () => (await t.app.sessions.resolve(m.headers['lv-session']!))!.serviceIds
    expect([...(await principal())!]).toEqual([])
    expect((await call('PUT', `/configuration/users/${m.userId}/services/${serviceId}`, c.admin)).status).toBe(204)
    expect((await call('PUT', `/configuration/users/${m.userId}/services/${serviceId}`, c.admin)).status).toBe(204)
    expect((await call('GET', `/configuration/users/${m.userId}`, c.admin)).body.assignedService).toEqual([{ id: serviceId }])
    expect([...(await principal())!]).toEqual([serviceId])
    expect((await call('DELETE', `/configuration/users/${m.userId}/services/${serviceId}`, c.admin)).status).toBe(204)
    expect([...(await principal())!]).toEqual([])
    const again = await call('DELETE', `/configuration/users/${m.userId}/services/${serviceId}`, c.admin)
    expect(again.status).toBe(404)
    expect(again.body).toEqual(err(203, `Service assignment not found [ID:${serviceId}]`))
  })

  it('accepts a bodiless request with Content-Type json, as the seed examples send it', async () => {
    const c = await createTestClient(t)
    const { serviceId } = await insertService(t, c.clientId)
    const res = await t.app.inject({
      method: 'PUT', url: `/configuration/users/${c.adminUserId}/services/${serviceId}`,
      headers: { ...c.admin, 'content-type': 'application/json' },
    })
    expect(res.statusCode).toBe(204)
  })

  it('reports unknown users and Services (incl. another client\'s) as not found', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const { serviceId: foreign } = await insertService(t, other.clientId)
    const { serviceId } = await insertService(t, c.clientId)
    const cases: [string, string][] = [
      [`/configuration/users/${c.adminUserId}/services/${foreign}`, `Service not found [ID:${foreign}]`],
      [`/configuration/users/${other.adminUserId}/services/${serviceId}`, `User not found [ID:${other.adminUserId}]`],
      [`/configuration/users/${other.adminUserId}/services/${foreign}`, `User not found [ID:${other.adminUserId}]`],
    ]
    for (const [url, message] of cases) {
      for (const method of ['PUT', 'DELETE'] as const) {
        const res = await call(method, url, c.admin)
        expect(res.status, `${method} ${url}`).toBe(404)
        expect(res.body).toEqual(err(203, message))
      }
    }
  })

  it('refuses a Superuser acting on a Sysadmin', async () => {
    const c = await createTestClient(t)
    const { serviceId } = await insertService(t, c.clientId)
    const su = await userSession(t, c, 'SUPERUSER')
    expect((await call('PUT', `/configuration/users/${c.adminUserId}/services/${serviceId}`, su.headers)).status).toBe(403)
    expect((await call('PUT', `/configuration/users/${su.userId}/services/${serviceId}`, su.headers)).status).toBe(204)
  })
})

describe('List, Find Matching and List Info', () => {
  async function seedUsers(c: TestClient) {
    await create(c, newUser({ loginId: 'zed', lastName: 'Jamison', phone: '(202) 346-7763' }))
    await create(c, newUser({ loginId: 'bob', lastName: 'James', role: 'SUPERUSER' }))
    await create(c, newUser({ loginId: 'carl', lastName: 'Rajam', role: 'SYSADMIN', phone: '202.555.0100' }))
    await create(c, newUser({ loginId: 'dora_1', lastName: 'Smith', active: false }))
  }
  const ids = (body: { user: { loginId: string }[] }) => body.user.map((u) => u.loginId)

  it('lists by loginId; Superusers do not see Sysadmins', async () => {
    const c = await createTestClient(t)
    await seedUsers(c)
    const list = await call('GET', '/configuration/users?count=10&offset=0', c.admin)
    expect(list.status).toBe(200)
    expect(ids(list.body)).toEqual(['admin', 'bob', 'carl', 'dora_1', 'zed'])
    expect(list.body.next).toBeNull()
    expect(list.body.user[3]).toEqual({ id: expect.any(Number), loginId: 'dora_1', firstName: 'Jane', lastName: 'Smith', role: 'MANAGER', active: false })
    const su = await userSession(t, c, 'SUPERUSER', { loginId: 'super' })
    const asSu = await call('GET', '/configuration/users?count=10&offset=0', su.headers)
    expect(ids(asSu.body)).toEqual(['bob', 'dora_1', 'super', 'zed'])
    expect((await call('GET', '/configuration/users/info', su.headers)).body.size).toBe(4)
    expect((await call('GET', '/configuration/users/info', c.admin)).body.size).toBe(6)
  })

  it('finds by partial loginId or lastName (case-insensitive) and by phone digits', async () => {
    const c = await createTestClient(t)
    await seedUsers(c)
    const find = async (body: unknown, headers = c.admin) => call('POST', '/configuration/users/search?count=10&offset=0', headers, body)
    expect(ids((await find({ lastName: 'JAM' })).body)).toEqual(['bob', 'carl', 'zed'])
    expect(ids((await find({ loginId: 'O' })).body)).toEqual(['bob', 'dora_1'])
    expect(ids((await find({ loginId: '_' })).body)).toEqual(['dora_1'])
    expect(ids((await find({ loginId: '%' })).body)).toEqual([])
    expect(ids((await find({ phoneNumber: '202-346-7763' })).body)).toEqual(['zed'])
    expect(ids((await find({ phone: '2025550100' })).body)).toEqual(['carl'])
    expect(ids((await find({ phone: '202346776' })).body)).toEqual([])
    const su = await userSession(t, c, 'SUPERUSER', { loginId: 'super' })
    expect(ids((await find({ lastName: 'jam' }, su.headers)).body)).toEqual(['bob', 'zed'])
    const page = await call('POST', '/configuration/users/search?offset=0&count=1', c.admin, { lastName: 'jam' })
    expect(page.body).toEqual({ user: [expect.objectContaining({ loginId: 'bob' })], next: 'configuration/users/search?offset=1&count=1' })
  })

  it('reads the criterion as Find Matching Agents does (users.md): a phone without digits finds nobody', async () => {
    const c = await createTestClient(t)
    await seedUsers(c)
    const res = await call('POST', '/configuration/users/search?count=10&offset=0', c.admin, { phone: '(-)' })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ user: [], next: null })
  })

  it.each([{}, { loginId: 'a', lastName: 'b' }, { phone: '1', loginId: '' , lastName: 'x', phoneNumber: '2' }, { loginId: '' }, { phone: '2025550100', phoneNumber: '2025550100' }])(
    'needs exactly one criterion: %j', async (body) => {
      const c = await createTestClient(t)
      const res = await call('POST', '/configuration/users/search?count=10&offset=0', c.admin, body)
      expect(res.status).toBe(400)
      expect(res.body).toEqual(err(202, 'Invalid input [exactly one of phone, loginId or lastName is required]'))
    })

  it('answers empty results for a client the caller cannot see, and the sub-client\'s list for a descendant', async () => {
    const c = await createTestClient(t)
    const child = await createTestClient(t, { parentId: c.clientId })
    const other = await createTestClient(t)
    expect((await call('GET', `/configuration/users?client=${other.clientId}&count=10&offset=0`, c.admin)).body).toEqual({ user: [], next: null })
    expect((await call('GET', `/configuration/users/info?client=${other.clientId}`, c.admin)).body).toEqual({ size: 0 })
    expect((await call('POST', `/configuration/users/search?client=${other.clientId}&count=10&offset=0`, c.admin, { loginId: 'a' })).body)
      .toEqual({ user: [], next: null })
    const childList = await call('GET', `/configuration/users?client=${child.clientId}&count=10&offset=0`, c.admin)
    expect(childList.body.user).toEqual([expect.objectContaining({ id: child.adminUserId, loginId: 'admin' })])
    expect((await call('GET', `/configuration/users?client=${c.clientId}&count=10&offset=0`, child.admin)).body).toEqual({ user: [], next: null })
  })

  it('reports lastModified of the last write of every kind', async () => {
    const c = await createTestClient(t)
    const { serviceId } = await insertService(t, c.clientId)
    const info = async () => (await call('GET', '/configuration/users/info', c.admin)).body
    expect(await info()).toEqual({ size: 1, lastModified: t.clock.now() })
    const steps: [string, () => Promise<unknown>][] = [
      ['create', () => create(c, newUser({ loginId: 'u1' }))],
      ['update', async () => call('PUT', `/configuration/users/${c.adminUserId}`, c.admin, { lastName: 'New' })],
      ['add service', async () => call('PUT', `/configuration/users/${c.adminUserId}/services/${serviceId}`, c.admin)],
      ['remove service', async () => call('DELETE', `/configuration/users/${c.adminUserId}/services/${serviceId}`, c.admin)],
    ]
    for (const [name, step] of steps) {
      t.clock.advance(60_000)
      await step()
      expect((await info()).lastModified, name).toBe(t.clock.now())
    }
    const before = (await info()).lastModified
    t.clock.advance(60_000)
    await call('PUT', `/configuration/users/99999999`, c.admin, { lastName: 'Nobody' })
    await call('POST', '/configuration/users', c.admin, newUser({ password: 'short' }))
    expect((await info()).lastModified).toBe(before)
  })
})

describe('roles', () => {
  it('refuses IT User, Manager (even with powers) and Agent sessions with 403 on every users route', async () => {
    const c = await createTestClient(t)
    const { serviceId } = await insertService(t, c.clientId)
    const sessions = [
      (await userSession(t, c, 'IT_USER')).headers,
      (await userSession(t, c, 'MANAGER', { powers: ['ADMINISTER_AGENTS', 'MODIFY_SERVICES'] })).headers,
      (await agentSession(t, c, { serviceIds: [serviceId] })).headers,
    ]
    const routes: ['GET' | 'POST' | 'PUT' | 'DELETE', string][] = [
      ['POST', '/configuration/users'], ['GET', '/configuration/users?count=1&offset=0'], ['GET', '/configuration/users/info'],
      ['POST', '/configuration/users/search?count=1&offset=0'], ['GET', `/configuration/users/${c.adminUserId}`],
      ['PUT', `/configuration/users/${c.adminUserId}`], ['DELETE', `/configuration/users/${c.adminUserId}`],
      ['PUT', `/configuration/users/${c.adminUserId}/services/${serviceId}`],
      ['DELETE', `/configuration/users/${c.adminUserId}/services/${serviceId}`],
    ]
    for (const headers of sessions) {
      for (const [method, url] of routes) {
        const res = await call(method, url, headers, method === 'POST' || method === 'PUT' ? { lastName: 'x' } : undefined)
        expect(res.status, `${method} ${url}`).toBe(403)
        expect(res.body.code).toBe(201)
      }
    }
    expect((await call('GET', `/configuration/users/${c.adminUserId}`, c.admin)).body.lastName).toBe('Admin')
  })
})
