import {
  Kysely, PostgresAdapter, sql,
  type CreateTableBuilder, type Expression, type RawBuilder,
} from 'kysely'

/**
 * Every difference between SQLite and PostgreSQL lives here (STYLE §5), so repositories
 * and migrations stay dialect-neutral.
 */
export type DialectName = 'sqlite' | 'postgres'

/**
 * A Kysely handle whatever its schema type: the app's Database or a transaction on it, and a
 * migration's handle, which Kysely types `Kysely<any>` because a migration runs against the schema
 * as it was then, not today's table types. The helpers here read no table types, so they take any.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one open schema type (see above); Kysely<Database> is not assignable to Kysely<unknown>
export type AnyKysely = Kysely<any>

export function dialectOf(db: AnyKysely): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}

/**
 * Surrogate key. Ids are JSON numbers up to 2^53-1 (seed ids reach 13 digits), so PostgreSQL
 * uses bigint (parsed back to number in database.ts) and SQLite its 64-bit rowid alias.
 */
export function addIdColumn<T extends string, C extends string>(db: AnyKysely, table: CreateTableBuilder<T, C>, name = 'id'): CreateTableBuilder<T, string> {
  return dialectOf(db) === 'postgres'
    ? table.addColumn(name, 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement())
}

/** Foreign-key / reference column holding another row's id. */
export const idType = 'bigint' as const

/** Epoch milliseconds. */
export const millisType = 'bigint' as const

/** Booleans are stored as 0/1 integers on both dialects (flag.ts). */
export const flagType = 'integer' as const
export { flag, isSet } from './flag.ts'

/** Escapes LIKE wildcards so caller text is data, not pattern syntax (used with ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`)
}

/**
 * Case-insensitive "contains / starts with" match on a text column.
 * SQLite's LIKE is already case-insensitive for ASCII; PostgreSQL needs ILIKE.
 */
export function likeInsensitive(db: AnyKysely, column: Expression<unknown> | string, pattern: string): RawBuilder<boolean> {
  const col = typeof column === 'string' ? sql.ref(column) : column
  return dialectOf(db) === 'postgres'
    ? sql<boolean>`${col} ILIKE ${pattern} ESCAPE '\\'`
    : sql<boolean>`${col} LIKE ${pattern} ESCAPE '\\'`
}

/**
 * Text ordered by code point on both dialects (SQLite's default BINARY, PostgreSQL's "C"
 * collation), so `col >= p AND col < successor(p)` is an exact, index-served prefix match and
 * sorting agrees between dialects. Used for the lower-cased search keys of contacts.
 */
export function bytewiseText(db: AnyKysely): 'text' | RawBuilder<unknown> {
  return dialectOf(db) === 'postgres' ? sql`text collate "C"` : 'text'
}

/**
 * Locks selected rows until the transaction ends, for read-modify-write (a DND action applies to
 * the current state). PostgreSQL: FOR UPDATE. SQLite has no row locks and needs none: a Kysely
 * transaction holds the only connection, so writers are already serialized.
 */
export function lockForUpdate<QB extends { forUpdate(): QB }>(db: AnyKysely, qb: QB): QB {
  return dialectOf(db) === 'postgres' ? qb.forUpdate() : qb
}

/**
 * As lockForUpdate, skipping rows another transaction holds: of several takers of one queue each
 * gets a different row instead of waiting for the first and then finding its row gone.
 */
export function lockForUpdateSkipLocked<QB extends { forUpdate(): QB; skipLocked(): QB }>(db: AnyKysely, qb: QB): QB {
  return dialectOf(db) === 'postgres' ? qb.forUpdate().skipLocked() : qb
}

/**
 * The values of an aggregate subquery as one comma-separated text in the given order (null when
 * there are none): lets a read fetch a row and its small child lists in one statement.
 */
export function orderedList(db: AnyKysely, value: Expression<unknown>, orderBy: Expression<unknown>): RawBuilder<string | null> {
  return dialectOf(db) === 'postgres'
    ? sql<string | null>`string_agg(${value}::text, ',' ORDER BY ${orderBy})`
    : sql<string | null>`group_concat(${value}, ',' ORDER BY ${orderBy})`
}

