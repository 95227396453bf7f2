import { sql, type CompiledQuery, type RawBuilder } from 'kysely'
import { dialectOf, type AnyKysely } from './dialect.ts'

/**
 * One read statement with a time limit (issue 10 item 7: one tenant's search blocked every
 * tenant); each dialect's half is in its folder (postgres/, sqlite/bounded-read.ts).
 * PostgreSQL: `statement_timeout` set for the read's own transaction. SQLite: the
 * statement calls TIME_LIMIT_FUNCTION for each row it examines, and the function fails once
 * the connection's deadline has passed; better-sqlite3 has no sqlite3_interrupt, and this stops
 * the work itself rather than only the wait for it. For a file database the statement gets a
 * few milliseconds in the event loop on a read-only connection of its own, and if that is not
 * enough, the rest of the limit on a worker thread with another, so a heavy read does not hold
 * the event loop; an in-memory database exists on one connection only, so there it runs on that
 * connection, in the event loop, for at most the limit.
 */
export class StatementTimeout extends Error {
  constructor(readonly limitMs: number) {
    super(`statement ran longer than ${limitMs} ms`)
  }
}

export function isStatementTimeout(error: unknown): error is StatementTimeout {
  return error instanceof StatementTimeout
}

export const TIME_LIMIT_FUNCTION = 'lv_within_time_limit'
/** Thrown inside the SQLite function; the message is how a worker recognises it. */
export const TIMEOUT_MARK = 'LV_STATEMENT_TIMEOUT'

/**
 * A term every row of a bounded SQLite read evaluates (TRUE until the deadline); none on
 * PostgreSQL, whose timeout needs no help from the statement.
 */
export function timeLimitTerm(db: AnyKysely): RawBuilder<boolean> | null {
  return dialectOf(db) === 'sqlite' ? sql<boolean>`${sql.raw(TIME_LIMIT_FUNCTION)}() = 1` : null
}

export type BoundedRead = <R>(query: CompiledQuery<R>) => Promise<R[]>
