import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/app.ts'
import { createTestClient, PASSWORD } from '../../../test/fixtures.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

describe('Login', () => {
  it('creates a session usable on later calls', async () => {
    const c = await createTestClient(t)
    const res = await t.app.inject({
      method: 'POST', url: '/session/login', headers: { 'lv-access': c.token },
      payload: { clientName: c.code.toLowerCase(), userName: 'admin', password: PASSWORD },
    })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toEqual({ sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/), clientId: c.clientId, userId: c.adminUserId })
    expect(body.sessionId).toBe(c.admin['lv-session'])
    const sessions = await t.app.inject({ method: 'GET', url: '/session/sessions?count=10&offset=0', headers: { 'lv-session': body.sessionId } })
    expect(sessions.statusCode).toBe(200)
  })
})
