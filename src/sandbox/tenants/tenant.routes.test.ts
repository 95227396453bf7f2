import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/app.ts'
import { createTestClient, login } from '../../../test/fixtures.ts'
import { keepBootstrapState } from './tenant.service.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: object) =>
  t.app.inject({ method, url, headers, payload })

interface CreatedTenant {
  clientId: number; clientCode: string; accessToken: string; userName: string; password: string; baseUrl: string
  demoUsers?: { manager: { userName: string; password: string }; agent: { userName: string; password: string } }
}

async function newTenant(body: Record<string, unknown> = {}): Promise<CreatedTenant> {
  const res = await inject('POST', '/_lvapi/tenants', {}, body)
  expect(res.statusCode).toBe(201)
  return res.json()
}

const adminOf = (tenant: CreatedTenant) => login(t.app, { code: tenant.clientCode, token: tenant.accessToken }, tenant.userName, tenant.password)
const agentLogins = async (headers: Record<string, string>) =>
  ((await inject('GET', '/configuration/agents?count=1000&offset=0', headers)).json().agent as { loginId: string }[]).map((a) => a.loginId)
const contactCount = async (headers: Record<string, string>) =>
  (await inject('GET', '/contact/contacts/listInfo', headers)).json()

describe('Create Tenant', () => {
  it('answers with everything a test needs to log in, and the Sysadmin can log in with it', async () => {
    const res = await inject('POST', '/_lvapi/tenants', { host: 'localhost:8080' }, {})
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body).toEqual({
      clientId: expect.any(Number), clientCode: expect.stringMatching(/^SB[A-Z0-9]{10}$/), accessToken: expect.any(String),
      userName: 'admin', password: expect.any(String), baseUrl: 'http://localhost:8080',
    })
    const admin = await adminOf(body)
    expect(await agentLogins(admin)).toEqual([])
  })

  it('takes a given code and password', async () => {
    const tenant = await newTenant({ code: 'worker-1', password: 'Worker1234' })
    expect(tenant).toMatchObject({ clientCode: 'worker-1', password: 'Worker1234' })
    await adminOf(tenant)
  })

  it('refuses a code that is taken and a body that is not the schema\'s', async () => {
    await newTenant({ code: 'taken-1' })
    const dup = await inject('POST', '/_lvapi/tenants', {}, { code: 'taken-1' })
    expect(dup.statusCode).toBe(400)
    expect(dup.json()).toMatchObject({ code: 202, message: 'Invalid input [client code taken-1 already exists]' })
    const bad = await inject('POST', '/_lvapi/tenants', {}, { demo: true, colour: 'red' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().code).toBe(202)
  })

  it('gives each tenant the same demo data set with its own ids, invisible to the other tenants', async () => {
    const first = await newTenant({ demo: true })
    const second = await newTenant({ demo: true })
    expect(first.demoUsers).toEqual({ manager: { userName: 'manager', password: 'Manager123' }, agent: { userName: 'AGENT1', password: 'Agent1234' } })
    const [a, b] = [await adminOf(first), await adminOf(second)]
    const agentsA = await agentLogins(a)
    expect(agentsA).toHaveLength(60)
    expect(await agentLogins(b)).toEqual(agentsA)
    expect(await contactCount(b)).toEqual(await contactCount(a))
    // The copied tenant's demo logins work, and its rows are its own.
    await login(t.app, { code: second.clientCode, token: second.accessToken }, 'manager', 'Manager123')
    await login(t.app, { code: second.clientCode, token: second.accessToken }, 'AGENT1', 'Agent1234', true)
    const create = await inject('POST', '/configuration/agents', b, { clientId: second.clientId, loginId: 'ONLYB', firstName: 'O', lastName: 'B', password: 'Only12345', phone: '4045550000', wrapUpTime: 15, homeAgent: false, active: true })
    expect(create.statusCode).toBe(201)
    expect(await agentLogins(a)).not.toContain('ONLYB')
    const readForeign = await inject('GET', `/configuration/agents/${create.json().id}`, a)
    expect(readForeign.statusCode).toBe(404)
  })
})

