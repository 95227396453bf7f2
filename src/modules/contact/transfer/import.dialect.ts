import type { Db, DbHandle } from '../../../db/database.ts'
import { dialectOf } from '../../../db/dialect.ts'

/**
 * `lvapi contacts import` on SQLite: a 48 MiB page cache for the import's own connection instead
 * of the server's 16 MiB (db/sqlite/sqlite-dialect.ts): its large transactions import about as
 * fast as with 64 MiB and faster than with 32, at a lower peak RSS than 64, which the import must
 * keep under 300 MB (bench/storage-results.md).
 * PostgreSQL keeps its cache in the server: nothing to do.
 */
export function useImportCache(handle: DbHandle): void {
  if (handle.dialect === 'sqlite') handle.sqlite?.pragma('cache_size = -49152')
}

export interface ImportPacing {
  /** Records per transaction. */
  transactionSize: number
  /** Read and check the next transaction's records while the previous one is being written. */
  readAhead: boolean
}

/**
 * SQLite writes in the importing process itself, and writes a contact's index entries far
 * faster when many share a transaction (contact-import.ts): 25,000 a transaction, one after the
 * other. PostgreSQL writes in its own process, so the import reads and checks the next records
 * while the server inserts the previous ones; a transaction of 5,000 keeps that overlap fine-
 * grained (a commit costs little there) and the records held in memory few.
 */
export function importPacing(db: Db): ImportPacing {
  return dialectOf(db) === 'postgres' ? { transactionSize: 5_000, readAhead: true } : { transactionSize: 25_000, readAhead: false }
}
