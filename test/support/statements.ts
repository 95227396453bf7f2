import type { Kysely } from 'kysely'

/**
 * The SQL text of every statement `db` runs while `during` runs: for tests that pin how many
 * statements (or writes) an operation costs. The executor is patched for that call only.
 */
export async function recordStatements<D>(db: Kysely<D>, during: () => Promise<void>): Promise<string[]> {
  const statements: string[] = []
  const executor = db.getExecutor()
  const original = executor.executeQuery.bind(executor)
  executor.executeQuery = (async (query: { sql: string }) => {
    statements.push(query.sql)
    return original(query as Parameters<typeof original>[0])
  }) as typeof executor.executeQuery
  try {
    await during()
  } finally {
    executor.executeQuery = original
  }
  return statements
}
