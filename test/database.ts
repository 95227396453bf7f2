/**
 * Where a test database lives. SQLite: a private in-memory database. PostgreSQL
 * (TEST_DIALECT=postgres, see test/pg-global-setup.ts): a new database per call.
 */
export async function createTestDatabaseUrl(): Promise<string> {
  if (process.env.TEST_DIALECT === 'postgres') {
    const { createPgTestDatabase } = await import('./pg.ts')
    return createPgTestDatabase()
  }
  return 'sqlite::memory:'
}
