import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { CompiledQuery } from 'kysely'
import pg from 'pg'
import { from as copyFrom, to as copyTo } from 'pg-copy-streams'

/**
 * PostgreSQL's bulk routes, for the paths where statement-at-a-time costs most (issue 6, measured
 * in bench/storage-results.md): COPY FROM loads rows several times faster than multi-row
 * INSERT, and `COPY (SELECT …) TO STDOUT` writes CSV several times faster than a cursor plus
 * JavaScript formatting. Callers keep the SQLite path for the other dialect.
 */

/** pg sends every bind value as text of unknown type; a quoted literal is resolved the same way. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL'
  return pg.escapeLiteral(textOf(value))
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot inline the number ${value}`)
    return String(value)
  }
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value)
  if (value instanceof Date) return value.toISOString()
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`
  if (Array.isArray(value)) {
    const items = value.map((v) => (v === null || v === undefined ? 'NULL' : `"${textOf(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`))
    return `{${items.join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * The compiled query with its $n parameters written as literals: COPY accepts no bind
 * parameters. Quoted strings, quoted identifiers, dollar quotes and comments are copied
 * unchanged, so a "$1" inside them is not mistaken for a placeholder.
 */
export function inlineParameters(compiled: Pick<CompiledQuery, 'sql' | 'parameters'>): string {
  const text = compiled.sql
  let out = ''
  let i = 0
  const copyUntil = (end: string, from: number) => {
    const stop = text.indexOf(end, from)
    const next = stop < 0 ? text.length : stop + end.length
    out += text.slice(i, next)
    i = next
  }
  while (i < text.length) {
    const ch = text[i]
    if (ch === "'" || ch === '"') {
      // '' and "" inside are an escaped quote: the scan simply resumes at the next quote.
      copyUntil(ch, i + 1)
    } else if (ch === '-' && text[i + 1] === '-') {
      copyUntil('\n', i + 2)
    } else if (ch === '/' && text[i + 1] === '*') {
      copyUntil('*/', i + 2)
    } else if (ch === '$') {
      const placeholder = /^\$(\d+)/.exec(text.slice(i))
      const dollarTag = /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.exec(text.slice(i))
      if (placeholder && !/[A-Za-z0-9_]/.test(text[i - 1] ?? '')) {
        const index = Number(placeholder[1]) - 1
        if (index < 0 || index >= compiled.parameters.length) throw new Error(`no value for ${placeholder[0]}`)
        out += literal(compiled.parameters[index])
        i += placeholder[0].length
      } else if (dollarTag) {
        copyUntil(dollarTag[0], i + dollarTag[0].length)
      } else {
        out += ch
        i++
      }
    } else {
      out += ch
      i++
    }
  }
  return out
}

export interface CopyOutOptions {
  /** First line: the query's column names (use `AS "Account Due Date"` for vendor headers). */
  header?: boolean
  /** Called once the COPY has ended, with the number of rows the server wrote. */
  onEnd?: (rowCount: number) => void
}

/**
 * The query's rows as CSV bytes straight from the server: `COPY (<query>) TO STDOUT` on a pooled
 * connection, streamed without buffering. CSV format details: fields are quoted only when they
 * hold a comma, quote or line break, lines end with \n, NULL is an empty field, and an empty
 * string is written `""` (select `NULLIF(col, '')` where that must look unset).
 *
 * Destroying the stream (the HTTP client went away) discards the connection, which ends the
 * COPY on the server at once (test: copy.test.ts); the pool opens a fresh one when needed.
 */
export function copyQueryToCsv(pool: pg.Pool, compiled: Pick<CompiledQuery, 'sql' | 'parameters'>, options: CopyOutOptions = {}): Readable {
  const statement = `COPY (${inlineParameters(compiled)}) TO STDOUT WITH (FORMAT csv${options.header ? ', HEADER' : ''})`
  const output = new Transform({ transform: (chunk, _encoding, done) => done(null, chunk) })
  let client: pg.PoolClient | undefined
  let finished = false
  const release = (error?: Error) => {
    if (finished || !client) return
    finished = true
    client.release(error)
  }
  output.once('close', () => release(output.readableEnded ? undefined : new Error('COPY TO abandoned')))
  pool.connect().then((connected) => {
    client = connected
    if (output.destroyed) return release(new Error('COPY TO abandoned'))
    const source = connected.query(copyTo(statement))
    source.on('error', (err) => {
      release(err)
      output.destroy(err)
    })
    source.once('end', () => {
      release()
      options.onEnd?.(source.rowCount)
    })
    source.pipe(output)
  }, (err: Error) => output.destroy(err))
  return output
}

const COPY_SPECIAL = /[\\\n\r\t]/

/** One value in COPY's text format: \N is NULL; backslash and the row/field separators are escaped. */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N'
  const text = typeof value === 'string' ? value : textOf(value)
  // Most values have nothing to escape: testing first spares replace() its scan and new string.
  if (!COPY_SPECIAL.test(text)) return text
  return text.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'))
}

/** Rows in COPY's text format: tab-separated values, one line per row. */
export function copyTextRows(rows: Iterable<readonly unknown[]>, width: number): string {
  let text = ''
  for (const row of rows) {
    if (row.length !== width) throw new Error(`row has ${row.length} values for ${width} columns`)
    text += `${row.map(copyText).join('\t')}\n`
  }
  return text
}

/**
 * COPY rows into a table on the caller's connection, so it joins the caller's transaction (a
 * failed COPY aborts it: nothing is half-written). Values are converted like bind parameters.
 * Returns the number of rows copied.
 *
 * To skip rows that violate a unique key (Bulk Create Contact), COPY into a temporary table
 * (`CREATE TEMP TABLE … (LIKE contacts) ON COMMIT DROP`) and `INSERT … SELECT … ON CONFLICT
 * DO NOTHING RETURNING …` from it in the same transaction.
 */
export async function copyRowsIn(client: pg.ClientBase, table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number> {
  const target = `${pg.escapeIdentifier(table)} (${columns.map((c) => pg.escapeIdentifier(c)).join(', ')})`
  const sink = client.query(copyFrom(`COPY ${target} FROM STDIN`))
  function* lines(): Generator<string> {
    // Batches of rows per chunk: one stream write per row would dominate the cost.
    let batch: (readonly unknown[])[] = []
    for (const row of rows) {
      batch.push(row)
      if (batch.length >= 500) {
        yield copyTextRows(batch, columns.length)
        batch = []
      }
    }
    if (batch.length > 0) yield copyTextRows(batch, columns.length)
  }
  await pipeline(Readable.from(lines()), sink)
  return sink.rowCount
}

/**
 * Runs fn inside a transaction on one pooled connection (COPY needs the raw client; run the
 * surrounding Kysely statements on it with `client.query(compiled.sql, [...compiled.parameters])`).
 * Rolls back when fn throws; a connection whose state is unknown is discarded, not reused.
 */
export async function withPgTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await fn(client)
    await client.query('COMMIT')
    client.release()
    return result
  } catch (error) {
    try {
      await client.query('ROLLBACK')
      client.release()
    } catch (rollbackError) {
      client.release(rollbackError as Error)
    }
    throw error
  }
}
