import { createHash } from 'node:crypto'
import { Writable } from 'node:stream'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../app.ts'
import { createTestClient, PASSWORD, type TestClient } from '../fixtures.ts'

/**
 * Secrets (access tokens, passwords, session ids in the LV-Session header) never reach the
 * database in clear, nor the log. The app logs at trace level with no redaction configured, so
 * nothing but the absence of secrets from what Fastify logs keeps them out.
 */
let t: TestApp
const logLines: string[] = []
beforeAll(async () => {
  const stream = new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done() } })
  t = await buildTestApp({ logger: { level: 'trace', stream } })
})
afterAll(async () => { await t.close() })

const NEW_USER_PASSWORD = 'Brand9New9Secret'
const CHANGED_PASSWORD = 'Changed9Secret9X'
const SESSION_PASSWORD = 'Session9Change9Y'

async function exercise(c: TestClient): Promise<string[]> {
  const sessionIds = [c.admin['lv-session']]
  const inject = (options: InjectOptions) => t.app.inject(options)
  const created = await inject({
    method: 'POST', url: '/configuration/users', headers: c.admin,
    payload: { loginId: 'secretive', firstName: 'S', lastName: 'S', password: NEW_USER_PASSWORD, role: 'SUPERUSER' },
  })
  expect(created.statusCode).toBe(201)
  const userId = created.json().id
  const login = await inject({
    method: 'POST', url: '/session/login', headers: { 'lv-access': c.token },
    payload: { clientName: c.code, userName: 'secretive', password: NEW_USER_PASSWORD },
  })
  expect(login.statusCode).toBe(200)
  sessionIds.push(login.json().sessionId)
  // Wrong passwords and malformed bodies go through the error paths.
  expect((await inject({
    method: 'POST', url: '/session/login', headers: { 'lv-access': c.token },
    payload: { clientName: c.code, userName: 'secretive', password: `${NEW_USER_PASSWORD}x` },
  })).statusCode).toBe(401)
  expect((await inject({
    method: 'POST', url: '/session/login', headers: { 'lv-access': c.token, 'content-type': 'application/json' },
    payload: `{"clientName":"${c.code}","userName":"secretive","password":"${NEW_USER_PASSWORD}"`,
  })).statusCode).toBe(400)
  expect((await inject({ method: 'GET', url: '/configuration/users/info', headers: { 'lv-session': sessionIds[1] } })).statusCode).toBe(200)
  expect((await inject({ method: 'PUT', url: `/configuration/users/${userId}`, headers: c.admin, payload: { password: CHANGED_PASSWORD } })).statusCode).toBe(204)
  expect((await inject({
    method: 'PUT', url: '/session/password',
    payload: { clientName: c.code, userName: 'secretive', password: CHANGED_PASSWORD, newPassword: SESSION_PASSWORD },
  })).statusCode).toBe(204)
  const again = await inject({
    method: 'POST', url: '/session/login', headers: { 'lv-access': c.token },
    payload: { clientName: c.code, userName: 'secretive', password: SESSION_PASSWORD },
  })
  sessionIds.push(again.json().sessionId)
  // An expired or unknown session id in the header takes the 401 path.
  expect((await inject({ method: 'GET', url: '/configuration/users/info', headers: { 'lv-session': sessionIds[1] } })).statusCode).toBe(401)
  expect((await inject({ method: 'DELETE', url: '/session/logout', headers: { 'lv-session': sessionIds[2] } })).statusCode).toBe(204)
  return sessionIds
}

describe('secrets at rest and in logs', () => {
  it('stores only salted hashes of tokens and passwords', async () => {
    const c = await createTestClient(t)
    await exercise(c)
    const dump: string[] = []
    for (const table of await t.db.introspection.getTables()) {
      if (table.name.startsWith('kysely_')) continue
      const rows = await t.db.selectFrom(table.name as never).selectAll().execute()
      dump.push(`${table.name}: ${JSON.stringify(rows)}`)
    }
    const all = dump.join('\n')
    expect(all).toContain('"login_id":"secretive"')
    for (const secret of [c.token, PASSWORD, NEW_USER_PASSWORD, CHANGED_PASSWORD, SESSION_PASSWORD]) {
      expect(all.includes(secret), `database holds ${secret} in clear`).toBe(false)
    }
    const user = await t.db.selectFrom('users').select(['password_hash', 'password_history']).where('client_id', '=', c.clientId)
      .where('login_id', '=', 'secretive').executeTakeFirstOrThrow()
    expect(user.password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]{22}\$[\w-]{43}$/)
    expect(JSON.parse(user.password_history)).toHaveLength(3)
    // README §2.2: a token is a random secret kept as its SHA-256 (found in O(1), no slow hash).
    const tokens = await t.db.selectFrom('access_tokens').select(['token_digest', 'legacy_hash']).where('client_id', '=', c.clientId).execute()
    expect(tokens).toEqual([{ token_digest: createHash('sha256').update(c.token).digest('hex'), legacy_hash: null }])
  })

  it('never logs the access token, a password or the LV-Session value', async () => {
    const c = await createTestClient(t)
    logLines.length = 0
    const sessionIds = await exercise(c)
    const log = logLines.join('')
    // The log is not empty: every request has its one line (src/http/request-log.ts), with its URL
    // and status, so the absence of secrets below is checked against what is really logged.
    const requests = logLines.map((line) => JSON.parse(line) as { msg: string; req?: { method: string; url: string }; res?: { statusCode: number } })
      .filter((line) => line.msg === 'request completed').map((line) => `${line.req?.method} ${line.req?.url} ${line.res?.statusCode}`)
    expect(requests).toEqual([
      'POST /configuration/users 201', 'POST /session/login 200', 'POST /session/login 401', 'POST /session/login 400',
      'GET /configuration/users/info 200', expect.stringMatching(/^PUT \/configuration\/users\/\d+ 204$/), 'PUT /session/password 204',
      'POST /session/login 200', 'GET /configuration/users/info 401', 'DELETE /session/logout 204',
    ])
    for (const secret of [c.token, PASSWORD, NEW_USER_PASSWORD, CHANGED_PASSWORD, SESSION_PASSWORD, ...sessionIds]) {
      expect(log.includes(secret), `log contains ${secret}`).toBe(false)
    }
  })
})
