import { sql, type CompiledQuery, type RawBuilder } from 'kysely'
import type pg from 'pg'
import { copyQueryToCsv } from '../../../db/postgres/copy.ts'
import type { ExportField } from './export-fields.ts'

/**
 * Bulk Contact Download on PostgreSQL: the server writes the CSV itself with
 * `COPY (SELECT …) TO STDOUT` (issue 6: several times as fast as a cursor plus formatting in
 * JavaScript, bench/storage-results.md), and the bytes pass through untouched. The SELECT
 * already yields each field as its CSV text (pgCsvValue below), so both dialects
 * send the same file.
 *
 * Waits for the first bytes (or the end) before returning, so a failing query still answers as
 * a JSON error before any CSV is sent. Ending the generator early (a client disconnecting)
 * destroys the COPY stream, which discards its connection and ends the query on the server.
 */
export async function openCopyExport(
  pool: pg.Pool, query: Pick<CompiledQuery, 'sql' | 'parameters'>, header: string, onRows?: (written: number) => void,
): Promise<AsyncGenerator<Buffer, void, undefined>> {
  let rowCount: number | undefined
  const stream = copyQueryToCsv(pool, query, { onEnd: (n) => { rowCount = n } })
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  let first: IteratorResult<Buffer>
  try {
    first = await chunks.next()
  } catch (err) {
    stream.destroy()
    throw err
  }
  return (async function* copyChunks() {
    try {
      // The header rides with the first rows: one chunk fewer through zlib and the socket.
      const head = Buffer.from(header)
      if (first.done) {
        yield head
      } else {
        yield Buffer.concat([head, first.value])
        for (let step = await chunks.next(); !step.done; step = await chunks.next()) yield step.value
      }
      // Once, from the server's count: line ends would overstate rows whose fields hold line breaks.
      onRows?.(rowCount ?? 0)
    } finally {
      if (!stream.readableEnded) stream.destroy()
    }
  })()
}

/**
 * contact-export.ts formatterOf in SQL, for PostgreSQL's COPY: each field as the text the CSV writer would write,
 * NULL for an empty field (COPY writes NULL as nothing and quotes like csvField: only values
 * holding a comma, quote, CR or LF). Differences, all in values no client sends in practice:
 * doubles of magnitude below 1e-4 or from 1e15 up are written in PostgreSQL's exponent form
 * (`1e+15` where JavaScript writes `1000000000000000`), and years before 1000 are zero-padded.
 */
export function pgCsvValue(field: ExportField, now: number): RawBuilder<string | null> {
  const value = sql.ref(`contacts.${field.column}`)
  switch (field.format) {
    case 'dailyUntil': return sql<string>`CASE WHEN ${value} > ${now} THEN 'true' ELSE 'false' END`
    case 'text': return sql<string | null>`NULLIF(${value}::text, '')`
    case 'number': return sql<string | null>`${value}::text`
    // float8 text is the shortest exact form, as JavaScript's; -0 is written 0 by both.
    case 'decimal': return sql<string | null>`CASE WHEN ${value} = 0 THEN '0' ELSE ${value}::text END`
    case 'flag': return sql<string>`CASE WHEN ${value} = 1 THEN 'true' ELSE 'false' END`
    // Seconds as a double: to_timestamp takes one, and `/ 1000.0` made every row pay numeric
    // division first (200,000 rows, two date columns: 300 -> 235 ms). Exact where it shows: a
    // whole second divides exactly, and the double's error (< 32 us up to the year 9999) cannot
    // carry a time of .999 s into the next second.
    case 'date': return sql<string | null>`to_char(to_timestamp(${value}::float8 / 1000) AT TIME ZONE 'America/New_York', 'MM/DD/YYYY')`
    case 'dateTime': return sql<string | null>`to_char(to_timestamp(${value}::float8 / 1000) AT TIME ZONE 'America/New_York', 'MM/DD/YYYY HH24:MI:SS')`
  }
}
