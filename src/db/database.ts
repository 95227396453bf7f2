import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely'
import pg from 'pg'
import { postgresBoundedRead, registerTimeLimit, sqliteConnectionBoundedRead, SqliteReadWorkers, type BoundedRead } from './bounded-read.ts'
import type { DialectName } from './dialect.ts'
import { COPY_FROM_STDIN, runCopyFromStdin } from './pg-fast-paths.ts'
import type { PlatformTables } from './platform.tables.ts'
import type { CallCenterTables } from '../modules/configuration/call-centers/call-center.table.ts'
import type { ServiceTables } from '../modules/configuration/services/service.table.ts'
import type { ClientTables } from '../modules/configuration/clients/client.table.ts'
import type { AgentTables } from '../modules/configuration/agents/agent.table.ts'
import type { AgentSkillTables } from '../modules/configuration/agent-skills/agent-skill.table.ts'
import type { UserTables } from '../modules/configuration/users/user.table.ts'
import type { SessionTables } from '../modules/session/session.table.ts'
import type { ContactTables } from '../modules/contact/contacts/contact.table.ts'
import type { SandboxTables } from '../sandbox/snapshots/snapshot.table.ts'

/** Every table of the product; each resource module declares its own. */
export interface Database
  extends PlatformTables, ClientTables, CallCenterTables, ServiceTables, AgentTables,
    AgentSkillTables, UserTables, SessionTables, ContactTables, SandboxTables {}

export type Db = Kysely<Database>

export interface DbHandle {
  db: Db
  dialect: DialectName
  /** For SQLite files: the path, so a streaming reader can open its own connection. */
  sqlitePath?: string
  /** For SQLite: the connection itself, for bulk paths that run many statements in one transaction. */
  sqlite?: BetterSqlite3.Database
  /** For PostgreSQL: the pool, for COPY and cursors. */
  pgPool?: pg.Pool
  /**
   * One read statement stopped after the statement time limit (bounded-read.ts): for reads whose
   * cost a request chooses (Find Matching Contact). On a SQLite file it runs off the event loop.
   */
  boundedRead: BoundedRead
  close(): Promise<void>
}

// int8 (bigint ids, epoch millis) and numeric (balances) arrive as strings by default;
// every such value in this product fits a JS number (README §4: ids up to 2^53-1).
pg.types.setTypeParser(20, (v) => Number(v))
pg.types.setTypeParser(1700, (v) => Number(v))

/** LV_STATEMENT_TIMEOUT_MS's default (config.ts). */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5000

export interface DbOptions {
  poolSize?: number
  /** Time limit of a bounded read (DbHandle.boundedRead). */
  statementTimeoutMs?: number
  /** SQLite files: worker threads for bounded reads (each with its own read-only connection). */
  readWorkers?: number
}

