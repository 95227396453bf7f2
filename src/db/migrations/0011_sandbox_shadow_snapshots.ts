import { sql } from 'kysely'
import { addIdColumn, createChangeFunctions, createChangeTriggers, idType, millisType, type AnyKysely } from '../dialect.ts'

/**
 * Sandbox snapshots as rows in the database instead of JSON (docs/sandbox.md, issue 13 targets):
 *
 * - `sandbox_shadow_<table>`: one per tenant table and clients, the table's columns plus
 *   snapshot_id, no constraints. Taking a snapshot and restoring one are INSERT … SELECT between a
 *   table and its shadow, all inside the database; a demo tenant's 6,000 contacts are 219 columns
 *   wide and cost several times more to move through JavaScript.
 * - `sandbox_snapshots`: the catalogue. `layout` (JSON) lets a snapshot take some tables from
 *   another snapshot with ids shifted by fixed offsets: every demo tenant's "@created" state is the
 *   one demo template ("@demo", client 0) plus its own few rows, so creating one copies the demo
 *   rows once, not twice.
 * - `sandbox_tracked` / `sandbox_changes`: the clients of a sandbox tenant, the snapshot their rows
 *   equal but for the changes, and the rows written since (table, id; 0 for tables without ids),
 *   recorded by triggers on every tenant table. A reset then rewrites only those rows. Clients
 *   that are not tracked cost the triggers one index probe per written row.
 *
 * The JSON snapshots of 0010 are dropped: they are test state of a running sandbox, and their
 * format is gone. A database bootstrapped before keeps working but cannot be reset as a whole.
 *
 * The table list is frozen here as it was when this ran; a later tenant table gets its shadow and
 * triggers in its own migration (tenant-tables.test.ts checks that every tenant table has both).
 */
export const TABLES: [string, 'id' | 'table'][] = [
  ['client_messaging_properties', 'table'], ['client_voices', 'table'], ['access_tokens', 'id'], ['users', 'id'],
  ['list_modifications', 'table'], ['resource_groups', 'id'], ['input_filters', 'id'], ['call_centers', 'id'], ['services', 'id'],
  ['user_services', 'table'], ['service_caller_ids', 'id'], ['service_messaging_properties', 'table'], ['service_inbound_hours', 'id'],
  ['service_outbound_resource_groups', 'table'], ['campaigns', 'id'], ['agents', 'id'], ['agent_services', 'table'], ['agent_skills', 'id'],
  ['agent_skill_assignments', 'table'], ['contact_custom_fields', 'table'], ['contact_groups', 'id'], ['contacts', 'id'],
  ['contact_notes', 'id'], ['business_accounts', 'id'], ['contact_business_accounts', 'table'], ['contact_call_results', 'id'],
]

export async function up(db: AnyKysely): Promise<void> {
  await db.schema.dropTable('sandbox_snapshots').execute()
  await addIdColumn(db, db.schema.createTable('sandbox_snapshots'))
    .addColumn('client_id', idType, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('taken_at', millisType, (c) => c.notNull())
    .addColumn('client_ids', 'text', (c) => c.notNull())
    .addColumn('layout', 'text')
    .addUniqueConstraint('sandbox_snapshots_name_uq', ['client_id', 'name'])
    .execute()
  await db.schema.createTable('sandbox_tracked')
    .addColumn('client_id', idType, (c) => c.primaryKey())
    .addColumn('snapshot_id', idType, (c) => c.notNull())
    .execute()
  await db.schema.createTable('sandbox_changes')
    .addColumn('client_id', idType, (c) => c.notNull())
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('row_id', idType, (c) => c.notNull())
    .addPrimaryKeyConstraint('sandbox_changes_pk', ['client_id', 'table_name', 'row_id'])
    .execute()

  for (const [table, key] of [['clients', 'id'] as const, ...TABLES]) {
    const shadow = `sandbox_shadow_${table}`
    await sql`create table ${sql.table(shadow)} as select cast(0 as bigint) as snapshot_id, * from ${sql.table(table)} where 1 = 0`.execute(db)
    await db.schema.createIndex(`${shadow}_ix`).on(shadow).columns(key === 'id' ? ['snapshot_id', 'id'] : ['snapshot_id']).execute()
  }
  await createChangeFunctions(db)
  await createChangeTriggers(db, 'clients', 'client')
  for (const [table, key] of TABLES) await createChangeTriggers(db, table, key)
}
