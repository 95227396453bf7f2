import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../src/db/database.ts'
import { dialectOf } from '../src/db/dialect.ts'
import { buildTestApp, type TestApp } from './app.ts'

/**
 * The schema stays ready to shard by client on Citus (docs/scaling.md): a distributed table's
 * primary and unique keys must contain the distribution column, and a foreign key between two
 * distributed tables must join them on it. Checked on the live migrated schema of the dialect
 * under test, so a table added by any module is held to the same rules.
 */

/** Tables without client_id, and why: they become Citus reference tables or stay on the coordinator. */
const GLOBAL_TABLES: Record<string, string> = {
  clients: 'the tenant registry itself: its id is the distribution value, Login finds a client by code '
    + 'before any client is known, and sub-client scope walks parent_id across tenants (reference table)',
  kysely_migration: 'migration bookkeeping, coordinator only',
  kysely_migration_lock: 'migration bookkeeping, coordinator only',
  // Migration 0008 (issue 10 item 8): a Login naming an unknown client code is counted too, so
  // that it locks like a real one; there is no client, hence no client_id to distribute by.
  login_failures: 'failed Logins on names that match no User or Agent, keyed by the client code as sent (client_key), '
    + 'which may name no client: no client_id exists for it; small and short-lived (reference table or coordinator only)',
}

/** Unique keys of tenant tables that do not contain client_id, and why that is safe. */
const KEYS_WITHOUT_CLIENT: Record<string, { columns: string; reason: string }> = {
  sessions: {
    columns: 'id',
    reason: 'the LV-Session header carries only the session id (a random UUID); on Citus the key becomes '
      + '(client_id, id) and the by-id lookup, cached per instance, probes every shard',
  },
}

interface Key {
  table: string
  name: string
  primary: boolean
  unique: boolean
  /** Key columns in order; an expression is shown as "(expression)". */
  columns: string[]
}

interface ForeignKey {
  table: string
  name: string
  referencedTable: string
  /** [column, referenced column] pairs. */
  pairs: Array<[string, string]>
}

interface Schema {
  /** generated: an identity / rowid column, unique by construction. */
  tables: Map<string, { columns: Map<string, { nullable: boolean; generated: boolean }> }>
  keys: Key[]
  foreignKeys: ForeignKey[]
}

async function readPostgresSchema(db: Db): Promise<Schema> {
  const columns = await sql<{ table_name: string; column_name: string; is_nullable: string; is_identity: string }>`
    SELECT c.table_name, c.column_name, c.is_nullable, c.is_identity
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`.execute(db)
  const keys = await sql<{ table_name: string; key_name: string; is_primary: boolean; is_unique: boolean; columns: string }>`
    SELECT t.relname AS table_name, i.relname AS key_name, x.indisprimary AS is_primary, x.indisunique AS is_unique,
      (SELECT string_agg(coalesce(a.attname::text, '(expression)'), ',' ORDER BY k.ord)
         FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
         LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0
        WHERE k.ord <= x.indnkeyatts) AS columns
    FROM pg_index x
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_class i ON i.oid = x.indexrelid
    WHERE t.relnamespace = current_schema()::regnamespace`.execute(db)
  const foreignKeys = await sql<{ table_name: string; key_name: string; referenced_table: string; pairs: string }>`
    SELECT t.relname AS table_name, f.conname AS key_name, r.relname AS referenced_table,
      (SELECT string_agg(a.attname || '=' || ra.attname, ',' ORDER BY k.ord)
         FROM unnest(f.conkey, f.confkey) WITH ORDINALITY AS k(attnum, rattnum, ord)
         JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = k.attnum
         JOIN pg_attribute ra ON ra.attrelid = f.confrelid AND ra.attnum = k.rattnum) AS pairs
    FROM pg_constraint f
    JOIN pg_class t ON t.oid = f.conrelid
    JOIN pg_class r ON r.oid = f.confrelid
    WHERE f.contype = 'f' AND t.relnamespace = current_schema()::regnamespace`.execute(db)
  const schema: Schema = { tables: new Map(), keys: [], foreignKeys: [] }
  for (const c of columns.rows) {
    const table = schema.tables.get(c.table_name) ?? { columns: new Map() }
    table.columns.set(c.column_name, { nullable: c.is_nullable === 'YES', generated: c.is_identity === 'YES' })
    schema.tables.set(c.table_name, table)
  }
  schema.keys = keys.rows.map((k) => ({
    table: k.table_name, name: k.key_name, primary: k.is_primary, unique: k.is_unique, columns: k.columns.split(','),
  }))
  schema.foreignKeys = foreignKeys.rows.map((f) => ({
    table: f.table_name, name: f.key_name, referencedTable: f.referenced_table,
    pairs: f.pairs.split(',').map((p) => p.split('=') as [string, string]),
  }))
  return schema
}

