import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { sql, type CompiledQuery, type Kysely, type RawBuilder } from 'kysely'
import type BetterSqlite3 from 'better-sqlite3'
import { dialectOf } from './dialect.ts'

/**
 * One read statement with a time limit (issue 10 item 7: one tenant's search blocked every
 * tenant). PostgreSQL: `statement_timeout` set for the read's own transaction. SQLite: the
 * statement calls TIME_LIMIT_FUNCTION for each row it examines, and the function fails once
 * the connection's deadline has passed; better-sqlite3 has no sqlite3_interrupt, and this stops
 * the work itself rather than only the wait for it. For a file database the statement runs on a
 * worker thread with a read-only connection of its own, so the event loop stays free while it
 * runs; an in-memory database exists on one connection only, so there it runs on that
 * connection, in the event loop, for at most the limit.
 */
export class StatementTimeout extends Error {
  constructor(readonly limitMs: number) {
    super(`statement ran longer than ${limitMs} ms`)
  }
}

export function isStatementTimeout(error: unknown): error is StatementTimeout {
  return error instanceof StatementTimeout
}

export const TIME_LIMIT_FUNCTION = 'lv_within_time_limit'
/** Thrown inside the SQLite function; the message is how a worker recognises it. */
const TIMEOUT_MARK = 'LV_STATEMENT_TIMEOUT'

/**
 * A term every row of a bounded SQLite read evaluates (TRUE until the deadline); none on
 * PostgreSQL, whose timeout needs no help from the statement.
 */
export function timeLimitTerm(db: Kysely<any>): RawBuilder<boolean> | null {
  return dialectOf(db) === 'sqlite' ? sql<boolean>`${sql.raw(TIME_LIMIT_FUNCTION)}() = 1` : null
}

export interface SqliteTimeLimit {
  /** Epoch millis after which TIME_LIMIT_FUNCTION fails; Infinity when no bounded read runs. */
  deadline: number
}

/** Defines TIME_LIMIT_FUNCTION on a connection (every SQLite connection that may run a bounded read). */
export function registerTimeLimit(raw: BetterSqlite3.Database): SqliteTimeLimit {
  const limit = { deadline: Number.POSITIVE_INFINITY }
  raw.function(TIME_LIMIT_FUNCTION, { deterministic: false }, () => {
    if (Date.now() > limit.deadline) throw new Error(TIMEOUT_MARK)
    return 1
  })
  return limit
}

export type BoundedRead = <R>(query: CompiledQuery<R>) => Promise<R[]>

/** PostgreSQL: SET LOCAL statement_timeout in the read's own transaction (57014 when it fires). */
export function postgresBoundedRead(db: Kysely<any>, limitMs: number): BoundedRead {
  return async <R>(query: CompiledQuery<R>) => {
    try {
      return await db.transaction().execute(async (trx) => {
        await sql`select set_config('statement_timeout', ${String(limitMs)}, true)`.execute(trx)
        return (await trx.executeQuery(query)).rows
      })
    } catch (err) {
      if ((err as { code?: string }).code === '57014') throw new StatementTimeout(limitMs)
      throw err
    }
  }
}

/** SQLite in memory: the one connection, held for the read so the deadline applies to it alone. */
export function sqliteConnectionBoundedRead(db: Kysely<any>, limit: SqliteTimeLimit, limitMs: number): BoundedRead {
  return async <R>(query: CompiledQuery<R>) => {
    try {
      return await db.connection().execute(async (conn) => {
        limit.deadline = Date.now() + limitMs
        try {
          return (await conn.executeQuery(query)).rows
        } finally {
          limit.deadline = Number.POSITIVE_INFINITY
        }
      })
    } catch (err) {
      if ((err as Error).message === TIMEOUT_MARK) throw new StatementTimeout(limitMs)
      throw err
    }
  }
}

