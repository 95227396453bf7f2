import { CompiledQuery } from 'kysely'
import type { Db } from '../../../db/database.ts'
import { copyTextRows } from '../../../db/pg-fast-paths.ts'
import { INSERT_COLUMNS, type NewContactValues } from './contact.rows.ts'

/**
 * Bulk Create Contact and the CLI import on PostgreSQL: a batch is sent with COPY, PostgreSQL's
 * bulk route (issue 6), rather than as multi-row INSERTs of thousands of parameters that the
 * server parses and plans each time. COPY cannot skip an account that exists already, so the
 * rows land in a temporary table first and move to `contacts` in one statement that does
 * (ON CONFLICT DO NOTHING), in the caller's transaction: nothing is half-written, and two
 * instances creating the same account still yield one contact.
 *
 * The temporary table belongs to the connection and empties at each commit; the statement that
 * moves the rows also deletes them, so several batches can share one transaction (CLI import).
 * Rows go in by account, the unique index's order: two batches naming the same new accounts in
 * different orders then wait for each other account by account instead of deadlocking.
 */
const STAGE = 'contacts_in'

const createStage = CompiledQuery.raw(
  `CREATE TEMPORARY TABLE IF NOT EXISTS ${STAGE} ON COMMIT DELETE ROWS AS SELECT * FROM contacts WITH NO DATA`,
)
const statements = new Map<string, { copy: string; move: string }>()

function statementsFor(columns: readonly number[]): { copy: string; move: string } {
  const key = columns.join(',')
  let found = statements.get(key)
  if (found === undefined) {
    const names = columns.map((c) => `"${INSERT_COLUMNS[c]!}"`).join(', ')
    found = {
      copy: `COPY ${STAGE} (${names}) FROM STDIN`,
      move: `WITH staged AS (DELETE FROM ${STAGE} RETURNING *) `
        + `INSERT INTO contacts (${names}) SELECT ${names} FROM staged ORDER BY account_key, account `
        + 'ON CONFLICT DO NOTHING RETURNING id, account',
    }
    if (statements.size > 500) statements.clear()
    statements.set(key, found)
  }
  return found
}

/** `columns`: indexes into INSERT_COLUMNS of the values to send; the others take their defaults. */
export async function copyContactRows(db: Db, rows: readonly NewContactValues[], columns: readonly number[]): Promise<{ id: number; account: string }[]> {
  const { copy, move } = statementsFor(columns)
  const data = copyTextRows(rows.map((row) => columns.map((c) => row.values[c])), columns.length)
  await db.executeQuery(createStage)
  await db.executeQuery(CompiledQuery.raw(copy, [data]))
  const result = await db.executeQuery<{ id: number; account: string }>(CompiledQuery.raw(move))
  return result.rows.map((row) => ({ id: Number(row.id), account: row.account }))
}
