import { inTransaction } from '../../../db/transaction.ts'
import { bulkItem, invalidInput, missingField } from '../../../http/errors.ts'
import type { RequestContext } from '../../access/context.ts'
import { parseContactDetails, type ContactDetails } from '../contacts/contact.input.ts'
import { findContactByAccount, findContactDndForBatch, updateContactRow, updateContactRows } from '../contacts/contact.repository.ts'
import { contactChanges, type ContactDndSource } from '../contacts/contact.rows.ts'
import { contactNotFound } from '../contacts/contact.service.ts'
import type { ContactRowUpdate } from '../contacts/contact.table.ts'

const NO_CUSTOM_FIELDS = new Map()

/**
 * A DND request as contact details holding only accountBlock and phones, so DND changes follow
 * exactly the slot and transition rules of Update Contact (contacts.md §1.1, Update Contact DND).
 * Unlike Update Contact, a phone item always names a number.
 */
function parseDndRequest(raw: unknown): ContactDetails {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalidInput('contactDnd entry must be an object')
  const body = raw as { accountBlock?: unknown; updateContactDND?: unknown }
  const details = parseContactDetails({ accountBlock: body.accountBlock, phone: body.updateContactDND }, 'update', NO_CUSTOM_FIELDS)
  details.phones?.forEach((p) => {
    if (p.phone === '') throw missingField(`updateContactDND[${p.index}].phone`)
  })
  return details
}

/** Update Contact DND: 404/203 "No Record Found" for an unknown account (seed); an empty body changes nothing. */
export async function updateContactDnd({ db, clock, principal }: RequestContext, account: string, body: unknown): Promise<void> {
  const clientId = principal.clientId
  const now = clock.now()
  await inTransaction(db, async (trx) => {
    const row = await findContactByAccount(trx, clientId, account, { lock: true })
    if (!row) throw contactNotFound()
    const details = parseDndRequest(body)
    if (details.accountBlock === undefined && (details.phones ?? []).length === 0) return
    await updateContactRow(trx, clientId, row.id, contactChanges(row, details, now, principal.userName))
  })
}

/**
 * Update Multiple Contacts' DND: entries whose account does not exist, or that fail validation,
 * are skipped without error (seed: only unknown accounts → {"updated": 0}). Counts contacts.
 */
export async function updateMultipleContactsDnd({ db, clock, principal }: RequestContext, entries: readonly unknown[]): Promise<{ updated: number }> {
  const clientId = principal.clientId
  const now = clock.now()
  return inTransaction(db, async (trx) => {
    const parsed: { account: string; details: ContactDetails }[] = []
    for (const entry of entries) {
      const item = bulkItem(() => {
        const account = (entry as { account?: unknown } | null)?.account
        if (typeof account !== 'string' || account === '') throw missingField('account')
        return { account, details: parseDndRequest(entry) }
      })
      if (item) parsed.push(item)
    }
    const rows = new Map<string, ContactDndSource & { id: number }>()
    for (const row of await findContactDndForBatch(trx, clientId, parsed.map((p) => p.account))) rows.set(row.account, row)
    const pending = new Map<number, ContactRowUpdate>()
    for (const { account, details } of parsed) {
      const row = rows.get(account)
      if (!row) continue
      const changes = bulkItem(() => contactChanges(row, details, now, principal.userName))
      if (!changes) continue
      // A later entry for the same account starts from this one's result. The row is this
      // batch's own copy, so it is updated in place rather than copied once per entry.
      const earlier = pending.get(row.id)
      pending.set(row.id, earlier ? Object.assign(earlier, changes) : changes)
      Object.assign(row, changes)
    }
    await updateContactRows(trx, clientId, pending)
    return { updated: pending.size }
  })
}