export function createDb(url: string, options: DbOptions = {}): DbHandle {
  const limitMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 })
    pool.on('connect', extendClient)
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return { db, dialect: 'postgres', pgPool: pool, boundedRead: postgresBoundedRead(db, limitMs), close: () => db.destroy() }
  }
  if (!url.startsWith('sqlite:')) throw new Error(`unsupported DATABASE_URL scheme: ${url}`)
  const path = url.slice('sqlite:'.length)
  const memory = path === ':memory:' || path === ''
  if (!memory) mkdirSync(dirname(path), { recursive: true })
  const raw = new BetterSqlite3(memory ? ':memory:' : path)
  raw.pragma('journal_mode = WAL')
  raw.pragma('synchronous = NORMAL')
  raw.pragma('foreign_keys = ON')
  raw.pragma('busy_timeout = 5000')
  // Up to 64 MiB of page cache (the default is 16): bulk contact writes touch random pages of
  // several indexes, and at a million contacts a 16 MiB cache turns them into read syscalls
  // (measured: 19 s vs 13 s of system time per million inserted). Bulk Create over HTTP into a
  // database of 1,000,000 contacts ran as fast with 32 or 64 MiB as with 128 MiB (~29,000/s),
  // and the cache is part of the server's RSS, which the download must keep under 200 MB.
  raw.pragma('cache_size = -65536')
  // Checkpoint every ~40 MB of WAL instead of every ~4 MB: the pages a bulk insert dirties (the
  // tail of each index) are written back to the database once per checkpoint, not once per few
  // requests. Bulk Create over HTTP: ~22,000 contacts/s at the default 1000 pages, ~28,000 at
  // 10000. journal_size_limit truncates a WAL that grew past that while a long read held it.
  raw.pragma('wal_autocheckpoint = 10000')
  raw.pragma(`journal_size_limit = ${64 * 1024 * 1024}`)
  const limit = registerTimeLimit(raw)
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: memoisePrepare(raw) }) })
  if (memory) {
    return { db, dialect: 'sqlite', sqlite: raw, boundedRead: sqliteConnectionBoundedRead(db, limit, limitMs), close: () => db.destroy() }
  }
  const workers = new SqliteReadWorkers(path, limitMs, options.readWorkers ?? 2)
  return {
    db, dialect: 'sqlite', sqlitePath: path, sqlite: raw, boundedRead: workers.read,
    close: async () => {
      await workers.close()
      await db.destroy()
    },
  }
}

/** Statements a connection keeps parsed and planned; past this, queries run unnamed. */
const NAMED_STATEMENTS_PER_CONNECTION = 500
const NAMED_SQL = /^\s*(select|insert|update|delete|with)\b/i

/**
 * Every pooled PostgreSQL connection gets one wrapper around `query`, for two things Kysely
 * cannot ask for:
 * - named statements, the counterpart of memoisePrepare: Kysely sends every query unnamed, so
 *   PostgreSQL parses and plans it again each time (a one-row read by id cost ~0.3 ms, mostly
 *   that). A stable name per SQL text makes the connection parse it once and reuse it. Bulk
 *   statements with many parameters (multi-row inserts of varying size) stay unnamed so a
 *   connection does not collect thousands of one-off statements.
 * - COPY: `COPY … FROM STDIN` sent with its data as the one parameter runs as a real COPY
 *   (pg-fast-paths.ts runCopyFromStdin), so bulk writes can COPY inside an ordinary Kysely
 *   transaction, whose pg client Kysely keeps private.
 */
function extendClient(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown
  const names = new Map<string, string>()
  ;(client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    if (typeof config === 'string' && Array.isArray(values)) {
      if (values.length === 1 && typeof values[0] === 'string' && COPY_FROM_STDIN.test(config)) {
        return runCopyFromStdin(client, config, values[0])
      }
      if (values.length > 0 && values.length <= 100 && NAMED_SQL.test(config)) {
        let name = names.get(config)
        if (name === undefined && names.size < NAMED_STATEMENTS_PER_CONNECTION) {
          name = `lv_${createHash('sha1').update(config).digest('base64url')}`
          names.set(config, name)
        }
        if (name !== undefined) return query({ name, text: config, values }, callback)
      }
    }
    return query(config, values, callback)
  }
}

/**
 * Kysely's SQLite driver calls prepare() for every query; compiling the same SQL again costs
 * more than running it (bench: 0.17x vs 0.56x of the ceiling for a one-row read). Statements
 * are therefore compiled once per SQL text and reused. A statement still iterating (a stream)
 * is busy and cannot be re-entered, so a busy one is bypassed with a fresh statement.
 */
function memoisePrepare(raw: BetterSqlite3.Database, capacity = 1000): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>()
  return {
    close: () => raw.close(),
    prepare(sqlText: string) {
      const cached = cache.get(sqlText)
      if (cached && !cached.busy) return cached as never
      const stmt = raw.prepare(sqlText)
      if (!cached) {
        if (cache.size >= capacity) cache.delete(cache.keys().next().value!)
        cache.set(sqlText, stmt)
      }
      return stmt as never
    },
  }
}
