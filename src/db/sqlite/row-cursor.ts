import BetterSqlite3 from 'better-sqlite3'
import type { Compilable, Streamable } from 'kysely'
import type { DbHandle } from '../database.ts'

/**
 * A cursor over a SQLite query, read in batches. Exports stream through it so memory
 * stays flat whatever the table size, and `close()` (called when a client disconnects) stops the
 * query. Rows are arrays in select-list order: the CSV writer reads columns by position, and raw
 * mode skips building an object per row.
 */
export type RowValues = unknown[]

/** A select (any table, any columns): compiled for the file cursor, streamed on `:memory:`. */
export type CursorQuery = Compilable & Streamable<object>

export interface RowCursor {
  /** Up to `max` further rows; [] at the end. */
  next(max: number): Promise<RowValues[]>
  close(): Promise<void>
}

/**
 * SQLite only (PostgreSQL exports through COPY, see modules/contact/transfer/postgres-copy.ts):
 * - a file: a private read-only connection. Kysely's single SQLite connection is held for the
 *   whole of a `.stream()`, so a long download on it would block every other request; WAL lets
 *   a second connection read a consistent snapshot while the shared one keeps writing.
 * - `:memory:` (tests, demos): no second connection can see that database, so the shared
 *   connection streams and other queries wait until the export ends.
 */
export function openRowCursor(handle: DbHandle, query: CursorQuery): RowCursor {
  if (handle.dialect !== 'sqlite') throw new Error('openRowCursor: SQLite only')
  if (handle.sqlitePath) {
    const compiled = query.compile()
    return sqliteFileCursor(handle.sqlitePath, compiled.sql, [...compiled.parameters])
  }
  return kyselyStreamCursor(query)
}

function sqliteFileCursor(path: string, sqlText: string, parameters: unknown[]): RowCursor {
  const reader = new BetterSqlite3(path, { readonly: true, fileMustExist: true })
  reader.pragma('busy_timeout = 5000')
  // An export walks the client's contacts in id order, reading each index and table page once:
  // better-sqlite3's default cache (16 MB) only filled with pages never read again, in the
  // server's RSS, once per download running. 2 MiB holds the interior pages that are.
  reader.pragma('cache_size = -2048')
  let iterator: IterableIterator<unknown> | undefined
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    iterator?.return?.()
    reader.close()
  }
  return {
    async next(max) {
      if (closed) return []
      iterator ??= reader.prepare(sqlText).raw(true).iterate(...parameters)
      const rows: RowValues[] = []
      while (rows.length < max) {
        const step = iterator.next()
        if (step.done) {
          await close()
          break
        }
        rows.push(step.value as RowValues)
      }
      return rows
    },
    close,
  }
}

function kyselyStreamCursor(query: CursorQuery): RowCursor {
  const iterator = query.stream(1000)[Symbol.asyncIterator]()
  let closed = false
  return {
    async next(max) {
      const rows: RowValues[] = []
      while (!closed && rows.length < max) {
        const step = await iterator.next()
        if (step.done) {
          closed = true
          break
        }
        rows.push(Object.values(step.value))
      }
      return rows
    },
    async close() {
      if (closed) return
      closed = true
      await iterator.return?.()
    },
  }
}
