import { CompiledQuery, type QueryResult, type SelectQueryBuilder } from 'kysely'
import type { Database, Db } from '../../../db/database.ts'
import { dialectOf, lockForUpdate } from '../../../db/dialect.ts'
import { builtOnce } from '../../../lib/built-once.ts'
import { contactBatchPath } from './contact-batch.dialect.ts'
import { DND_SOURCE_COLUMNS, INSERT_COLUMNS, writeValues, type ContactDndSource, type InsertableContact, type NewContactValues } from './contact.rows.ts'
import type { ContactRow, ContactRowUpdate } from './contact.table.ts'

type ContactQuery = SelectQueryBuilder<Database, 'contacts', ContactRow>

/** `(client_id, account_key, account)` is the unique index: an exact account lookup walks it. */
function byAccount(qb: ContactQuery, clientId: number, account: string): ContactQuery {
  return qb.where('client_id', '=', clientId).where('account_key', '=', account.toLowerCase()).where('account', '=', account)
}

export async function findContactByAccount(db: Db, clientId: number, account: string, options: { lock?: boolean } = {}): Promise<ContactRow | undefined> {
  let qb = byAccount(db.selectFrom('contacts').selectAll(), clientId, account)
  if (options.lock) qb = lockForUpdate(db, qb)
  return qb.executeTakeFirst()
}

export async function findContactById(db: Db, clientId: number, id: number): Promise<ContactRow | undefined> {
  return db.selectFrom('contacts').selectAll().where('client_id', '=', clientId).where('id', '=', id).executeTakeFirst()
}

/** The contact id behind an account, for the notes and accounts lookups that need only that. */
export async function findContactIdByAccount(db: Db, clientId: number, account: string): Promise<number | undefined> {
  const row = await db.selectFrom('contacts').select('id')
    .where('client_id', '=', clientId).where('account_key', '=', account.toLowerCase()).where('account', '=', account)
    .executeTakeFirst()
  return row?.id
}

export async function contactIdExists(db: Db, clientId: number, id: number): Promise<boolean> {
  const row = await db.selectFrom('contacts').select('id').where('client_id', '=', clientId).where('id', '=', id).executeTakeFirst()
  return row !== undefined
}

/**
 * Contacts of a batch by account or id, in one statement (Bulk Update, Update Multiple DND),
 * locked in id order: two batches naming the same contacts in different orders then wait for
 * each other instead of deadlocking (PostgreSQL).
 */
export async function findContactsForBatch(db: Db, clientId: number, accounts: readonly string[], ids: readonly number[]): Promise<ContactRow[]> {
  if (accounts.length === 0 && ids.length === 0) return []
  return lockForUpdate(db, batchWhere(db.selectFrom('contacts').selectAll(), clientId, accounts, ids)).execute()
}

/**
 * findContactsForBatch reading only what a DND change needs (contact.rows.ts DND_SOURCE_COLUMNS):
 * 1,000 whole rows of the largest contacts are ~35 MB of strings that the DND merge never reads.
 */
export async function findContactDndForBatch(db: Db, clientId: number, accounts: readonly string[]): Promise<(ContactDndSource & { id: number; account: string })[]> {
  if (accounts.length === 0) return []
  const qb = db.selectFrom('contacts').select(['id', 'account', ...DND_SOURCE_COLUMNS])
  return lockForUpdate(db, batchWhere(qb, clientId, accounts, [])).execute()
}

function batchWhere<O>(qb: SelectQueryBuilder<Database, 'contacts', O>, clientId: number, accounts: readonly string[], ids: readonly number[]): SelectQueryBuilder<Database, 'contacts', O> {
  const keys = [...new Set(accounts.map((a) => a.toLowerCase()))]
  return qb.where('client_id', '=', clientId).where((eb) => eb.or([
    ...(keys.length > 0 ? [eb('account_key', 'in', keys)] : []),
    ...(ids.length > 0 ? [eb('id', 'in', [...new Set(ids)])] : []),
  ])).orderBy('id')
}

export async function listContactRows(db: Db, clientId: number, limit: number, offset: number): Promise<ContactRow[]> {
  return db.selectFrom('contacts').selectAll().where('client_id', '=', clientId).orderBy('id').limit(limit).offset(offset).execute()
}

export async function updateContactRow(db: Db, clientId: number, id: number, changes: ContactRowUpdate): Promise<void> {
  await db.updateTable('contacts').set(changes).where('client_id', '=', clientId).where('id', '=', id).execute()
}

/**
 * Writes the changes of many contacts, one entry per contact id (on PostgreSQL through COPY:
 * contact-copy.postgres.ts). Call inside the transaction that read and locked the rows.
 */
export async function updateContactRows(db: Db, clientId: number, changes: ReadonlyMap<number, ContactRowUpdate>): Promise<void> {
  const batch = contactBatchPath(db)
  if (changes.size > 1 && batch) return batch.update(db, clientId, changes)
  for (const [id, change] of changes) await updateContactRow(db, clientId, id, change)
}