async function readSqliteSchema(db: Db): Promise<Schema> {
  const tables = await sql<{ name: string }>`
    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`.execute(db)
  const schema: Schema = { tables: new Map(), keys: [], foreignKeys: [] }
  for (const { name } of tables.rows) {
    const info = await sql<{ name: string; type: string; notnull: number; pk: number }>`
      SELECT name, type, "notnull", pk FROM pragma_table_info(${name})`.execute(db)
    const rowidAlias = info.rows.filter((c) => c.pk > 0).length === 1
    schema.tables.set(name, {
      columns: new Map(info.rows.map((c) => [c.name, {
        nullable: c.notnull === 0 && c.pk === 0,
        generated: rowidAlias && c.pk === 1 && c.type.toUpperCase() === 'INTEGER',
      }])),
    })
    const indexes = await sql<{ name: string; unique: number; origin: string }>`SELECT name, "unique", origin FROM pragma_index_list(${name})`.execute(db)
    for (const index of indexes.rows) {
      const cols = await sql<{ name: string | null }>`SELECT name FROM pragma_index_info(${index.name}) ORDER BY seqno`.execute(db)
      schema.keys.push({
        table: name, name: index.name, primary: index.origin === 'pk', unique: index.unique === 1,
        columns: cols.rows.map((c) => c.name ?? '(expression)'),
      })
    }
    // An INTEGER PRIMARY KEY is the rowid itself and has no index of its own.
    if (!indexes.rows.some((i) => i.origin === 'pk')) {
      const pk = info.rows.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name)
      if (pk.length > 0) schema.keys.push({ table: name, name: `${name} primary key`, primary: true, unique: true, columns: pk })
    }
    const fks = await sql<{ id: number; table: string; from: string; to: string | null }>`
      SELECT id, "table", "from", "to" FROM pragma_foreign_key_list(${name}) ORDER BY id, seq`.execute(db)
    const byId = new Map<number, ForeignKey>()
    for (const fk of fks.rows) {
      const entry = byId.get(fk.id) ?? { table: name, name: `${name} foreign key ${fk.id}`, referencedTable: fk.table, pairs: [] }
      entry.pairs.push([fk.from, fk.to ?? 'id'])
      byId.set(fk.id, entry)
    }
    schema.foreignKeys.push(...byId.values())
  }
  return schema
}

/**
 * Sandbox snapshot copies (migration 0011): each row is a copy of a tenant row kept under a
 * snapshot_id, with the same columns and no constraints; they are test state of a single-node
 * sandbox and stay on the coordinator (docs/scaling.md), so neither rule below applies to them.
 */
const SANDBOX_SHADOW = /^sandbox_shadow_/
const isTenant = (schema: Schema, table: string) => !SANDBOX_SHADOW.test(table) && (schema.tables.get(table)?.columns.has('client_id') ?? false)
const tenantTables = (schema: Schema) => [...schema.tables.keys()].filter((table) => isTenant(schema, table)).sort()

function readSchema(db: Db): Promise<Schema> {
  return dialectOf(db) === 'postgres' ? readPostgresSchema(db) : readSqliteSchema(db)
}

function tablesWithoutReason(schema: Schema): string[] {
  return [...schema.tables.keys()].filter((table) => !isTenant(schema, table) && !(table in GLOBAL_TABLES) && !SANDBOX_SHADOW.test(table))
}

function clientColumnProblems(schema: Schema): string[] {
  const problems: string[] = []
  for (const table of tenantTables(schema)) {
    if (schema.tables.get(table)!.columns.get('client_id')!.nullable) problems.push(`${table}.client_id is nullable`)
    if (!schema.keys.some((k) => k.table === table && k.columns[0] === 'client_id')) problems.push(`${table} has no index leading with client_id`)
  }
  return problems
}

function uniqueKeyProblems(schema: Schema): string[] {
  const problems: string[] = []
  for (const key of schema.keys.filter((k) => k.unique && isTenant(schema, k.table))) {
    if (key.columns.includes('client_id')) continue
    const exception = KEYS_WITHOUT_CLIENT[key.table]
    if (exception && exception.columns === key.columns.join(',')) continue
    // A surrogate id drawn from an identity sequence is unique by construction, so widening the
    // key to (client_id, id), as the distribution step does (docs/scaling.md), changes no rule.
    // SQLite needs the one-column INTEGER PRIMARY KEY for its rowid, so the schema keeps it.
    const surrogate = key.primary && key.columns.length === 1
      && schema.tables.get(key.table)!.columns.get(key.columns[0])?.generated === true
    if (surrogate) continue
    problems.push(`${key.table} ${key.primary ? 'primary' : 'unique'} key (${key.columns.join(', ')}) lacks client_id`)
  }
  return problems
}

