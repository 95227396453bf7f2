import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/app.ts'
import { agentSession, createTestClient, insertAgent, login, PASSWORD, userSession, type TestClient } from '../../../test/fixtures.ts'
import { sessionKeyOf } from './session.service.ts'
import { SESSION_IDLE_MS } from './session.store.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

// README §3.1: Session API errors are exactly {code, message}.
const err = (code: number, message: string) => ({ code, message })
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

async function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: unknown) {
  const res = await t.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) })
  return { status: res.statusCode, body: res.body === '' ? undefined : res.json() }
}

function loginAs(c: { code: string; token: string }, body: Record<string, unknown>, url = '/session/login', token: string | null = c.token) {
  return call('POST', url, token === null ? {} : { 'lv-access': token }, { clientName: c.code, ...body })
}

/** A request that needs a valid session and any role. */
const useSession = (headers: Record<string, string>) => call('GET', `/session/sessions/${headers['lv-session']}`, headers)

describe('Login', () => {
  it('creates a session usable on later calls', async () => {
    const c = await createTestClient(t)
    const res = await t.app.inject({
      method: 'POST', url: '/session/login', headers: { 'lv-access': c.token },
      payload: { clientName: c.code.toLowerCase(), userName: 'admin', password: PASSWORD },
    })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toEqual({ sessionId: expect.stringMatching(UUID), clientId: c.clientId, userId: c.adminUserId })
    expect(body.sessionId).toBe(c.admin['lv-session'])
    const sessions = await t.app.inject({ method: 'GET', url: '/session/sessions?count=10&offset=0', headers: { 'lv-session': body.sessionId } })
    expect(sessions.statusCode).toBe(200)
  })

  it('logs an agent in by agent, isAgent (also as the string "true") and /session/login/agent; agent names ignore case', async () => {
    const c = await createTestClient(t)
    const agent = await insertAgent(t, c.clientId, { loginId: 'agent7' })
    const variants: [string, Record<string, unknown>][] = [
      ['/session/login', { agent: true }],
      ['/session/login', { isAgent: true }],
      ['/session/login', { agent: 'true' }],
      ['/session/login/agent', {}],
      ['/session/v5.0/login/agent', { agent: false }],
    ]
    const ids = new Set<string>()
    for (const [url, flag] of variants) {
      const res = await loginAs(c, { userName: 'Agent7', password: PASSWORD, ...flag }, url)
      expect(res.status, `${url} ${JSON.stringify(flag)}`).toBe(200)
      expect(res.body).toEqual({ sessionId: expect.stringMatching(UUID), clientId: c.clientId, userId: agent.agentId })
      ids.add(res.body.sessionId)
    }
    // Same principal, same token: one session (session.md rule 1).
    expect(ids.size).toBe(1)
    const details = await call('GET', `/session/sessions/${[...ids][0]}`, { 'lv-session': [...ids][0]! })
    expect(details.body).toMatchObject({ agent: true, userName: 'AGENT7', userId: agent.agentId })
    // Without the flag the same credentials are a (non-existent) user's.
    expect((await loginAs(c, { userName: 'AGENT7', password: PASSWORD })).body).toEqual(err(201, 'Unauthorized [invalid credentials]'))
  })

  it('matches user names exactly (case-sensitive)', async () => {
    const c = await createTestClient(t)
    expect((await loginAs(c, { userName: 'ADMIN', password: PASSWORD })).body).toEqual(err(201, 'Unauthorized [invalid credentials]'))
  })

  it('refuses a missing, unknown or foreign LV-Access with 401', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    for (const token of [null, '', 'Unknown0Token0Value', other.token]) {
      const res = await loginAs(c, { userName: 'admin', password: PASSWORD }, '/session/login', token)
      expect(res.status, String(token)).toBe(401)
      expect(res.body).toEqual(err(201, 'Unauthorized [invalid access token]'))
    }
  })

  it('does not tell an unknown client, an unknown user and a wrong password apart', async () => {
    const c = await createTestClient(t)
    const cases = [
      { clientName: 'NO_SUCH_CLIENT', userName: 'admin', password: PASSWORD },
      { userName: 'nobody', password: PASSWORD },
      { userName: 'admin', password: 'Wrong1234' },
    ]
    for (const body of cases) {
      const res = await loginAs(c, body)
      expect(res.status).toBe(401)
      expect(res.body).toEqual(err(201, 'Unauthorized [invalid credentials]'))
    }
  })

  it.each([
    [{ userName: 'admin', password: PASSWORD, clientName: '' }, 'Missing required field [clientName]'],
    [{ password: PASSWORD }, 'Missing required field [userName]'],
    [{ userName: 'admin', password: '' }, 'Missing required field [password]'],
    [{ userName: 'admin', password: PASSWORD, agent: 'perhaps' }, 'Invalid input [agent must be boolean]'],
  ])('validates %j', async (body, message) => {
    const c = await createTestClient(t)
    const res = await loginAs(c, body)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(err(202, message))
  })

  it('refuses inactive users and agents', async () => {
    const c = await createTestClient(t)
    const u = await userSession(t, c, 'MANAGER')
    await t.db.updateTable('users').set({ active: 0 }).where('id', '=', u.userId).execute()
    expect((await loginAs(c, { userName: u.loginId, password: PASSWORD })).body).toEqual(err(201, 'Unauthorized [account inactive]'))
    const a = await insertAgent(t, c.clientId, { active: false })
    expect((await loginAs(c, { userName: a.loginId, password: PASSWORD, agent: true })).body).toEqual(err(201, 'Unauthorized [account inactive]'))
  })

  it('refuses locked users', async () => {
    const c = await createTestClient(t)
    const u = await userSession(t, c, 'MANAGER')
    await t.db.updateTable('users').set({ locked: 1 }).where('id', '=', u.userId).execute()
    const res = await loginAs(c, { userName: u.loginId, password: PASSWORD })
    expect(res.status).toBe(401)
    expect(res.body).toEqual(err(201, 'Unauthorized [account locked]'))
  })
})

