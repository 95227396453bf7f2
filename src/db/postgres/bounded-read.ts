import { CompiledQuery } from 'kysely'
import type { AnyKysely } from '../dialect.ts'
import { StatementTimeout, type BoundedRead } from '../bounded-read.ts'

const COMMIT = CompiledQuery.raw('commit')
const ROLLBACK = CompiledQuery.raw('rollback')

/**
 * PostgreSQL: the read in a transaction of its own that starts with SET LOCAL statement_timeout
 * (57014 when it fires). BEGIN and SET LOCAL go in one simple-protocol message, so a read costs
 * three round trips, not four (Kysely's transaction sends BEGIN on its own): about a third of a
 * search's wall time on a loaded machine went to them. Nothing outlives the transaction, so the
 * connection stays fit for PgBouncer's transaction mode (docs/scaling.md); a startup parameter
 * or a session SET would not be.
 */
export function postgresBoundedRead(db: AnyKysely, limitMs: number): BoundedRead {
  const begin = CompiledQuery.raw(`begin; set local statement_timeout = ${Math.trunc(limitMs)}`)
  return async <R>(query: CompiledQuery<R>) => {
    try {
      return await db.connection().execute(async (conn) => {
        let rows: R[]
        try {
          await conn.executeQuery(begin)
          rows = (await conn.executeQuery(query)).rows
        } catch (err) {
          await conn.executeQuery(ROLLBACK)
          throw err
        }
        await conn.executeQuery(COMMIT)
        return rows
      })
    } catch (err) {
      if ((err as { code?: string }).code === '57014') throw new StatementTimeout(limitMs)
      throw err
    }
  }
}
