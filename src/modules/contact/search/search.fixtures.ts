import type { Db } from '../../../db/database.ts'
import type { NewContactRow } from '../contacts/contact.table.ts'

/**
 * Test rows for search and download: written straight into `contacts` so a test can also set the
 * fixture-only columns (attempt counters, load dates, last attempt) that no API method writes.
 * Keys are derived exactly as the write path derives them (`toLowerCase()`).
 */
export type ContactFixture = Partial<Omit<NewContactRow, 'client_id' | 'account_key' | 'first_name_key' | 'last_name_key'>> & { account: string }

export async function insertContactRows(db: Db, clientId: number, now: number, fixtures: readonly ContactFixture[]): Promise<number[]> {
  const ids: number[] = []
  for (const f of fixtures) {
    const row = {
      created_at: now, modified_at: now, ...f, client_id: clientId,
      account_key: f.account.toLowerCase(),
      first_name_key: f.first_name == null ? null : f.first_name.toLowerCase(),
      last_name_key: f.last_name == null ? null : f.last_name.toLowerCase(),
    } as NewContactRow
    const { id } = await db.insertInto('contacts').values(row).returning('id').executeTakeFirstOrThrow()
    ids.push(Number(id))
  }
  return ids
}
