import { CompiledQuery } from 'kysely'
import type { Db } from '../../../db/database.ts'
import { copyTextRows } from '../../../db/postgres/copy.ts'
import { copyFromStdin } from '../../../db/postgres/postgres-dialect.ts'
import { isUniqueViolation } from '../../../db/db-errors.ts'
import { builtOnce } from '../../../lib/built-once.ts'
import { INSERT_COLUMNS, valueOf, writeValues, type NewContactValues } from './contact.rows.ts'
import type { ContactRowUpdate } from './contact.table.ts'

/**
 * Bulk Create Contact and the CLI import on PostgreSQL: a batch is sent with COPY, PostgreSQL's
 * bulk route (issue 6), rather than as multi-row INSERTs of thousands of parameters that the
 * server parses and plans each time.
 *
 * COPY cannot skip an account that exists already, so the accounts of the batch are looked up
 * first and those found are left out; the others are copied straight into `contacts`, which
 * PostgreSQL writes a page of rows at a time. Another instance may create one of them between the
 * lookup and the COPY: the COPY then fails on the unique index, only the savepoint around it is
 * rolled back, and the batch takes the staged route: the rows land in a temporary table first and
 * move to `contacts` in one statement that skips existing accounts (ON CONFLICT DO NOTHING), in
 * the caller's transaction. Either way nothing is half-written, and two instances creating the
 * same account still yield one contact. The staged route costs the server about twice the direct
 * one per row (bench/realistic-results.md): each row is written twice, read back, and inserted
 * one at a time with a speculative insertion into three unique indexes.
 *
 * Rows go in by account, the unique index's order, on both routes: two batches naming the same
 * new accounts in different orders then wait for each other account by account instead of
 * deadlocking.
 *
 * The temporary table belongs to the connection and empties at each commit; the statement that
 * moves the rows also deletes them, so several batches can share one transaction (CLI import).
 */
const STAGE = 'contacts_in'

const createStage = CompiledQuery.raw(
  `CREATE TEMPORARY TABLE IF NOT EXISTS ${STAGE} ON COMMIT DELETE ROWS AS SELECT * FROM contacts WITH NO DATA`,
)
const savepoint = CompiledQuery.raw('SAVEPOINT contacts_copy')
const releaseSavepoint = CompiledQuery.raw('RELEASE SAVEPOINT contacts_copy')
const rollbackToSavepoint = CompiledQuery.raw('ROLLBACK TO SAVEPOINT contacts_copy')
const insertStatementsBuilt = builtOnce<{ copy: string; stage: string; move: string }>()
const updateStatementsBuilt = builtOnce<{ copy: string; apply: string }>()

function insertStatements(columns: readonly number[]): { copy: string; stage: string; move: string } {
  return insertStatementsBuilt(columns.join(','), () => {
    const names = columns.map((c) => `"${INSERT_COLUMNS[c]}"`).join(', ')
    return {
      copy: `COPY contacts (${names}) FROM STDIN`,
      stage: `COPY ${STAGE} (${names}) FROM STDIN`,
      move: `WITH staged AS (DELETE FROM ${STAGE} RETURNING *) `
        + `INSERT INTO contacts (${names}) SELECT ${names} FROM staged ORDER BY account_key, account `
        + 'ON CONFLICT DO NOTHING RETURNING account',
    }
  })
}

const CLIENT_ID = INSERT_COLUMNS.indexOf('client_id')
const ACCOUNT_KEY = INSERT_COLUMNS.indexOf('account_key')

/**
 * The client's accounts under these keys, one probe of the unique index per key. Written as a
 * join on the unnested keys, which plans as that loop of probes even as the named statement's
 * generic plan; `account_key = ANY($2)` got a generic plan walking all the client's contacts.
 */
const accountsUnder = (clientId: unknown, keys: unknown[]): CompiledQuery => CompiledQuery.raw(
  'SELECT a.account FROM unnest($2::text[]) AS k(key) CROSS JOIN LATERAL (SELECT c.account FROM contacts c WHERE c.client_id = $1 AND c.account_key = k.key OFFSET 0) a', [clientId, keys])

/**
 * Code-point order, which is UTF-8's byte order and so the order of a `collate "C"` index (the
 * account key's): UTF-16 code units differ from it only in that surrogates (characters past
 * U+FFFF) sort after U+E000-U+FFFF.
 */
function compareBytewise(a: string, b: string): number {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return codePointRank(x) - codePointRank(y)
  }
  return a.length - b.length
}

const codePointRank = (unit: number): number => (unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit)

const byAccount = (a: { key: string; row: NewContactValues }, b: { key: string; row: NewContactValues }): number =>
  compareBytewise(a.key, b.key) || compareBytewise(a.row.account, b.row.account)

/**
 * `rows`: new contacts of one client. `columns`: indexes into INSERT_COLUMNS of the values to
 * send; the others take their defaults. Returns the accounts inserted (those the client did not
 * have).
 */
export async function copyContactRows(db: Db, rows: readonly NewContactValues[], columns: readonly number[]): Promise<string[]> {
  const { copy, stage, move } = insertStatements(columns)
  const keyed = rows.map((row) => ({ key: valueOf(row, ACCOUNT_KEY) as string, row })).sort(byAccount)
  const found = await db.executeQuery<{ account: string }>(accountsUnder(valueOf(rows[0], CLIENT_ID), keyed.map((k) => k.key)))
  const existing = new Set(found.rows.map((r) => r.account))
  const fresh = keyed.flatMap(({ row }) => (existing.has(row.account) ? [] : [row]))
  if (fresh.length === 0) return []
  const data = copyTextRows(fresh.map((row) => {
    const line = new Array<unknown>(columns.length)
    writeValues(row, columns, line, 0)
    return line
  }), columns.length)
  await db.executeQuery(savepoint)
  try {
    await db.executeQuery(copyFromStdin(copy, data))
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    await db.executeQuery(rollbackToSavepoint)
    await db.executeQuery(releaseSavepoint)
    await db.executeQuery(createStage)
    await db.executeQuery(copyFromStdin(stage, data))
    const moved = await db.executeQuery<{ account: string }>(CompiledQuery.raw(move))
    return moved.rows.map((row) => row.account)
  }
  await db.executeQuery(releaseSavepoint)
  return fresh.map((row) => row.account)
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
