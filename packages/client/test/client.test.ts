import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LvApiClient, LvApiError, type LvApiClientOptions } from '@lvapi/client'
import { buildTestApp, type TestApp } from '../../../test/app.ts'
import { createTestClient, PASSWORD, type TestClient } from '../../../test/fixtures.ts'

/**
 * The client against a real server: the test app listening on an ephemeral port (SQLite, or
 * PostgreSQL under `npm run test:pg`), reached through fetch over TCP.
 */
let t: TestApp
let baseUrl: string

beforeAll(async () => {
  t = await buildTestApp()
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
})
afterAll(() => t.close())

interface Traffic { requests: { method: string; path: string; session: string | null }[] }

/** A client of the tenant's Sysadmin whose fetch records what it sends (and may answer for the server). */
function clientOf(c: TestClient, options: Partial<LvApiClientOptions> & { answer?: (request: Request, n: number) => Response | undefined } = {}) {
  const traffic: Traffic = { requests: [] }
  const lv = new LvApiClient({
    baseUrl, accessToken: c.token, clientName: c.code, userName: 'admin', password: PASSWORD, ...options,
    fetch: async (request) => {
      const url = new URL(request.url)
      traffic.requests.push({ method: request.method, path: url.pathname + url.search, session: request.headers.get('lv-session') })
      return options.answer?.(request, traffic.requests.length) ?? fetch(request)
    },
  })
  return { lv, traffic }
}

const agentBody = (loginId: string) => ({
  loginId, firstName: 'Bob', lastName: 'Pager', password: 'A12345678', phone: '2023467763', wrapUpTime: -1, homeAgent: true, active: true,
})

const rateLimited = (retryAfter?: string) => new Response(JSON.stringify({ code: 205, message: 'Too many requests' }), {
  status: 429, headers: { 'content-type': 'application/json', ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter }) },
})

