import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/app.ts'
import { agentSession, createTestClient, insertAgent, login, PASSWORD, userSession, type TestClient } from '../../../test/fixtures.ts'
import { recordStatements } from '../../../test/support/statements.ts'
import { addAccessToken } from './access-token.service.ts'
import { SESSION_IDLE_MS, TOUCH_INTERVAL_MS } from './session.store.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const DAY = 86_400_000
// README §3.1: Session API errors are exactly {code, message}.
const err = (code: number, message: string) => ({ code, message })

async function loginRaw(c: { code: string; token: string }, userName: string, password: string, agent = false, token = c.token) {
  const res = await t.app.inject({
    method: 'POST', url: '/session/login', headers: { 'lv-access': token }, payload: { clientName: c.code, userName, password, agent },
  })
  return { status: res.statusCode, body: res.json() }
}

/** Any request that needs a valid session; Get Session Details is open to every role. */
async function use(headers: Record<string, string>): Promise<number> {
  const res = await t.app.inject({ method: 'GET', url: `/session/sessions/${headers['lv-session']}`, headers })
  return res.statusCode
}

async function storedLastAccess(headers: Record<string, string>): Promise<number> {
  const row = await t.db.selectFrom('sessions').select('last_access_at').where('id', '=', headers['lv-session']!).executeTakeFirstOrThrow()
  return Number(row.last_access_at)
}

async function setClient(c: TestClient, settings: { max_failed_ccs_login_attempts?: number; max_failed_acd_login_attempts?: number; password_expiration_days?: number }) {
  await t.db.updateTable('clients').set(settings).where('id', '=', c.clientId).execute()
}

describe('failed-login lockout', () => {
  it('locks a user at maxFailedCcsLoginAttempts; Update LiveVox User unlock:true lets it in again', async () => {
    const c = await createTestClient(t)
    const u = await userSession(t, c, 'MANAGER')
    await setClient(c, { max_failed_ccs_login_attempts: 3 })
    for (let i = 1; i <= 2; i++) expect((await loginRaw(c, u.loginId, 'Wrong1234')).body).toEqual(err(201, 'Unauthorized [invalid credentials]'))
    const third = await loginRaw(c, u.loginId, 'Wrong1234')
    expect(third.status).toBe(401)
    expect(third.body).toEqual(err(201, 'Unauthorized [account locked]'))
    expect((await loginRaw(c, u.loginId, PASSWORD)).body).toEqual(err(201, 'Unauthorized [account locked]'))
    const read = await t.app.inject({ method: 'GET', url: `/configuration/users/${u.userId}`, headers: c.admin })
    expect(read.json().locked).toBe(true)

    const unlock = await t.app.inject({ method: 'PUT', url: `/configuration/users/${u.userId}`, headers: c.admin, payload: { unlock: true } })
    expect(unlock.statusCode).toBe(204)
    expect((await loginRaw(c, u.loginId, PASSWORD)).status).toBe(200)
    const row = await t.db.selectFrom('users').select(['locked', 'failed_login_attempts']).where('id', '=', u.userId).executeTakeFirstOrThrow()
    expect(row).toEqual({ locked: 0, failed_login_attempts: 0 })
  })

  it('counts consecutive failures only: a success resets the count', async () => {
    const c = await createTestClient(t)
    const u = await userSession(t, c, 'MANAGER')
    await setClient(c, { max_failed_ccs_login_attempts: 3 })
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2; i++) expect((await loginRaw(c, u.loginId, 'Wrong1234')).body.message).toBe('Unauthorized [invalid credentials]')
      expect((await loginRaw(c, u.loginId, PASSWORD)).status).toBe(200)
    }
  })

  it('never locks when the limit is 0, and locks agents by maxFailedAcdLoginAttempts', async () => {
    const c = await createTestClient(t)
    const u = await userSession(t, c, 'MANAGER')
    const a = await insertAgent(t, c.clientId)
    await setClient(c, { max_failed_ccs_login_attempts: 0, max_failed_acd_login_attempts: 2 })
    for (let i = 0; i < 8; i++) await loginRaw(c, u.loginId, 'Wrong1234')
    expect((await loginRaw(c, u.loginId, PASSWORD)).status).toBe(200)
    await loginRaw(c, a.loginId, 'Wrong1234', true)
    expect((await loginRaw(c, a.loginId, 'Wrong1234', true)).body).toEqual(err(201, 'Unauthorized [account locked]'))
    expect((await loginRaw(c, a.loginId, PASSWORD, true)).body).toEqual(err(201, 'Unauthorized [account locked]'))
  })

  it('keeps a locked account locked: Change Password answers 401 [account locked] even with the right password', async () => {
    const c = await createTestClient(t)
    const u = await userSession(t, c, 'MANAGER')
    await setClient(c, { max_failed_ccs_login_attempts: 1 })
    await loginRaw(c, u.loginId, 'Wrong1234')
    const res = await t.app.inject({
      method: 'PUT', url: '/session/password', payload: { clientName: c.code, userName: u.loginId, password: PASSWORD, newPassword: 'Fresh1234' },
    })
    // session.md Change Password "Guessing protection": a locked account answers 401 whatever is sent.
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({ code: 201, message: 'Unauthorized [account locked]' })
    expect((await loginRaw(c, u.loginId, PASSWORD)).body).toEqual(err(201, 'Unauthorized [account locked]'))
  })
})

