import { sql } from 'kysely'
import { dialectOf, dropChangeTriggers, type AnyKysely } from '../dialect.ts'
import { TABLES } from './0011_sandbox_shadow_snapshots.ts'

/**
 * The sandbox's change triggers (0011) come off every table: they made every write of every
 * client pay for change tracking (~3 µs per row on SQLite, a transition table per statement on
 * PostgreSQL) in databases that never have a sandbox tenant. The sandbox installs them when it
 * first tracks a tenant (installChangeTriggers, src/db/dialect.ts; src/sandbox/snapshots).
 *
 * Clients tracked before this ran stop being tracked: their recorded changes would be incomplete
 * from here until the triggers return, and a reset of an untracked tenant rewrites every row.
 */
export async function up(db: AnyKysely): Promise<void> {
  await dropChangeTriggers(db, ['clients', ...TABLES.map(([table]) => table)])
  await db.deleteFrom('sandbox_tracked').execute()
  await db.deleteFrom('sandbox_changes').execute()
  if (dialectOf(db) === 'postgres') {
    for (const fn of ['sandbox_change_by_id', 'sandbox_change_by_table', 'sandbox_change_of_client']) await sql.raw(`drop function if exists ${fn}()`).execute(db)
  }
}
