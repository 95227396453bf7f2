import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import {
  CompiledQuery, PostgresDialect,
  type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings,
} from 'kysely'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { builtOnce } from '../../lib/built-once.ts'
import { rowObjectBuilder, type RowObjectBuilder } from '../row-objects.ts'

/**
 * Kysely's PostgreSQL dialect with a driver of our own, for two things Kysely's driver cannot ask
 * for, each requested explicitly by the query rather than guessed from its SQL text:
 * - COPY FROM STDIN (copyFromStdin): bulk writes COPY inside an ordinary Kysely transaction, on
 *   the transaction's own connection, which Kysely keeps private.
 * - named statements: Kysely sends every query unnamed, so PostgreSQL parses and plans it again
 *   each time, most of a one-row read's cost (bench/storage-results.md). A stable name per SQL text makes
 *   the connection parse it once and reuse it, the counterpart of the SQLite statement cache.
 */
export class LvPostgresDialect extends PostgresDialect {
  constructor(private readonly pool: pg.Pool) {
    super({ pool })
  }

  override createDriver(): Driver {
    return new LvPostgresDriver(this.pool)
  }
}

const COPY_DATA = Symbol('COPY FROM STDIN data')
type CopyQuery = CompiledQuery & { readonly [COPY_DATA]: string }

/**
 * `COPY … FROM STDIN` with its rows (COPY text format, copyTextRows), to run with
 * `db.executeQuery(...)`: in a transaction it runs on the transaction's connection, and a failed
 * COPY aborts the transaction like any statement. The result's numAffectedRows is the row count.
 */
export function copyFromStdin(statement: string, data: string): CompiledQuery {
  // A new object: CompiledQuery.raw's result is frozen.
  const query: CopyQuery = { ...CompiledQuery.raw(statement), [COPY_DATA]: data }
  return query
}

const isCopy = (query: CompiledQuery): query is CopyQuery => COPY_DATA in query

/** Statements a connection keeps parsed and planned; past this, queries run unnamed. */
const NAMED_STATEMENTS_PER_CONNECTION = 500
/**
 * Queries with parameters are named: only preparable statements (SELECT, INSERT, UPDATE, DELETE,
 * MERGE, VALUES) take parameters, and a statement without any (DDL, transaction control) is
 * usually one-off. Bulk statements with many parameters (multi-row inserts of varying size) stay
 * unnamed too, so a connection does not collect thousands of one-off statements.
 */
const MAX_NAMED_PARAMETERS = 100

/** Row builders by SQL text, with the column names each was written for. */
const rowBuilders = builtOnce<{ names: string[]; build: RowObjectBuilder | undefined }>(NAMED_STATEMENTS_PER_CONNECTION)

/**
 * pg's array rows as the objects pg would have made (db/row-objects.ts). A multi-statement text
 * answers several results and no rows here, as before. The names are checked against the builder's
 * (a statement's columns cannot change under a name, but two texts could be built alike).
 */
function rowObjects(sql: string, fields: readonly pg.FieldDef[] | undefined, rows: unknown[][] | undefined): Record<string, unknown>[] {
  if (!rows || rows.length === 0 || !fields) return []
  const builderFor = () => {
    const names = fields.map((f) => f.name)
    return { names, build: rowObjectBuilder(names) }
  }
  let entry = rowBuilders(sql, builderFor)
  if (entry.names.length !== fields.length || fields.some((f, i) => f.name !== entry.names[i])) entry = builderFor()
  const build = entry.build ?? ((values: readonly unknown[]) => {
    // A column named __proto__: one property at a time, as pg itself does.
    const row: Record<string, unknown> = {}
    fields.forEach((f, i) => { row[f.name] = values[i] })
    return row
  })
  const objects = new Array<Record<string, unknown>>(rows.length)
  for (let i = 0; i < rows.length; i++) objects[i] = build(rows[i])
  return objects
}

export class LvPostgresConnection implements DatabaseConnection {
  private readonly names = new Map<string, string>()

