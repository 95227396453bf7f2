// A complete vitest suite against lvapi's sandbox (docs/sandbox.md). It runs in CI:
// `npm run test:examples`. Copy it into your project and replace `callLiveVox` with your code.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox, type Tenant } from 'lvapi/testing'

let sandbox: Sandbox
let tenant: Tenant

beforeAll(async () => {
  sandbox = await startSandbox()
  // Each test file (vitest runs files in parallel workers) takes its own tenant.
  tenant = await sandbox.tenants.create()
  await sandbox.snapshots.take(tenant.clientCode, 'clean')
})
afterAll(async () => { await sandbox.close() })
beforeEach(async () => {
  await sandbox.snapshots.restore(tenant.clientCode, 'clean')
  await Promise.all([sandbox.faults.clear(), sandbox.journal.clear(), sandbox.clock.reset()])
})

/** Stands in for your integration: logs in and lists the users of the tenant. */
async function callLiveVox(baseUrl: string, t: Tenant): Promise<{ status: number; body: any }> {
  const login = await fetch(`${baseUrl}/session/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'lv-access': t.accessToken },
    body: JSON.stringify({ clientName: t.clientCode, userName: t.userName, password: t.password }),
  })
  if (!login.ok) return { status: login.status, body: await login.json() }
  const { sessionId } = await login.json() as { sessionId: string }
  const res = await fetch(`${baseUrl}/configuration/users?count=10&offset=0`, { headers: { 'lv-session': sessionId } })
  return { status: res.status, body: await res.json() }
}

describe('my LiveVox integration', () => {
  it('logs in once and reads the users', async () => {
    const { status, body } = await callLiveVox(sandbox.baseUrl, tenant)
    expect(status).toBe(200)
    expect(body.user.map((u: { loginId: string }) => u.loginId)).toContain(tenant.userName)
    expect(await sandbox.journal.count({ tenant: tenant.clientCode, operationId: 'login' })).toBe(1)
    const [login] = await sandbox.journal.list({ operationId: 'login' })
    expect(login.request).toEqual({ clientName: tenant.clientCode, userName: tenant.userName, password: '***' })
  })

  it('sees a rate limit the way the vendor sends it', async () => {
    await sandbox.faults.add({ operationId: 'listLiveVoxUsers', tenant: tenant.clientCode, status: 429, retryAfter: 3, times: 1 })
    const { status, body } = await callLiveVox(sandbox.baseUrl, tenant)
    expect(status).toBe(429)
    expect(body).toMatchObject({ code: 205 })
    expect(await sandbox.journal.count({ fault: true })).toBe(1)
  })

  it('finds its session expired two hours later without waiting', async () => {
    const sessionId = await sandbox.login({ clientCode: tenant.clientCode, accessToken: tenant.accessToken, userName: tenant.userName, password: tenant.password })
    await sandbox.clock.advance('2h1m')
    const res = await fetch(`${sandbox.baseUrl}/configuration/users/info`, { headers: { 'lv-session': sessionId } })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ code: 201 })
  })
})
