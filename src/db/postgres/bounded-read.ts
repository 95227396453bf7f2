import { Kysely, type CompiledQuery } from 'kysely'
import pg from 'pg'
import { StatementTimeout, type BoundedRead } from '../bounded-read.ts'
import { LvPostgresDialect } from './postgres-dialect.ts'

export interface PostgresBoundedReads {
  read: BoundedRead
  close(): Promise<void>
}

/**
 * PostgreSQL: bounded reads run on a pool of their own whose connections start with
 * `statement_timeout` set (a startup parameter, 57014 when it fires), so a read is its one
 * statement. Set per read instead, in the read's own transaction, it cost three more round trips
 * (BEGIN, set_config, COMMIT) than the statement itself: about as much time as the search's page
 * statement. The pool has the shared pool's settings and size; its connections close when idle.
 */
export function postgresBoundedReads(shared: pg.Pool, limitMs: number): PostgresBoundedReads {
  const pool = new pg.Pool({ ...shared.options, statement_timeout: limitMs })
  const db = new Kysely<unknown>({ dialect: new LvPostgresDialect(pool) })
  return {
    read: async <R>(query: CompiledQuery<R>) => {
      try {
        return (await db.executeQuery(query)).rows
      } catch (err) {
        if ((err as { code?: string }).code === '57014') throw new StatementTimeout(limitMs)
        throw err
      }
    },
    close: () => db.destroy(),
  }
}
