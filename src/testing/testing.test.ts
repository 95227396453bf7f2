import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabaseUrl } from '../../test/database.ts'
import { connectSandbox, SandboxError, startSandbox, type Sandbox } from './index.ts'

/** `lvapi/testing` end to end: a real server on an ephemeral port, every helper once. */
let sandbox: Sandbox
// In memory on SQLite; with TEST_DIALECT=postgres, a fresh PostgreSQL database.
beforeAll(async () => { sandbox = await startSandbox({ databaseUrl: await createTestDatabaseUrl() }) })
afterAll(async () => { await sandbox.close() })

const fixture = {
  callCenters: [{ name: 'Atlanta' }],
  contacts: [{ account: '100001', active: true, person: { firstName: 'Mary', lastName: 'Smith' } }],
}

describe('startSandbox', () => {
  it('serves the bootstrapped client on loopback and logs it in', async () => {
    expect(sandbox.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(sandbox.clientCode).toBe('SANDBOX')
    expect(sandbox.userName).toBe('admin')
    const session = await sandbox.login()
    const res = await fetch(`${sandbox.baseUrl}/configuration/users/info`, { headers: { 'lv-session': session } })
    expect(res.status).toBe(200)
  })

  it('creates, snapshots, restores, resets and deletes tenants; loads and dumps fixtures', async () => {
    const tenant = await sandbox.tenants.create()
    expect(tenant).toMatchObject({ clientCode: expect.any(String), accessToken: expect.any(String), userName: 'admin', baseUrl: sandbox.baseUrl })
    await sandbox.fixtures.load(tenant.clientCode, fixture)
    const dumped = await sandbox.fixtures.dump(tenant.clientCode) as { callCenters: { name: string }[]; contacts: { account: string }[] }
    expect(dumped.callCenters.map((c) => c.name)).toEqual(['Atlanta'])
    expect(dumped.contacts.map((c) => c.account)).toEqual(['100001'])

    await sandbox.snapshots.take(tenant.clientId, 'loaded')
    expect((await sandbox.snapshots.list(tenant.clientCode)).map((s) => s.name)).toContain('loaded')
    await sandbox.tenants.reset(tenant.clientCode)
    expect(await sandbox.fixtures.dump(tenant.clientCode)).not.toMatchObject({ callCenters: [{ name: 'Atlanta' }] })
    await sandbox.snapshots.restore(tenant.clientCode, 'loaded')
    expect(await sandbox.fixtures.dump(tenant.clientCode)).toMatchObject({ callCenters: [{ name: 'Atlanta' }] })
    await sandbox.snapshots.delete(tenant.clientCode, 'loaded')
    expect((await sandbox.snapshots.list(tenant.clientCode)).map((s) => s.name)).not.toContain('loaded')

    await sandbox.tenants.delete(tenant.clientCode)
    await expect(sandbox.tenants.reset(tenant.clientCode)).rejects.toBeInstanceOf(SandboxError)
  })

  it('resets the whole database: tenants created since are gone', async () => {
    const tenant = await sandbox.tenants.create()
    await sandbox.reset()
    const error = await sandbox.tenants.delete(tenant.clientCode).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SandboxError)
    expect((error as SandboxError).status).toBe(404)
    expect(await sandbox.login()).toEqual(expect.any(String))
  })

  it('moves the clock, injects faults and reads the journal', async () => {
    await sandbox.journal.clear()
    const frozen = await sandbox.clock.set('2030-01-01T00:00:00Z', { frozen: true })
    expect(frozen).toMatchObject({ now: '2030-01-01T00:00:00.000Z', frozen: true })
    expect((await sandbox.clock.advance('1h')).now).toBe('2030-01-01T01:00:00.000Z')
    expect((await sandbox.clock.unfreeze()).frozen).toBe(false)
    expect((await sandbox.clock.freeze()).frozen).toBe(true)
    expect((await sandbox.clock.reset()).offsetMillis).toBe(0)

    const rule = await sandbox.faults.add({ operationId: 'login', tenant: sandbox.clientCode, status: 503, times: 1 })
    expect(await sandbox.faults.list()).toEqual([rule])
    await expect(sandbox.login()).rejects.toMatchObject({ status: 503 })
    expect(await sandbox.login()).toEqual(expect.any(String))
    await sandbox.faults.remove(rule.id)
    await sandbox.faults.add({ path: '/contact/**', status: 500 })
    await sandbox.faults.clear()
    expect(await sandbox.faults.list()).toEqual([])

    expect(await sandbox.journal.count({ operationId: 'login', tenant: sandbox.clientCode })).toBe(2)
    const [ok, failed] = await sandbox.journal.list({ operationId: 'login' })
    expect([failed.status, failed.fault, ok.status, ok.fault]).toEqual([503, rule.id, 200, null])
    expect(await sandbox.journal.count({ status: '5xx' })).toBe(1)
    await sandbox.journal.clear()
    expect(await sandbox.journal.count()).toBe(0)
  })

  it('connectSandbox reaches the same server with the same helpers', async () => {
    const client = connectSandbox({ baseUrl: sandbox.baseUrl, clientCode: sandbox.clientCode, accessToken: sandbox.accessToken, userName: sandbox.userName, password: sandbox.password })
    expect(await client.login()).toEqual(expect.any(String))
    expect((await client.clock.get()).frozen).toBe(false)
    await client.close()
    expect((await sandbox.clock.get()).frozen).toBe(false)
  })
})