describe('Logout', () => {
  it('ends the session named by the LV-Session header; a second logout is 404', async () => {
    const c = await createTestClient(t)
    const s = await login(t.app, c, 'admin', PASSWORD)
    expect((await call('DELETE', '/session/logout', s)).status).toBe(204)
    expect((await useSession(s)).body).toEqual(err(201, 'Unauthorized [invalid or expired session]'))
    expect((await call('GET', `/session/validate/${s['lv-session']}`)).status).toBe(404)
    const again = await call('DELETE', '/session/logout', s)
    expect(again.status).toBe(404)
    expect(again.body).toEqual(err(203, `Session not found [ID:${s['lv-session']}]`))
    const next = await login(t.app, c, 'admin', PASSWORD)
    expect(next['lv-session']).not.toBe(s['lv-session'])
  })

  it('takes the id from the path, then the query, then the header', async () => {
    const c = await createTestClient(t)
    const u1 = await userSession(t, c, 'SUPERUSER')
    const u2 = await userSession(t, c, 'SUPERUSER')
    const u3 = await userSession(t, c, 'SUPERUSER')
    const [a, b, h] = [u1.headers['lv-session']!, u2.headers['lv-session']!, u3.headers['lv-session']!]
    expect((await call('DELETE', `/session/logout/${a}?sessionId=${b}`, { 'lv-session': h })).status).toBe(204)
    expect((await useSession(u1.headers)).status).toBe(401)
    expect((await useSession(u2.headers)).status).toBe(200)
    expect((await call('POST', `/session/logout?sessionId=${b}`, { 'lv-session': h })).status).toBe(204)
    expect((await useSession(u2.headers)).status).toBe(401)
    expect((await useSession(u3.headers)).status).toBe(200)
    expect((await call('DELETE', `/session/logout?sessionId=${h}`)).status).toBe(204)
    expect((await useSession(u3.headers)).status).toBe(401)
  })

  it('needs some session id and answers 404 for an unknown one', async () => {
    const missing = await call('DELETE', '/session/logout')
    expect(missing.status).toBe(400)
    expect(missing.body).toEqual(err(202, 'Missing required field [sessionId]'))
    const unknown = await call('POST', '/session/logout/00000000-0000-4000-8000-000000000000')
    expect(unknown.status).toBe(405)
    const res = await call('DELETE', '/session/logout/00000000-0000-4000-8000-000000000000')
    expect(res.status).toBe(404)
    expect(res.body).toEqual(err(203, 'Session not found [ID:00000000-0000-4000-8000-000000000000]'))
  })
})