/**
 * The worker's code, as text: it runs the same way under tsx, vitest and the esbuild bundle
 * (`npm start`), none of which would otherwise agree on a worker file's path or its TypeScript.
 * One statement at a time; the deadline is set when the statement starts, so time spent queued
 * for a worker does not count against it.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path, { readonly: true, fileMustExist: true })
db.pragma('busy_timeout = 5000')
let deadline = Infinity
db.function(workerData.fn, { deterministic: false }, () => {
  if (Date.now() > deadline) throw new Error(workerData.mark)
  return 1
})
const statements = new Map()
parentPort.on('message', ({ id, sql, parameters, limitMs }) => {
  try {
    let stmt = statements.get(sql)
    if (!stmt) {
      stmt = db.prepare(sql)
      if (statements.size >= 200) statements.delete(statements.keys().next().value)
      statements.set(sql, stmt)
    }
    deadline = Date.now() + limitMs
    const rows = stmt.all(parameters)
    deadline = Infinity
    parentPort.postMessage({ id, rows })
  } catch (err) {
    deadline = Infinity
    parentPort.postMessage({ id, error: { message: String(err && err.message), code: err && err.code } })
  }
})
`

interface Job {
  id: number
  sql: string
  parameters: readonly unknown[]
  resolve(rows: unknown[]): void
  reject(error: Error): void
}

/**
 * SQLite file database: bounded reads on `size` worker threads, each with its own read-only
 * connection (WAL lets them read while the main connection writes; a read sees every commit made
 * before it started). Workers start on the first read and are replaced if one dies.
 */
export class SqliteReadWorkers {
  private readonly idle: Worker[] = []
  private readonly busy = new Map<Worker, Job>()
  private readonly queue: Job[] = []
  private started = 0
  private sequence = 0
  private closed = false

  constructor(private readonly path: string, private readonly limitMs: number, private readonly size: number) {}

  readonly read: BoundedRead = <R>(query: CompiledQuery<R>) => new Promise<R[]>((resolve, reject) => {
    if (this.closed) return reject(new Error('database closed'))
    this.queue.push({ id: ++this.sequence, sql: query.sql, parameters: query.parameters, resolve: resolve as (rows: unknown[]) => void, reject })
    this.dispatch()
  })

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.started < this.size ? this.spawn() : undefined)
      if (!worker) return
      const job = this.queue.shift()!
      this.busy.set(worker, job)
      worker.postMessage({ id: job.id, sql: job.sql, parameters: job.parameters, limitMs: this.limitMs })
    }
  }

  private spawn(): Worker {
    this.started++
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path: this.path, driver: createRequire(import.meta.url).resolve('better-sqlite3'), fn: TIME_LIMIT_FUNCTION, mark: TIMEOUT_MARK },
    })
    worker.unref()
    worker.on('message', (message: { id: number; rows?: unknown[]; error?: { message: string; code?: string } }) => {
      const job = this.busy.get(worker)
      this.busy.delete(worker)
      this.idle.push(worker)
      if (job && job.id === message.id) {
        if (message.error === undefined) job.resolve(message.rows!)
        else if (message.error.message === TIMEOUT_MARK) job.reject(new StatementTimeout(this.limitMs))
        else job.reject(Object.assign(new Error(message.error.message), { code: message.error.code }))
      }
      this.dispatch()
    })
    const lost = (error: Error) => {
      const job = this.busy.get(worker)
      this.busy.delete(worker)
      const at = this.idle.indexOf(worker)
      if (at !== -1) this.idle.splice(at, 1)
      this.started--
      job?.reject(error)
      if (!this.closed) this.dispatch()
    }
    worker.on('error', lost)
    worker.on('exit', (code) => { if (this.busy.has(worker) || this.idle.includes(worker)) lost(new Error(`read worker exited (${code})`)) })
    return worker
  }

  async close(): Promise<void> {
    this.closed = true
    for (const job of this.queue.splice(0)) job.reject(new Error('database closed'))
    const workers = [...this.idle, ...this.busy.keys()]
    this.idle.length = 0
    await Promise.all(workers.map((w) => w.terminate()))
  }
}
