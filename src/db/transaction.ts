import type { Kysely } from 'kysely'
import { SqliteGroupCommit } from './sqlite/group-commit.ts'

/** The group committers of SQLite databases (createDb), by their Kysely's adapter: one per instance. */
const groupCommits = new WeakMap<object, SqliteGroupCommit<unknown>>()

/** Write transactions on this SQLite database share COMMITs (sqlite/group-commit.ts). */
export function useGroupCommit<DB>(db: Kysely<DB>): void {
  groupCommits.set(db.getExecutor().adapter, new SqliteGroupCommit(db) as SqliteGroupCommit<unknown>)
}

/**
 * Runs fn in a transaction, joining the caller's when there is one (Kysely cannot nest
 * transactions), so a service can be called alone or as part of a larger unit (demo data, CLI).
 * On SQLite the transaction may share its COMMIT with others begun meanwhile (group-commit.ts).
 */
export async function inTransaction<DB, T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db)
  const group = groupCommits.get(db.getExecutor().adapter) as SqliteGroupCommit<DB> | undefined
  return group ? group.run(fn) : db.transaction().execute(fn)
}