/**
 * `count` unused ids of a table, for rows inserted with explicit ids (a sandbox tenant copied from
 * the demo template). PostgreSQL: drawn from the identity sequence, so later generated ids never
 * collide. SQLite: above the largest id ever handed out (AUTOINCREMENT's sqlite_sequence, which the
 * explicit insert then raises); the caller's transaction holds the only writer connection.
 */
export async function reserveIds(db: AnyKysely, table: string, count: number): Promise<number[]> {
  if (count === 0) return []
  if (dialectOf(db) === 'postgres') {
    const { rows } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence(${table}, 'id')) as id from generate_series(1, ${count})`.execute(db)
    return rows.map((r) => Number(r.id))
  }
  const { rows } = await sql<{ top: number | null }>`select max(coalesce((select seq from sqlite_sequence where name = ${table}), 0), coalesce((select max(id) from ${sql.table(table)}), 0)) as top`.execute(db)
  const top = Number(rows[0]?.top ?? 0)
  return Array.from({ length: count }, (_, i) => top + 1 + i)
}

/**
 * A block of `size` consecutive unused ids of a table, returned as its first id: a sandbox tenant
 * copied from the demo template gets every template id shifted by one offset per table, so the
 * copy and its later restores are single INSERT … SELECT statements. SQLite: above the largest id
 * ever handed out (reserveIds), held by raising AUTOINCREMENT's sequence past it. PostgreSQL: drawn from the identity sequence; values another
 * session draws at the same moment can break the block, so it is drawn again until consecutive.
 */
export async function reserveIdBlock(db: AnyKysely, table: string, size: number): Promise<number> {
  if (dialectOf(db) !== 'postgres') {
    const first = (await reserveIds(db, table, 1))[0]
    // The sequence is raised past the block at once, so the block stays free even when the copy
    // takes several statements with other writers between them (the sandbox pool's fills).
    const last = first + size - 1
    await sql`update sqlite_sequence set seq = ${last} where name = ${table} and seq < ${last}`.execute(db)
    await sql`insert into sqlite_sequence (name, seq) select ${table}, ${last} where not exists (select 1 from sqlite_sequence where name = ${table})`.execute(db)
    return first
  }
  for (let attempt = 0; attempt < 10; attempt++) {
    const { rows } = await sql<{ first: number; last: number }>`select min(id) as first, max(id) as last from (select nextval(pg_get_serial_sequence(${table}, 'id')) as id from generate_series(1, ${size})) ids`.execute(db)
    const { first, last } = rows[0]
    if (Number(last) - Number(first) + 1 === size) return Number(first)
  }
  throw new Error(`could not reserve ${size} consecutive ids of ${table}`)
}

/**
 * Sandbox change tracking: the rows written to a table go into sandbox_changes as (client, table,
 * id) when their client is in sandbox_tracked. `key`: 'id' records the row's id, 'table' records 0
 * (the whole table of that client changed), 'client' is the clients table (a row of a tracked
 * client or of its sub-client). PostgreSQL: statement triggers over the transition tables, one
 * set-based insert per statement (a row trigger in PL/pgSQL made deleting a demo tenant's 12,000
 * rows a third slower). SQLite has only row triggers, three per table.
 *
 * The triggers are installed when the sandbox first tracks a tenant (installChangeTriggers), not by
 * a migration: every write to a table with them pays for them (~3 µs per row on SQLite, a
 * transition table per statement on PostgreSQL), and most databases never have a sandbox tenant.
 * Migration 0011 created them everywhere; 0012 drops them again.
 */
export type ChangeKey = 'id' | 'table' | 'client'

export async function createChangeFunctions(db: AnyKysely): Promise<void> {
  if (dialectOf(db) !== 'postgres') return
  const record = (rows: 'old_rows' | 'new_rows', rowId: string, join: string) => `
    insert into sandbox_changes (client_id, table_name, row_id)
      select distinct k.client_id, tg_table_name, ${rowId} from ${rows} r join sandbox_tracked k on k.client_id ${join}
      on conflict do nothing;`
  for (const [name, rowId, join] of CHANGE_FUNCTIONS) {
    await sql.raw(`create or replace function ${name}() returns trigger language plpgsql as $body$
      begin
        if tg_op <> 'INSERT' then ${record('old_rows', rowId, join)} end if;
        if tg_op <> 'DELETE' then ${record('new_rows', rowId, join)} end if;
        return null;
      end $body$`).execute(db)
  }
}

const CHANGE_FUNCTIONS = [
  ['sandbox_change_by_id', 'r.id', '= r.client_id'], ['sandbox_change_by_table', '0', '= r.client_id'], ['sandbox_change_of_client', 'r.id', 'in (r.id, r.parent_id)'],
] as const
const CHANGE_EVENTS = ['insert', 'update', 'delete'] as const

export async function createChangeTriggers(db: AnyKysely, table: string, key: ChangeKey): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    const fn = { id: 'sandbox_change_by_id', table: 'sandbox_change_by_table', client: 'sandbox_change_of_client' }[key]
    for (const [event, rows] of [['insert', 'new table as new_rows'], ['update', 'old table as old_rows new table as new_rows'], ['delete', 'old table as old_rows']]) {
      await sql.raw(`create trigger sandbox_${event}_${table} after ${event} on ${table} referencing ${rows} for each statement execute function ${fn}()`).execute(db)
    }
    return
  }
  const record = (row: 'OLD' | 'NEW') => {
    const rowId = key === 'table' ? '0' : `${row}.id`
    const clients = key === 'client' ? `in (${row}.id, ${row}.parent_id)` : `= ${row}.client_id`
    // NOT EXISTS, not OR IGNORE: an outer INSERT … ON CONFLICT DO UPDATE (touchList) overrides a
    // trigger's conflict clause, and the duplicate would fail the write.
    return `insert into sandbox_changes (client_id, table_name, row_id) select client_id, '${table}', ${rowId} from sandbox_tracked k where client_id ${clients}
      and not exists (select 1 from sandbox_changes c where c.client_id = k.client_id and c.table_name = '${table}' and c.row_id = ${rowId});`
  }
  // IF NOT EXISTS: installChangeTriggers completes a partial set (a tenant table added later).
  await sql.raw(`create trigger if not exists sandbox_insert_${table} after insert on ${table} begin ${record('NEW')} end`).execute(db)
  await sql.raw(`create trigger if not exists sandbox_update_${table} after update on ${table} begin ${record('OLD')} ${record('NEW')} end`).execute(db)
  await sql.raw(`create trigger if not exists sandbox_delete_${table} after delete on ${table} begin ${record('OLD')} end`).execute(db)
}

/** The sandbox's change triggers present in the database (current schema). */
export async function countChangeTriggers(db: AnyKysely): Promise<number> {
  const { rows } = dialectOf(db) === 'postgres'
    ? await sql<{ n: number }>`select count(*) as n from pg_trigger t join pg_class c on c.oid = t.tgrelid
        where c.relnamespace = current_schema()::regnamespace and left(t.tgname, 8) = 'sandbox_' and not t.tgisinternal`.execute(db)
    : await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'trigger' and substr(name, 1, 8) = 'sandbox_'`.execute(db)
  return Number(rows[0].n)
}

