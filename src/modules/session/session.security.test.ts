import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/app.ts'
import { createTestClient, insertAgent, login, PASSWORD, userSession, type TestClient } from '../../../test/fixtures.ts'

/** Issue 10 items 2, 3 and 8: Change Password guessing, session id secrecy, enumeration. */
let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })
afterEach(() => { vi.restoreAllMocks() })

const LOCKED = { code: 201, message: 'Unauthorized [account locked]' }
const INVALID = { code: 201, message: 'Unauthorized [invalid credentials]' }
const INACTIVE = { code: 201, message: 'Unauthorized [account inactive]' }

async function answer(res: { statusCode: number; body: string }) {
  const body = res.body === '' ? undefined : JSON.parse(res.body)
  return { status: res.statusCode, body: body && { code: body.code, message: body.message } }
}

function changePassword(c: { code: string }, body: Record<string, unknown>) {
  return t.app.inject({ method: 'PUT', url: '/session/password', payload: { clientName: c.code, ...body } }).then(answer)
}

function loginAttempt(c: TestClient, body: Record<string, unknown>, token = c.token) {
  return t.app.inject({ method: 'POST', url: '/session/login', headers: { 'lv-access': token }, payload: { clientName: c.code, ...body } }).then(answer)
}

async function setLimits(c: TestClient, users: number, agents = 0) {
  await t.db.updateTable('clients').set({ max_failed_ccs_login_attempts: users, max_failed_acd_login_attempts: agents }).where('id', '=', c.clientId).execute()
}

describe('Change Password guessing protection (issue 10 item 2)', () => {
  it('counts wrong current passwords toward the Login lockout, then answers 401 [account locked] whatever is sent', async () => {
    const c = await createTestClient(t)
    const u = await userSession(t, c, 'MANAGER')
    await setLimits(c, 3)
    expect(await changePassword(c, { userName: u.loginId, password: 'Wrong1234', newPassword: 'Fresh1234' })).toEqual({ status: 401, body: INVALID })
    expect(await loginAttempt(c, { userName: u.loginId, password: 'Wrong1234' })).toEqual({ status: 401, body: INVALID })
    expect(await changePassword(c, { userName: u.loginId, password: 'Wrong1234', newPassword: 'Fresh1234' })).toEqual({ status: 401, body: LOCKED })
    // Right password, valid or invalid new one: same answer, nothing changes, the session has ended.
    expect(await changePassword(c, { userName: u.loginId, password: PASSWORD, newPassword: 'Fresh1234' })).toEqual({ status: 401, body: LOCKED })
    expect(await changePassword(c, { userName: u.loginId, password: PASSWORD, newPassword: 'short' })).toEqual({ status: 401, body: LOCKED })
    expect(await loginAttempt(c, { userName: u.loginId, password: PASSWORD })).toEqual({ status: 401, body: LOCKED })
    const row = await t.db.selectFrom('users').select(['locked', 'failed_login_attempts']).where('id', '=', u.userId).executeTakeFirstOrThrow()
    expect(row).toEqual({ locked: 1, failed_login_attempts: 3 })
    expect((await t.app.inject({ method: 'GET', url: `/session/sessions/${u.headers['lv-session']}`, headers: u.headers })).statusCode).toBe(401)
  })

  it('checks the new password only after the current one: a wrong current password with a bad new one is 401, not 400', async () => {
    const c = await createTestClient(t)
    for (const newPassword of ['short', 'NoDigitsHere', PASSWORD]) {
      expect(await changePassword(c, { userName: 'admin', password: 'Wrong1234', newPassword })).toEqual({ status: 401, body: INVALID })
    }
    expect(await changePassword(c, { userName: 'admin', password: PASSWORD, newPassword: 'short' }))
      .toEqual({ status: 400, body: { code: 202, message: 'Invalid password [Password must be at least 8 characters long]' } })
  })

  it('answers 401 for an inactive account whatever is sent, and changes nothing', async () => {
    const c = await createTestClient(t)
    const a = await insertAgent(t, c.clientId, { active: false })
    expect(await changePassword(c, { userName: a.loginId, password: 'Wrong1234', newPassword: 'Fresh1234', agent: true })).toEqual({ status: 401, body: INVALID })
    expect(await changePassword(c, { userName: a.loginId, password: PASSWORD, newPassword: 'short', agent: true })).toEqual({ status: 401, body: INACTIVE })
    expect(await changePassword(c, { userName: a.loginId, password: PASSWORD, newPassword: 'Fresh1234', agent: true })).toEqual({ status: 401, body: INACTIVE })
    await t.db.updateTable('agents').set({ active: 1 }).where('id', '=', a.agentId).execute()
    await login(t.app, c, a.loginId, PASSWORD, true)
  })
})
