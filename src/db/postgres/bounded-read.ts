import { sql, type CompiledQuery } from 'kysely'
import type { AnyKysely } from '../dialect.ts'
import { StatementTimeout, type BoundedRead } from '../bounded-read.ts'

/** PostgreSQL: SET LOCAL statement_timeout in the read's own transaction (57014 when it fires). */
export function postgresBoundedRead(db: AnyKysely, limitMs: number): BoundedRead {
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
