import type { Db } from '../../../db/database.ts'
import { inTransaction } from '../../../db/transaction.ts'
import { Errors } from '../../../http/errors.ts'
import { sameDefinitions, type CustomFieldDefinitions } from '../custom-fields/custom-field.model.ts'
import { loadCustomFieldDefinitions } from '../custom-fields/custom-field.service.ts'
import { insertContactBatch } from './contact.repository.ts'
import { prepareContactBatch, type BulkCreateOptions, type ContactBatch } from './contact.rows.ts'

export interface BulkCreateResult {
  /** Contacts actually inserted. */
  created: number
  /** Items not created, by their index in `items`, with the vendor message saying why. */
  rejected: ContactBatch['rejected']
}

/**
 * Bulk Create Contact (contacts.md §3) and the CLI import: the one path that creates contacts in
 * quantity (docs/contacts-design.md "Writing contacts"). Items are raw contact details objects;
 * each is checked on its own and an invalid one is skipped, as is an account that exists already
 * or repeats an earlier item's. Everything runs in one transaction (joining the caller's), with
 * the batch written at once (insertContactBatch: multi-row INSERTs, or COPY on PostgreSQL): an
 * interrupted call leaves nothing behind, and an item is one row, so it is never half-written.
 */
export async function bulkCreateContacts(db: Db, clientId: number, items: readonly unknown[], options: BulkCreateOptions): Promise<BulkCreateResult> {
  return inTransaction(db, async (trx) => {
    const defs = await loadCustomFieldDefinitions(trx, clientId)
    return insertContactBatchOf(trx, clientId, prepareContactBatch(items, defs, clientId, options))
  })
}

/** A batch prepared ahead (prepareContactBatch, in a worker) and the custom field definitions it was checked against. */
export interface PreparedContacts {
  batch: ContactBatch
  defs: CustomFieldDefinitions
  /** The raw items again, for a second preparation. */
  items: () => readonly unknown[]
}

/**
 * bulkCreateContacts for a batch prepared before the transaction. Its items were checked against
 * the custom field definitions of that moment: when they have changed since, the items are
 * prepared again against the current ones, as bulkCreateContacts would have.
 */
export async function bulkCreatePreparedContacts(db: Db, clientId: number, prepared: PreparedContacts, options: BulkCreateOptions): Promise<BulkCreateResult> {
  return inTransaction(db, async (trx) => {
    const defs = await loadCustomFieldDefinitions(trx, clientId)
    const batch = sameDefinitions(defs, prepared.defs) ? prepared.batch : prepareContactBatch(prepared.items(), defs, clientId, options)
    return insertContactBatchOf(trx, clientId, batch)
  })
}

async function insertContactBatchOf(trx: Db, clientId: number, { rows, indexOfRow, rejected }: ContactBatch): Promise<BulkCreateResult> {
  const inserted = await insertContactBatch(trx, clientId, rows)
  if (inserted.length < rows.length) {
    const created = new Set(inserted)
    rows.forEach((row, i) => {
      if (!created.has(row.account)) rejected.push({ index: indexOfRow[i], message: Errors.ContactExists.message })
    })
    rejected.sort((a, b) => a.index - b.index)
  }
  return { created: inserted.length, rejected }
}
