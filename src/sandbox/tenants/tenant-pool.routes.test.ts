import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/app.ts'
import { createTestClient, login } from '../../../test/fixtures.ts'
import { expectError } from '../../../test/support/errors.ts'
import { keepBootstrapState } from './tenant.service.ts'
import { fillParkedTenant } from './tenant-pool.ts'

/**
 * The tenant pool (LV_SANDBOX_POOL, tenant-pool.ts): demo tenants parked ahead of time, taken by
 * Create Tenant and parked again by Delete Tenant. The test app has no pool; these apps have one.
 */

interface CreatedTenant {
  clientId: number; clientCode: string; accessToken: string; userName: string; password: string
}

const apps: TestApp[] = []
afterAll(async () => { await Promise.all(apps.map((a) => a.close())) })

async function appWithPool(size: number): Promise<TestApp> {
  const t = await buildTestApp({ config: { LV_SANDBOX_POOL: size } })
  apps.push(t)
  return t
}

const inject = (t: TestApp, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: object) =>
  t.app.inject({ method, url, headers, payload })

async function newTenant(t: TestApp, body: Record<string, unknown> = { demo: true }): Promise<CreatedTenant> {
  const res = await inject(t, 'POST', '/_lvapi/tenants', {}, body)
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}

/** The pool fills in the background: wait (not a timed assertion) until it holds `ready` tenants. */
async function poolReady(t: TestApp, ready: number): Promise<void> {
  for (let i = 0; ; i++) {
    const pool = (await inject(t, 'GET', '/_lvapi/pool')).json()
    if (pool.ready === ready) return
    if (i > 600) throw new Error(`pool stuck at ${JSON.stringify(pool)}, waiting for ${ready}`)
    // Not too often: the pool fills while the server is quiet.
    await new Promise((r) => setTimeout(r, 100))
  }
}

const parkedIds = async (t: TestApp) =>
  (await t.db.selectFrom('sandbox_snapshots').select('client_id').where('name', '=', '@pool').orderBy('id').execute()).map((r) => Number(r.client_id))
const codeOf = async (t: TestApp, clientId: number) =>
  (await t.db.selectFrom('clients').select('code').where('id', '=', clientId).executeTakeFirstOrThrow()).code
const adminOf = (t: TestApp, tenant: CreatedTenant) => login(t.app, { code: tenant.clientCode, token: tenant.accessToken }, tenant.userName, tenant.password)
const agentLogins = async (t: TestApp, headers: Record<string, string>) =>
  ((await inject(t, 'GET', '/configuration/agents?count=1000&offset=0', headers)).json().agent as { loginId: string }[]).map((a) => a.loginId)
const loginAttempt = (t: TestApp, code: string, token: string, userName: string, password: string, agent = false) =>
  inject(t, 'POST', '/session/login', { 'lv-access': token }, { clientName: code, userName, password, agent })
const newAgent = (clientId: number, loginId: string) => ({
  clientId, loginId, firstName: 'P', lastName: 'L', password: 'Pool12345', phone: '4045550000', wrapUpTime: 15, homeAgent: false, active: true,
})

