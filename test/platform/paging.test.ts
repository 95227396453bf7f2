import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../app.ts'
import { createTestClient, type TestClient } from '../fixtures.ts'
import { hashSecret } from '../../src/lib/secrets.ts'

/** README §5 paging, on List LiveVox Users (a list that takes `client` as well). */
let t: TestApp
let c: TestClient
const TOTAL = 1003

beforeAll(async () => {
  t = await buildTestApp()
  c = await createTestClient(t)
  // 1002 more users besides `admin`, inserted directly: enough to page past the 1000 cap.
  const hash = await hashSecret('Secret123')
  const now = t.clock.now()
  const rows = Array.from({ length: TOTAL - 1 }, (_, i) => ({
    client_id: c.clientId, login_id: `user${String(i).padStart(4, '0')}`, first_name: 'F', last_name: 'L', role: 'MANAGER' as const,
    email: null, phone: null, active: 1, locked: 0, failed_login_attempts: 0, password_hash: hash, password_history: '[]',
    password_last_modified: now, optional_manager_powers: '[]', optional_excluded_powers: '[]', last_login: null, last_login_ip: null,
    created_at: now, modified_at: now,
  }))
  for (let i = 0; i < rows.length; i += 250) await t.db.insertInto('users').values(rows.slice(i, i + 250)).execute()
})
afterAll(async () => { await t.close() })

const err = (code: number, message: string) => ({ code, message, errorCode: code, errorMessage: message })

async function list(query: string, path = '/configuration/users') {
  const res = await t.app.inject({ method: 'GET', url: `${path}?${query}`, headers: c.admin })
  return { status: res.statusCode, body: res.json() }
}

describe('count', () => {
  it.each([
    ['offset=0', err(202, 'Missing required field [count]')],
    // README §4: an empty mandatory parameter is missing.
    ['count=&offset=0', err(202, 'Missing required field [count]')],
    ['count=0&offset=0', err(202, 'Invalid input [count must be >= 1]')],
    ['count=-5&offset=0', err(202, 'Invalid input [count must be >= 1]')],
    ['count=ten&offset=0', err(202, 'Invalid input [count must be integer]')],
    ['count=1.5&offset=0', err(202, 'Invalid input [count must be integer]')],
    ['count={ten}&offset=0', err(202, 'Invalid input [count must be integer]')],
  ])('refuses %s', async (query, body) => {
    const res = await list(query)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(body)
  })

  it('returns one item and a next link for count=1', async () => {
    const res = await list('count=1&offset=0')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      user: [{ id: c.adminUserId, loginId: 'admin', firstName: 'Ada', lastName: 'Admin', role: 'SYSADMIN', active: true, lastLogin: expect.any(Number), lastLoginIp: '127.0.0.1' }],
      next: 'configuration/users?count=1&offset=1',
    })
  })

  it('returns 1000 items for count=1000', async () => {
    const res = await list('count=1000&offset=0')
    expect(res.body.user).toHaveLength(1000)
    expect(res.body.next).toBe('configuration/users?count=1000&offset=1000')
  })

  it('clamps count=1001 to 1000, and next carries count=1000', async () => {
    const res = await list('count=1001&offset=0')
    expect(res.status).toBe(200)
    expect(res.body.user).toHaveLength(1000)
    expect(res.body.next).toBe('configuration/users?count=1000&offset=1000')
    const last = await list('count=5000&offset=1000')
    expect(last.body.user.map((u: { loginId: string }) => u.loginId)).toEqual(['user0999', 'user1000', 'user1001'])
    expect(last.body.next).toBeNull()
  })

  it('reads values written in braces ({10}) without them', async () => {
    const res = await list('count={10}&offset={0}')
    expect(res.status).toBe(200)
    expect(res.body.user).toHaveLength(10)
    expect(res.body.next).toBe('configuration/users?count={10}&offset=10')
    const encoded = await list('count=%7B2%7D&offset=%7B4%7D')
    expect(encoded.body.user.map((u: { loginId: string }) => u.loginId)).toEqual(['user0003', 'user0004'])
  })
})

describe('offset', () => {
  it.each([
    ['count=10', err(202, 'Missing required field [offset]')],
    ['count=10&offset=-1', err(202, 'Invalid input [offset must be >= 0]')],
    ['count=10&offset=x', err(202, 'Invalid input [offset must be integer]')],
  ])('refuses %s', async (query, body) => {
    const res = await list(query)
    expect(res.status).toBe(400)
    expect(res.body).toEqual(body)
  })

  it('counts items, not pages', async () => {
    const res = await list('count=4&offset=2')
    expect(res.body.user.map((u: { loginId: string }) => u.loginId)).toEqual(['user0001', 'user0002', 'user0003', 'user0004'])
    expect(res.body.next).toBe('configuration/users?count=4&offset=6')
  })

  it('answers the last partial page with next null, and past the end an empty page', async () => {
    const last = await list(`count=10&offset=${TOTAL - 3}`)
    expect(last.body.user).toHaveLength(3)
    expect(last.body.next).toBeNull()
    expect((await list(`count=10&offset=${TOTAL - 10}`)).body.next).toBeNull()
    expect((await list(`count=10&offset=${TOTAL - 11}`)).body.next).toBe(`configuration/users?count=10&offset=${TOTAL - 1}`)
    for (const offset of [TOTAL, TOTAL + 1, 1_000_000]) {
      expect((await list(`count=10&offset=${offset}`)).body).toEqual({ user: [], next: null })
    }
  })
})

describe('next', () => {
  it('keeps the parameter order and every other parameter as sent', async () => {
    const res = await list(`offset=0&client=${c.clientId}&foo=a%20b&count=2`)
    expect(res.body.next).toBe(`configuration/users?offset=2&client=${c.clientId}&foo=a%20b&count=2`)
  })

  it('drops the version segment, duplicate and trailing slashes', async () => {
    for (const path of ['/configuration/v6.0/users', '/configuration/v3.4/users/', '//configuration//users', '/CONFIGURATION/USERS']) {
      const res = await list('count=3&offset=3', path)
      expect(res.status, path).toBe(200)
      expect(res.body.user.map((u: { loginId: string }) => u.loginId)).toEqual(['user0002', 'user0003', 'user0004'])
      expect(res.body.next, path).toMatch(/^configuration\/users\?count=3&offset=6$/i)
    }
  })

  it('follows through the whole list without gaps or repeats', async () => {
    const seen: string[] = []
    let url: string | null = '/configuration/users?count=400&offset=0'
    while (url) {
      const res = await t.app.inject({ method: 'GET', url, headers: c.admin })
      const body = res.json() as { user: { loginId: string }[]; next: string | null }
      seen.push(...body.user.map((u) => u.loginId))
      url = body.next === null ? null : `/${body.next}`
    }
    expect(seen).toHaveLength(TOTAL)
    expect(new Set(seen).size).toBe(TOTAL)
  })
})
