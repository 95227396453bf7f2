import type { Kysely } from 'kysely'
import type { Database } from './database.ts'

/** The lists that have a List Info method (README §6). */
export type ListName = 'callCenters' | 'services' | 'agents' | 'agentSkills' | 'users'

/**
 * Records that a list changed. Call it inside the write's transaction with the same handle so
 * lastModified never runs ahead of (or behind) the data it describes.
 */
export async function touchList(db: Kysely<Database>, clientId: number, list: ListName, at: number): Promise<void> {
  await db.insertInto('list_modifications')
    .values({ client_id: clientId, list_name: list, last_modified: at })
    .onConflict((oc) => oc.columns(['client_id', 'list_name']).doUpdateSet({ last_modified: at }))
    .execute()
}

export async function listLastModified(db: Kysely<Database>, clientId: number, list: ListName): Promise<number | undefined> {
  const row = await db.selectFrom('list_modifications').select('last_modified')
    .where('client_id', '=', clientId).where('list_name', '=', list)
    .executeTakeFirst()
  return row?.last_modified
}
