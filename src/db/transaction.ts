import type { Kysely } from 'kysely'

/**
 * Runs fn in a transaction, joining the caller's when there is one (Kysely cannot nest
 * transactions), so a service can be called alone or as part of a larger unit (demo data, CLI).
 */
export async function inTransaction<DB, T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn)
}