function foreignKeyProblems(schema: Schema): string[] {
  const problems: string[] = []
  for (const fk of schema.foreignKeys) {
    const from = isTenant(schema, fk.table)
    const to = isTenant(schema, fk.referencedTable)
    // Citus: a reference table cannot point into a distributed one, and two distributed tables
    // can only reference each other when the key matches their distribution columns.
    if (!from && to) problems.push(`${fk.table} (global) references tenant table ${fk.referencedTable}`)
    if (from && to && !fk.pairs.some(([column, referenced]) => column === 'client_id' && referenced === 'client_id')) {
      problems.push(`${fk.table} -> ${fk.referencedTable} (${fk.pairs.map((p) => p.join('=')).join(', ')}) does not match client_id`)
    }
  }
  return problems
}

let t: TestApp
let schema: Schema

beforeAll(async () => {
  t = await buildTestApp()
  schema = await readSchema(t.db)
})
afterAll(async () => { await t.close() })

describe('schema readiness for sharding by client_id', () => {
  it('reads the migrated schema', () => {
    expect(tenantTables(schema)).toEqual(expect.arrayContaining(['users', 'sessions', 'call_centers', 'services', 'agents']))
    expect(schema.keys.find((k) => k.table === 'users' && k.primary)?.columns).toEqual(['id'])
    expect(schema.tables.get('users')!.columns.get('id')!.generated).toBe(true)
    expect(schema.tables.get('sessions')!.columns.get('id')!.generated).toBe(false)
    expect(schema.foreignKeys.find((f) => f.table === 'services' && f.referencedTable === 'call_centers')?.pairs)
      .toEqual([['client_id', 'client_id'], ['call_center_id', 'id']])
  })

  it('gives every table a client_id or a documented reason to be global', () => {
    expect(tablesWithoutReason(schema), 'add client_id, or list the table in GLOBAL_TABLES (test/schema.test.ts) and docs/scaling.md').toEqual([])
    const stale = Object.keys(GLOBAL_TABLES).filter((table) => !schema.tables.has(table) || isTenant(schema, table))
    expect(stale, 'GLOBAL_TABLES names tables that are gone or now have client_id').toEqual([])
  })

  it('makes client_id mandatory and indexed first in every tenant table', () => {
    expect(clientColumnProblems(schema)).toEqual([])
  })

  it('puts client_id into every primary and unique key of a tenant table, or explains why not', () => {
    expect(uniqueKeyProblems(schema), 'add client_id to the key, or explain it in KEYS_WITHOUT_CLIENT and docs/scaling.md').toEqual([])
    const stale = Object.entries(KEYS_WITHOUT_CLIENT)
      .filter(([table, { columns }]) => !schema.keys.some((k) => k.table === table && k.unique && k.columns.join(',') === columns))
    expect(stale, 'KEYS_WITHOUT_CLIENT names keys that are gone').toEqual([])
  })

  it('joins tenant tables to each other on client_id, so their foreign keys stay inside one shard', () => {
    expect(foreignKeyProblems(schema)).toEqual([])
  })

  it('reports tables that would not distribute', async () => {
    // Written into this test's private database only, to prove the checks see what they guard.
    await sql`CREATE TABLE probe_global (id integer PRIMARY KEY, code text NOT NULL)`.execute(t.db)
    await sql`CREATE TABLE probe_tenant (
      client_id bigint, account text NOT NULL, agent_id bigint,
      FOREIGN KEY (agent_id) REFERENCES agents (id))`.execute(t.db)
    await sql`CREATE UNIQUE INDEX probe_tenant_account_idx ON probe_tenant (account)`.execute(t.db)
    const broken = await readSchema(t.db)
    expect(tablesWithoutReason(broken)).toEqual(['probe_global'])
    expect(clientColumnProblems(broken)).toEqual(['probe_tenant.client_id is nullable', 'probe_tenant has no index leading with client_id'])
    expect(uniqueKeyProblems(broken)).toEqual(['probe_tenant unique key (account) lacks client_id'])
    expect(foreignKeyProblems(broken)).toEqual(['probe_tenant -> agents (agent_id=id) does not match client_id'])
  })
})