describe('Validate Session', () => {
  it('answers 204 for a live session in path and query form, 404 otherwise, 400 without an id', async () => {
    const c = await createTestClient(t)
    const id = c.admin['lv-session']!
    expect((await call('GET', `/session/validate/${id}`)).status).toBe(204)
    expect((await call('GET', `/session/validate?sessionId=${id}`)).status).toBe(204)
    const unknown = await call('GET', '/session/validate/not-a-session')
    expect(unknown.status).toBe(404)
    expect(unknown.body).toEqual(err(203, 'Session not found [ID:not-a-session]'))
    expect((await call('GET', '/session/validate?sessionId=not-a-session')).status).toBe(404)
    const none = await call('GET', '/session/validate')
    expect(none.status).toBe(400)
    expect(none.body).toEqual(err(202, 'Missing required field [sessionId]'))
  })

  it('does not extend the 2-hour window', async () => {
    const c = await createTestClient(t)
    const s = await login(t.app, c, 'admin', PASSWORD)
    t.clock.advance(SESSION_IDLE_MS - 60_000)
    expect((await call('GET', `/session/validate/${s['lv-session']}`)).status).toBe(204)
    t.clock.advance(60_001)
    expect((await call('GET', `/session/validate/${s['lv-session']}`)).status).toBe(404)
    expect((await useSession(s)).status).toBe(401)
  })
})

describe('Change Password', () => {
  async function change(c: TestClient, body: Record<string, unknown>, method: 'PUT' | 'POST' = 'PUT') {
    return call(method, '/session/password', {}, { clientName: c.code, ...body })
  }

  it('changes a user password without LV-Access or LV-Session, ends the sessions, keeps a history of 4', async () => {
    const c = await createTestClient(t)
    const u = await userSession(t, c, 'MANAGER')
    t.clock.advance(1000)
    expect((await change(c, { userName: u.loginId, password: PASSWORD, newPassword: 'Pass0001' })).status).toBe(204)
    expect((await useSession(u.headers)).status).toBe(401)
    await expect(login(t.app, c, u.loginId, PASSWORD)).rejects.toThrow(/401/)
    await login(t.app, c, u.loginId, 'Pass0001')
    const row = await t.db.selectFrom('users').select('password_last_modified').where('id', '=', u.userId).executeTakeFirstOrThrow()
    expect(Number(row.password_last_modified)).toBe(t.clock.now())

    // History: the current and the three before it are refused; the fifth-last is allowed again.
    let current = 'Pass0001'
    for (const next of ['Pass0002', 'Pass0003', 'Pass0004']) {
      expect((await change(c, { userName: u.loginId, password: current, newPassword: next }, 'POST')).status).toBe(204)
      current = next
    }
    for (const old of ['Pass0004', 'Pass0003', 'Pass0002', 'Pass0001']) {
      const res = await change(c, { userName: u.loginId, password: current, newPassword: old })
      expect(res.status, old).toBe(400)
      expect(res.body).toEqual(err(202, 'Invalid password [Password cannot match any of the previous 4 passwords]'))
    }
    expect((await change(c, { userName: u.loginId, password: current, newPassword: PASSWORD })).status).toBe(204)
  })

  it.each([
    [{ newPassword: 'short1' }, 'Invalid password [Password must be at least 8 characters long]'],
    [{ newPassword: 'no-digits-here' }, 'Invalid password [Password must contain at least 1 digit]'],
    [{ newPassword: '' }, 'Missing required field [newPassword]'],
    [{ newPassword: undefined }, 'Missing required field [newPassword]'],
  ])('applies the password rules: %j', async (override, message) => {
    const c = await createTestClient(t)
    const body: Record<string, unknown> = { userName: 'admin', password: PASSWORD, ...override }
    if (override.newPassword === undefined) delete body.newPassword
    const res = await change(c, body)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(err(202, message))
    expect((await useSession(c.admin)).status).toBe(200)
  })

  it('refuses wrong credentials with 401 and changes nothing', async () => {
    const c = await createTestClient(t)
    for (const body of [
      { userName: 'admin', password: 'Wrong1234', newPassword: 'Fresh1234' },
      { userName: 'ghost', password: PASSWORD, newPassword: 'Fresh1234' },
      { clientName: 'NO_SUCH', userName: 'admin', password: PASSWORD, newPassword: 'Fresh1234' },
      { userName: 'admin', password: PASSWORD, newPassword: 'Fresh1234', agent: true },
    ]) {
      const res = await change(c, body)
      expect(res.status).toBe(401)
      expect(res.body).toEqual(err(201, 'Unauthorized [invalid credentials]'))
    }
    await login(t.app, c, 'admin', PASSWORD)
  })

  it('changes an agent password with agent or isAgent', async () => {
    const c = await createTestClient(t)
    const a = await agentSession(t, c)
    expect((await change(c, { userName: a.loginId.toLowerCase(), password: PASSWORD, newPassword: 'Agent0001', agent: true })).status).toBe(204)
    expect((await useSession(a.headers)).status).toBe(401)
    expect((await change(c, { userName: a.loginId, password: 'Agent0001', newPassword: 'Agent0002', isAgent: true })).status).toBe(204)
    await login(t.app, c, a.loginId, 'Agent0002', true)
  })
})

