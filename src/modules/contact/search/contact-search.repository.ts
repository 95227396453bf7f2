import { sql, type OrderByItemBuilder, type RawBuilder } from 'kysely'
import { timeLimitTerm } from '../../../db/bounded-read.ts'
import type { Db, DbHandle } from '../../../db/database.ts'
import { dialectOf } from '../../../db/dialect.ts'
import { builtOnce } from '../../../lib/built-once.ts'
import { viewColumns, type StoredContact } from '../contacts/contact.view.ts'
import type { CustomFieldType } from '../custom-fields/custom-field.model.ts'
import { nullsClause, packedValues, type PackedColumn } from './search.dialect.ts'
import type { Predicate } from './search-compiler.ts'
import type { SortTerm } from './search-sort.ts'

/** Configured types of the given custom fields (unconfigured ones are absent: STRING). */
export async function findCustomFieldTypes(db: Db, clientId: number, fields: readonly number[]): Promise<Map<number, CustomFieldType>> {
  if (fields.length === 0) return new Map()
  const rows = await db.selectFrom('contact_custom_fields').select(['field', 'data_type'])
    .where('client_id', '=', clientId).where('field', 'in', [...fields])
    .execute()
  return new Map(rows.map((r) => [r.field, r.data_type]))
}

/** Scalar columns of the search view (contacts.md §2.4). */
const SEARCH_VIEW_COLUMNS = viewColumns('search')

/** Per phone slot, in this order inside `phones` (slot 1's seven values, then slot 2's, ...). */
export const PHONE_SLOT_SUFFIXES = ['', '_dnd', '_dnd_daily_until', '_sms_consent', '_cell_consent', '_attempts_today', '_attempts_total'] as const

export type SearchRow = StoredContact & {
  /** 70 values: PHONE_SLOT_SUFFIXES for slot 1..10 (packedValues; never NULL). */
  phones: string | null
  /** COL1..COL100 (packedValues), NULL when none is set. */
  custom_fields: string | null
}

const packColumns: Record<'phones' | 'custom_fields', PackedColumn[]> = {
  // The number, then integers (flags, epoch milliseconds, counts).
  phones: Array.from({ length: 10 }, (_, i) => PHONE_SLOT_SUFFIXES.map((s): PackedColumn => ({ ref: sql.ref(`contacts.phone${i + 1}${s}`), json: s === '' ? 'string' : 'integer' }))).flat(),
  custom_fields: Array.from({ length: 100 }, (_, i): PackedColumn => ({ ref: sql.ref(`contacts.col${i + 1}`), json: 'string' })),
}
const packs = builtOnce<RawBuilder<string | null>>()

/**
 * The phone and custom-field packs of a page name 170 fixed columns. Built through the query
 * builder for every search they were most of what a search allocated (~200 KB for one that
 * matched nothing), and the garbage collections that allocation drove set the search's p99. Each
 * pack is compiled by Kysely once per dialect and reused as its SQL text, which holds those
 * identifiers only, never a value.
 */
function pack(db: Db, name: keyof typeof packColumns) {
  return packs(`${dialectOf(db)}:${name}`, () => {
    const compiled = packedValues(db, packColumns[name], { nullWhenAllNull: name === 'custom_fields' }).compile(db)
    if (compiled.parameters.length > 0) throw new Error('a pack of columns has no parameters')
    return sql.raw<string | null>(compiled.sql)
  }).as(name)
}

/**
 * The statement of one page of matches (fetch `limit` = page size + 1, paging.ts), as a deferred
 * join: the inner query finds the page's ids through the indexes, and only those rows are read
 * whole and packed. Evaluated in one query the packing ran for every match before the sort and
 * limit (PostgreSQL: a two-character account prefix, ~740 matches in 1,000,000, took 6.8 ms,
 * 2.3 ms with only ids before the limit).
 */
export function matchingContactsQuery(db: Db, clientId: number, where: Predicate, sort: readonly SortTerm[], limit: number, offset: number) {
  const timeLimit = timeLimitTerm(db)
  let page = db.selectFrom('contacts').select('contacts.id').where('contacts.client_id', '=', clientId).where(where)
    // Each examined row calls the time limit (SQLite), so a search stops at the limit (bounded-read.ts).
    .$if(timeLimit !== null, (qb) => qb.where(timeLimit!))
  for (const term of sort) page = page.orderBy(term.expression, (ob) => ordered(db, ob, term))
  let query = db.selectFrom(page.limit(limit).offset(offset).as('page'))
    .innerJoin('contacts', 'contacts.id', 'page.id')
    .select(SEARCH_VIEW_COLUMNS.map((c) => `contacts.${c}` as const))
    .select([pack(db, 'phones'), pack(db, 'custom_fields')])
  for (const term of sort) query = query.orderBy(term.expression, (ob) => ordered(db, ob, term))
  return query
}

function ordered(db: Db, ob: OrderByItemBuilder, term: SortTerm): OrderByItemBuilder {
  const nulls = nullsClause(db, term.order, term.nullable)
  const direction = term.order === 'asc' ? ob.asc() : ob.desc()
  return nulls === 'nulls first' ? direction.nullsFirst() : nulls === 'nulls last' ? direction.nullsLast() : direction
}

/** A bounded read (DbHandle.boundedRead): a request chooses this statement's cost. */
export async function findMatchingContactRows(
  handle: Pick<DbHandle, 'db' | 'boundedRead'>, clientId: number, where: Predicate, sort: readonly SortTerm[], limit: number, offset: number,
): Promise<SearchRow[]> {
  return handle.boundedRead(matchingContactsQuery(handle.db, clientId, where, sort, limit, offset).compile())
}
