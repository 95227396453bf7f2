import type { Db } from '../../../db/database.ts'
import type { ContactNoteRow, NewContactNoteRow } from '../contacts/contact.table.ts'

export async function listContactNoteRows(db: Db, clientId: number, contactId: number): Promise<Pick<ContactNoteRow, 'id' | 'note'>[]> {
  return db.selectFrom('contact_notes').select(['id', 'note'])
    .where('client_id', '=', clientId).where('contact_id', '=', contactId)
    .orderBy('id')
    .execute()
}

/** The note only if it belongs to that contact: another contact's note is not found. */
export async function findContactNote(db: Db, clientId: number, contactId: number, id: number): Promise<ContactNoteRow | undefined> {
  return db.selectFrom('contact_notes').selectAll()
    .where('client_id', '=', clientId).where('contact_id', '=', contactId).where('id', '=', id)
    .executeTakeFirst()
}

/** Notes come from calls (README §9): demo data and the CLI write them, the API only reads. */
export async function insertContactNotes(db: Db, rows: readonly NewContactNoteRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('contact_notes').values(rows.slice(i, i + 500)).execute()
}