/** Notes, business-account links and call results go with it (foreign keys cascade). */
export async function deleteContactByAccount(db: Db, clientId: number, account: string): Promise<boolean> {
  const result = await db.deleteFrom('contacts')
    .where('client_id', '=', clientId).where('account_key', '=', account.toLowerCase()).where('account', '=', account)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/**
 * Rows per INSERT: SQLite binds at most 32766 values per statement. Each statement names only
 * the columns its rows set (the others take their defaults, null or 0, which are the values an
 * unset field has): binding 218 values a row cost more than the insert itself, and an import
 * sets a few dozen. Statements are cut into 100, 10 and 1 rows, so a batch with one column set
 * uses three SQL texts, each compiled by Kysely once and prepared once (db/sqlite/sqlite-dialect.ts
 * memoises).
 */
const CHUNKS = [100, 10, 1] as const
const insertSql = builtOnce<string>()

/** Never left to a default: NOT NULL columns without one. */
const ALWAYS = new Set(['client_id', 'account', 'account_key', 'created_at', 'modified_at'])
const ALWAYS_AT: readonly number[] = INSERT_COLUMNS.flatMap((c, i) => (ALWAYS.has(c) ? [i] : []))

function insertStatement(db: Db, rows: number, columns: readonly number[], returning = true): string {
  // Keyed by dialect too: both compile a batch of one to their own SQL.
  return insertSql(`${dialectOf(db)}:${rows}:${columns.join(',')}:${returning}`, () => {
    // Only the column names matter: the SQL text is kept and rows bind their own values to it.
    const placeholder = Object.fromEntries(columns.map((c) => [INSERT_COLUMNS[c], 0])) as unknown as InsertableContact
    const insert = db.insertInto('contacts').values(Array.from({ length: rows }, () => placeholder))
      .onConflict((oc) => oc.doNothing())
    return returning ? insert.returning(['id', 'account']).compile().sql : insert.compile().sql
  })
}

/**
 * Indexes of the columns any of these rows sets (NewContactValues.columns), in column order.
 * Asking each row's own list, rather than comparing every column of every row with its default,
 * keeps this proportional to what an import sets (a few dozen of 218 columns).
 */
function columnsSet(rows: readonly NewContactValues[], from: number, to: number): number[] {
  const named = new Uint8Array(INSERT_COLUMNS.length)
  for (const c of ALWAYS_AT) named[c] = 1
  for (let r = from; r < to; r++) for (const c of rows[r].columns) named[c] = 1
  const out: number[] = []
  for (let c = 0; c < named.length; c++) if (named[c] === 1) out.push(c)
  return out
}

/**
 * Inserts new contacts in as few statements as possible. A row whose account already exists in
 * its client is skipped by the unique index (ON CONFLICT DO NOTHING), never half-written: a
 * contact is one row. Returns the rows inserted, with their new ids. Call inside a transaction.
 */
export async function insertContactRows(db: Db, rows: readonly NewContactValues[]): Promise<{ id: number; account: string }[]> {
  const inserted: { id: number; account: string }[] = []
  await insertStatements(db, rows, true, (result) => {
    for (const row of result.rows) inserted.push({ id: Number(row.id), account: row.account })
  })
  return inserted
}

/** Runs the INSERTs of `rows`, cut into CHUNKS, handing each statement's result to `each`. */
async function insertStatements(db: Db, rows: readonly NewContactValues[], returning: boolean, each: (result: QueryResult<{ id: number; account: string }>) => void): Promise<void> {
  let at = 0
  while (at < rows.length) {
    const size = CHUNKS.find((n) => rows.length - at >= n)!
    const columns = columnsSet(rows, at, at + size)
    const params: unknown[] = new Array(size * columns.length)
    let p = 0
    for (let r = at; r < at + size; r++) p = writeValues(rows[r], columns, params, p)
    each(await db.executeQuery<{ id: number; account: string }>(CompiledQuery.raw(insertStatement(db, size, columns, returning), params)))
    at += size
  }
}

/**
 * A batch by INSERT statements (SQLite's path), without RETURNING, which buffers every inserted
 * row (~1.3 µs a contact): when every row went in, the accounts are the rows'; otherwise the new
 * rows are read back as the ids above the largest before the batch (ids only grow, and SQLite
 * has one writer: nothing else inserts while this transaction does).
 */
async function insertBatchByStatements(db: Db, clientId: number, rows: readonly NewContactValues[]): Promise<string[]> {
  const { last } = await db.selectFrom('contacts').select((eb) => eb.fn.max('id').as('last')).where('client_id', '=', clientId).executeTakeFirstOrThrow()
  let inserted = 0
  await insertStatements(db, rows, false, (result) => { inserted += Number(result.numAffectedRows ?? 0) })
  if (inserted === rows.length) return rows.map((row) => row.account)
  const created = await db.selectFrom('contacts').select('account').where('client_id', '=', clientId).where('id', '>', last ?? 0).execute()
  return created.map((row) => row.account)
}

/**
 * insertContactRows for a batch of one client's new contacts (Bulk Create, the CLI import): on
 * PostgreSQL through COPY (contact-copy.postgres.ts). Returns the accounts inserted; the others
 * existed already.
 */
export async function insertContactBatch(db: Db, clientId: number, rows: readonly NewContactValues[]): Promise<string[]> {
  const batch = contactBatchPath(db)
  if (rows.length > 1 && batch) return batch.insert(db, rows, columnsSet(rows, 0, rows.length))
  if (rows.length > 1) return insertBatchByStatements(db, clientId, rows)
  return (await insertContactRows(db, rows)).map((row) => row.account)
}