/**
 * The change triggers on every given table, unless all are there already (one catalogue query).
 * Call it at the start of the transaction, before it writes: on PostgreSQL, CREATE TRIGGER waits
 * for the table's writers, and two instances installing at once are serialized by a transaction
 * advisory lock and check again behind it (the second finds the first's triggers). SQLite has one
 * writer; IF NOT EXISTS makes a repeat harmless.
 */
export async function installChangeTriggers(db: AnyKysely, tables: readonly (readonly [string, ChangeKey])[]): Promise<void> {
  const all = tables.length * CHANGE_EVENTS.length
  if (await countChangeTriggers(db) === all) return
  if (dialectOf(db) === 'postgres') {
    await sql`select pg_advisory_xact_lock(hashtext('lvapi sandbox change triggers'))`.execute(db)
    if (await countChangeTriggers(db) === all) return
    await createChangeFunctions(db)
    await dropChangeTriggers(db, tables.map(([table]) => table))
  }
  for (const [table, key] of tables) await createChangeTriggers(db, table, key)
}

/** Removes the change triggers of the tables (migration 0012; a partial set before reinstalling). */
export async function dropChangeTriggers(db: AnyKysely, tables: readonly string[]): Promise<void> {
  const on = (table: string) => (dialectOf(db) === 'postgres' ? ` on ${table}` : '')
  for (const table of tables) {
    for (const event of CHANGE_EVENTS) await sql.raw(`drop trigger if exists sandbox_${event}_${table}${on(table)}`).execute(db)
  }
}
