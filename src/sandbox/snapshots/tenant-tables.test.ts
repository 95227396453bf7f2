import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/app.ts'
import { NON_TENANT_TABLES, TENANT_TABLES } from './tenant-tables.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

it('lists every table of the migrated schema, so snapshots, resets and deletes miss no tenant data', async () => {
  const tables = (await t.db.introspection.getTables()).map((table) => table.name).filter((name) => !name.startsWith('sqlite_'))
  const listed = [...TENANT_TABLES.map((table) => table.name), ...NON_TENANT_TABLES]
  expect(tables.filter((name) => !listed.includes(name)).sort()).toEqual([])
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