describe('Delete Tenant', () => {
  it('removes the client with all its data; its sessions end and its code is free again', async () => {
    const tenant = await newTenant({ demo: true })
    const admin = await adminOf(tenant)
    const res = await inject('DELETE', `/_lvapi/tenants/${tenant.clientCode}`)
    expect(res.statusCode).toBe(204)
    expect((await inject('GET', '/configuration/agents', admin)).statusCode).toBe(401)
    for (const table of ['agents', 'contacts', 'users', 'access_tokens', 'services', 'contact_notes'] as const) {
      const rows = await t.db.selectFrom(table).select('client_id').where('client_id', '=', tenant.clientId).execute()
      expect(rows, table).toEqual([])
    }
    expect((await inject('DELETE', `/_lvapi/tenants/${tenant.clientCode}`)).json()).toMatchObject({ code: 203, message: `Tenant not found [${tenant.clientCode}]` })
    await newTenant({ code: tenant.clientCode })
  })

  it('answers 404 for a sub-client, which is not a tenant', async () => {
    const root = await createTestClient(t)
    const sub = await createTestClient(t, { parentId: root.clientId })
    const res = await inject('DELETE', `/_lvapi/tenants/${sub.code}`)
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ code: 203, message: `Tenant not found [${sub.code}]` })
  })
})

describe('Reset Tenant', () => {
  it('returns the tenant to its created state with the same ids and ends its sessions', async () => {
    const tenant = await newTenant({ demo: true })
    const admin = await adminOf(tenant)
    const before = await agentLogins(admin)
    const contact = (await inject('GET', '/contact/contacts?count=1&offset=0', admin)).json()
    const account = contact.listContactDetails[0].account
    expect(typeof account).toBe('string')
    const contactBefore = (await inject('GET', `/contact/contacts/${encodeURIComponent(account)}`, admin)).json()
    await inject('POST', '/configuration/agents', admin, { clientId: tenant.clientId, loginId: 'NEWBIE', firstName: 'N', lastName: 'B', password: 'Newbie1234', phone: '4045550000', wrapUpTime: 15, homeAgent: false, active: true })
    expect((await inject('DELETE', `/contact/contacts/${encodeURIComponent(account)}`, admin)).statusCode).toBeLessThan(300)

    const res = await inject('POST', `/_lvapi/tenants/${tenant.clientCode}/reset`)
    expect(res.statusCode).toBe(204)
    expect((await inject('GET', '/configuration/agents', admin)).statusCode).toBe(401)
    const again = await adminOf(tenant)
    expect(await agentLogins(again)).toEqual(before)
    expect((await inject('GET', `/contact/contacts/${encodeURIComponent(account)}`, again)).json()).toEqual(contactBefore)
  })

  it('resets twice in a row to the same state, and the created tenant without demo data too', async () => {
    const tenant = await newTenant()
    const admin = await adminOf(tenant)
    await inject('POST', '/configuration/agents', admin, { clientId: tenant.clientId, loginId: 'A1', firstName: 'A', lastName: 'B', password: 'Agent12345', phone: '4045550000', wrapUpTime: 15, homeAgent: false, active: true })
    expect((await inject('POST', `/_lvapi/tenants/${tenant.clientId}/reset`)).statusCode).toBe(204)
    expect((await inject('POST', `/_lvapi/tenants/${tenant.clientId}/reset`)).statusCode).toBe(204)
    expect(await agentLogins(await adminOf(tenant))).toEqual([])
  })

  it('refuses a client the sandbox did not create, and an unknown tenant', async () => {
    const c = await createTestClient(t)
    const res = await inject('POST', `/_lvapi/tenants/${c.code}/reset`)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 202, message: `Invalid input [tenant ${c.code} was not created through the sandbox and has no state to reset to]` })
    expect((await inject('POST', '/_lvapi/tenants/NOSUCHCLIENT/reset')).json()).toMatchObject({ code: 203, message: 'Tenant not found [NOSUCHCLIENT]' })
  })
})