describe('LvApiClient', () => {
  it('logs in on first use with LV-Access and the body, then sends the session on every call', async () => {
    const c = await createTestClient(t)
    const { lv, traffic } = clientOf(c)
    const { id } = await lv.post('/configuration/agents', { body: agentBody('TYPED1') })
    const agent = await lv.get('/configuration/agents/{id}', { params: { path: { id } } })
    // Typed results: these lines would not compile against the wrong shapes.
    const loginId: string = agent.loginId
    const active: boolean = agent.active
    expect({ loginId, active, firstName: agent.firstName }).toEqual({ loginId: 'TYPED1', active: true, firstName: 'Bob' })
    expect(traffic.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /session/login', 'POST /configuration/agents', `GET /configuration/agents/${id}`,
    ])
    expect(traffic.requests[0].session).toBeNull()
    expect(traffic.requests.slice(1).map((r) => r.session)).toEqual([lv.sessionId, lv.sessionId])
    expect(lv.sessionId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('throws LvApiError with the vendor code, message and status', async () => {
    const c = await createTestClient(t)
    const { lv } = clientOf(c)
    const notFound = await lv.get('/configuration/agents/{id}', { params: { path: { id: 999_999_999 } } }).catch((e: unknown) => e)
    expect(notFound).toBeInstanceOf(LvApiError)
    expect(notFound).toMatchObject({ status: 404, code: 203, message: 'Agent not found [ID:999999999]' })
    const invalid = await lv.post('/configuration/agents', { body: { ...agentBody('x'), loginId: '' } }).catch((e: unknown) => e)
    expect(invalid).toMatchObject({ name: 'LvApiError', status: 400, code: 202, message: 'Missing required field [loginId]' })
    const contact = await lv.get('/contact/contacts/{account}', { params: { path: { account: 'nobody' } } }).catch((e: unknown) => e)
    expect(contact).toMatchObject({ status: 404, code: 203 })
  })

  it('reports bad credentials as a 401 LvApiError from the first call, without retrying the login', async () => {
    const c = await createTestClient(t)
    const { lv, traffic } = clientOf(c, { password: 'wrong-password' })
    const error = await lv.get('/configuration/agents', { params: { query: { count: 1, offset: 0 } } }).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'LvApiError', status: 401, code: 201 })
    expect(traffic.requests.map((r) => r.path)).toEqual(['/session/login'])
  })

  it('logs in again once when the session expired, and repeats the request', async () => {
    const c = await createTestClient(t)
    const { lv, traffic } = clientOf(c)
    const first = await lv.login()
    t.clock.advance(2 * 60 * 60 * 1000 + 1) // README §2.3: two idle hours end a session
    const page = await lv.get('/configuration/agents', { params: { query: { count: 5, offset: 0 } } })
    expect(page).toEqual({ agent: [], next: null })
    expect(lv.sessionId).not.toBe(first.sessionId)
    expect(traffic.requests.map((r) => `${r.method} ${r.path.split('?')[0]} ${r.session === first.sessionId ? 'old' : r.session ? 'new' : '-'}`)).toEqual([
      'POST /session/login -', 'GET /configuration/agents old', 'POST /session/login -', 'GET /configuration/agents new',
    ])
  })

  it('logs in again after a logout and throws a second 401 instead of looping', async () => {
    const c = await createTestClient(t)
    const { lv } = clientOf(c)
    await lv.login()
    const ended = lv.sessionId
    await lv.logout()
    expect(lv.sessionId).toBeUndefined()
    await lv.get('/configuration/agents', { params: { query: { count: 1, offset: 0 } } })
    expect(lv.sessionId).not.toBe(ended)

    // Every call after login refused: one login again, then the 401 is the caller's.
    const refused = clientOf(c, {
      answer: (request) => (new URL(request.url).pathname.startsWith('/session/login')
        ? undefined
        : new Response(JSON.stringify({ code: 201, message: 'Unauthorized [invalid or expired session]' }), { status: 401, headers: { 'content-type': 'application/json' } })),
    })
    const error = await refused.lv.get('/configuration/agents', { params: { query: { count: 1, offset: 0 } } }).catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 401, code: 201, message: 'Unauthorized [invalid or expired session]' })
    expect(refused.traffic.requests.map((r) => r.path.split('?')[0])).toEqual(['/session/login', '/configuration/agents', '/session/login', '/configuration/agents'])
  })

  it('iterates a list and a search with for await, following next page by page', async () => {
    const c = await createTestClient(t)
    const { lv, traffic } = clientOf(c)
    for (let i = 1; i <= 7; i++) await lv.post('/configuration/agents', { body: agentBody(`PAGER${i}`) })
    await lv.post('/configuration/agents', { body: agentBody('OTHER1') })

    const listed: string[] = []
    for await (const agent of lv.paginate('get', '/configuration/agents', { params: { query: { count: 3, offset: 0 } } })) listed.push(agent.loginId)
    // List Agents is ordered by loginId.
    expect(listed).toEqual(['OTHER1', 'PAGER1', 'PAGER2', 'PAGER3', 'PAGER4', 'PAGER5', 'PAGER6', 'PAGER7'])
    expect(traffic.requests.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual([
      '/configuration/agents?count=3&offset=0', '/configuration/agents?count=3&offset=3', '/configuration/agents?count=3&offset=6',
    ])

    const found: string[] = []
    const search = lv.paginate('post', '/configuration/agents/search', { params: { query: { count: 2, offset: 0 } }, body: { loginId: 'pager' } })
    for await (const agent of search) found.push(agent.loginId)
    expect(found).toEqual(['PAGER1', 'PAGER2', 'PAGER3', 'PAGER4', 'PAGER5', 'PAGER6', 'PAGER7'])
    expect(traffic.requests.filter((r) => r.path.startsWith('/configuration/agents/search')).length).toBe(4)
  })

  it('retries 429 / code 205 after Retry-After, within the cap, and then throws', async () => {
    const c = await createTestClient(t)
    // The server's own limits answer 429 only under load; here fetch answers for it.
    const twice = clientOf(c, { answer: (request, n) => (n === 2 || n === 3 ? rateLimited('0') : undefined) })
    expect(await twice.lv.get('/configuration/agents', { params: { query: { count: 1, offset: 0 } } })).toEqual({ agent: [], next: null })
    expect(twice.traffic.requests.map((r) => r.path.split('?')[0])).toEqual(['/session/login', '/configuration/agents', '/configuration/agents', '/configuration/agents'])

    const always = clientOf(c, { retry: { attempts: 2 }, answer: (request, n) => (n > 1 ? rateLimited('0') : undefined) })
    const exhausted = await always.lv.get('/configuration/agents', { params: { query: { count: 1, offset: 0 } } }).catch((e: unknown) => e)
    expect(exhausted).toMatchObject({ name: 'LvApiError', status: 429, code: 205, message: 'Too many requests', retryAfter: 0 })
    expect(always.traffic.requests.length).toBe(1 + 3)

    // A wait above maxDelayMs is not slept through: the error says how long the server asked for.
    const tooLong = clientOf(c, { retry: { maxDelayMs: 1000 }, answer: (request, n) => (n > 1 ? rateLimited('120') : undefined) })
    const capped = await tooLong.lv.get('/configuration/agents', { params: { query: { count: 1, offset: 0 } } }).catch((e: unknown) => e)
    expect(capped).toMatchObject({ status: 429, code: 205, retryAfter: 120 })
    expect(tooLong.traffic.requests.length).toBe(2)

    // Login is retried the same way (the abuse limits answer it with 429 / 205, README §8).
    const login = clientOf(c, { answer: (request, n) => (n === 1 ? rateLimited('0') : undefined) })
    await login.lv.login()
    expect(login.traffic.requests.map((r) => r.path)).toEqual(['/session/login', '/session/login'])
  })

  it('bulk-creates contacts in requests of 1,000 and downloads them as a stream of parsed rows', async () => {
    const c = await createTestClient(t)
    const { lv, traffic } = clientOf(c)
    async function* contacts(n: number) {
      for (let i = 1; i <= n; i++) yield { account: `ACC${String(i).padStart(5, '0')}`, person: { firstName: i === 7 ? 'Ann, "the" 7th' : `First${i}` } }
    }
    const progress: number[] = []
    const result = await lv.bulkCreateContacts(contacts(2_500), { onChunk: (p) => progress.push(p.sent) })
    expect(result).toEqual({ sent: 2_500, created: 2_500, requests: 3 })
    expect(progress).toEqual([1_000, 2_000, 2_500])
    expect(traffic.requests.filter((r) => r.path === '/contact/contacts/bulk').length).toBe(3)
    // Existing accounts are skipped by the server, as Bulk Create does.
    expect(await lv.bulkCreateContacts(contacts(10), { chunkSize: 4 })).toEqual({ sent: 10, created: 0, requests: 3 })
    await expect(lv.bulkCreateContacts([], { chunkSize: 1001 })).rejects.toThrow(RangeError)

    const rows: Record<string, string>[] = []
    for await (const row of lv.downloadContacts({ exportableFields: ['account', 'firstName'] })) rows.push(row)
    expect(rows.length).toBe(2_500)
    expect(rows[0]).toEqual({ Account: 'ACC00001', 'First Name': 'First1' })
    expect(rows[6]).toEqual({ Account: 'ACC00007', 'First Name': 'Ann, "the" 7th' })
    expect(rows.at(-1)).toEqual({ Account: 'ACC02500', 'First Name': 'First2500' })

    let seen = 0
    for await (const _ of lv.downloadContacts({ exportableFields: ['account'] })) if (++seen === 3) break
    expect(seen).toBe(3)

    const listed: number[] = []
    for await (const contact of lv.paginate('get', '/contact/contacts', { params: { query: { count: 1000, offset: 0 } } })) listed.push(contact.id)
    expect(listed.length).toBe(2_500)

    const bad = await (async () => {
      for await (const _ of lv.downloadContacts({ exportableFields: ['noSuchField'] })) { /* not reached */ }
    })().catch((e: unknown) => e)
    expect(bad).toMatchObject({ name: 'LvApiError', status: 400, code: 202 })
  })
})
