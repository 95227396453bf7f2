import type { Db } from '../../../db/database.ts'
import { inTransaction } from '../../../db/transaction.ts'
import { ApiError, Errors } from '../../../http/errors.ts'
import { loadCustomFieldDefinitions } from '../custom-fields/custom-field.service.ts'
import { parseContactDetails } from './contact.input.ts'
import { insertContactBatch } from './contact.repository.ts'
import { newContactRow, type NewContactValues } from './contact.rows.ts'

export interface BulkCreateOptions {
  /** Creation time: app.clock.now() in requests, the run's start in the CLI. */
  now: number
  /** createUser / modifyUser of the new contacts (session login, or the CLI's name). */
  user: string
}

export interface BulkCreateResult {
  /** Contacts actually inserted. */
  created: number
  /** Items not created, by their index in `items`, with the vendor message saying why. */
  rejected: { index: number; message: string }[]
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
    const rows: NewContactValues[] = []
    const indexOfRow: number[] = []
    const rejected: BulkCreateResult['rejected'] = []
    const accounts = new Set<string>()
    items.forEach((item, index) => {
      try {
        const details = parseContactDetails(item, 'create', defs)
        if (accounts.has(details.account!)) throw new ApiError(Errors.ContactExists)
        accounts.add(details.account!)
        rows.push(newContactRow(details, clientId, options.now, options.user))
        indexOfRow.push(index)
      } catch (err) {
        if (!(err instanceof ApiError)) throw err
        rejected.push({ index, message: err.message })
      }
    })
    const inserted = await insertContactBatch(trx, clientId, rows)
    if (inserted.length < rows.length) {
      const created = new Set(inserted)
      rows.forEach((row, i) => {
        if (!created.has(row.account)) rejected.push({ index: indexOfRow[i], message: Errors.ContactExists.message })
      })
      rejected.sort((a, b) => a.index - b.index)
    }
    return { created: inserted.length, rejected }
  })
}
