import type { Db } from '../../../db/database.ts'
import { inTransaction } from '../../../db/transaction.ts'
import type { Principal } from '../../../http/auth.ts'
import { ApiError, Errors } from '../../../http/errors.ts'
import { pageSize } from '../../../http/paging.ts'
import type { Paging } from '../../../http/schemas.ts'
import { loadCustomFieldDefinitions } from '../custom-fields/custom-field.service.ts'
import { customFieldName } from '../custom-fields/custom-field.model.ts'
import { dndState } from '../dnd/dnd-state.ts'
import { bulkCreateContacts } from './contact.bulk.ts'
import { parseContactDetails, type ContactDetails } from './contact.input.ts'
import {
  deleteContactByAccount, findContactByAccount, findContactsForBatch, insertContactRows, listContactRows,
  updateContactRow, updateContactRows,
} from './contact.repository.ts'
import { contactChanges, newContactRow } from './contact.rows.ts'
import type { ContactViewType } from './contact.schemas.ts'
import { PHONE_ORDINALS, type ContactRow, type ContactRowUpdate } from './contact.table.ts'

/** contacts.md: an unknown account answers 404 with code 203 "No Record Found" (seed, DND). */
export const contactNotFound = (): ApiError => new ApiError(Errors.NotFound, 'No Record Found')

const zeroIfNull = (value: number | null): number => value ?? 0

/** Full view (contacts.md §2.3): every key present, both spellings of the aliased keys. */
export function toContactView(row: ContactRow, now: number): ContactViewType {
  const r = row as unknown as Record<string, unknown>
  const phone: ContactViewType['phone'] = []
  for (const n of PHONE_ORDINALS) {
    const number = r[`phone${n}`] as string | null
    if (number === null) continue
    phone.push({
      phone: number,
      ordinal: n,
      phoneBlock: dndState(r[`phone${n}_dnd`] as number, r[`phone${n}_dnd_daily_until`] as number | null, now),
      smsConsent: r[`phone${n}_sms_consent`] === 1,
      cellConsent: r[`phone${n}_cell_consent`] === 1,
    })
  }
  const customFields: { field: string; value: string }[] = []
  for (let n = 1; n <= 100; n++) {
    const value = r[`col${n}`] as string | null
    if (value !== null) customFields.push({ field: customFieldName(n), value })
  }
  const callAttemptsTotal = row.call_attempts_total
  return {
    id: row.id,
    person: {
      firstName: row.first_name, lastName: row.last_name, dateOfBirth: row.date_of_birth,
      email: row.email, ssn: row.ssn, zipCode: row.zip_code,
    },
    guarantor: { firstName: row.guarantor_first_name, lastName: row.guarantor_last_name },
    phone,
    customFields: customFields.length > 0 ? customFields : null,
    account: row.account,
    active: row.active === 1,
    balance: zeroIfNull(row.balance),
    accountBlock: dndState(row.dnd_permanent, row.dnd_daily_until, now),
    accountToSpeak: row.account_to_speak,
    originalAccountNumber: row.original_account_number,
    address1: row.address1,
    address2: row.address2,
    city: row.city,
    state: row.state,
    country: row.country,
    amountToSpeak: zeroIfNull(row.amount_to_speak),
    dueDate: zeroIfNull(row.due_date),
    groupId: zeroIfNull(row.group_id),
    primaryEmailConsent: row.primary_email_consent === 1,
    agentId: zeroIfNull(row.agent_id),
    department: row.department,
    salutation: row.salutation,
    title: row.title,
    description: row.description,
    happinessIndex: row.happiness_index,
    callAttemptsToday: row.call_attempts_today,
    callAttemptsTotal,
    callAttemptsLifetime: callAttemptsTotal,
    initialLoad: zeroIfNull(row.initial_load_at),
    lastLoad: row.last_load_at,
    createDate: row.created_at,
    createdDate: row.created_at,
    modifyDate: row.modified_at,
    modifiedDate: row.modified_at,
  }
}

/** Create Contact: 400/202 "Contact already exists!" for an account the client has (seed 004). */
export async function createContact(db: Db, principal: Principal, raw: unknown, now: number): Promise<{ id: number }> {
  const clientId = principal.clientId
  return inTransaction(db, async (trx) => {
    const details = parseContactDetails(raw, 'create', await loadCustomFieldDefinitions(trx, clientId))
    const [inserted] = await insertContactRows(trx, [newContactRow(details, clientId, now, principal.userName)])
    if (!inserted) throw new ApiError(Errors.ContactExists)
    return { id: inserted.id }
  })
}

/** Bulk Create Contact: the seed's wording, "updated" even for creation (inconsistencies.md F5). */
export async function bulkCreate(db: Db, principal: Principal, items: readonly unknown[], now: number): Promise<{ message: string }> {
  const { created } = await bulkCreateContacts(db, principal.clientId, items, { now, user: principal.userName })
  return { message: `Successfully updated contacts ${created}` }
}

export async function listContacts(db: Db, principal: Principal, paging: Paging, now: number): Promise<ContactViewType[]> {
  const rows = await listContactRows(db, principal.clientId, pageSize(paging) + 1, paging.offset)
  return rows.map((row) => toContactView(row, now))
}

export async function readContact(db: Db, principal: Principal, account: string, now: number): Promise<ContactViewType> {
  const row = await findContactByAccount(db, principal.clientId, account)
  if (!row) throw contactNotFound()
  return toContactView(row, now)
}

/** Update Contact: partial (contacts.md §3); the path's account names the contact. */
export async function updateContact(db: Db, principal: Principal, account: string, raw: unknown, now: number): Promise<void> {
  const clientId = principal.clientId
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
export async function bulkUpdateContacts(db: Db, principal: Principal, items: readonly unknown[], now: number): Promise<number> {
  const clientId = principal.clientId
  return inTransaction(db, async (trx) => {
    const defs = await loadCustomFieldDefinitions(trx, clientId)
    const parsed: ContactDetails[] = []
    for (const item of items) {
      try {
        parsed.push(parseContactDetails(item, 'update', defs, true))
      } catch (err) {
        if (!(err instanceof ApiError)) throw err
      }
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
      let changes
      try {
        changes = contactChanges(row, details, now, principal.userName)
      } catch (err) {
        if (!(err instanceof ApiError)) throw err
        continue
      }
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

export async function deleteContact(db: Db, principal: Principal, account: string): Promise<void> {
  if (!(await deleteContactByAccount(db, principal.clientId, account))) throw contactNotFound()
}
