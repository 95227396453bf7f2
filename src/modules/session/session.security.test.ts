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

describe('enumeration (issue 10 item 8)', () => {
  it('answers a bad token the same for an existing and an unknown client', async () => {
    const c = await createTestClient(t)
    const existing = await loginAttempt(c, { userName: 'admin', password: PASSWORD }, 'Unknown0Token0Value')
    const unknown = await loginAttempt({ ...c, code: 'NO_SUCH_CLIENT' }, { userName: 'admin', password: PASSWORD }, 'Unknown0Token0Value')
    expect(existing).toEqual({ status: 401, body: { code: 201, message: 'Unauthorized [invalid access token]' } })
    expect(unknown).toEqual(existing)
  })

  it('locks an unknown login name after as many failures as a real one, so [account locked] reveals no account', async () => {
    const c = await createTestClient(t)
    const real = await userSession(t, c, 'MANAGER')
    await setLimits(c, 3)
    for (const userName of [real.loginId, 'ghost']) {
      const answers = []
      for (let i = 0; i < 5; i++) answers.push(await loginAttempt(c, { userName, password: 'Wrong1234' }))
      expect(answers, userName).toEqual([
        { status: 401, body: INVALID }, { status: 401, body: INVALID },
        { status: 401, body: LOCKED }, { status: 401, body: LOCKED }, { status: 401, body: LOCKED },
      ])
    }
    // The real user's right password still meets the lock (session.md Login rule 2).
    expect(await loginAttempt(c, { userName: real.loginId, password: PASSWORD })).toEqual({ status: 401, body: LOCKED })
    // Change Password is counted the same way; an unknown client locks like a new client (limit 5).
    for (let i = 0; i < 4; i++) {
      expect(await changePassword({ code: 'NO_SUCH_CLIENT' }, { userName: 'x', password: 'Wrong1234', newPassword: 'Fresh1234' })).toEqual({ status: 401, body: INVALID })
    }
    expect(await changePassword({ code: 'no_such_client' }, { userName: 'x', password: 'Wrong1234', newPassword: 'Fresh1234' })).toEqual({ status: 401, body: LOCKED })
  })

  it('costs one password hash for an unknown client, an unknown name and a wrong password alike', async () => {
    const c = await createTestClient(t)
    const { hashGate } = await import('../../lib/secrets.ts')
    await t.app.secrets.verifyDummy('warm-up') // the dummy hash itself is made once, on first use
    const hashes = vi.spyOn(hashGate, 'run')
    const cases: Array<[string, () => Promise<unknown>]> = [
      ['change, unknown client', () => changePassword({ code: 'NOPE_CLIENT' }, { userName: 'admin', password: 'Wrong1234', newPassword: 'Fresh1234' })],
      ['change, unknown user', () => changePassword(c, { userName: 'nobody', password: 'Wrong1234', newPassword: 'Fresh1234' })],
      ['change, wrong password', () => changePassword(c, { userName: 'admin', password: 'Wrong1234', newPassword: 'Fresh1234' })],
      ['login, unknown user', () => loginAttempt(c, { userName: 'nobody', password: 'Wrong1234' })],
      ['login, wrong password', () => loginAttempt(c, { userName: 'admin', password: 'Wrong1234' })],
    ]
    for (const [name, run] of cases) {
      hashes.mockClear()
      expect(await run(), name).toEqual({ status: 401, body: INVALID })
      expect(hashes, name).toHaveBeenCalledTimes(1)
    }
  })
})

describe('session id secrecy (issue 10 item 3)', () => {
  const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers })

  it('List Active Sessions shows another principal\'s session by a key that is no LV-Session, never by its id', async () => {
    const c = await createTestClient(t)
    const it1 = await userSession(t, c, 'IT_USER')
    const su = await userSession(t, c, 'SUPERUSER')
    const manager = await userSession(t, c, 'MANAGER')
    const ids = [c.admin, it1.headers, su.headers, manager.headers].map((h) => h['lv-session']!)
    for (const caller of [it1.headers, su.headers]) {
      const res = await get('/session/sessions?count=100&offset=0', caller)
      expect(res.statusCode).toBe(200)
      for (const id of ids) if (id !== caller['lv-session']) expect(res.body.includes(id), 'another principal\'s session id listed').toBe(false)
      const listed = res.json().session as Array<{ sessionId?: string; sessionKey: string; userName: string }>
      expect(listed.filter((s) => s.sessionId !== undefined).map((s) => s.sessionId)).toEqual([caller['lv-session']])
      for (const s of listed) {
        expect(s.sessionKey).toMatch(/^[\w-]{22}$/)
        const borrowed = await get('/configuration/users/info', { 'lv-session': s.sessionKey })
        expect(borrowed.statusCode).toBe(401)
      }
    }
  })

  it('Get Session Details takes the caller\'s own id or a key it may see, and never answers with another\'s id', async () => {
    const c = await createTestClient(t)
    const it1 = await userSession(t, c, 'IT_USER')
    const manager = await userSession(t, c, 'MANAGER')
    const listed = (await get('/session/sessions?count=100&offset=0', it1.headers)).json().session as Array<{ sessionKey: string; userName: string }>
    const adminKey = listed.find((s) => s.userName === 'admin')!.sessionKey
    const byKey = await get(`/session/sessions/${adminKey}`, it1.headers)
    expect(byKey.statusCode).toBe(200)
    expect(byKey.json()).toEqual({
      sessionKey: adminKey, clientId: c.clientId, userId: c.adminUserId, userName: 'admin', agent: false,
      createdDate: expect.any(Number), lastAccessDate: expect.any(Number), expiresDate: expect.any(Number),
    })
    // Another principal's raw id is not a handle: not found, as an unknown one.
    const byId = await get(`/session/sessions/${c.admin['lv-session']}`, it1.headers)
    expect(byId.statusCode).toBe(404)
    expect(byId.json()).toMatchObject({ code: 203, message: `Session not found [ID:${c.admin['lv-session']}]` })
    // The caller's own session by its key shows its id (the caller holds it already).
    const ownKey = listed.find((s) => s.userName === it1.loginId)!.sessionKey
    expect((await get(`/session/sessions/${ownKey}`, it1.headers)).json()).toMatchObject({ sessionId: it1.headers['lv-session'], sessionKey: ownKey })
    // Without the role, another's key is refused as before.
    expect((await get(`/session/sessions/${adminKey}`, manager.headers)).statusCode).toBe(403)
  })
})
