import { CompiledQuery } from 'kysely'
import type { Db } from '../../../db/database.ts'
import { copyTextRows } from '../../../db/postgres/copy.ts'
import { copyFromStdin } from '../../../db/postgres/postgres-dialect.ts'
import { builtOnce } from '../../../lib/built-once.ts'
import { INSERT_COLUMNS, type NewContactValues } from './contact.rows.ts'
import type { ContactRowUpdate } from './contact.table.ts'

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
const insertStatementsBuilt = builtOnce<{ copy: string; move: string }>()
const updateStatementsBuilt = builtOnce<{ copy: string; apply: string }>()

function insertStatements(columns: readonly number[]): { copy: string; move: string } {
  return insertStatementsBuilt(columns.join(','), () => {
    const names = columns.map((c) => `"${INSERT_COLUMNS[c]}"`).join(', ')
    return {
      copy: `COPY ${STAGE} (${names}) FROM STDIN`,
      move: `WITH staged AS (DELETE FROM ${STAGE} RETURNING *) `
        + `INSERT INTO contacts (${names}) SELECT ${names} FROM staged ORDER BY account_key, account `
        + 'ON CONFLICT DO NOTHING RETURNING id, account',
    }
  })
}

/** `columns`: indexes into INSERT_COLUMNS of the values to send; the others take their defaults. */
export async function copyContactRows(db: Db, rows: readonly NewContactValues[], columns: readonly number[]): Promise<{ id: number; account: string }[]> {
  const { copy, move } = insertStatements(columns)
  const data = copyTextRows(rows.map((row) => columns.map((c) => row.values[c])), columns.length)
  await db.executeQuery(createStage)
  await db.executeQuery(copyFromStdin(copy, data))
  const result = await db.executeQuery<{ id: number; account: string }>(CompiledQuery.raw(move))
  return result.rows.map((row) => ({ id: Number(row.id), account: row.account }))
}

function updateStatements(columns: readonly string[]): { copy: string; apply: string } {
  return updateStatementsBuilt(columns.join(','), () => ({
    copy: `COPY ${STAGE} ("id", ${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`,
    apply: `WITH staged AS (DELETE FROM ${STAGE} RETURNING *) `
      + `UPDATE contacts SET ${columns.map((c) => `"${c}" = staged."${c}"`).join(', ')} `
      + 'FROM staged WHERE contacts.client_id = $1 AND contacts.id = staged.id',
  }))
}

/**
 * Bulk Update Contact and Update Multiple Contacts' DND on PostgreSQL: the changed values go to
 * the staging table with COPY and reach `contacts` in one UPDATE … FROM per set of changed
 * columns, instead of one UPDATE (one round trip) per contact, which was far slower
 * (bench/storage-results.md). The caller holds the contacts' row locks (taken in id order), so this cannot deadlock.
 */
export async function copyContactUpdates(db: Db, clientId: number, changes: ReadonlyMap<number, ContactRowUpdate>): Promise<void> {
  const groups = new Map<string, { columns: string[]; rows: unknown[][] }>()
  for (const [id, change] of changes) {
    // A key holding undefined is no change, as in Kysely's set().
    const set = Object.entries(change).filter(([, value]) => value !== undefined).sort(([a], [b]) => (a < b ? -1 : 1))
    const columns = set.map(([column]) => column)
    const key = columns.join(',')
    let group = groups.get(key)
    if (!group) groups.set(key, (group = { columns, rows: [] }))
    group.rows.push([id, ...set.map(([, value]) => value)])
  }
  await db.executeQuery(createStage)
  for (const { columns, rows } of groups.values()) {
    const { copy, apply } = updateStatements(columns)
    await db.executeQuery(copyFromStdin(copy, copyTextRows(rows, columns.length + 1)))
    await db.executeQuery(CompiledQuery.raw(apply, [clientId]))
  }
}