describe('Tenant pool', () => {
  let t: TestApp
  let first: CreatedTenant
  beforeAll(async () => {
    t = await appWithPool(2)
    expect((await inject(t, 'GET', '/_lvapi/pool')).json()).toEqual({ size: 2, ready: 0 })
    // The first demo tenant of a database seeds the demo template; the pool fills from it.
    first = await newTenant(t)
    await poolReady(t, 2)
  })

  it('gives Create Tenant a parked tenant that works as a new one, and fills the pool again', async () => {
    const parked = await parkedIds(t)
    const tenant = await newTenant(t)
    expect(tenant.clientId).toBe(parked[0])
    expect(tenant.clientCode).toMatch(/^SB[A-Z0-9]{10}$/)
    const [mine, theirs] = [await adminOf(t, tenant), await adminOf(t, first)]
    expect(await agentLogins(t, mine)).toEqual(await agentLogins(t, theirs))
    expect((await inject(t, 'GET', '/contact/contacts/listInfo', mine)).json()).toEqual((await inject(t, 'GET', '/contact/contacts/listInfo', theirs)).json())
    await login(t.app, { code: tenant.clientCode, token: tenant.accessToken }, 'manager', 'Manager123')
    await login(t.app, { code: tenant.clientCode, token: tenant.accessToken }, 'AGENT1', 'Agent1234', true)
    // Its rows are its own: an agent created here is not the first tenant's.
    const created = await inject(t, 'POST', '/configuration/agents', mine, newAgent(tenant.clientId, 'MINE'))
    expect(created.statusCode).toBe(201)
    expect(await agentLogins(t, theirs)).not.toContain('MINE')
    expect((await inject(t, 'GET', `/configuration/agents/${created.json().id}`, theirs)).statusCode).toBe(404)
    // Reset goes back to the state it was taken in, with its Sysadmin and token.
    expect((await inject(t, 'POST', `/_lvapi/tenants/${tenant.clientCode}/reset`)).statusCode).toBe(204)
    expect(await agentLogins(t, await adminOf(t, tenant))).not.toContain('MINE')
    await poolReady(t, 2)
    expect(await parkedIds(t)).not.toContain(tenant.clientId)
  })

  it('takes a given code and password, and refuses a taken code leaving the pool as it was', async () => {
    const before = await parkedIds(t)
    const tenant = await newTenant(t, { demo: true, code: 'pool-worker', password: 'Worker1234' })
    expect(tenant).toMatchObject({ clientCode: 'pool-worker', password: 'Worker1234', clientId: before[0] })
    await adminOf(t, tenant)
    await poolReady(t, 2)
    const parked = await parkedIds(t)
    const dup = await inject(t, 'POST', '/_lvapi/tenants', {}, { demo: true, code: 'POOL-WORKER' })
    expectError(dup, 400, 202, 'Invalid input [client code POOL-WORKER already exists]')
    expect(await parkedIds(t)).toEqual(parked)
  })

  it('names a parked tenant in no control call and lets nobody log in to it: it answers as a client that never existed', async () => {
    const [parked] = await parkedIds(t)
    const code = await codeOf(t, parked!)
    const never = '999999'
    for (const [method, path] of [['DELETE', ''], ['POST', '/reset'], ['GET', '/fixture'], ['GET', '/snapshots'], ['PUT', '/snapshots/x']] as const) {
      for (const name of [String(parked), code]) {
        const res = await inject(t, method, `/_lvapi/tenants/${encodeURIComponent(name)}${path}`)
        expectError(res, 404, 203, `Tenant not found [${name}]`)
      }
      expectError(await inject(t, method, `/_lvapi/tenants/${never}${path}`), 404, 203, `Tenant not found [${never}]`)
    }
    expectError(await inject(t, 'GET', `/_lvapi/journal?tenant=${parked}`), 400, 202, `Invalid input [tenant ${parked} is not a client code or id]`)
    expectError(await inject(t, 'POST', '/_lvapi/faults', {}, { tenant: String(parked), status: 500 }), 400, 202, `Invalid input [tenant ${parked} is not a client code or id]`)
    // With a working token of another tenant, its hidden code and a code that never existed answer alike.
    const atParked = await loginAttempt(t, code, first.accessToken, 'manager', 'Manager123')
    const atNever = await loginAttempt(t, 'NEVER-EXISTED', first.accessToken, 'manager', 'Manager123')
    expect([atParked.statusCode, atParked.json()]).toEqual([atNever.statusCode, atNever.json()])
    expect(atParked.statusCode).toBe(401)
    // Nor does it show in the fixture dump of another tenant.
    const dump = (await inject(t, 'GET', `/_lvapi/tenants/${first.clientCode}/fixture`)).json()
    expect(JSON.stringify(dump)).not.toContain(code)
  })

  it('parks a deleted demo tenant: its code, token, sessions, Sysadmin and demo logins answer as if it never existed', async () => {
    const tenant = await newTenant(t)
    const admin = await adminOf(t, tenant)
    const manager = await login(t.app, { code: tenant.clientCode, token: tenant.accessToken }, 'manager', 'Manager123')
    expect((await inject(t, 'POST', '/configuration/agents', admin, newAgent(tenant.clientId, 'GONE'))).statusCode).toBe(201)
    await poolReady(t, 2)

    expect((await inject(t, 'DELETE', `/_lvapi/tenants/${tenant.clientCode}`)).statusCode).toBe(204)
    expect(await parkedIds(t)).toContain(tenant.clientId)
    const bogus = { 'lv-session': 'f'.repeat(32) }
    const neverSession = await inject(t, 'GET', '/configuration/agents', bogus)
    for (const headers of [admin, manager]) {
      const res = await inject(t, 'GET', '/configuration/agents', headers)
      expect([res.statusCode, res.json()]).toEqual([neverSession.statusCode, neverSession.json()])
    }
    const never = await loginAttempt(t, 'NEVER-EXISTED', 'neverAToken12345', tenant.userName, tenant.password)
    for (const [userName, password] of [[tenant.userName, tenant.password], ['manager', 'Manager123']] as const) {
      const res = await loginAttempt(t, tenant.clientCode, tenant.accessToken, userName, password)
      expect([res.statusCode, res.json()]).toEqual([never.statusCode, never.json()])
    }
    expectError(await inject(t, 'DELETE', `/_lvapi/tenants/${tenant.clientCode}`), 404, 203, `Tenant not found [${tenant.clientCode}]`)
    expectError(await inject(t, 'GET', `/_lvapi/tenants/${tenant.clientId}/snapshots`), 404, 203, `Tenant not found [${tenant.clientId}]`)
    const own = await t.db.selectFrom('sandbox_snapshots').select('name').where('client_id', '=', tenant.clientId).orderBy('name').execute()
    expect(own.map((r) => r.name)).toEqual(['@created', '@pool'])
    expect(await t.db.selectFrom('users').select('login_id').where('client_id', '=', tenant.clientId).where('login_id', '=', 'admin').execute()).toEqual([])
    expect(await t.db.selectFrom('access_tokens').select('id').where('client_id', '=', tenant.clientId).execute()).toEqual([])
    expect(await t.db.selectFrom('sessions').select('client_id').where('client_id', '=', tenant.clientId).execute()).toEqual([])

    // Taken again (oldest parked first), it is a new tenant: nothing of the old one is left.
    let again: CreatedTenant
    do again = await newTenant(t, { demo: true, code: tenant.clientCode })
    while (again.clientId !== tenant.clientId && (await inject(t, 'DELETE', `/_lvapi/tenants/${again.clientCode}`)).statusCode === 204)
    expect(again.clientId).toBe(tenant.clientId)
    expect(again.accessToken).not.toBe(tenant.accessToken)
    const oldToken = await loginAttempt(t, again.clientCode, tenant.accessToken, again.userName, again.password)
    expectError(oldToken, 401, 201, /^Unauthorized/)
    const session = await adminOf(t, again)
    expect(await agentLogins(t, session)).not.toContain('GONE')
    expect(await agentLogins(t, session)).toHaveLength(60)
    expect((await inject(t, 'GET', `/_lvapi/tenants/${again.clientCode}/snapshots`)).json()).toEqual({ snapshots: [] })
    for (const headers of [admin, manager]) expect((await inject(t, 'GET', '/configuration/agents', headers)).statusCode).toBe(401)
  })

  it('parks a tenant that took a named snapshot, and restores between that snapshot and the created state either way', async () => {
    const tenant = await newTenant(t)
    const admin = await adminOf(t, tenant)
    const demo = await agentLogins(t, admin)
    const [removed] = ((await inject(t, 'GET', '/configuration/agents?count=1&offset=0', admin)).json().agent as { id: number; loginId: string }[])
    expect((await inject(t, 'DELETE', `/configuration/agents/${removed!.id}`, admin)).statusCode).toBeLessThan(300)
    expect((await inject(t, 'POST', '/configuration/agents', admin, newAgent(tenant.clientId, 'BEFORE'))).statusCode).toBe(201)
    expect((await inject(t, 'PUT', `/_lvapi/tenants/${tenant.clientCode}/snapshots/mine`)).statusCode).toBe(201)
    expect((await inject(t, 'POST', '/configuration/agents', admin, newAgent(tenant.clientId, 'AFTER'))).statusCode).toBe(201)
    const atSnapshot = [...demo.filter((a) => a !== removed!.loginId), 'BEFORE'].sort()
    const sorted = async () => (await agentLogins(t, await adminOf(t, tenant))).sort()

    expect((await inject(t, 'POST', `/_lvapi/tenants/${tenant.clientCode}/reset`)).statusCode).toBe(204)
    expect(await sorted()).toEqual([...demo].sort())
    expect((await inject(t, 'POST', `/_lvapi/tenants/${tenant.clientCode}/snapshots/mine/restore`)).statusCode).toBe(204)
    expect(await sorted()).toEqual(atSnapshot)
    expect((await inject(t, 'POST', `/_lvapi/tenants/${tenant.clientCode}/reset`)).statusCode).toBe(204)
    expect(await sorted()).toEqual([...demo].sort())
    expect((await inject(t, 'POST', `/_lvapi/tenants/${tenant.clientCode}/snapshots/mine/restore`)).statusCode).toBe(204)
    expect((await inject(t, 'POST', '/configuration/agents', await adminOf(t, tenant), newAgent(tenant.clientId, 'LAST'))).statusCode).toBe(201)
    await poolReady(t, 2)

    expect((await inject(t, 'DELETE', `/_lvapi/tenants/${tenant.clientCode}`)).statusCode).toBe(204)
    expect(await parkedIds(t)).toContain(tenant.clientId)
    const own = await t.db.selectFrom('sandbox_snapshots').select('name').where('client_id', '=', tenant.clientId).orderBy('name').execute()
    expect(own.map((r) => r.name)).toEqual(['@created', '@pool'])
    const parkedAgents = await t.db.selectFrom('agents').select('login_id').where('client_id', '=', tenant.clientId).execute()
    expect(parkedAgents.map((a) => a.login_id).sort()).toEqual([...demo].sort())
    // Back to the size the next tests expect.
    await newTenant(t)
    await poolReady(t, 2)
  })

  it('takes two different tenants for two creates at once', async () => {
    await poolReady(t, 2)
    const parked = await parkedIds(t)
    const [a, b] = await Promise.all([newTenant(t), newTenant(t)])
    expect(a.clientId).not.toBe(b.clientId)
    expect([a.clientId, b.clientId].sort()).toEqual([...parked].sort())
    await adminOf(t, a)
    await adminOf(t, b)
  })

  it('deletes for good the tenants it does not park: without demo data, with a fixture, with a sub-client', async () => {
    await poolReady(t, 2)
    const empty = await newTenant(t, {})
    const fixture = await newTenant(t, { demo: true, fixture: { callCenters: [{ name: 'Pool CC' }] } })
    const withSub = await newTenant(t)
    await poolReady(t, 2)
    const sub = await createTestClient(t, { parentId: withSub.clientId })
    for (const tenant of [empty, fixture, withSub]) {
      expect((await inject(t, 'DELETE', `/_lvapi/tenants/${tenant.clientCode}`)).statusCode).toBe(204)
      expect(await t.db.selectFrom('clients').select('id').where('id', '=', tenant.clientId).execute()).toEqual([])
      expect(await t.db.selectFrom('users').select('id').where('client_id', '=', tenant.clientId).execute()).toEqual([])
    }
    expect(await t.db.selectFrom('clients').select('id').where('id', '=', sub.clientId).execute()).toEqual([])
    expect(await parkedIds(t)).toHaveLength(2)
  })
})

