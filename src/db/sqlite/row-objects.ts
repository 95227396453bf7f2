import type BetterSqlite3 from 'better-sqlite3'
import type { SqliteStatement } from 'kysely'
import { rowObjectBuilder, type RowObjectBuilder } from '../row-objects.ts'

/**
 * The statement's row builder (db/row-objects.ts): better-sqlite3 builds each row object one
 * property at a time through the V8 API (~0.2 µs a value: a 51 × 8 List Agents page took 93 µs, 63
 * µs raw; a search page of 51 × 39 ~230 of ~970 µs). undefined when the statement returns no rows.
 */
function rowObjectsOf(statement: BetterSqlite3.Statement): RowObjectBuilder | undefined {
  return statement.reader ? rowObjectBuilder(statement.columns().map((c) => c.name)) : undefined
}

/**
 * A statement whose rows are read raw and made into objects by rowObjectsOf: the same rows,
 * built for less than better-sqlite3's property-by-property objects. Kysely's driver uses it as
 * its SqliteStatement (sqlite-dialect.ts), and so do the bounded reads in the event loop.
 */
export class ObjectRowStatement implements SqliteStatement {
  readonly reader: boolean
  private readonly rowOf: RowObjectBuilder | undefined

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
