import {
  Kysely, PostgresAdapter, sql,
  type CreateTableBuilder, type Expression, type RawBuilder,
} from 'kysely'

/**
 * Every difference between SQLite and PostgreSQL lives here (STYLE §5), so repositories
 * and migrations stay dialect-neutral.
 */
export type DialectName = 'sqlite' | 'postgres'

export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}

/**
 * Surrogate key. Ids are JSON numbers up to 2^53-1 (seed ids reach 13 digits), so PostgreSQL
 * uses bigint (parsed back to number in database.ts) and SQLite its 64-bit rowid alias.
 */
export function addIdColumn<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, any>, name = 'id'): CreateTableBuilder<T, any> {
  return dialectOf(db) === 'postgres'
    ? table.addColumn(name, 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement())
}

/** Foreign-key / reference column holding another row's id. */
export const idType = 'bigint' as const

/** Epoch milliseconds. */
export const millisType = 'bigint' as const

/**
 * Booleans are stored as 0/1 integers on both dialects: one representation, one mapping in
 * each module's toX(row), no dialect branches in repositories.
 */
export const flagType = 'integer' as const
export const flag = (value: boolean): number => (value ? 1 : 0)
export const isSet = (value: number | null | undefined): boolean => value === 1

/** Escapes LIKE wildcards so caller text is data, not pattern syntax (used with ESCAPE '\'). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`)
}

/**
 * Case-insensitive "contains / starts with" match on a text column.
 * SQLite's LIKE is already case-insensitive for ASCII; PostgreSQL needs ILIKE.
 */
export function likeInsensitive(db: Kysely<any>, column: Expression<any> | string, pattern: string): RawBuilder<boolean> {
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
export function bytewiseText(db: Kysely<any>): 'text' | RawBuilder<unknown> {
  return dialectOf(db) === 'postgres' ? sql`text collate "C"` : 'text'
}

/**
 * Locks selected rows until the transaction ends, for read-modify-write (a DND action applies to
 * the current state). PostgreSQL: FOR UPDATE. SQLite has no row locks and needs none: a Kysely
 * transaction holds the only connection, so writers are already serialized.
 */
export function lockForUpdate<QB extends { forUpdate(): QB }>(db: Kysely<any>, qb: QB): QB {
  return dialectOf(db) === 'postgres' ? qb.forUpdate() : qb
}

/**
 * The values of an aggregate subquery as one comma-separated text in the given order (null when
 * there are none): lets a read fetch a row and its small child lists in one statement.
 */
export function orderedList(db: Kysely<any>, value: Expression<any>, orderBy: Expression<any>): RawBuilder<string | null> {
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
export async function reserveIds(db: Kysely<any>, table: string, count: number): Promise<number[]> {
  if (count === 0) return []
  if (dialectOf(db) === 'postgres') {
    const { rows } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence(${table}, 'id')) as id from generate_series(1, ${count})`.execute(db)
    return rows.map((r) => Number(r.id))
  }
  const { rows } = await sql<{ top: number | null }>`select max(coalesce((select seq from sqlite_sequence where name = ${table}), 0), coalesce((select max(id) from ${sql.table(table)}), 0)) as top`.execute(db)
  const top = Number(rows[0]?.top ?? 0)
  return Array.from({ length: count }, (_, i) => top + 1 + i)
}
