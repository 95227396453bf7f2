import { CompiledQuery } from 'kysely'
import type { AnyKysely } from '../dialect.ts'
import { StatementTimeout, type BoundedRead } from '../bounded-read.ts'
import type { LvPostgresConnection } from './postgres-dialect.ts'

const COMMIT = CompiledQuery.raw('commit')

/**
 * PostgreSQL: the read in a transaction of its own that starts with SET LOCAL statement_timeout
 * (57014 when it fires). BEGIN with SET LOCAL (one simple-protocol message), the read and COMMIT
 * are written together, pipelined (LvPostgresConnection.executePipelined): the answer waits for
 * one round trip instead of two (four with Kysely's own transaction), and the connection goes
 * back to the pool once the COMMIT is done. A failed read leaves the transaction aborted and its
 * COMMIT, already sent, ends it as a ROLLBACK. Nothing outlives the transaction, so the
 * connection stays fit for PgBouncer's transaction mode (docs/scaling.md); a startup parameter
 * or a session SET would not be. Search p50: bench/realistic-results.md "Session 11" and "Session 12".
 */
export function postgresBoundedRead(db: AnyKysely, limitMs: number): BoundedRead {
  const begin = CompiledQuery.raw(`begin; set local statement_timeout = ${Math.trunc(limitMs)}`)
  return <R>(query: CompiledQuery<R>) => new Promise<R[]>((resolve, reject) => {
    // The driver's own connection (no plugins are installed, so Kysely would add nothing).
    db.getExecutor().provideConnection(async (conn) => {
      const { results: [begun, read], settled } = (conn as LvPostgresConnection).executePipelined<R>([begin, query, COMMIT])
      try {
        await begun
        resolve((await read).rows)
      } catch (err) {
        reject((err as { code?: string }).code === '57014' ? new StatementTimeout(limitMs) : err as Error)
      }
      // The connection is released only after its COMMIT (or the ROLLBACK it became); a COMMIT
      // that failed (the connection was lost) changes nothing for the answer.
      await settled
    }).catch(reject)
  })
}
