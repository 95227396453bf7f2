import type { CompiledQuery } from 'kysely'
import type pg from 'pg'
import { copyQueryToCsv } from '../../../db/postgres/copy.ts'

/**
 * Bulk Contact Download on PostgreSQL: the server writes the CSV itself with
 * `COPY (SELECT …) TO STDOUT` (issue 6: several times as fast as a cursor plus formatting in
 * JavaScript, bench/storage-results.md), and the bytes pass through untouched. The SELECT
 * already yields each field as its CSV text (contact-export.ts `pgCsvValue`), so both dialects
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