describe('Snapshots', () => {
  it('takes a named snapshot and restores it any number of times', async () => {
    const tenant = await newTenant()
    const admin = await adminOf(tenant)
    const agent = (loginId: string) => inject('POST', '/configuration/agents', admin, { clientId: tenant.clientId, loginId, firstName: 'A', lastName: 'B', password: 'Agent12345', phone: '4045550000', wrapUpTime: 15, homeAgent: false, active: true })
    await agent('KEEP')
    t.clock.advance(1000)
    const take = await inject('PUT', `/_lvapi/tenants/${tenant.clientCode}/snapshots/one-agent`)
    expect(take.statusCode).toBe(201)
    expect(take.json()).toEqual({ name: 'one-agent', takenAt: t.clock.now() })
    expect((await inject('GET', `/_lvapi/tenants/${tenant.clientCode}/snapshots`)).json()).toEqual({ snapshots: [{ name: 'one-agent', takenAt: t.clock.now() }] })
    for (let round = 0; round < 2; round++) {
      const session = await adminOf(tenant)
      await inject('POST', '/configuration/agents', session, { clientId: tenant.clientId, loginId: `EXTRA${round}`, firstName: 'A', lastName: 'B', password: 'Agent12345', phone: '4045550000', wrapUpTime: 15, homeAgent: false, active: true })
      expect((await inject('POST', `/_lvapi/tenants/${tenant.clientCode}/snapshots/one-agent/restore`)).statusCode).toBe(204)
      expect(await agentLogins(await adminOf(tenant))).toEqual(['KEEP'])
    }
    expect((await inject('DELETE', `/_lvapi/tenants/${tenant.clientCode}/snapshots/one-agent`)).statusCode).toBe(204)
    const gone = await inject('POST', `/_lvapi/tenants/${tenant.clientCode}/snapshots/one-agent/restore`)
    expect(gone.statusCode).toBe(404)
    expect(gone.json()).toMatchObject({ code: 203, message: 'Snapshot not found [ID:one-agent]' })
  })

  it('refuses a snapshot name outside the pattern', async () => {
    const tenant = await newTenant()
    const res = await inject('PUT', `/_lvapi/tenants/${tenant.clientCode}/snapshots/@created`)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 202, message: "Invalid input [snapshot name @created: 1 to 64 letters, digits, '_', '.' or '-']" })
  })

  it('includes sub-clients: one created after the snapshot is gone after the restore', async () => {
    const tenant = await newTenant()
    await inject('PUT', `/_lvapi/tenants/${tenant.clientCode}/snapshots/bare`)
    const sub = await createTestClient(t, { parentId: tenant.clientId })
    expect((await inject('POST', `/_lvapi/tenants/${tenant.clientCode}/snapshots/bare/restore`)).statusCode).toBe(204)
    expect(await t.db.selectFrom('clients').select('id').where('id', '=', sub.clientId).execute()).toEqual([])
  })
})

describe('Snapshots at the ends of the clock\'s range', () => {
  // Found by test/platform/fuzz-sweep.test.ts on PostgreSQL: a clock PUT of 2^63 moved the clock
  // (and answered 500), and every later snapshot's taken_at overflowed bigint, a 500 per PUT.
  it('keeps a snapshot taken at 9999-12-31, and a clock PUT past it changes neither clock nor snapshots', async () => {
    const tenant = await newTenant()
    const latest = Date.parse('9999-12-31T23:59:59.999Z')
    try {
      expect((await inject('PUT', '/_lvapi/clock', {}, { time: '9999-12-31T23:59:59.999Z', frozen: true })).statusCode).toBe(200)
      for (const payload of [{ time: 9223372036854775808 }, { advance: '1s' }]) {
        expect((await inject('PUT', '/_lvapi/clock', {}, payload)).statusCode).toBe(400)
      }
      for (const name of ['1e309', 'Infinity', '-1', '9223372036854775808', 'NaN']) {
        const res = await inject('PUT', `/_lvapi/tenants/${tenant.clientCode}/snapshots/${name}`)
        expect(res.statusCode).toBe(201)
        expect(res.json()).toEqual({ name, takenAt: latest })
      }
    } finally {
      await inject('PUT', '/_lvapi/clock', {}, { reset: true })
    }
  })
})

describe('Reset Database', () => {
  it('refuses a database whose bootstrapped state was not kept', async () => {
    const res = await inject('POST', '/_lvapi/reset')
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 202, message: 'Invalid input [the database was bootstrapped before the sandbox kept its bootstrapped state; start from an empty database]' })
  })

  it('removes every tenant and returns the bootstrapped client as it was, with its login', async () => {
    const root = await createTestClient(t)
    await keepBootstrapState(t.db, root.clientId, t.clock.now())
    const tenant = await newTenant()
    await inject('POST', '/configuration/agents', root.admin, { clientId: root.clientId, loginId: 'LATER', firstName: 'A', lastName: 'B', password: 'Agent12345', phone: '4045550000', wrapUpTime: 15, homeAgent: false, active: true })
    const res = await inject('POST', '/_lvapi/reset')
    expect(res.statusCode).toBe(204)
    expect((await inject('GET', '/configuration/agents', root.admin)).statusCode).toBe(401)
    const clients = await t.db.selectFrom('clients').select(['id', 'code']).execute()
    expect(clients.map((c) => ({ id: Number(c.id), code: c.code }))).toEqual([{ id: root.clientId, code: root.code }])
    const admin = await login(t.app, root, 'admin', 'Secret123')
    expect(await agentLogins(admin)).toEqual([])
    const gone = await inject('POST', '/session/login', { 'lv-access': tenant.accessToken }, { clientName: tenant.clientCode, userName: 'admin', password: tenant.password, agent: false })
    expect(gone.statusCode).toBe(401)
  })
})
