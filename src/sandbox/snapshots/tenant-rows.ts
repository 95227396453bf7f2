import { sql, type RawBuilder } from 'kysely'
import type { Db } from '../../db/database.ts'
import { dialectOf, installChangeTriggers, type AnyKysely, type ChangeKey } from '../../db/dialect.ts'
import { listClientSubtree } from '../../modules/session/session.repository.ts'
import { ALL_TABLES, copyIntoSnapshot, CREATED, findSnapshotById, shadowOf, type Snapshot } from './snapshot.store.ts'
import { CLIENTS_TABLE, TENANT_TABLES, type TenantTable } from './tenant-tables.ts'

/**
 * A tenant's rows written from and to snapshots (snapshot.store.ts), all as set-based statements
 * inside the database: no row passes through JavaScript.
 */

/** Tables named at run time (TENANT_TABLES, shadowOf) are outside the Database type. */
const any = (db: Db): AnyKysely => db
const TABLES = new Map<string, TenantTable>([CLIENTS_TABLE, ...TENANT_TABLES].map((t) => [t.name, t]))

/** Column names per table, read from the schema once per dialect (the schema is the migrated one). */
const columnCache = new Map<string, Promise<Map<string, string[]>>>()
export function columnsOf(db: Db): (table: string) => Promise<string[]> {
  const dialect = dialectOf(db)
  let all = columnCache.get(dialect)
  if (!all) {
    all = db.introspection.getTables().then((tables) => new Map(tables.map((t) => [t.name, t.columns.map((c) => c.name)])))
    all.catch(() => columnCache.delete(dialect))
    columnCache.set(dialect, all)
  }
  return async (table) => {
    const columns = (await all).get(table)
    if (!columns) throw new Error(`no table ${table}`)
    return columns
  }
}

const list = (ids: readonly number[]) => sql.join(ids.map((id) => sql.lit(Number(id))))

/** Takes the clients' rows of every table as the snapshot's own rows. */
export function captureTenant(db: Db, snapshot: Snapshot, tables: readonly string[] = ALL_TABLES): Promise<void> {
  return copyIntoSnapshot(db, snapshot, tables, columnsOf(db))
}

/**
 * Writes the snapshot's rows of the tables into their tables. `changedOf`: only the rows recorded
 * in sandbox_changes for those clients (whole tables for tables without ids). `sourceIds`: only the
 * source rows with ids in this range (a copy in parts, tables with ids only).
 */
export async function insertFromSnapshot(db: Db, snapshot: Snapshot, tables: readonly string[], changedOf?: readonly number[], sourceIds?: [number, number]): Promise<void> {
  const columnsFor = columnsOf(db)
  for (const name of tables) {
    const table = TABLES.get(name)!
    const from = snapshot.layout.from
    const borrowed = from && name !== 'clients' && !from.own.includes(name)
    const sourceId = borrowed ? from.snapshotId : snapshot.id
    const offset = (t: string) => (borrowed ? from.offsets[t] ?? 0 : 0)
    const columns = await columnsFor(name)
    const values = columns.map((c): RawBuilder<unknown> => {
      if (!borrowed) return sql.ref(`s.${c}`)
      if (c === 'id') return sql`s.id + ${sql.lit(offset(name))}`
      if (c === 'client_id') return sql`${sql.lit(snapshot.clientId)}`
      const target = table.refs[c]
      if (!target || offset(target) === 0) return sql.ref(`s.${c}`)
      // Only ids of the template's own rows move; others are out-of-band ids (README §9), kept.
      return sql`case when exists (select 1 from ${sql.table(shadowOf(target))} x where x.snapshot_id = ${sql.lit(sourceId)} and x.id = s.${sql.ref(c)}) then s.${sql.ref(c)} + ${sql.lit(offset(target))} else s.${sql.ref(c)} end`
    })
    const only = changedOf && table.id
      ? sql` and s.id in (select row_id - ${sql.lit(offset(name))} from sandbox_changes where client_id in (${list(changedOf)}) and table_name = ${name})`
      : sql``
    const part = sourceIds && table.id ? sql` and s.id between ${sql.lit(sourceIds[0])} and ${sql.lit(sourceIds[1])}` : sql``
    await sql`insert into ${sql.table(name)} (${sql.join(columns.map((c) => sql.ref(c)))})
      select ${sql.join(values)} from ${sql.table(shadowOf(name))} s where s.snapshot_id = ${sql.lit(sourceId)}${only}${part}`.execute(db)
  }
}

