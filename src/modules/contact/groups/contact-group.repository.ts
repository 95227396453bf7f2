import type { Db } from '../../../db/database.ts'
import type { ContactGroupRow, NewContactGroupRow } from '../contacts/contact.table.ts'

export async function insertContactGroup(db: Db, row: NewContactGroupRow): Promise<number> {
  const { id } = await db.insertInto('contact_groups').values(row).returning('id').executeTakeFirstOrThrow()
  return Number(id)
}

export async function findContactGroup(db: Db, clientId: number, id: number): Promise<ContactGroupRow | undefined> {
  return db.selectFrom('contact_groups').selectAll().where('client_id', '=', clientId).where('id', '=', id).executeTakeFirst()
}

export async function listContactGroupRows(db: Db, clientId: number, limit: number, offset: number): Promise<ContactGroupRow[]> {
  return db.selectFrom('contact_groups').selectAll().where('client_id', '=', clientId).orderBy('id').limit(limit).offset(offset).execute()
}

export async function renameContactGroup(db: Db, clientId: number, id: number, name: string, modifiedBy: string, at: number): Promise<boolean> {
  const result = await db.updateTable('contact_groups')
    .set({ name, modified_by: modifiedBy, modified_at: at })
    .where('client_id', '=', clientId).where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** The acting user's names and the client's display name, for createdBy / modifiedBy. */
export async function findUserLabelParts(db: Db, clientId: number, userId: number) {
  return db.selectFrom('users').innerJoin('clients', 'clients.id', 'users.client_id')
    .select(['users.first_name as firstName', 'users.last_name as lastName', 'clients.display_name as businessUnit'])
    .where('users.client_id', '=', clientId).where('users.id', '=', userId)
    .executeTakeFirst()
}
