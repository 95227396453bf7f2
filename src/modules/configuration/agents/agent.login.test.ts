/** Agent login through the Session API, end to end with the Agents API (agents.md, session.md). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient, type TestClient } from '../../../../test/fixtures.ts'
import { AGENT_PASSWORD, createAgent } from '../../../../test/support/configuration.ts'
import { expectError, expectInvalid } from '../../../../test/support/errors.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const agentLogin = (c: TestClient, userName: string, password: string, headers: Record<string, string> = {}) => t.app.inject({
  method: 'POST', url: '/session/login', headers: { 'lv-access': c.token, ...headers },
  payload: { clientName: c.code, userName, password, agent: true },
})
const readAgent = async (c: TestClient, id: number) => (await t.app.inject({ method: 'GET', url: `/configuration/agents/${id}`, headers: c.admin })).json()
const update = (c: TestClient, id: number, payload: object) => t.app.inject({ method: 'PUT', url: `/configuration/agents/${id}`, headers: c.admin, payload })
const sessionOf = (res: { json(): { sessionId: string } }) => ({ 'lv-session': res.json().sessionId })

describe('Agent login', () => {
  it('is case-insensitive on loginId and records lastLogin and lastLoginIp on Read Agent and the lists', async () => {
    const c = await createTestClient(t)
    const id = await createAgent(t, c.admin, { loginId: 'BobJohnson1' })
    expect(await readAgent(c, id)).not.toHaveProperty('lastLogin')
    t.clock.advance(5_000)
    // X-Forwarded-For counts only behind a configured proxy (LV_TRUST_PROXY, test/platform/client-address.test.ts).
    const res = await agentLogin(c, 'bobjohnson1', AGENT_PASSWORD, { 'x-forwarded-for': '189.146.225.138' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ sessionId: expect.any(String), clientId: c.clientId, userId: id })
    expect(await readAgent(c, id)).toMatchObject({ loginId: 'BOBJOHNSON1', lastLogin: t.clock.now(), lastLoginIp: '127.0.0.1', locked: false })
    const found = await t.app.inject({ method: 'POST', url: '/configuration/agents/search?count=1&offset=0', headers: c.admin, payload: { loginId: 'bobj' } })
    expect(found.json().agent[0]).toMatchObject({ id, lastLogin: t.clock.now(), lastLoginIp: '127.0.0.1' })
    expect((await agentLogin(c, 'BOBJOHNSON1', AGENT_PASSWORD)).statusCode).toBe(200)
    expectError(await agentLogin(c, 'bobjohnson1', 'Wrong1234'), 401, 201, 'Unauthorized [invalid credentials]')
  })

  it('locks after the client\'s maxFailedAcdLoginAttempts; Update Agent unlock: true clears it', async () => {
    const c = await createTestClient(t)
    await t.db.updateTable('clients').set({ max_failed_acd_login_attempts: 3 }).where('id', '=', c.clientId).execute()
    const internal = await t.app.inject({ method: 'GET', url: '/configuration/clients/internal', headers: c.admin })
    expect(internal.json().maxFailedAcdLoginAttempts).toBe(3)
    const id = await createAgent(t, c.admin, { loginId: 'locky' })
    expectError(await agentLogin(c, 'LOCKY', 'Wrong1234'), 401, 201, 'Unauthorized [invalid credentials]')
    expectError(await agentLogin(c, 'locky', 'Wrong1234'), 401, 201, 'Unauthorized [invalid credentials]')
    expectError(await agentLogin(c, 'locky', 'Wrong1234'), 401, 201, 'Unauthorized [account locked]')
    expectError(await agentLogin(c, 'locky', AGENT_PASSWORD), 401, 201, 'Unauthorized [account locked]')
    expect((await readAgent(c, id)).locked).toBe(true)

    expect((await update(c, id, { unlock: false })).statusCode).toBe(204)
    expect((await readAgent(c, id)).locked).toBe(true)
    const unlocked = await update(c, id, { unlock: true })
    expect(unlocked.statusCode).toBe(204)
    expect((await readAgent(c, id)).locked).toBe(false)
    // Unlocking also reset the failed-login count: two more misses do not lock again, a third does.
    expectError(await agentLogin(c, 'locky', 'Wrong1234'), 401, 201, 'Unauthorized [invalid credentials]')
    expectError(await agentLogin(c, 'locky', 'Wrong1234'), 401, 201, 'Unauthorized [invalid credentials]')
    expect((await readAgent(c, id)).locked).toBe(false)
    expect((await agentLogin(c, 'locky', AGENT_PASSWORD)).statusCode).toBe(200)
  })

  it('never locks when the client allows unlimited attempts (the provisioned 0)', async () => {
    const c = await createTestClient(t)
    const id = await createAgent(t, c.admin, { loginId: 'free' })
    for (let i = 0; i < 6; i++) await agentLogin(c, 'free', 'Wrong1234')
    expect((await readAgent(c, id)).locked).toBe(false)
    expect((await agentLogin(c, 'free', AGENT_PASSWORD)).statusCode).toBe(200)
  })

  it('refuses inactive agents, and deactivating an agent ends its session', async () => {
    const c = await createTestClient(t)
    const id = await createAgent(t, c.admin, { loginId: 'sleepy' })
    const session = sessionOf(await agentLogin(c, 'sleepy', AGENT_PASSWORD))
    expect((await t.app.inject({ method: 'GET', url: `/configuration/agents/${id}`, headers: session })).statusCode).toBe(200)
    expect((await update(c, id, { active: false })).statusCode).toBe(204)
    expectError(await t.app.inject({ method: 'GET', url: `/configuration/agents/${id}`, headers: session }), 401, 201, /^Unauthorized/)
    expectError(await agentLogin(c, 'sleepy', AGENT_PASSWORD), 401, 201, 'Unauthorized [account inactive]')
    await update(c, id, { active: true })
    expect((await agentLogin(c, 'sleepy', AGENT_PASSWORD)).statusCode).toBe(200)
  })
})

describe('Password changes', () => {
  it('Update Agent with a new password ends the agent\'s sessions and moves passwordLastModified', async () => {
    const c = await createTestClient(t)
    const id = await createAgent(t, c.admin, { loginId: 'rotate' })
    const before = (await readAgent(c, id)).passwordLastModified
    const session = sessionOf(await agentLogin(c, 'rotate', AGENT_PASSWORD))
    expect((await t.app.inject({ method: 'GET', url: '/configuration/agents?count=1&offset=0', headers: session })).statusCode).toBe(200)

    expect((await update(c, id, { password: 'Rotated123' })).statusCode).toBe(204)
    expectError(await t.app.inject({ method: 'GET', url: '/configuration/agents?count=1&offset=0', headers: session }), 401, 201, /^Unauthorized/)
    expect((await t.app.inject({ method: 'GET', url: `/session/validate/${session['lv-session']}` })).statusCode).toBe(404)
    expect((await readAgent(c, id)).passwordLastModified).toBeGreaterThan(before)
    expectError(await agentLogin(c, 'rotate', AGENT_PASSWORD), 401, 201, 'Unauthorized [invalid credentials]')
    const fresh = await agentLogin(c, 'rotate', 'Rotated123')
    expect(fresh.statusCode).toBe(200)
    expect(fresh.json().sessionId).not.toBe(session['lv-session'])
  })

  it('changes that do not touch the password keep the agent\'s session', async () => {
    const c = await createTestClient(t)
    const id = await createAgent(t, c.admin, { loginId: 'steady' })
    const session = sessionOf(await agentLogin(c, 'steady', AGENT_PASSWORD))
    expect((await update(c, id, { lastName: 'Steady', unlock: true })).statusCode).toBe(204)
    expect((await t.app.inject({ method: 'GET', url: `/configuration/agents/${id}`, headers: session })).json().lastName).toBe('Steady')
  })

  it('shares the password history with the Session API\'s Change Password', async () => {
    const c = await createTestClient(t)
    const id = await createAgent(t, c.admin, { loginId: 'hist' })
    const changed = await t.app.inject({
      method: 'PUT', url: '/session/password',
      payload: { clientName: c.code, userName: 'hist', password: AGENT_PASSWORD, newPassword: 'Changed123', agent: true },
    })
    expect(changed.statusCode).toBe(204)
    expectInvalid(await update(c, id, { password: AGENT_PASSWORD }), 'Invalid password [Password cannot match any of the previous 4 passwords]')
    expectInvalid(await update(c, id, { password: 'Changed123' }), 'Invalid password [Password cannot match any of the previous 4 passwords]')
    expect((await agentLogin(c, 'HIST', 'Changed123')).statusCode).toBe(200)
  })
})
