import { inTransaction } from '../../../db/transaction.ts'
import { ApiError, bulkItem, Errors } from '../../../http/errors.ts'
import { pageSize } from '../../../http/paging.ts'
import type { Paging } from '../../../http/schemas.ts'
import type { RequestContext } from '../../access/context.ts'
import { loadCustomFieldDefinitions } from '../custom-fields/custom-field.service.ts'
import { bulkCreateContacts, bulkCreatePreparedContacts, type PreparedContacts } from './contact.bulk.ts'
import { parseContactDetails, type ContactDetails } from './contact.input.ts'
import {
  deleteContactByAccount, findContactByAccount, findContactsForBatch, insertContactRows, listContactRows,
  updateContactRow, updateContactRows,
} from './contact.repository.ts'
import { contactChanges, newContactRow } from './contact.rows.ts'
import type { ContactViewType } from './contact.schemas.ts'
import type { ContactRowUpdate } from './contact.table.ts'
import { toContactView } from './contact.view.ts'

/** contacts.md: an unknown account answers 404 with code 203 "No Record Found" (seed, DND). */
export const contactNotFound = (): ApiError => new ApiError(Errors.NotFound, 'No Record Found')

/** Create Contact: 400/202 "Contact already exists!" for an account the client has (seed 004). */
export async function createContact({ db, clock, principal }: RequestContext, raw: unknown): Promise<{ id: number }> {
  const clientId = principal.clientId
  const now = clock.now()
  return inTransaction(db, async (trx) => {
    const details = parseContactDetails(raw, 'create', await loadCustomFieldDefinitions(trx, clientId))
    const [inserted] = await insertContactRows(trx, [newContactRow(details, clientId, now, principal.userName)])
    if (!inserted) throw new ApiError(Errors.ContactExists)
    return { id: inserted.id }
  })
}

/** Bulk Create Contact: the seed's wording, "updated" even for creation (inconsistencies.md F5). */
/** `prepared`: the rows a worker made of the items as it parsed the body (contact-bulk.body.ts). */
export async function bulkCreate({ db, clock, principal }: RequestContext, items: readonly unknown[], prepared?: PreparedContacts): Promise<{ message: string }> {
  const options = { now: clock.now(), user: principal.userName }
  const { created } = prepared
    ? await bulkCreatePreparedContacts(db, principal.clientId, prepared, options)
    : await bulkCreateContacts(db, principal.clientId, items, options)
  return { message: `Successfully updated contacts ${created}` }
}

export async function listContacts({ db, clock, principal }: RequestContext, paging: Paging): Promise<ContactViewType[]> {
  const rows = await listContactRows(db, principal.clientId, pageSize(paging) + 1, paging.offset)
  const now = clock.now()
  return rows.map((row) => toContactView(row, now))
}

export async function readContact({ db, clock, principal }: RequestContext, account: string): Promise<ContactViewType> {
  const row = await findContactByAccount(db, principal.clientId, account)
  if (!row) throw contactNotFound()
  return toContactView(row, clock.now())
}

/** Update Contact: partial (contacts.md §3); the path's account names the contact. */
export async function updateContact({ db, clock, principal }: RequestContext, account: string, raw: unknown): Promise<void> {
  const clientId = principal.clientId
  const now = clock.now()
  await inTransaction(db, async (trx) => {
    const row = await findContactByAccount(trx, clientId, account, { lock: true })
    if (!row) throw contactNotFound()
    if (raw === undefined) return
    const details = parseContactDetails(raw, 'update', await loadCustomFieldDefinitions(trx, clientId))
    await updateContactRow(trx, clientId, row.id, contactChanges(row, details, now, principal.userName))
  })
}

/**
 * Bulk Update Contact: each item is applied like Update Contact, identified by `account` (which
 * wins) or `id`; unknown or invalid items are skipped (contacts.md §3). Two items for one contact
 * apply in order. One read for the whole batch; each contact's changes are merged in item order
 * and written once (updateContactRows).
 */
export async function bulkUpdateContacts({ db, clock, principal }: RequestContext, items: readonly unknown[]): Promise<number> {
  const clientId = principal.clientId
  const now = clock.now()
  return inTransaction(db, async (trx) => {
    const defs = await loadCustomFieldDefinitions(trx, clientId)
    const parsed: ContactDetails[] = []
    for (const item of items) {
      const details = bulkItem(() => parseContactDetails(item, 'update', defs, true))
      if (details) parsed.push(details)
    }
    const rows = await findContactsForBatch(trx, clientId,
      parsed.flatMap((d) => (d.account !== undefined ? [d.account] : [])),
      parsed.flatMap((d) => (d.account === undefined && d.id !== undefined ? [d.id] : [])))
    const byAccount = new Map(rows.map((r) => [r.account, r]))
    const byId = new Map(rows.map((r) => [r.id, r]))
    let updated = 0
    const pending = new Map<number, ContactRowUpdate>()
    for (const details of parsed) {
      const row = details.account !== undefined ? byAccount.get(details.account) : byId.get(details.id!)
      if (!row) continue
      const changes = bulkItem(() => contactChanges(row, details, now, principal.userName))
      if (!changes) continue
      pending.set(row.id, { ...pending.get(row.id), ...changes })
      const next = { ...row, ...changes }
      byAccount.set(next.account, next)
      byId.set(next.id, next)
      updated++
    }
    await updateContactRows(trx, clientId, pending)
    return updated
  })
}

export async function deleteContact({ db, principal }: RequestContext, account: string): Promise<void> {
  if (!(await deleteContactByAccount(db, principal.clientId, account))) throw contactNotFound()
}
