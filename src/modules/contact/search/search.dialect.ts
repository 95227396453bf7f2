import { sql, type Expression, type RawBuilder } from 'kysely'
import { dialectOf, type AnyKysely } from '../../../db/dialect.ts'

/**
 * SQLite / PostgreSQL differences of Find Matching Contact (STYLE §5): how a number reads as
 * text, how a text value safely becomes a number, and where NULLs sort.
 */

/**
 * A double column as the decimal string a client sees in JSON (`100`, `100.5`), for the text
 * operators on number fields (contacts.md §1.5). SQLite writes whole doubles as `100.0`;
 * PostgreSQL already writes the shortest form.
 */
export function decimalText(db: AnyKysely, column: Expression<unknown>): RawBuilder<string> {
  return dialectOf(db) === 'postgres'
    ? sql<string>`cast(${column} as text)`
    : sql<string>`(case when ${column} = cast(${column} as integer) then cast(cast(${column} as integer) as text) else cast(${column} as text) end)`
}

/** An integer column as text. */
export function integerText(column: Expression<unknown>): RawBuilder<string> {
  return sql<string>`cast(${column} as text)`
}

/**
 * A text value (a custom field) as a number, or NULL when it does not look like one. Values
 * written while a field had another type stay as they were (contacts.md §6), so the cast must
 * not fail: PostgreSQL's would raise, SQLite's would silently give 0.
 */
export function numericValue(db: AnyKysely, column: Expression<unknown>): RawBuilder<number> {
  return dialectOf(db) === 'postgres'
    ? sql<number>`(case when ${column} ~ '^\\s*[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*$' then cast(${column} as double precision) end)`
    : sql<number>`(case when trim(${column}) glob '*[0-9]*' and trim(${column}) not glob '*[^0-9.eE+-]*' then cast(trim(${column}) as real) end)`
}

/** A text value made of digits only (epoch millis in a DATE custom field) as a number, else NULL. */
export function digitsValue(db: AnyKysely, column: Expression<unknown>): RawBuilder<number> {
  return dialectOf(db) === 'postgres'
    ? sql<number>`(case when ${column} ~ '^[0-9]{1,16}$' then cast(${column} as bigint) end)`
    : sql<number>`(case when ${column} <> '' and ${column} not glob '*[^0-9]*' and length(${column}) <= 16 then cast(${column} as integer) end)`
}

/** A text value shaped `CCYY-MM-DD`, else NULL. */
export function dateOnlyValue(db: AnyKysely, column: Expression<unknown>): RawBuilder<string> {
  return dialectOf(db) === 'postgres'
    ? sql<string>`(case when ${column} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then ${column} end)`
    : sql<string>`(case when ${column} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' then ${column} end)`
}

/** A column of a packed array, with the JSON type of its values: text, or an integer type (never a double). */
export interface PackedColumn { ref: Expression<unknown>; json: 'string' | 'integer' }

/** PostgreSQL's functions take at most 100 arguments (FUNC_MAX_ARGS). */
const MAX_FUNCTION_ARGUMENTS = 100

/**
 * Many columns read back as one JSON array value. A search page needs the 70 phone-slot and 100
 * custom-field columns of each contact, and drivers build a JS object per row with one property
 * per column: packing them cuts reading a page of 51 wide rows from ~1.7 ms to ~0.5 ms (SQLite).
 *
 * SQLite: json_array. PostgreSQL: the array's JSON text joined from each value's own text
 * (an integer's text is its JSON; a string's is to_json's). json_build_array looks up how to
 * write each argument's type for every value it writes, 170 a row: the phone pack alone was
 * ~0.2 ms of a 51-row page's ~0.85 ms statement (bench/realistic-results.md, session 12). The
 * text is the same JSON json_build_array writes, read back with JSON.parse (unpackValues).
 */
export function packedValues(db: AnyKysely, columns: readonly PackedColumn[], options: { nullWhenAllNull?: boolean } = {}): RawBuilder<string | null> {
  if (columns.length > 100) throw new Error('a packed array takes at most 100 columns')
  const list = sql.join(columns.map((c) => c.ref))
  const packed = dialectOf(db) === 'postgres' ? postgresJsonArray(columns) : sql<string>`json_array(${list})`
  // Most contacts have no custom field set: NULL instead of a 100-null array spares building,
  // sending and parsing ~500 bytes per row (SQLite: ~60 µs of a 51-row page's ~1 ms).
  return options.nullWhenAllNull ? sql<string | null>`(case when coalesce(${list}) is null then null else ${packed} end)` : packed
}

function postgresJsonArray(columns: readonly PackedColumn[]): RawBuilder<string> {
  const values = columns.map((c) => c.json === 'string'
    ? sql`coalesce(to_json(${c.ref})::text, 'null')`
    : sql`coalesce(cast(${c.ref} as text), 'null')`)
  // concat_ws takes the separator and at most 99 values: two halves when there are more.
  const joined = (part: readonly RawBuilder<unknown>[]): RawBuilder<string> => part.length < MAX_FUNCTION_ARGUMENTS
    ? sql<string>`concat_ws(',', ${sql.join(part)})`
    : sql<string>`concat_ws(',', ${joined(part.slice(0, part.length >> 1))}, ${joined(part.slice(part.length >> 1))})`
  return sql<string>`('[' || ${joined(values)} || ']')`
}

/** A packedValues result: JSON text on both databases; NULL (nullWhenAllNull) is no values. */
export function unpackValues(value: string | null): unknown[] {
  return value === null ? [] : JSON.parse(value) as unknown[]
}

/**
 * contacts.md §1.6: NULLs first in ASC, last in DESC. That is SQLite's own order; PostgreSQL
 * puts NULLs last in ASC, so it needs the explicit clause (only for nullable keys: the clause
 * keeps PostgreSQL from walking a plain index in key order).
 */
export function nullsClause(db: AnyKysely, order: 'asc' | 'desc', nullable: boolean): 'nulls first' | 'nulls last' | null {
  if (!nullable || dialectOf(db) !== 'postgres') return null
  return order === 'asc' ? 'nulls first' : 'nulls last'
}
