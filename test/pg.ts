import pg from 'pg'
import { inject } from 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by test/pg-global-setup.ts when TEST_DIALECT=postgres. */
    pgTest: { adminUrl: string; template: string; copyClause: string }
  }
}

let sequence = 0

/** The URL of another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

/**
 * A fresh database copied from the migrated template (test/pg-global-setup.ts): the copy costs
 * a few milliseconds, migrating each database would cost far more. Each worker names its own
 * databases by pid, so parallel test files never share one.
 */
export async function createPgTestDatabase(): Promise<string> {
  const { adminUrl, template, copyClause } = inject('pgTest')
  const name = `${template}_${process.pid}_${++sequence}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"${copyClause}`)
  } finally {
    await admin.end()
  }
  return withDatabase(adminUrl, name)
}
