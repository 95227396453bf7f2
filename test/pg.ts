/** Filled in by the PostgreSQL issue: creates a fresh database from the migrated template. */
export async function createPgTestDatabase(): Promise<string> {
  throw new Error('TEST_DIALECT=postgres is not available yet')
}