/** Sessions of the clients end, and login failures counted against their codes go. */
async function endSessions(db: Db, clientIds: readonly number[]): Promise<void> {
  const codes = await db.selectFrom('clients').select('code_key').where('id', 'in', clientIds).execute()
  await db.deleteFrom('sessions').where('client_id', 'in', clientIds).execute()
  if (codes.length > 0) await db.deleteFrom('login_failures').where('client_key', 'in', codes.map((c) => c.code_key)).execute()
}

/** Stops recording the clients' writes and forgets those recorded. */
export async function untrack(db: Db, clientIds: readonly number[]): Promise<void> {
  await db.deleteFrom('sandbox_tracked').where('client_id', 'in', clientIds).execute()
  await db.deleteFrom('sandbox_changes').where('client_id', 'in', clientIds).execute()
}

const TRACKED_TABLES: [string, ChangeKey][] = [['clients', 'client'], ...TENANT_TABLES.map((t): [string, ChangeKey] => [t.name, t.id ? 'id' : 'table'])]

/**
 * The triggers that record tracked clients' writes, installed on first use (dialect.ts
 * installChangeTriggers: a database without sandbox tenants does not pay for them). A transaction
 * that will track clients calls this first, before it writes (PostgreSQL takes the tables' locks).
 */
export function ensureChangeTracking(db: Db): Promise<void> {
  return installChangeTriggers(db, TRACKED_TABLES)
}

/** From now on the clients' writes are recorded against the snapshot their rows equal. */
export async function track(db: Db, clientIds: readonly number[], snapshotId: number): Promise<void> {
  // Normally already done at the transaction's start; a catalogue query when it was.
  await ensureChangeTracking(db)
  await untrack(db, clientIds)
  await db.insertInto('sandbox_tracked').values(clientIds.map((id) => ({ client_id: id, snapshot_id: snapshotId }))).execute()
}

/**
 * Deletes every row of the given clients, children before parents, their sessions and the login
 * failures counted against their codes. The clients rows go too when `withClients`.
 */
export async function deleteTenantRows(db: Db, clientIds: readonly number[], withClients: boolean): Promise<void> {
  if (clientIds.length === 0) return
  await untrack(db, clientIds)
  await endSessions(db, clientIds)
  for (const t of [...TENANT_TABLES].reverse()) await any(db).deleteFrom(t.name).where('client_id', 'in', clientIds).execute()
  if (!withClients) return
  // Sub-clients before their parents: clients.parent_id references clients.id.
  const ordered = [...clientIds].sort((a, b) => b - a)
  for (const id of ordered) await db.deleteFrom('clients').where('id', '=', id).execute()
}

/** Every row of the snapshot written back (the clients' rows must be gone); its clients tracked against it. */
export async function insertTenantRows(db: Db, snapshot: Snapshot): Promise<void> {
  await insertFromSnapshot(db, snapshot, ALL_TABLES)
  await track(db, snapshot.clientIds, snapshot.id)
}

/**
 * The tenant back to the snapshot, ids kept. Returns the clients touched. When the tenant's rows
 * equal the snapshot but for the writes recorded since (the usual reset), only those rows are
 * deleted and written again; otherwise (another snapshot, a sub-client added or removed, a
 * clients row changed) every row is.
 */
export async function restoreTenantRows(db: Db, rootId: number, snapshot: Snapshot): Promise<number[]> {
  const current = await listClientSubtree(db, rootId)
  await retrack(db, current, snapshot)
  if (await restoreChangedRows(db, current, snapshot)) return current
  const affected = [...new Set([...current, ...snapshot.clientIds])]
  await deleteTenantRows(db, affected, true)
  await insertTenantRows(db, snapshot)
  return affected
}

/** More rows than this in which a snapshot differs from "@created", and it keeps no list of them. */
const SINCE_CREATED_LIMIT = 100_000

const sinceCreatedOf = (snapshot: Snapshot) => (snapshot.name === CREATED ? {} : snapshot.layout.sinceCreated)

/**
 * The rows in which a single-client tenant's current state may differ from its "@created" state:
 * those of the snapshot it is tracked against, and those written since. undefined when not known
 * (not tracked, several clients, its clients row written, too many).
 */
export async function changedSinceCreated(db: Db, clientIds: readonly number[]): Promise<Record<string, number[]> | undefined> {
  if (clientIds.length !== 1) return undefined
  const tracked = await db.selectFrom('sandbox_tracked').select('snapshot_id').where('client_id', '=', clientIds[0]).executeTakeFirst()
  const base = tracked && await findSnapshotById(db, Number(tracked.snapshot_id))
  const since = base && sinceCreatedOf(base)
  if (!since) return undefined
  const merged = new Map(Object.entries(since).map(([table, ids]) => [table, new Set(ids)]))
  for (const r of await db.selectFrom('sandbox_changes').select(['table_name', 'row_id']).where('client_id', '=', clientIds[0]).execute()) {
    let ids = merged.get(r.table_name)
    if (!ids) merged.set(r.table_name, ids = new Set())
    ids.add(Number(r.row_id))
  }
  if (merged.has('clients') || [...merged.values()].reduce((n, ids) => n + ids.size, 0) > SINCE_CREATED_LIMIT) return undefined
  return Object.fromEntries([...merged].map(([table, ids]) => [table, [...ids]]))
}

