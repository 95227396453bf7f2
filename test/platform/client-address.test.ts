import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../app.ts'
import { createTestClient, insertAgent, PASSWORD } from '../fixtures.ts'

/** Issue 10 item 11: X-Forwarded-For only behind a configured proxy; lastLoginIp is an IP address. */
async function lastLoginIpAfter(t: TestApp, headers: Record<string, string>): Promise<unknown> {
  const c = await createTestClient(t)
  const { agentId, loginId } = await insertAgent(t, c.clientId)
  const res = await t.app.inject({
    method: 'POST', url: '/session/login', headers: { 'lv-access': c.token, ...headers },
    payload: { clientName: c.code, userName: loginId, password: PASSWORD, agent: true },
  })
  expect(res.statusCode, res.body).toBe(200)
  return (await t.app.inject({ method: 'GET', url: `/configuration/agents/${agentId}`, headers: c.admin })).json().lastLoginIp
}

const XSS = '<img src=x onerror=alert(1)>'

describe('without LV_TRUST_PROXY', () => {
  let t: TestApp
  beforeAll(async () => { t = await buildTestApp() })
  afterAll(async () => { await t.close() })

  it('ignores X-Forwarded-For and records the peer address', async () => {
    expect(await lastLoginIpAfter(t, { 'x-forwarded-for': '203.0.113.9' })).toBe('127.0.0.1')
    expect(await lastLoginIpAfter(t, { 'x-forwarded-for': XSS })).toBe('127.0.0.1')
  })
})

describe('with LV_TRUST_PROXY naming the proxy', () => {
  let t: TestApp
  beforeAll(async () => { t = await buildTestApp({ config: { LV_TRUST_PROXY: '127.0.0.1' } }) })
  afterAll(async () => { await t.close() })

  it('records the forwarded client address', async () => {
    expect(await lastLoginIpAfter(t, { 'x-forwarded-for': '203.0.113.9' })).toBe('203.0.113.9')
    expect(await lastLoginIpAfter(t, { 'x-forwarded-for': '2001:db8::7, 127.0.0.1' })).toBe('2001:db8::7')
  })

  it('stores only a parsed IP address: anything else falls back to the peer', async () => {
    expect(await lastLoginIpAfter(t, { 'x-forwarded-for': XSS })).toBe('127.0.0.1')
    expect(await lastLoginIpAfter(t, { 'x-forwarded-for': 'unknown' })).toBe('127.0.0.1')
  })
})
