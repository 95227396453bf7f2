// A complete jest suite against lvapi's sandbox (docs/sandbox.md). It runs in CI:
// `npm run test:examples`. jest runs ES modules with `node --experimental-vm-modules`; the
// server was started by examples/jest.global-setup.mjs.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { connectSandbox } from 'lvapi/testing/client'

let sandbox
let tenant
let session

beforeAll(async () => {
  sandbox = connectSandbox(JSON.parse(process.env.LVAPI_SANDBOX))
  // Each test file (jest runs files in parallel workers) takes its own tenant.
  tenant = await sandbox.tenants.create()
  await sandbox.snapshots.take(tenant.clientCode, 'clean')
})
afterAll(async () => { await sandbox.tenants.delete(tenant.clientCode) })
beforeEach(async () => {
  await sandbox.snapshots.restore(tenant.clientCode, 'clean')
  await Promise.all([sandbox.faults.clear(), sandbox.journal.clear(), sandbox.clock.reset()])
  session = await sandbox.login({ clientCode: tenant.clientCode, accessToken: tenant.accessToken, userName: tenant.userName, password: tenant.password })
})

/** Stands in for your integration: creates a call center, retrying once on 503. */
async function createCallCenter(baseUrl, sessionId, name) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${baseUrl}/configuration/callCenters`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'lv-session': sessionId },
      body: JSON.stringify({ name }),
    })
    if (res.status !== 503 || attempt === 2) return { status: res.status, body: await res.json() }
  }
}

describe('my LiveVox integration', () => {
  it('retries once when the vendor is unavailable, and sends the call center exactly twice', async () => {
    await sandbox.faults.add({ operationId: 'createCallCenter', status: 503, times: 1 })
    const { status, body } = await createCallCenter(sandbox.baseUrl, session, 'Night shift')
    expect(status).toBe(201)
    expect(body.id).toEqual(expect.any(Number))
    expect(await sandbox.journal.count({ operationId: 'createCallCenter' })).toBe(2)
    const [retry, first] = await sandbox.journal.list({ operationId: 'createCallCenter' })
    expect([first.status, first.fault !== null, retry.status]).toEqual([503, true, 201])
    expect(retry.request).toEqual({ name: 'Night shift' })
  })

  it('starts each test from the clean snapshot', async () => {
    await createCallCenter(sandbox.baseUrl, session, 'Day shift')
    await sandbox.snapshots.restore(tenant.clientCode, 'clean')
    // A restore also ends the tenant's sessions: log in again.
    session = await sandbox.login({ clientCode: tenant.clientCode, accessToken: tenant.accessToken, userName: tenant.userName, password: tenant.password })
    const res = await fetch(`${sandbox.baseUrl}/configuration/callCenters/info`, { headers: { 'lv-session': session } })
    expect(await res.json()).toMatchObject({ size: 0 })
  })

  it('sees timestamps from the frozen clock', async () => {
    const at = Date.parse('2030-01-01T08:00:00Z')
    await sandbox.clock.set(at, { frozen: true })
    const fresh = await sandbox.login({ clientCode: tenant.clientCode, accessToken: tenant.accessToken, userName: tenant.userName, password: tenant.password })
    const users = await (await fetch(`${sandbox.baseUrl}/configuration/users?count=10&offset=0`, { headers: { 'lv-session': fresh } })).json()
    const me = users.user.find((u) => u.loginId === tenant.userName)
    const read = await (await fetch(`${sandbox.baseUrl}/configuration/users/${me.id}`, { headers: { 'lv-session': fresh } })).json()
    expect(read.lastLogin).toBe(at)
  })
})
