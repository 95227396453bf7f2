import { CompiledQuery } from 'kysely'
import type { AnyKysely } from '../dialect.ts'
import { StatementTimeout, type BoundedRead } from '../bounded-read.ts'

const COMMIT = CompiledQuery.raw('commit')
const ROLLBACK = CompiledQuery.raw('rollback')

/**
 * PostgreSQL: the read in a transaction of its own that starts with SET LOCAL statement_timeout
 * (57014 when it fires). BEGIN and SET LOCAL go in one simple-protocol message, so a read costs
 * three round trips, not four (Kysely's transaction sends BEGIN on its own): about a third of a
 * search's wall time on a loaded machine went to them. The answer waits for two: the COMMIT
 * runs after it (search p50 3.22 → 3.05 ms, bench/realistic-results.md "Session 11"). Nothing outlives the transaction, so the
 * connection stays fit for PgBouncer's transaction mode (docs/scaling.md); a startup parameter
 * or a session SET would not be.
 */
export function postgresBoundedRead(db: AnyKysely, limitMs: number): BoundedRead {
  const begin = CompiledQuery.raw(`begin; set local statement_timeout = ${Math.trunc(limitMs)}`)
  return <R>(query: CompiledQuery<R>) => new Promise<R[]>((resolve, reject) => {
    // The rows are answered as soon as they arrive; the connection goes back to the pool once
    // its COMMIT is done. A read-only transaction's COMMIT changes nothing the answer depends
    // on, and the search's wall time loses one of its three round trips.
    db.connection().execute(async (conn) => {
      try {
        await conn.executeQuery(begin)
        resolve((await conn.executeQuery(query)).rows)
      } catch (err) {
        await conn.executeQuery(ROLLBACK)
        throw err
      }
      await conn.executeQuery(COMMIT)
    }).catch((err: unknown) => {
      // After the answer (a COMMIT that failed: the connection was lost), this changes nothing.
      reject((err as { code?: string }).code === '57014' ? new StatementTimeout(limitMs) : err as Error)
    })
  })
}