describe('Tenant pool limits', () => {
  it('parks up to twice its size and deletes the rest', async () => {
    const t = await appWithPool(1)
    const seed = await newTenant(t)
    await poolReady(t, 1)
    expect((await inject(t, 'DELETE', `/_lvapi/tenants/${seed.clientCode}`)).statusCode).toBe(204)
    await poolReady(t, 2)
    const tenants: CreatedTenant[] = []
    for (let i = 0; i < 3; i++) {
      tenants.push(await newTenant(t))
      await poolReady(t, 1)
    }
    expect((await inject(t, 'DELETE', `/_lvapi/tenants/${tenants[0]!.clientCode}`)).statusCode).toBe(204)
    expect((await inject(t, 'GET', '/_lvapi/pool')).json()).toEqual({ size: 1, ready: 2 })
    for (const tenant of tenants.slice(1)) {
      expect((await inject(t, 'DELETE', `/_lvapi/tenants/${tenant.clientCode}`)).statusCode).toBe(204)
      expect(await t.db.selectFrom('contacts').select('id').where('client_id', '=', tenant.clientId).limit(1).execute()).toEqual([])
    }
    expect(await parkedIds(t)).toEqual([expect.any(Number), tenants[0]!.clientId])
  })

  it('without a pool (LV_SANDBOX_POOL=0) creates by copying and deletes every row, as before', async () => {
    const t = await appWithPool(0)
    expect((await inject(t, 'GET', '/_lvapi/pool')).json()).toEqual({ size: 0, ready: 0 })
    await newTenant(t)
    const tenant = await newTenant(t)
    expect(await parkedIds(t)).toEqual([])
    expect((await inject(t, 'DELETE', `/_lvapi/tenants/${tenant.clientCode}`)).statusCode).toBe(204)
    expect(await t.db.selectFrom('clients').select('id').where('id', '=', tenant.clientId).execute()).toEqual([])
    expect(await t.db.selectFrom('contacts').select('id').where('client_id', '=', tenant.clientId).limit(1).execute()).toEqual([])
    expect((await inject(t, 'GET', '/_lvapi/pool')).json()).toEqual({ size: 0, ready: 0 })
  })

  it('fills a parked tenant in parts while other clients write between them, each keeping its own ids', async () => {
    const t = await appWithPool(0)
    const other = await newTenant(t)
    const admin = await adminOf(t, other)
    let written = 0
    const writeBetween = async () => {
      const res = await inject(t, 'POST', '/configuration/agents', admin, newAgent(other.clientId, `BETWEEN${written++}`))
      expect(res.statusCode, res.body).toBe(201)
    }
    expect(await fillParkedTenant(t.db, t.clock.now(), () => false, writeBetween)).toBe(true)
    expect(written).toBeGreaterThan(10)
    const [parked] = await parkedIds(t)
    const agents = await t.db.selectFrom('agents').select('id').where('client_id', '=', parked!).execute()
    expect(agents).toHaveLength(60)
    expect((await agentLogins(t, admin)).filter((a) => a.startsWith('BETWEEN'))).toHaveLength(written)
  })

  it('drops the pool with the whole-database reset and fills it again', async () => {
    const t = await appWithPool(2)
    const root = await createTestClient(t)
    await keepBootstrapState(t.db, root.clientId, t.clock.now())
    await newTenant(t)
    await poolReady(t, 2)
    const before = await parkedIds(t)
    expect((await inject(t, 'POST', '/_lvapi/reset')).statusCode).toBe(204)
    await poolReady(t, 2)
    const after = await parkedIds(t)
    expect(after.filter((id) => before.includes(id))).toEqual([])
    const clients = await t.db.selectFrom('clients').select(['id', 'code']).orderBy('id').execute()
    expect(clients.filter((c) => !after.includes(Number(c.id))).map((c) => ({ id: Number(c.id), code: c.code }))).toEqual([{ id: root.clientId, code: root.code }])
    const tenant = await newTenant(t)
    expect(after).toContain(tenant.clientId)
    expect(await agentLogins(t, await adminOf(t, tenant))).toHaveLength(60)
  })
})
