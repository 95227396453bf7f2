import type { DbHandle } from '../../../db/database.ts'

/**
 * `lvapi contacts import` on SQLite: a 48 MiB page cache for the import's own connection instead
 * of the server's 64 MiB (database.ts). Importing 1,000,000 contacts into a database already
 * holding 1,000,000, in transactions of 25,000: 32 MiB 38.9 s / 281 MB peak RSS, 48 MiB
 * 36.6 s / 297 MB, 64 MiB 36.4 s / 311 MB, 128 MiB 35.4 s / 393 MB. PostgreSQL keeps its
 * cache in the server: nothing to do.
 */
export function useImportCache(handle: DbHandle): void {
  if (handle.dialect === 'sqlite') handle.sqlite?.pragma('cache_size = -49152')
}
