import type { Kysely } from 'kysely'
import type { Database } from '../db/database.ts'
import { listLastModified, type ListName } from '../db/list-modifications.ts'

/** README §6 body: `lastModified` omitted when unknown. */
export async function listInfo(db: Kysely<Database>, clientId: number | null, list: ListName, size: number) {
  if (clientId === null) return { size: 0 }
  const lastModified = await listLastModified(db, clientId, list)
  return lastModified === undefined ? { size } : { size, lastModified }
}
