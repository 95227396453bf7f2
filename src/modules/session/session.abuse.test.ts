import { Migrator, type Migration } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/app.ts'
import { createTestClient, PASSWORD, userSession, type TestClient } from '../../../test/fixtures.ts'
import { createDb } from '../../db/database.ts'
import { migrateToLatest } from '../../db/migrate.ts'
import * as m1 from '../../db/migrations/0001_platform.ts'
import * as m2 from '../../db/migrations/0002_call_centers_services.ts'
import * as m3 from '../../db/migrations/0003_agents.ts'
import * as m4 from '../../db/migrations/0004_contacts.ts'
import * as m6 from '../../db/migrations/0006_contact_search.ts'
import * as m7 from '../../db/migrations/0007_contact_account_covering.ts'
import { ApiError } from '../../http/errors.ts'
import { HashGate, hashGate, hashSecret, sha256Hex } from '../../lib/secrets.ts'
import { addAccessToken } from './access-token.service.ts'

/**
 * Issue 10 item 5: a wrong LV-Access costs no password hash (README §2.2), password hashing runs
 * with bounded concurrency, and Login / Change Password carry the README §8 abuse limits.
 */
let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })
afterEach(() => { vi.restoreAllMocks() })

const random = () => `${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`

function loginOn(app: TestApp, c: { code: string }, token: string, body: Record<string, unknown> = {}, remoteAddress = '127.0.0.1') {
  return app.app.inject({
    method: 'POST', url: '/session/login', headers: { 'lv-access': token }, remoteAddress,
    payload: { clientName: c.code, userName: 'admin', password: PASSWORD, ...body },
  })
}

describe('access token lookup (README §2.2)', () => {
  it('answers wrong tokens without a single password hash, however many tokens the client has', async () => {
    const c = await createTestClient(t)
    for (let i = 0; i < 4; i++) await addAccessToken(t.db, c.clientId, t.clock.now())
    const hashes = vi.spyOn(hashGate, 'run')
    const answers = await Promise.all(Array.from({ length: 20 }, () => loginOn(t, c, random())))
    for (const res of answers) {
      expect(res.statusCode).toBe(401)
      expect(res.json()).toMatchObject({ code: 201, message: 'Unauthorized [invalid access token]' })
    }
    expect(hashes).not.toHaveBeenCalled()
  })

  it('upgrades a token stored as scrypt before migration 0008 on its first use, then looks it up by digest', async () => {
    const c = await createTestClient(t)
    const token = `legacy-${random()}`
    const { id } = await t.db.insertInto('access_tokens')
      .values({ client_id: c.clientId, token_digest: null, legacy_hash: await hashSecret(token), created_at: t.clock.now() })
      .returning('id').executeTakeFirstOrThrow()
    const hashes = vi.spyOn(hashGate, 'run')
    // While a legacy row remains, a token not found by digest is checked against it.
    expect((await loginOn(t, c, random())).statusCode).toBe(401)
    expect(hashes).toHaveBeenCalledTimes(1)
    const first = await loginOn(t, c, token)
    expect(first.statusCode).toBe(200)
    const row = await t.db.selectFrom('access_tokens').select(['token_digest', 'legacy_hash']).where('id', '=', Number(id)).executeTakeFirstOrThrow()
    expect(row).toEqual({ token_digest: sha256Hex(token), legacy_hash: null })
    hashes.mockClear()
    // Same session reused: the token resolves to the same row, by digest, with no hash.
    const again = await loginOn(t, c, token)
    expect(again.json().sessionId).toBe(first.json().sessionId)
    expect((await loginOn(t, c, random())).statusCode).toBe(401)
    expect(hashes).not.toHaveBeenCalled()
  })

  it('migration 0008 keeps a database with scrypt-hashed tokens working (SQLite file from before the change)', async () => {
    const handle = createDb('sqlite::memory:')
    try {
      const before: Record<string, Migration> = {
        '0001_platform': m1, '0002_call_centers_services': m2, '0003_agents': m3, '0004_contacts': m4,
        '0006_contact_search': m6, '0007_contact_account_covering': m7,
      }
      const { error } = await new Migrator({ db: handle.db, provider: { getMigrations: async () => before } }).migrateToLatest()
      expect(error).toBeUndefined()
      const db = handle.db as any
      const { id: clientId } = await db.insertInto('clients').values({
        code: 'OLD', code_key: 'OLD', display_name: 'Old', encrypt_ccs_password: 0, max_failed_ccs_login_attempts: 5,
        encrypt_acd_password: 0, max_failed_acd_login_attempts: 0, password_expiration_days: 0, service_level_seconds: 20,
        restrict_strategies_scope: 0, scrub_wireless: 0, acd_resource_group_enabled: 0, acd_agent_skill_enabled: 0,
        acct_realtime_dnc: 0, report_only_after_all_retries: 0, created_at: 1,
      }).returning('id').executeTakeFirstOrThrow()
      const legacy = await hashSecret('Old0Token0Value')
      await db.insertInto('access_tokens').values({ client_id: clientId, token_hash: legacy, created_at: 1 }).execute()
      expect(await migrateToLatest(handle.db)).toContain('0008_session_security')
      expect(await handle.db.selectFrom('access_tokens').select(['client_id', 'token_digest', 'legacy_hash']).execute())
        .toEqual([{ client_id: clientId, token_digest: null, legacy_hash: legacy }])
    } finally {
      await handle.close()
    }
  })
})

