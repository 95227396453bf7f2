import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { CompiledQuery } from 'kysely'
import BetterSqlite3 from 'better-sqlite3'
import { StatementTimeout, TIME_LIMIT_FUNCTION, TIMEOUT_MARK, type BoundedRead } from '../bounded-read.ts'
import type { AnyKysely } from '../dialect.ts'
import { ObjectRowStatement } from './row-objects.ts'

export interface SqliteTimeLimit {
  /** Epoch millis after which TIME_LIMIT_FUNCTION fails; Infinity when no bounded read runs. */
  deadline: number
}

/**
 * TIME_LIMIT_FUNCTION for one connection: fails once `limit.deadline` has passed. It reads the
 * clock on every 16th call only: the call is made for each examined row, and reading the clock
 * cost about as much as the call itself (~50 ns against ~60 ns; an account-prefix search examines
 * ~2,000 rows: 350 → 278 µs for its id scan). A statement overruns its deadline by at most 15
 * rows. The read workers run it from its source text (WORKER_SOURCE), so it names nothing outside.
 */
function timeLimitFunction(limit: SqliteTimeLimit, mark: string): () => number {
  let calls = 0
  return () => {
    if ((++calls & 15) === 0 && Date.now() > limit.deadline) throw new Error(mark)
    return 1
  }
}

/** Defines TIME_LIMIT_FUNCTION on a connection (every SQLite connection that may run a bounded read). */
export function registerTimeLimit(raw: BetterSqlite3.Database): SqliteTimeLimit {
  const limit = { deadline: Number.POSITIVE_INFINITY }
  raw.function(TIME_LIMIT_FUNCTION, { deterministic: false }, timeLimitFunction(limit, TIMEOUT_MARK))
  return limit
}

/** SQLite in memory: the one connection, held for the read so the deadline applies to it alone. */
export function sqliteConnectionBoundedRead(db: AnyKysely, limit: SqliteTimeLimit, limitMs: number): BoundedRead {
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
const limit = { deadline: Infinity }
db.function(workerData.fn, { deterministic: false }, (${timeLimitFunction.toString()})(limit, workerData.mark))
const statements = new Map()
parentPort.on('message', ({ id, sql, parameters, limitMs }) => {
  try {
    let stmt = statements.get(sql)
    if (!stmt) {
      stmt = db.prepare(sql)
      if (statements.size >= 200) statements.delete(statements.keys().next().value)
      statements.set(sql, stmt)
    }
    limit.deadline = Date.now() + limitMs
    const rows = stmt.all(parameters)
    limit.deadline = Infinity
    parentPort.postMessage({ id, rows })
  } catch (err) {
    limit.deadline = Infinity
    parentPort.postMessage({ id, error: { message: String(err && err.message), code: err && err.code } })
  }
})
`

interface Job {
  id: number
  sql: string
  parameters: readonly unknown[]
  limitMs: number
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

  readonly read: BoundedRead = <R>(query: CompiledQuery<R>) => this.readWithin(query, this.limitMs)

  /** The read with `limitMs` of the statement time limit left (the rest was spent in the event loop). */
  readWithin<R>(query: CompiledQuery<R>, limitMs: number): Promise<R[]> {
    return new Promise<R[]>((resolve, reject) => {
      if (this.closed) return reject(new Error('database closed'))
      this.queue.push({ id: ++this.sequence, sql: query.sql, parameters: query.parameters, limitMs, resolve: resolve as (rows: unknown[]) => void, reject })
      this.dispatch()
    })
  }

  /** Reads queued or running on a worker. */
  get pending(): number {
    return this.queue.length + this.busy.size
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.started < this.size ? this.spawn() : undefined)
      if (!worker) return
      const job = this.queue.shift()!
      this.busy.set(worker, job)
      worker.postMessage({ id: job.id, sql: job.sql, parameters: job.parameters, limitMs: job.limitMs })
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

/**
 * How long a bounded read on a SQLite file may run in the event loop before it moves to a read
 * worker. Most searches take about a millisecond, and the hop to a worker and back (a postMessage
 * each way, a structured clone of the rows, a scheduling turn on a busy machine) added ~0.3 ms
 * to that; a heavy one holds the event loop for this slice at most, then starts over on a worker
 * with what is left of the time limit.
 */
export const INLINE_SLICE_MS = 3

/**
 * SQLite file: a bounded read first runs in the event loop on a read-only connection of its own
 * for at most INLINE_SLICE_MS, then, if unfinished, on the read workers; while a worker is busy,
 * reads go straight to the workers. The connection does not wait for a lock (busy_timeout 0): a
 * read that would is handed to a worker instead, which waits as usual. Like a worker's, the
 * connection reads a snapshot of every commit made before the statement started, without
 * waiting for the shared connection's transactions.
 */
export class SqliteInlineFirstReads {
  private connection: BetterSqlite3.Database | undefined
  private limit: SqliteTimeLimit | undefined
  private readonly statements = new Map<string, ObjectRowStatement>()

  constructor(private readonly path: string, private readonly limitMs: number, private readonly workers: SqliteReadWorkers) {}

  readonly read: BoundedRead = async <R>(query: CompiledQuery<R>) => {
    // A worker busy means heavy reads are about: the next one might be heavy too, and would spend
    // its slice in the event loop for nothing before moving to a worker anyway.
    if (this.workers.pending > 0) return this.workers.read(query)
    const slice = Math.min(INLINE_SLICE_MS, this.limitMs)
    const started = Date.now()
    const rows = this.inline(query, started + slice)
    if (rows !== undefined) return rows
    const left = this.limitMs - (Date.now() - started)
    if (left <= 0) throw new StatementTimeout(this.limitMs)
    return this.workers.readWithin(query, left)
  }

  /** The rows, or undefined when the slice ran out or the database was locked. */
  private inline<R>(query: CompiledQuery<R>, deadline: number): R[] | undefined {
    const connection = this.open()
    let stmt = this.statements.get(query.sql)
    if (!stmt) {
      stmt = new ObjectRowStatement(connection.prepare(query.sql))
      if (this.statements.size >= 200) this.statements.delete(this.statements.keys().next().value!)
      this.statements.set(query.sql, stmt)
    }
    this.limit!.deadline = deadline
    try {
      return stmt.all(query.parameters) as R[]
    } catch (err) {
      const { message, code } = err as { message?: string; code?: string }
      if (message === TIMEOUT_MARK || code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return undefined
      throw err
    } finally {
      this.limit!.deadline = Number.POSITIVE_INFINITY
    }
  }

  private open(): BetterSqlite3.Database {
    if (!this.connection) {
      const connection = new BetterSqlite3(this.path, { readonly: true, fileMustExist: true })
      connection.pragma('busy_timeout = 0')
      this.limit = registerTimeLimit(connection)
      this.connection = connection
    }
    return this.connection
  }

  async close(): Promise<void> {
    this.statements.clear()
    this.connection?.close()
    this.connection = undefined
    await this.workers.close()
  }
}