describe('List Active Sessions', () => {
  it('lists the client\'s live sessions in creation order with paging', async () => {
    const c = await createTestClient(t)
    t.clock.advance(1000)
    const it1 = await userSession(t, c, 'IT_USER', { loginId: 'it1' })
    t.clock.advance(1000)
    const a = await agentSession(t, c)
    await createTestClient(t) // another client's sessions never show
    const page1 = await call('GET', '/session/sessions?count=2&offset=0', it1.headers)
    expect(page1.status).toBe(200)
    const start = t.clock.now() - 2000
    // session.md "Secrecy": only the caller's own session shows its id; every one shows its key.
    expect(page1.body).toEqual({
      session: [
        { sessionKey: sessionKeyOf(c.admin['lv-session']!), userId: c.adminUserId, userName: 'admin', agent: false, createdDate: start, lastAccessDate: start },
        // The stored last use moves at most once a minute (session.store.ts TOUCH_INTERVAL_MS).
        { sessionId: it1.headers['lv-session'], sessionKey: sessionKeyOf(it1.headers['lv-session']!), userId: it1.userId, userName: 'it1', agent: false, createdDate: start + 1000, lastAccessDate: start + 1000 },
      ],
      next: 'session/sessions?count=2&offset=2',
    })
    const page2 = await call('GET', '/session/sessions?count=2&offset=2', c.admin)
    expect(page2.body).toEqual({
      session: [{ sessionKey: sessionKeyOf(a.headers['lv-session']!), userId: a.agentId, userName: a.loginId, agent: true, createdDate: start + 2000, lastAccessDate: start + 2000 }],
      next: null,
    })
  })

  it('leaves expired and logged-out sessions out', async () => {
    const c = await createTestClient(t)
    const old = await userSession(t, c, 'MANAGER')
    const gone = await userSession(t, c, 'MANAGER')
    await call('DELETE', '/session/logout', gone.headers)
    t.clock.advance(SESSION_IDLE_MS / 2)
    const fresh = await login(t.app, c, 'admin', PASSWORD)
    t.clock.advance(SESSION_IDLE_MS / 2 + 1)
    const res = await call('GET', '/session/sessions?count=10&offset=0', fresh)
    expect(res.body.session.map((s: { sessionId: string }) => s.sessionId)).toEqual([fresh['lv-session']])
    expect((await useSession(old.headers)).status).toBe(401)
  })

  it('hides Sysadmin sessions from Superusers', async () => {
    const c = await createTestClient(t)
    const su = await userSession(t, c, 'SUPERUSER', { loginId: 'su' })
    const res = await call('GET', '/session/sessions?count=10&offset=0', su.headers)
    expect(res.body.session.map((s: { userName: string }) => s.userName)).toEqual(['su'])
  })

  it('refuses Managers and Agents, and validates paging', async () => {
    const c = await createTestClient(t)
    const m = await userSession(t, c, 'MANAGER', { powers: ['ADMINISTER_AGENTS', 'MODIFY_SERVICES'] })
    const a = await agentSession(t, c)
    for (const headers of [m.headers, a.headers]) {
      const res = await call('GET', '/session/sessions?count=10&offset=0', headers)
      expect(res.status).toBe(403)
      expect(res.body.code).toBe(201)
    }
    const res = await call('GET', '/session/sessions?offset=0', c.admin)
    expect(res.body).toEqual(err(202, 'Missing required field [count]'))
    expect((await call('GET', '/session/sessions?count=10&offset=0')).body).toEqual(err(201, 'Unauthorized [missing LV-Session header]'))
  })
})

