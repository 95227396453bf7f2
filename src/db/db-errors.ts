/**
 * Constraint violations per dialect (STYLE §4), so a duplicate answers the same vendor error on
 * SQLite and PostgreSQL. better-sqlite3 reports extended result codes; pg reports SQLSTATE.
 */
interface DriverError {
  code?: string
  constraint?: string
  message?: string
}

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as DriverError | null)?.code
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505'
}

export function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as DriverError | null)?.code
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503'
}

/** Name of the violated constraint when the driver tells it (pg), else the message (SQLite names columns). */
export function violatedConstraint(error: unknown): string {
  const e = error as DriverError | null
  return e?.constraint ?? e?.message ?? ''
}