  constructor(readonly client: pg.PoolClient) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (isCopy(query)) {
      const sink = this.client.query(copyFrom(query.sql))
      await pipeline(Readable.from([query[COPY_DATA]]), sink)
      return { rows: [], numAffectedRows: BigInt(sink.rowCount) }
    }
    const name = this.nameOf(query)
    const values = [...query.parameters]
    // Rows as arrays, made into objects here (rowObjects): pg's own row objects copy a prebuilt
    // object per row and then set each column, which on a bare pool cost 8-14% of the calls a
    // second for a 51-row page (bench/realistic-results.md, session 7).
    const { command, rowCount, rows, fields } = await this.client.query(name === undefined
      ? { text: query.sql, values, rowMode: 'array' }
      : { name, text: query.sql, values, rowMode: 'array' })
    if (command === 'ROLLBACK' || command === 'COMMIT') return { rows: [{ command } as R] }
    const counted = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE'
    return { numAffectedRows: counted ? BigInt(rowCount ?? 0) : undefined, rows: rowObjects(query.sql, fields, rows) as R[] }
  }

  /**
   * The queries written one after another without waiting for each answer (pg's pipeline mode),
   * answered in order: their round trips become one. Only for these queries: a connection is
   * otherwise in pg's default mode, which COPY (pg-copy-streams) requires. `settled` resolves
   * once every query has been answered and the mode is off again; the caller must wait for it
   * before the connection is released.
   */
  executePipelined<R>(queries: readonly CompiledQuery[]): { results: Promise<QueryResult<R>>[]; settled: Promise<void> } {
    const client = this.client as pg.PoolClient & { pipeline: boolean }
    if (typeof client.pipeline !== 'boolean') throw new Error('this pg version has no pipeline mode')
    if (queries.some(isCopy)) throw new Error('COPY cannot be pipelined')
    client.pipeline = true
    const results = queries.map((query) => this.executeQuery<R>(query))
    return { results, settled: Promise.allSettled(results).then(() => { client.pipeline = false }) }
  }

  private nameOf(query: CompiledQuery): string | undefined {
    const count = query.parameters.length
    if (count === 0 || count > MAX_NAMED_PARAMETERS) return undefined
    let name = this.names.get(query.sql)
    if (name === undefined && this.names.size < NAMED_STATEMENTS_PER_CONNECTION) {
      name = `lv_${createHash('sha1').update(query.sql).digest('base64url')}`
      this.names.set(query.sql, name)
    }
    return name
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    // Large reads on PostgreSQL go through COPY TO (copy.ts copyQueryToCsv), not a cursor.
    throw new Error('streaming is not supported on PostgreSQL; use copyQueryToCsv')
  }
}

class LvPostgresDriver implements Driver {
  /** One per pooled client, so its statement names live as long as the server session does. */
  private readonly connections = new WeakMap<pg.PoolClient, LvPostgresConnection>()
  /** Connections whose state is unknown (a failed rollback): closed instead of returned to the pool. */
  private readonly broken = new WeakSet<LvPostgresConnection>()

  constructor(private readonly pool: pg.Pool) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const client = await this.pool.connect()
    let connection = this.connections.get(client)
    if (!connection) {
      connection = new LvPostgresConnection(client)
      this.connections.set(client, connection)
    }
    return connection
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let statement = settings.isolationLevel || settings.accessMode ? 'start transaction' : 'begin'
    if (settings.isolationLevel) statement += ` isolation level ${settings.isolationLevel}`
    if (settings.accessMode) statement += ` ${settings.accessMode}`
    await connection.executeQuery(CompiledQuery.raw(statement))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const { rows } = await connection.executeQuery<{ command: string }>(CompiledQuery.raw('commit'))
    // PostgreSQL completes COMMIT with a ROLLBACK tag when an earlier statement error left the
    // transaction aborted: the caller's writes did not happen, so it must not look like success.
    if (rows[0]?.command === 'ROLLBACK') throw new Error('the transaction was aborted by an earlier error and rolled back')
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('rollback'))
    } catch (err) {
      this.broken.add(connection as LvPostgresConnection)
      throw err
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const conn = connection as LvPostgresConnection
    if (!this.broken.has(conn)) return conn.client.release()
    this.connections.delete(conn.client)
    conn.client.release(new Error('connection left in an unknown state'))
  }

  async destroy(): Promise<void> {
    await this.pool.end()
  }
}
