import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../app.ts'
import { createTestClient, type TestClient } from '../fixtures.ts'

/** Issue 10 item 13: nosniff everywhere, no-store on API answers, a CSP under which the offline docs still load. */
let t: TestApp
let c: TestClient
beforeAll(async () => {
  t = await buildTestApp()
  c = await createTestClient(t)
})
afterAll(async () => { await t.close() })

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers })

describe('API answers', () => {
  it('carry nosniff and no-store, errors and unknown routes included', async () => {
    const answers = [
      await get('/configuration/users/info', c.admin),
      await get('/contact/contacts?count=1&offset=0', c.admin),
      await t.app.inject({ method: 'POST', url: '/session/login', headers: { 'lv-access': c.token }, payload: { clientName: c.code, userName: 'admin', password: 'Secret123' } }),
      await get('/configuration/users?count=0&offset=0', c.admin),
      await get('/configuration/users/info'),
      await get('/nowhere'),
      await t.app.inject({ method: 'PATCH', url: '/configuration/users' }),
      await get('/health'),
    ]
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 400, 401, 404, 405, 200])
    for (const res of answers) {
      expect(res.headers['x-content-type-options'], res.raw.req.url).toBe('nosniff')
      expect(res.headers['cache-control'], res.raw.req.url).toBe('no-store')
      expect(res.headers['content-security-policy'], res.raw.req.url).toContain("default-src 'self'")
    }
    // The OpenAPI document holds no caller data; its caching is its own affair, nosniff is not.
    expect((await get('/openapi.json')).headers['x-content-type-options']).toBe('nosniff')
  })
})

describe('/docs', () => {
  it('has a Content-Security-Policy that allows exactly what its page loads: same-origin scripts and styles, no CDN, no inline script', async () => {
    const page = await get('/docs')
    expect(page.statusCode).toBe(200)
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('upgrade-insecure-requests')
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/)
    const html = page.body
    // Every <script> has a src (script-src 'self' forbids inline code).
    expect([...html.matchAll(/<script\b([^>]*)>/g)].every((m) => /\bsrc=/.test(m[1]))).toBe(true)
    const refs = [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].map((m) => m[1])
    expect(refs.length).toBeGreaterThan(2)
    for (const ref of refs) {
      // Same origin: relative to /docs/, no scheme or host (the UI works offline).
      expect(ref, ref).not.toMatch(/^(?:[a-z]+:)?\/\//i)
      const asset = await get(new URL(ref, 'http://lvapi.test/docs/').pathname)
      expect(asset.statusCode, ref).toBe(200)
      // nosniff makes browsers refuse a script or style served under another type.
      if (ref.endsWith('.js')) expect(asset.headers['content-type'], ref).toMatch(/javascript/)
      if (ref.endsWith('.css')) expect(asset.headers['content-type'], ref).toMatch(/^text\/css/)
    }
    // The UI fetches the document from the same origin.
    expect((await get('/docs/json')).statusCode).toBe(200)
  })
})