describe('HashGate', () => {
  it('runs at most `concurrency` hashes at once and refuses with 429 / 205 when the queue is full', async () => {
    const gate = new HashGate(1)
    let running = 0
    let peak = 0
    const releases: Array<() => void> = []
    const task = () => gate.run(() => new Promise<void>((resolve) => {
      running++
      peak = Math.max(peak, running)
      releases.push(() => { running--; resolve() })
    }), 2)
    const accepted = [task(), task(), task()]
    const refused = await task().then(() => null, (e: unknown) => e)
    expect(refused).toBeInstanceOf(ApiError)
    expect(refused).toMatchObject({ status: 429, code: 205, message: 'Too many requests', headers: { 'retry-after': '1' } })
    while (releases.length > 0 || running > 0) {
      releases.shift()?.()
      await new Promise((r) => setImmediate(r))
    }
    await Promise.all(accepted)
    expect(peak).toBe(1)
  })
})

describe('abuse limits (README §8)', () => {
  let limited: TestApp
  beforeAll(async () => {
    limited = await buildTestApp({ abuseLimits: { LV_ABUSE_LIMIT_PER_ADDRESS: 6, LV_ABUSE_LIMIT_PER_PRINCIPAL: 3, LV_ABUSE_WINDOW_SECONDS: 60 } })
  })
  afterAll(async () => { await limited.close() })

  const tooMany = (res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, retryAfter: string) => {
    expect(res.statusCode).toBe(429)
    expect(res.headers['retry-after']).toBe(retryAfter)
    expect(res.json()).toMatchObject({ code: 205, message: 'Too many requests' })
  }

  async function client(): Promise<TestClient> {
    const c = await createTestClient(limited)
    // Lockout is not an abuse limit and would answer first: keep it out of these tests.
    await limited.db.updateTable('clients').set({ max_failed_ccs_login_attempts: 0 }).where('id', '=', c.clientId).execute()
    return c
  }

  it('limits failed checks per target principal; a right password then waits too; the window resets', async () => {
    const c = await client()
    for (let i = 0; i < 3; i++) expect((await loginOn(limited, c, c.token, { password: 'Wrong1234' }, '10.0.0.1')).statusCode).toBe(401)
    tooMany(await loginOn(limited, c, c.token, {}, '10.0.0.2'), '60')
    limited.clock.advance(20_000)
    tooMany(await loginOn(limited, c, c.token, { password: 'Wrong1234' }, '10.0.0.3'), '40')
    // Change Password is the same door: it counts against the same principal.
    const change = await limited.app.inject({
      method: 'PUT', url: '/session/password', remoteAddress: '10.0.0.4',
      payload: { clientName: c.code, userName: 'admin', password: PASSWORD, newPassword: 'Fresh1234' },
    })
    tooMany(change, '40')
    limited.clock.advance(40_000)
    expect((await loginOn(limited, c, c.token, {}, '10.0.0.1')).statusCode).toBe(200)
  })

  it('limits failed checks per client address, whatever principal they name', async () => {
    const c = await client()
    const address = '10.0.1.1'
    for (let i = 0; i < 6; i++) expect((await loginOn(limited, c, c.token, { userName: `nobody${i}` }, address)).statusCode).toBe(401)
    tooMany(await loginOn(limited, c, c.token, {}, address), '60')
    expect((await loginOn(limited, c, c.token, {}, '10.0.1.2')).statusCode).toBe(200)
    limited.clock.advance(60_000)
  })

  it('counts only failures and checks in progress: successful logins never run into the limit', async () => {
    const c = await client()
    const u = await userSession(limited, c, 'MANAGER')
    for (let i = 0; i < 20; i++) {
      expect((await loginOn(limited, c, c.token, { userName: u.loginId }, '10.0.2.1')).statusCode).toBe(200)
    }
  })

  it('stops a flood of random tokens from one address after the limit, before any of them is checked', async () => {
    const c = await client()
    const answers = await Promise.all(Array.from({ length: 64 }, (_, i) => loginOn(limited, c, random(), { userName: `user${i}` }, '10.0.3.1')))
    const statuses = answers.map((r) => r.statusCode).sort()
    expect(statuses.filter((s) => s === 401)).toHaveLength(6)
    expect(statuses.filter((s) => s === 429)).toHaveLength(58)
    limited.clock.advance(60_000)
  })

  it('are off in the test app by default, as LV_ABUSE_LIMITS=off makes them', async () => {
    const c = await createTestClient(t)
    await t.db.updateTable('clients').set({ max_failed_ccs_login_attempts: 0 }).where('id', '=', c.clientId).execute()
    for (let i = 0; i < 40; i++) expect((await loginOn(t, c, c.token, { password: 'Wrong1234' })).statusCode).toBe(401)
  })
})
