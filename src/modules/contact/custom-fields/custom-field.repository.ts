import type { Db } from '../../../db/database.ts'
import type { ContactCustomFieldRow, ContactCustomFieldTable } from '../contacts/contact.table.ts'

export async function listCustomFieldRows(db: Db, clientId: number): Promise<ContactCustomFieldRow[]> {
  return db.selectFrom('contact_custom_fields').selectAll()
    .where('client_id', '=', clientId)
    .orderBy('field')
    .execute()
}

export async function findCustomFieldRow(db: Db, clientId: number, field: number): Promise<ContactCustomFieldRow | undefined> {
  return db.selectFrom('contact_custom_fields').selectAll()
    .where('client_id', '=', clientId).where('field', '=', field)
    .executeTakeFirst()
}

export async function upsertCustomFieldRow(db: Db, row: ContactCustomFieldTable): Promise<void> {
  await db.insertInto('contact_custom_fields').values(row)
    .onConflict((oc) => oc.columns(['client_id', 'field']).doUpdateSet({
      label: row.label, data_type: row.data_type, list_values: row.list_values, modified_at: row.modified_at,
    }))
    .execute()
}