describe('Get Session Details', () => {
  it('lets any session read itself, with expiresDate two hours after the last use', async () => {
    const c = await createTestClient(t)
    const a = await agentSession(t, c)
    t.clock.advance(5000)
    const res = await call('GET', `/session/sessions/${a.headers['lv-session']}`, a.headers)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      sessionId: a.headers['lv-session'], sessionKey: sessionKeyOf(a.headers['lv-session']!), clientId: c.clientId, userId: a.agentId, userName: a.loginId, agent: true,
      createdDate: t.clock.now() - 5000, lastAccessDate: t.clock.now(), expiresDate: t.clock.now() + SESSION_IDLE_MS,
    })
  })

  it('lets Sysadmin, Superuser and IT User read other sessions of their client; others get 403', async () => {
    const c = await createTestClient(t)
    const target = await userSession(t, c, 'MANAGER')
    // Other principals' sessions are read by their sessionKey (session.md "Secrecy").
    const id = sessionKeyOf(target.headers['lv-session']!)
    for (const role of ['SUPERUSER', 'IT_USER'] as const) {
      const res = await call('GET', `/session/sessions/${id}`, (await userSession(t, c, role)).headers)
      expect(res.status, role).toBe(200)
      expect(res.body.userId).toBe(target.userId)
    }
    expect((await call('GET', `/session/sessions/${id}`, c.admin)).status).toBe(200)
    const m2 = await userSession(t, c, 'MANAGER', { powers: ['ADMINISTER_AGENTS'] })
    const denied = await call('GET', `/session/sessions/${id}`, m2.headers)
    expect(denied.status).toBe(403)
    expect(denied.body.code).toBe(201)
    expect((await call('GET', `/session/sessions/${id}`, (await agentSession(t, c)).headers)).status).toBe(403)
  })

  it('reports unknown, expired and other clients\' sessions, and Sysadmin sessions to Superusers, as not found', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const su = await userSession(t, c, 'SUPERUSER')
    const notFound = async (id: string, headers: Record<string, string>) => {
      const res = await call('GET', `/session/sessions/${id}`, headers)
      expect(res.status).toBe(404)
      expect(res.body).toEqual(err(203, `Session not found [ID:${id}]`))
    }
    await notFound(other.admin['lv-session']!, c.admin)
    await notFound('00000000-0000-4000-8000-000000000000', c.admin)
    await notFound(c.admin['lv-session']!, su.headers)
    const stale = await userSession(t, c, 'MANAGER')
    t.clock.advance(SESSION_IDLE_MS + 1)
    const fresh = await login(t.app, c, 'admin', PASSWORD)
    await notFound(stale.headers['lv-session']!, fresh)
  })
})

describe('Session housekeeping', () => {
  it('deletes sessions idle past the 2-hour window and keeps live ones', async () => {
    const c = await createTestClient(t)
    const stale = c.admin['lv-session']
    t.clock.advance(2 * 60 * 60 * 1000 + 1)
    const fresh = await createTestClient(t)
    await t.app.sessions.sweep()
    const ids = (await t.db.selectFrom('sessions').select('id').execute()).map((r) => r.id)
    expect(ids).not.toContain(stale)
    expect(ids).toContain(fresh.admin['lv-session'])
  })
})
