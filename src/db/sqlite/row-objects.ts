import type BetterSqlite3 from 'better-sqlite3'
import type { SqliteStatement } from 'kysely'

/**
 * A function that makes a statement's raw row (an array of column values) into the object
 * better-sqlite3 would have returned: the same keys in the same order, a later column of the same
 * name winning. better-sqlite3 builds each row object one property at a time through the V8 API
 * (~0.2 µs a value: a 51 × 8 List Agents page took 93 µs, 63 µs raw; a search page of 51 × 39
 * ~230 of ~970 µs); an object literal written once for the statement's columns builds them for a
 * fraction of that, all of one shape. undefined when the statement returns no rows, or names a
 * column `__proto__` (which an object literal would not take as a key).
 */
function rowObjectsOf(statement: BetterSqlite3.Statement): ((values: unknown[]) => Record<string, unknown>) | undefined {
  if (!statement.reader) return undefined
  const names = statement.columns().map((c) => c.name)
  if (names.includes('__proto__')) return undefined
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the keys are JSON string literals of the statement's own column names
  return new Function('v', `return {${names.map((n, i) => `${JSON.stringify(n)}: v[${i}]`).join(', ')}}`) as (values: unknown[]) => Record<string, unknown>
}

/**
 * A statement whose rows are read raw and made into objects by rowObjectsOf: the same rows,
 * built for less than better-sqlite3's property-by-property objects. Kysely's driver uses it as
 * its SqliteStatement (sqlite-dialect.ts), and so do the bounded reads in the event loop.
 */
export class ObjectRowStatement implements SqliteStatement {
  readonly reader: boolean
  private readonly rowOf: ((values: unknown[]) => Record<string, unknown>) | undefined

  constructor(private readonly statement: BetterSqlite3.Statement) {
    this.reader = statement.reader
    this.rowOf = rowObjectsOf(statement)
    if (this.rowOf) statement.raw(true)
  }

  get busy(): boolean {
    return this.statement.busy
  }

  all(parameters: readonly unknown[]): unknown[] {
    const rowOf = this.rowOf
    if (rowOf === undefined) return this.statement.all(parameters)
    const values = this.statement.all(parameters) as unknown[][]
    const rows = new Array<Record<string, unknown>>(values.length)
    for (let i = 0; i < values.length; i++) rows[i] = rowOf(values[i])
    return rows
  }

  run(parameters: readonly unknown[]): BetterSqlite3.RunResult {
    return this.statement.run(parameters)
  }

  * iterate(parameters: readonly unknown[]): IterableIterator<unknown> {
    const rowOf = this.rowOf
    for (const values of this.statement.iterate(parameters)) yield rowOf === undefined ? values : rowOf(values as unknown[])
  }
}