/**
 * Tracks a single-client tenant against the snapshot about to be restored when it is tracked
 * against another one and both know where they differ from "@created" (a named snapshot taken
 * after creation, and "@created" itself): the rows written since, plus those where either snapshot
 * differs from "@created", are recorded as changed, and the restore rewrites only them instead of
 * every row of the tenant.
 */
export async function retrack(db: Db, clientIds: readonly number[], snapshot: Snapshot): Promise<void> {
  if (clientIds.length !== 1 || snapshot.clientIds.length !== 1 || snapshot.clientIds[0] !== clientIds[0]) return
  const tracked = await db.selectFrom('sandbox_tracked').select('snapshot_id').where('client_id', '=', clientIds[0]).executeTakeFirst()
  if (!tracked || Number(tracked.snapshot_id) === snapshot.id) return
  const target = sinceCreatedOf(snapshot)
  const current = target && !('clients' in target) ? await changedSinceCreated(db, clientIds) : undefined
  if (!target || !current) return
  const rows = [...Object.entries(target), ...Object.entries(current)]
    .flatMap(([table, ids]) => ids.map((id) => ({ client_id: clientIds[0], table_name: table, row_id: id })))
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insertInto('sandbox_changes').values(rows.slice(i, i + 1000)).onConflict((oc) => oc.columns(['client_id', 'table_name', 'row_id']).doNothing()).execute()
  }
  await db.updateTable('sandbox_tracked').set({ snapshot_id: snapshot.id }).where('client_id', '=', clientIds[0]).execute()
}

const changedTables = async (db: Db, clientIds: readonly number[]) => (await db.selectFrom('sandbox_changes').select(['table_name', (eb) => eb.fn.countAll<number>().as('n')])
  .where('client_id', 'in', clientIds).groupBy('table_name').execute()).map((r) => ({ table: r.table_name, n: Number(r.n) }))

/**
 * Whether restoring the snapshot rewrites only the rows written since (restoreTenantRows' fast
 * way): the clients are the snapshot's, tracked against it, and no clients row changed.
 */
export async function restorableByChanges(db: Db, clientIds: readonly number[], snapshot: Snapshot): Promise<boolean> {
  const same = clientIds.length === snapshot.clientIds.length && clientIds.every((id) => snapshot.clientIds.includes(id))
  if (!same) return false
  const tracked = await db.selectFrom('sandbox_tracked').select('snapshot_id').where('client_id', 'in', clientIds).execute()
  if (tracked.length !== clientIds.length || tracked.some((r) => Number(r.snapshot_id) !== snapshot.id)) return false
  return !(await changedTables(db, clientIds)).some((t) => t.table === 'clients')
}

async function restoreChangedRows(db: Db, clientIds: number[], snapshot: Snapshot): Promise<boolean> {
  if (!(await restorableByChanges(db, clientIds, snapshot))) return false
  const changed = () => changedTables(db, clientIds)
  let tables = await changed()
  await endSessions(db, clientIds)
  if (tables.length === 0) return true
  // Deleting a changed row cascades to rows that reference it (foreign keys ON DELETE CASCADE);
  // the triggers record those too, so the deletes repeat until nothing new is recorded, and every
  // recorded row is then written back from the snapshot, parents first.
  for (let seen = ''; ;) {
    const key = JSON.stringify(tables)
    if (key === seen) break
    seen = key
    for (const t of [...TENANT_TABLES].reverse()) {
      if (!tables.some((c) => c.table === t.name)) continue
      let query = any(db).deleteFrom(t.name).where('client_id', 'in', clientIds)
      if (t.id) query = query.where('id', 'in', db.selectFrom('sandbox_changes').select('row_id').where('client_id', 'in', clientIds).where('table_name', '=', t.name))
      await query.execute()
    }
    tables = await changed()
  }
  await insertFromSnapshot(db, snapshot, TENANT_TABLES.map((t) => t.name).filter((name) => tables.some((c) => c.table === name)), clientIds)
  await db.deleteFrom('sandbox_changes').where('client_id', 'in', clientIds).execute()
  return true
}
