/** A function making a statement's raw row (its column values in order) into a row object. */
export type RowObjectBuilder = (values: readonly unknown[]) => Record<string, unknown>

/**
 * An object literal written once for a statement's column names: the rows it builds have the keys
 * in column order, a later column of the same name winning, exactly as the drivers' own row objects
 * (better-sqlite3 and pg both set one property at a time, which costs several times more and, on
 * pg, copies a prebuilt object per row first). undefined for a column named `__proto__`, which an
 * object literal would not take as a key.
 */
export function rowObjectBuilder(names: readonly string[]): RowObjectBuilder | undefined {
  if (names.includes('__proto__')) return undefined
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the keys are JSON string literals of the statement's own column names
  return new Function('v', `return {${names.map((n, i) => `${JSON.stringify(n)}: v[${i}]`).join(', ')}}`) as RowObjectBuilder
}
