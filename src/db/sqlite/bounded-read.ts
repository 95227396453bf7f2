import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { CompiledQuery } from 'kysely'
import type BetterSqlite3 from 'better-sqlite3'
import { StatementTimeout, TIME_LIMIT_FUNCTION, TIMEOUT_MARK, type BoundedRead } from '../bounded-read.ts'
import type { AnyKysely } from '../dialect.ts'

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
