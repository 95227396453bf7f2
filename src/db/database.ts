import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import { Kysely } from 'kysely'
import pg from 'pg'
import type { BoundedRead } from './bounded-read.ts'
import { postgresBoundedRead } from './postgres/bounded-read.ts'
import { registerTimeLimit, sqliteConnectionBoundedRead, SqliteInlineFirstReads, SqliteReadWorkers } from './sqlite/bounded-read.ts'
import { openSqlite, releaseCacheWhenIdle, sqliteDialect } from './sqlite/sqlite-dialect.ts'
import type { DialectName } from './dialect.ts'
import { LvPostgresDialect } from './postgres/postgres-dialect.ts'
import { vacuumAfterLoads } from './postgres/vacuum-after-loads.ts'
import { useGroupCommit } from './transaction.ts'
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
  /** PostgreSQL: VACUUM (ANALYZE) tables soon after bulk loads (postgres/vacuum-after-loads.ts); the server's own handle. */
  vacuumAfterLoads?: boolean
}

export function createDb(url: string, options: DbOptions = {}): DbHandle {
  const limitMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 })
    const db = new Kysely<Database>({ dialect: new LvPostgresDialect(pool) })
    const maintenance = options.vacuumAfterLoads ? vacuumAfterLoads(pool) : undefined
    return {
      db, dialect: 'postgres', pgPool: pool, boundedRead: postgresBoundedRead(db, limitMs),
      close: async () => {
        await maintenance?.stop()
        await db.destroy()
      },
    }
  }
  if (!url.startsWith('sqlite:')) throw new Error(`unsupported DATABASE_URL scheme: ${url}`)
  const path = url.slice('sqlite:'.length)
  const memory = path === ':memory:' || path === ''
  if (!memory) mkdirSync(dirname(path), { recursive: true })
  const raw = openSqlite(memory ? ':memory:' : path)
  const limit = registerTimeLimit(raw)
  const usage = { lastUse: 0 }
  const db = new Kysely<Database>({ dialect: sqliteDialect(raw, usage) })
  useGroupCommit(db)
  if (memory) {
    return { db, dialect: 'sqlite', sqlite: raw, boundedRead: sqliteConnectionBoundedRead(db, limit, limitMs), close: () => db.destroy() }
  }
  const reads = new SqliteInlineFirstReads(path, limitMs, new SqliteReadWorkers(path, limitMs, options.readWorkers ?? 2))
  const stopReleasing = releaseCacheWhenIdle(raw, usage)
  return {
    db, dialect: 'sqlite', sqlitePath: path, sqlite: raw, boundedRead: reads.read,
    close: async () => {
      stopReleasing()
      await reads.close()
      await db.destroy()
    },
  }
}
