import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildApp } from '../app.ts'
import { loadConfig } from '../config.ts'
import { createTestDatabaseUrl } from '../../test/database.ts'
import type { TestApp } from '../../test/app.ts'
import { createTestClient, type TestClient } from '../../test/fixtures.ts'
import { ManualClock } from '../lib/clock.ts'
import { createDb } from './database.ts'
import { migrateToLatest } from './migrate.ts'
import { StatementTimeout } from './bounded-read.ts'
import { copyFromStdin } from './postgres/postgres-dialect.ts'
import { sql } from 'kysely'

// Issue 10 item 7: Find Matching Contact is a bounded read. On a SQLite file it runs on a worker
// thread with its own read-only connection; on every database it stops at the statement time
// limit and answers 400/202 instead of holding the server.
const dirs: string[] = []
afterAll(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }) })

const postgres = process.env.TEST_DIALECT === 'postgres'

async function appOn(url: string, statementTimeoutMs?: number): Promise<TestApp> {
  const dbHandle = createDb(url, { poolSize: 4, statementTimeoutMs })
  await migrateToLatest(dbHandle.db)
  const clock = new ManualClock()
  const app = await buildApp({ config: loadConfig({}, { LV_DEMO_DATA: '0' }), dbHandle, clock, logger: false })
  await app.ready()
  return { app, db: dbHandle.db, clock, close: () => app.close() }
}

function sqliteFileUrl(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lvapi-bounded-'))
  dirs.push(dir)
  return `sqlite:${join(dir, 'test.db')}`
}

async function seedContacts(t: TestApp, c: TestClient, count: number): Promise<void> {
  const now = t.clock.now()
  for (let from = 0; from < count; from += 500) {
    const rows = Array.from({ length: Math.min(500, count - from) }, (_, i) => ({
      client_id: c.clientId, account: `ACC${from + i}`, account_key: `acc${from + i}`, first_name: 'Ada', first_name_key: 'ada',
      last_name: `Last${from + i}`, last_name_key: `last${from + i}`, city: 'Boston', created_at: now, modified_at: now,
    }))
    await t.db.insertInto('contacts').values(rows as never).execute()
  }
}

/** The heavy search: 100 OR'ed CONTAINS conditions that match nothing, so every contact is examined. */
const heavySearch = {
  search: Array.from({ length: 99 }, (_, i) => i + 1).reduce<object>(
    (left, i) => ({ rule: 'OR', left, right: { field: ['name', 'city', 'email', 'address'][i % 4], criteria: `zq${i}x`, condition: 'CONTAINS' } }),
    { field: 'name', criteria: 'zq0x', condition: 'CONTAINS' },
  ),
}

async function search(t: TestApp, c: TestClient, body: object) {
  const res = await t.app.inject({ method: 'POST', url: '/contact/contacts/search?count=1000&offset=0', headers: c.admin, payload: body })
  return { status: res.statusCode, body: res.json() }
}

const databases: Array<[string, () => Promise<string>]> = postgres
  ? [['PostgreSQL', createTestDatabaseUrl]]
  : [['a SQLite file (read worker)', async () => sqliteFileUrl()], ['SQLite in memory', async () => 'sqlite::memory:']]

describe.each(databases)('Find Matching Contact on %s', (_name, url) => {
  it('answers a search that runs past the statement time limit with 400/202 and keeps serving', async () => {
    const t = await appOn(await url(), 1)
    try {
      const c = await createTestClient(t)
      await seedContacts(t, c, 5000)
      expect(await search(t, c, heavySearch)).toEqual({
        status: 400,
        body: expect.objectContaining({ code: 202, message: 'Invalid input [search took too long (over 1 ms); narrow the search]' }),
      })
      const read = await t.app.inject({ method: 'GET', url: '/contact/contacts/ACC1', headers: c.admin })
      expect(read.statusCode).toBe(200)
    } finally {
      await t.close()
    }
  })

  it('stops a search at the limit when the limit is more than a few milliseconds (a SQLite file: on a read worker)', async () => {
    const t = await appOn(await url(), 30)
    try {
      const c = await createTestClient(t)
      await seedContacts(t, c, 20_000)
      expect(await search(t, c, heavySearch)).toEqual({
        status: 400,
        body: expect.objectContaining({ code: 202, message: 'Invalid input [search took too long (over 30 ms); narrow the search]' }),
      })
    } finally {
      await t.close()
    }
  })

  it('finishes a search that takes more than a few milliseconds (a SQLite file: on a read worker)', async () => {
    const t = await appOn(await url())
    try {
      const c = await createTestClient(t)
      await seedContacts(t, c, 10_000)
      await t.db.updateTable('contacts').set({ last_name: 'Zq4x', last_name_key: 'zq4x' }).where('account', '=', 'ACC4321').execute()
      const res = await search(t, c, heavySearch)
      expect(res.status).toBe(200)
      expect(res.body.findMatchingContactsDetails.map((x: { account: string }) => x.account)).toEqual(['ACC4321'])
    } finally {
      await t.close()
    }
  })

  it('finds what was written just before, within the default limit', async () => {
    const t = await appOn(await url())
    try {
      const c = await createTestClient(t)
      await seedContacts(t, c, 50)
      const created = await t.app.inject({
        method: 'POST', url: '/contact/contacts', headers: c.admin,
        payload: { createContactDetails: { account: 'NEW-1', person: { firstName: 'Zed', lastName: 'Zq4x' } } },
      })
      expect(created.statusCode).toBe(201)
      const res = await search(t, c, heavySearch)
      expect(res.status).toBe(200)
      expect(res.body.findMatchingContactsDetails.map((x: { account: string }) => x.account)).toEqual(['NEW-1'])
    } finally {
      await t.close()
    }
  })
})

describe.runIf(postgres)('PostgreSQL bounded read (pipelined)', () => {
  it('answers, times out, and leaves its connection fit for the next transaction and COPY', async () => {
    const dbHandle = createDb(await createTestDatabaseUrl(), { poolSize: 1, statementTimeoutMs: 50 })
    try {
      const { db, boundedRead } = dbHandle
      const backend = async () => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0].pid
      const pid = await backend()
      expect(await boundedRead(sql<{ n: number }>`select 1 + ${1}::int as n`.compile(db))).toEqual([{ n: 2 }])
      await expect(boundedRead(sql`select pg_sleep(1)`.compile(db))).rejects.toBeInstanceOf(StatementTimeout)
      await expect(boundedRead(sql`select * from no_such_table`.compile(db))).rejects.toMatchObject({ code: '42P01' })
      // One connection throughout, out of any transaction, and COPY (refused in pg's pipeline mode) still works on it.
      expect(await backend()).toBe(pid)
      expect((await sql<{ s: string }>`select current_setting('statement_timeout') as s`.execute(db)).rows[0].s).toBe('0')
      await db.transaction().execute(async (trx) => {
        await sql`create temp table bounded_copy (n int) on commit drop`.execute(trx)
        await trx.executeQuery(copyFromStdin('copy bounded_copy (n) from stdin', '1\n2\n'))
        expect((await sql<{ c: number }>`select count(*)::int as c from bounded_copy`.execute(trx)).rows[0].c).toBe(2)
      })
      expect(await boundedRead(sql<{ n: number }>`select 3 as n`.compile(db))).toEqual([{ n: 3 }])
    } finally {
      await dbHandle.close()
    }
  })
})
