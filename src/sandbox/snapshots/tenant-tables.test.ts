import { afterAll, beforeAll, expect, it } from 'vitest'
import { sql } from 'kysely'
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
