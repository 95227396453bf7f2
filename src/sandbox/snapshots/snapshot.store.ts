import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { AnyKysely } from '../../db/dialect.ts'
import { TENANT_TABLES } from './tenant-tables.ts'

/** The state a tenant was created in (POST /_lvapi/tenants); what a tenant reset returns to. */
export const CREATED = '@created'
/** The root client as bootstrapped (with the demo tenant when LV_DEMO_DATA=1): the database reset's target. */
export const BOOTSTRAP = '@bootstrap'
/** The demo data set as first seeded in this database; owned by no tenant (client 0), kept by every reset. */
export const DEMO_TEMPLATE = '@demo'
export const NO_TENANT = 0
/**
 * A catalogue entry without rows that marks its client as a parked demo tenant, ready to be taken
 * (tenant-pool.ts); taking one deletes the entry, so only one taker gets it.
 */
export const POOLED = '@pool'

/**
 * Where a snapshot's rows are. Without `from`, every table's rows are its own (shadow rows under
 * its id). With `from`, the tables not in `own` are another snapshot's (the demo template's), ids
 * shifted by `offsets` per table and client_id set to the snapshot's client; references to rows
 * of that snapshot shift with them. `ranges`: the smallest and largest id per table (the demo
 * template's, for reserving id blocks).
 */
export interface SnapshotLayout {
  from?: { snapshotId: number; offsets: Record<string, number>; own: string[] }
  ranges?: Record<string, [number, number]>
  /**
   * The rows (table → ids; 0: the whole table of the client) in which this snapshot may differ from
   * its tenant's "@created" state, when known (tenant-rows.ts changedSinceCreated): a restore from
   * one to the other then rewrites only those rows and the ones written since.
   */
  sinceCreated?: Record<string, number[]>
}

export interface Snapshot {
  id: number
  clientId: number
  name: string
  takenAt: number
  clientIds: number[]
  layout: SnapshotLayout
}

export const shadowOf = (table: string) => `sandbox_shadow_${table}`
export const ALL_TABLES: readonly string[] = ['clients', ...TENANT_TABLES.map((t) => t.name)]
/** Shadow tables are named at run time (shadowOf): the Database type does not list them. */
const any = (db: Db): AnyKysely => db

export async function findSnapshot(db: Db, clientId: number, name: string): Promise<Snapshot | undefined> {
  const row = await db.selectFrom('sandbox_snapshots').selectAll().where('client_id', '=', clientId).where('name', '=', name).executeTakeFirst()
  return row && {
    id: Number(row.id), clientId: Number(row.client_id), name: row.name, takenAt: Number(row.taken_at),
    clientIds: JSON.parse(row.client_ids) as number[], layout: row.layout ? JSON.parse(row.layout) as SnapshotLayout : {},
  }
}

export async function findSnapshotById(db: Db, id: number): Promise<Snapshot | undefined> {
  const row = await db.selectFrom('sandbox_snapshots').select(['client_id', 'name']).where('id', '=', id).executeTakeFirst()
  return row && findSnapshot(db, Number(row.client_id), row.name)
}

/**
 * A new catalogue entry (replacing the one of that name with its rows). `ifAbsent`: leave an
 * existing one and answer undefined (the demo template, which two instances may seed at once).
 */
export async function addSnapshot(db: Db, entry: Omit<Snapshot, 'id'>, ifAbsent = false): Promise<Snapshot | undefined> {
  if (!ifAbsent) {
    const old = await findSnapshot(db, entry.clientId, entry.name)
    if (old) await dropSnapshots(db, [old.id])
  }
  const row = await db.insertInto('sandbox_snapshots')
    .values({ client_id: entry.clientId, name: entry.name, taken_at: entry.takenAt, client_ids: JSON.stringify(entry.clientIds), layout: JSON.stringify(entry.layout) })
    .onConflict((oc) => oc.columns(['client_id', 'name']).doNothing())
    .returning('id').executeTakeFirst()
  return row && { ...entry, id: Number(row.id) }
}

/** The clients' current rows of the given tables, as the snapshot's own rows: one INSERT … SELECT per table. */
export async function copyIntoSnapshot(db: Db, snapshot: Snapshot, tables: readonly string[], columnsOf: (table: string) => Promise<string[]>): Promise<void> {
  const ids = sql.join(snapshot.clientIds.map((id) => sql.lit(id)))
  for (const table of tables) {
    const columns = sql.join((await columnsOf(table)).map((c) => sql.ref(c)))
    const scope = table === 'clients' ? sql`id` : sql`client_id`
    await sql`insert into ${sql.table(shadowOf(table))} (snapshot_id, ${columns}) select ${sql.lit(snapshot.id)}, ${columns} from ${sql.table(table)} where ${scope} in (${ids})`.execute(db)
  }
}

/** The snapshot's own rows of these tables (before they are captured again). */
export async function dropSnapshotRows(db: Db, snapshotId: number, tables: readonly string[]): Promise<void> {
  for (const table of tables) await any(db).deleteFrom(shadowOf(table)).where('snapshot_id', '=', snapshotId).execute()
}

/** Catalogue entries and their rows. */
export async function dropSnapshots(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return
  for (const table of ALL_TABLES) await any(db).deleteFrom(shadowOf(table)).where('snapshot_id', 'in', ids).execute()
  await db.deleteFrom('sandbox_snapshots').where('id', 'in', ids).execute()
}

export interface SnapshotInfo {
  name: string
  takenAt: number
}

/** The tenant's named snapshots (the reserved "@..." ones are not listed). */
export async function listSnapshots(db: Db, clientId: number): Promise<SnapshotInfo[]> {
  const rows = await db.selectFrom('sandbox_snapshots').select(['name', 'taken_at'])
    .where('client_id', '=', clientId).where('name', 'not like', '@%').orderBy('name').execute()
  return rows.map((r) => ({ name: r.name, takenAt: Number(r.taken_at) }))
}

export async function deleteSnapshot(db: Db, clientId: number, name: string): Promise<boolean> {
  const snapshot = await findSnapshot(db, clientId, name)
  if (!snapshot) return false
  await dropSnapshots(db, [snapshot.id])
  return true
}

/** Every snapshot of the clients (a deleted tenant), or of every client but the `keep` names (the database reset). */
export async function deleteSnapshotsOf(db: Db, clientIds: readonly number[] | 'all', keep: string[] = []): Promise<void> {
  let query = db.selectFrom('sandbox_snapshots').select('id')
  if (clientIds !== 'all') {
    if (clientIds.length === 0) return
    query = query.where('client_id', 'in', clientIds)
  }
  if (keep.length > 0) query = query.where('name', 'not in', keep)
  await dropSnapshots(db, (await query.execute()).map((r) => Number(r.id)))
}
