import type { Db } from '../../../db/database.ts'
import type { BusinessAccountRow, NewBusinessAccountRow } from '../contacts/contact.table.ts'

export async function listContactBusinessAccounts(db: Db, clientId: number, contactId: number, limit: number, offset: number): Promise<BusinessAccountRow[]> {
  return db.selectFrom('contact_business_accounts as l')
    .innerJoin('business_accounts as a', (j) => j.onRef('a.client_id', '=', 'l.client_id').onRef('a.id', '=', 'l.business_account_id'))
    .selectAll('a')
    .where('l.client_id', '=', clientId).where('l.contact_id', '=', contactId)
    .orderBy('a.name').orderBy('a.id')
    .limit(limit).offset(offset)
    .execute()
}

/** Business accounts are provisioned out of band (README §9): demo data and the CLI. */
export async function insertBusinessAccounts(db: Db, rows: readonly NewBusinessAccountRow[]): Promise<number[]> {
  const ids: number[] = []
  for (let i = 0; i < rows.length; i += 200) {
    const inserted = await db.insertInto('business_accounts').values(rows.slice(i, i + 200)).returning('id').execute()
    ids.push(...inserted.map((r) => Number(r.id)))
  }
  return ids
}

export async function linkBusinessAccounts(db: Db, links: readonly { client_id: number; contact_id: number; business_account_id: number }[]): Promise<void> {
  for (let i = 0; i < links.length; i += 500) {
    await db.insertInto('contact_business_accounts').values(links.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute()
  }
}