describe('password expiry', () => {
  it('counts daysUntilPasswordExpires down, then refuses login and ends sessions until the password changes', async () => {
    const c = await createTestClient(t)
    const u = await userSession(t, c, 'SUPERUSER')
    expect((await loginRaw(c, u.loginId, PASSWORD)).body).not.toHaveProperty('daysUntilPasswordExpires')
    await setClient(c, { password_expiration_days: 30 })
    expect((await loginRaw(c, u.loginId, PASSWORD)).body.daysUntilPasswordExpires).toBe(30)
    t.clock.advance(10 * DAY + 3_600_000)
    const mid = await loginRaw(c, u.loginId, PASSWORD)
    expect(mid.body).toEqual({ sessionId: expect.any(String), clientId: c.clientId, userId: u.userId, daysUntilPasswordExpires: 20 })
    // One minute before expiry: a live session, which the expiry must end although it is in its window.
    t.clock.advance(20 * DAY - 3_600_000 - 60_000)
    const last = await loginRaw(c, u.loginId, PASSWORD)
    expect(last.body.daysUntilPasswordExpires).toBe(1)
    const session = { 'lv-session': last.body.sessionId as string }
    expect(await use(session)).toBe(200)
    t.clock.advance(60_000)
    expect(await use(session)).toBe(401)
    const expired = await loginRaw(c, u.loginId, PASSWORD)
    expect(expired.status).toBe(401)
    expect(expired.body).toEqual(err(201, 'Unauthorized [password expired]'))

    const change = await t.app.inject({
      method: 'PUT', url: '/session/password', payload: { clientName: c.code, userName: u.loginId, password: PASSWORD, newPassword: 'Renewed123' },
    })
    expect(change.statusCode).toBe(204)
    const renewed = await loginRaw(c, u.loginId, 'Renewed123')
    expect(renewed.status).toBe(200)
    expect(renewed.body.daysUntilPasswordExpires).toBe(30)
  })

  it('applies to agents too', async () => {
    const c = await createTestClient(t)
    const a = await agentSession(t, c)
    await setClient(c, { password_expiration_days: 1 })
    t.clock.advance(DAY)
    expect((await loginRaw(c, a.loginId, PASSWORD, true)).body).toEqual(err(201, 'Unauthorized [password expired]'))
    expect(await use(a.headers)).toBe(401)
  })
})

