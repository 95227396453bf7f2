import { afterAll, beforeAll, expect, it } from 'vitest'
import { Migrator, sql, type Migration } from 'kysely'
import pg from 'pg'
import { inject } from 'vitest'
import { withDatabase } from '../../../test/pg.ts'
import { createDb } from '../../db/database.ts'
import { migrateToLatest } from '../../db/migrate.ts'
import * as m1 from '../../db/migrations/0001_platform.ts'
import * as m2 from '../../db/migrations/0002_call_centers_services.ts'
import * as m3 from '../../db/migrations/0003_agents.ts'
import * as m4 from '../../db/migrations/0004_contacts.ts'
import * as m6 from '../../db/migrations/0006_contact_search.ts'
import * as m7 from '../../db/migrations/0007_contact_account_covering.ts'
import * as m8 from '../../db/migrations/0008_session_security.ts'
import * as m10 from '../../db/migrations/0010_sandbox_snapshots.ts'
import * as m11 from '../../db/migrations/0011_sandbox_shadow_snapshots.ts'
import { buildTestApp, type TestApp } from '../../../test/app.ts'
import { createTestClient } from '../../../test/fixtures.ts'
import { countChangeTriggers } from '../../db/dialect.ts'
import { NON_TENANT_TABLES, TENANT_TABLES } from './tenant-tables.ts'
import { track } from './tenant-rows.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

it('lists every table of the migrated schema, so snapshots, resets and deletes miss no tenant data', async () => {
  const tables = (await t.db.introspection.getTables()).map((table) => table.name).filter((name) => !name.startsWith('sqlite_'))
  const listed = [...TENANT_TABLES.map((table) => table.name), ...NON_TENANT_TABLES]
  expect(tables.filter((name) => !listed.includes(name) && !name.startsWith('sandbox_shadow_')).sort()).toEqual([])
})

it('lists only tables scoped by client_id, each reference pointing at a listed table with its own id', async () => {
  const columns = new Map((await t.db.introspection.getTables()).map((table) => [table.name, table.columns.map((c) => c.name)]))
  for (const table of TENANT_TABLES) {
    expect(columns.get(table.name), table.name).toContain('client_id')
    expect(columns.get(table.name)!.includes('id'), table.name).toBe(table.id)
    for (const [column, target] of Object.entries(table.refs)) {
      expect(columns.get(table.name), `${table.name}.${column}`).toContain(column)
      expect(TENANT_TABLES.find((x) => x.name === target)?.id, `${table.name}.${column} → ${target}`).toBe(true)
      expect(TENANT_TABLES.findIndex((x) => x.name === target), `${target} before ${table.name}`).toBeLessThanOrEqual(TENANT_TABLES.indexOf(table))
    }
  }
})

it('installs no change triggers before the sandbox tracks a tenant: other clients\' writes do not pay for them', async () => {
  // Migration 0011 created them on every table; 0012 drops them, and the bootstrapped state is kept untracked.
  expect(await countChangeTriggers(t.db)).toBe(0)
  const res = await t.app.inject({ method: 'POST', url: '/_lvapi/tenants', payload: {} })
  expect(res.statusCode).toBe(201)
  expect(await countChangeTriggers(t.db)).toBe(3 * (1 + TENANT_TABLES.length))
  // A second tenant finds them installed and installs nothing twice.
  expect((await t.app.inject({ method: 'POST', url: '/_lvapi/tenants', payload: {} })).statusCode).toBe(201)
  expect(await countChangeTriggers(t.db)).toBe(3 * (1 + TENANT_TABLES.length))
})

it('gives clients and every tenant table a shadow with all of its columns, and change triggers', async () => {
  const columns = new Map((await t.db.introspection.getTables()).map((table) => [table.name, table.columns.map((c) => c.name)]))
  for (const name of ['clients', ...TENANT_TABLES.map((table) => table.name)]) {
    expect(columns.get(`sandbox_shadow_${name}`), name).toEqual(['snapshot_id', ...columns.get(name)!])
  }
  // A write of a tracked client is recorded, of an untracked one not.
  const [tracked, other] = [await createTestClient(t), await createTestClient(t)]
  await track(t.db, [tracked.clientId], 1)
  for (const [index, name] of TENANT_TABLES.map((table) => table.name).entries()) {
    for (const client of [tracked, other]) {
      await sql`update ${sql.table(name)} set client_id = client_id where client_id = ${client.clientId}`.execute(t.db)
      // Tables without rows yet get one written through the trigger check only when rows exist;
      // access_tokens and users always have rows (the test client's token and Sysadmin).
    }
    void index
  }
  const recorded = await t.db.selectFrom('sandbox_changes').select(['client_id', 'table_name']).execute()
  expect(new Set(recorded.map((r) => Number(r.client_id)))).toEqual(new Set([tracked.clientId]))
  expect(recorded.map((r) => r.table_name)).toEqual(expect.arrayContaining(['access_tokens', 'users']))
})

/** An empty database, not the migrated copy test/database.ts gives: the migrations run here. */
async function emptyDatabaseUrl(): Promise<string> {
  if (process.env.TEST_DIALECT !== 'postgres') return 'sqlite::memory:'
  const { adminUrl, template } = inject('pgTest')
  const name = `${template}_empty_${process.pid}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE "${name}"`)
  } finally {
    await admin.end()
  }
  return withDatabase(adminUrl, name)
}

it('migration 0012 takes the triggers 0011 put on every table off a database, and forgets what they recorded', async () => {
  const handle = createDb(await emptyDatabaseUrl(), { poolSize: 2 })
  try {
    const before: Record<string, Migration> = {
      '0001_platform': m1, '0002_call_centers_services': m2, '0003_agents': m3, '0004_contacts': m4, '0006_contact_search': m6,
      '0007_contact_account_covering': m7, '0008_session_security': m8, '0010_sandbox_snapshots': m10, '0011_sandbox_shadow_snapshots': m11,
    }
    const { error } = await new Migrator({ db: handle.db, provider: { getMigrations: async () => before } }).migrateToLatest()
    expect(error).toBeUndefined()
    expect(await countChangeTriggers(handle.db)).toBe(3 * (1 + TENANT_TABLES.length))
    // A tenant tracked before: its recorded changes would miss the writes made without triggers.
    await handle.db.insertInto('sandbox_tracked').values({ client_id: 7, snapshot_id: 1 }).execute()
    await handle.db.insertInto('sandbox_changes').values({ client_id: 7, table_name: 'users', row_id: 1 }).execute()
    expect(await migrateToLatest(handle.db)).toContain('0012_sandbox_lazy_change_triggers')
    expect(await countChangeTriggers(handle.db)).toBe(0)
    expect(await handle.db.selectFrom('sandbox_tracked').selectAll().execute()).toEqual([])
    expect(await handle.db.selectFrom('sandbox_changes').selectAll().execute()).toEqual([])
  } finally {
    await handle.close()
  }
})
