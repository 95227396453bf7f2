import { idType, millisType, type AnyKysely } from '../dialect.ts'

/**
 * Sandbox snapshots (docs/sandbox.md): the rows of a tenant as it was created ("@created"), as
 * bootstrapped ("@bootstrap", for the whole-database reset) and under names a test chose. Kept in
 * the database so that every instance, and a restarted one, restores the same state; each
 * instance caches the parsed rows and checks `version` before using its copy. No foreign key to
 * clients: a restore deletes and re-inserts the tenant's clients row.
 */
export async function up(db: AnyKysely): Promise<void> {
  await db.schema.createTable('sandbox_snapshots')
    .addColumn('client_id', idType, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('taken_at', millisType, (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sandbox_snapshots_pk', ['client_id', 'name'])
    .execute()
}
