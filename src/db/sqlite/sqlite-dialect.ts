import BetterSqlite3 from 'better-sqlite3'
import { SqliteDialect, SqliteQueryCompiler, type LimitNode, type OffsetNode, type QueryCompiler, type SqliteDatabase } from 'kysely'
import { ObjectRowStatement } from './row-objects.ts'

/** The server's SQLite connection (a file path or ':memory:'), with the settings its paths rely on. */
export function openSqlite(path: string): BetterSqlite3.Database {
  const raw = new BetterSqlite3(path)
  raw.pragma('journal_mode = WAL')
  raw.pragma('synchronous = NORMAL')
  raw.pragma('foreign_keys = ON')
  raw.pragma('busy_timeout = 5000')
  // 16 MiB of page cache (better-sqlite3's default, stated here because it was measured): the
  // cache is part of the server's RSS, which a bulk load and the downloads after it must keep
  // under 200 MB. Bulk Create over HTTP (bench/realistic-results.md "Session 11") ran as fast
  // with 16 MiB as with 32 at 200,000 contacts (33.2k /s both) and at 1,000,000 (20.7k against
  // 21.1k /s, server CPU within 2%), 21 MB lower at the peak; with 8 MiB the random index pages
  // of a million contacts became read syscalls (14.3k /s).
  raw.pragma('cache_size = -16384')
  // Checkpoint every ~40 MB of WAL instead of every ~4 MB: the pages a bulk insert dirties (the
  // tail of each index) are written back to the database once per checkpoint, not once per few
  // requests (bench/storage-results.md). journal_size_limit truncates a WAL that grew past that
  // while a long read held it.
  raw.pragma('wal_autocheckpoint = 10000')
  raw.pragma(`journal_size_limit = ${64 * 1024 * 1024}`)
  return raw
}

/** Kysely's SQLite dialect over that connection, with compiled statements reused (memoisePrepare). */
export function sqliteDialect(raw: BetterSqlite3.Database, usage: ConnectionUsage = { lastUse: 0 }): SqliteDialect {
  return new LvSqliteDialect({ database: memoisePrepare(raw, usage) })
}

class LvSqliteDialect extends SqliteDialect {
  override createQueryCompiler(): QueryCompiler {
    return new LvSqliteQueryCompiler()
  }
}

/**
 * LIMIT and OFFSET values are bound inside an expression, `limit (? + 0)`. SQLite (3.53) looks at a
 * bare bound LIMIT/OFFSET parameter while it plans, and then prepares the whole statement again
 * whenever that parameter is bound, i.e. on every execution of a reused statement: 7.0 against
 * 1.6 µs for a small statement with `limit 1`, ~120 µs for the contact search's 6 KB page
 * statement, ~9 µs for a List Agents page (bench/realistic-results.md, session 6). Inside an
 * expression the value is not looked at while planning and the prepared statement is reused.
 */
class LvSqliteQueryCompiler extends SqliteQueryCompiler {
  protected override visitLimit(node: LimitNode): void {
    this.append('limit (')
    this.visitNode(node.limit)
    this.append(' + 0)')
  }

  protected override visitOffset(node: OffsetNode): void {
    this.append('offset (')
    this.visitNode(node.offset)
    this.append(' + 0)')
  }
}

/** When the connection last prepared (ran) a statement. */
export interface ConnectionUsage {
  lastUse: number
}

const IDLE_MS = 3000

/**
 * The page cache is for bursts of writes; once the connection has had nothing to do for a
 * few seconds, its pages are handed back (PRAGMA shrink_memory), so a bulk load's cache does not
 * stay in the server's RSS (issue 15: memory given back after a bulk load). The next reads refill
 * it from the operating system's file cache. File databases only: an in-memory database's pages
 * are the database. Returns the stop function.
 */
export function releaseCacheWhenIdle(raw: BetterSqlite3.Database, usage: ConnectionUsage): () => void {
  let released = true
  let seen = usage.lastUse
  const timer = setInterval(() => {
    if (usage.lastUse !== seen) {
      seen = usage.lastUse
      released = false
    } else if (!released && Date.now() - usage.lastUse >= IDLE_MS && raw.open) {
      raw.pragma('shrink_memory')
      released = true
    }
  }, 1000)
  timer.unref()
  return () => clearInterval(timer)
}

/**
 * Kysely's SQLite driver calls prepare() for every query; compiling the same SQL again costs
 * more than running it (bench/storage-results.md). Statements
 * are therefore compiled once per SQL text and reused. A statement still iterating (a stream)
 * is busy and cannot be re-entered, so a busy one is bypassed with a fresh statement.
 */
function memoisePrepare(raw: BetterSqlite3.Database, usage: ConnectionUsage, capacity = 1000): SqliteDatabase {
  const cache = new Map<string, ObjectRowStatement>()
  return {
    close: () => raw.close(),
    prepare(sqlText: string) {
      usage.lastUse = Date.now()
      const cached = cache.get(sqlText)
      if (cached && !cached.busy) return cached
      const stmt = new ObjectRowStatement(raw.prepare(sqlText))
      if (!cached) {
        if (cache.size >= capacity) cache.delete(cache.keys().next().value!)
        cache.set(sqlText, stmt)
      }
      return stmt
    },
  }
}