describe('session window', () => {
  it('lives while used at least once every 2 hours, and ends 2 hours after the last use', async () => {
    const c = await createTestClient(t)
    const s = await login(t.app, c, 'admin', PASSWORD)
    for (let i = 0; i < 3; i++) {
      t.clock.advance(SESSION_IDLE_MS)
      expect(await use(s), `round ${i}`).toBe(200)
    }
    t.clock.advance(SESSION_IDLE_MS + 1)
    expect(await use(s)).toBe(401)
    const again = await t.app.inject({ method: 'GET', url: `/session/validate/${s['lv-session']}` })
    expect(again.statusCode).toBe(404)
  })

  it('writes the last use at most once a minute', async () => {
    const c = await createTestClient(t)
    const s = await login(t.app, c, 'admin', PASSWORD)
    const start = t.clock.now()
    const updates: string[] = []
    const db = t.app.db
    const original = db.getExecutor().executeQuery.bind(db.getExecutor())
    const executor = db.getExecutor() as { executeQuery: typeof original }
    executor.executeQuery = (async (query: Parameters<typeof original>[0]) => {
      if (/^update "sessions"/i.test(query.sql)) updates.push(query.sql)
      return original(query)
    }) as typeof original
    try {
      for (let i = 0; i < 5; i++) {
        t.clock.advance(10_000)
        expect(await use(s)).toBe(200)
      }
      expect(await storedLastAccess(s)).toBe(start)
      expect(updates).toEqual([])
      t.clock.advance(TOUCH_INTERVAL_MS - 50_000)
      expect(await use(s)).toBe(200)
      expect(await storedLastAccess(s)).toBe(start + TOUCH_INTERVAL_MS)
      expect(updates).toHaveLength(1)
      for (let i = 0; i < 5; i++) {
        t.clock.advance(10_000)
        await use(s)
      }
      expect(updates).toHaveLength(1)
    } finally {
      executor.executeQuery = original
    }
  })

  it('ends at once when the password changes, even within the same millisecond', async () => {
    const c = await createTestClient(t)
    const u = await userSession(t, c, 'MANAGER')
    expect(await use(u.headers)).toBe(200)
    const res = await t.app.inject({
      method: 'POST', url: '/session/password', payload: { clientName: c.code, userName: u.loginId, password: PASSWORD, newPassword: 'Other1234' },
    })
    expect(res.statusCode).toBe(204)
    expect(await use(u.headers)).toBe(401)
    const next = await login(t.app, c, u.loginId, 'Other1234')
    expect(next['lv-session']).not.toBe(u.headers['lv-session'])
    expect(await use(next)).toBe(200)
  })
})

describe('session reuse', () => {
  it('returns the same live session for the same principal and token, and resets its window', async () => {
    const c = await createTestClient(t)
    const first = await login(t.app, c, 'admin', PASSWORD)
    expect(first).toEqual(c.admin)
    t.clock.advance(SESSION_IDLE_MS - 1000)
    expect(await login(t.app, c, 'admin', PASSWORD)).toEqual(first)
    expect(await storedLastAccess(first)).toBe(t.clock.now())
    t.clock.advance(SESSION_IDLE_MS - 1000)
    expect(await use(first)).toBe(200)
  })

  it('counts a repeat login as a use, written like any use at most once a minute', async () => {
    const c = await createTestClient(t)
    expect(await use(c.admin)).toBe(200)
    const start = await storedLastAccess(c.admin)
    t.clock.advance(30_000)
    const statements = await recordStatements(t.app.db, async () => {
      expect(await login(t.app, c, 'admin', PASSWORD)).toEqual(c.admin)
    })
    expect(statements.filter((sql) => /^update "sessions"/i.test(sql))).toEqual([])
    expect(await storedLastAccess(c.admin)).toBe(start)
    // Two hours after the login, not after the last stored use, the session still lives.
    t.clock.advance(SESSION_IDLE_MS - 1000)
    expect(await use(c.admin)).toBe(200)
    t.clock.advance(SESSION_IDLE_MS + 1)
    expect(await use(c.admin)).toBe(401)
  })

  it('answers a repeat login with one read and one write', async () => {
    const c = await createTestClient(t)
    t.clock.advance(1000)
    const statements = await recordStatements(t.app.db, async () => {
      expect(await login(t.app, c, 'admin', PASSWORD)).toEqual(c.admin)
    })
    expect(statements.map((sql) => sql.split(/\s+/)[0]!.toLowerCase())).toEqual(['select', 'update'])
  })

  it('gives different tokens, principals and expired sessions different session ids', async () => {
    const c = await createTestClient(t)
    const token2 = await addAccessToken(t.db, c.clientId, t.clock.now())
    const viaToken2 = await login(t.app, { code: c.code, token: token2 }, 'admin', PASSWORD)
    expect(viaToken2['lv-session']).not.toBe(c.admin['lv-session'])
    expect(await use(c.admin)).toBe(200)
    expect(await use(viaToken2)).toBe(200)

    const a = await insertAgent(t, c.clientId, { loginId: 'admin' })
    const asAgent = await login(t.app, c, a.loginId, PASSWORD, true)
    expect(asAgent['lv-session']).not.toBe(c.admin['lv-session'])

    t.clock.advance(SESSION_IDLE_MS + 1)
    const after = await login(t.app, c, 'admin', PASSWORD)
    expect(after['lv-session']).not.toBe(c.admin['lv-session'])
    expect(await use(c.admin)).toBe(401)
    expect(await use(after)).toBe(200)
  })
})
