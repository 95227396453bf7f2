import { dndState, isDailyOn } from '../dnd/dnd-state.ts'
import { PHONE_SLOT_SUFFIXES, type SearchRow } from './contact-search.repository.ts'
import type { SearchContactType } from './contact-search.schemas.ts'
import { unpackValues } from './search.dialect.ts'

const SLOT = PHONE_SLOT_SUFFIXES.length

const set = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined

/** Adds `key: value` only when the value is set: the search view is sparse (contacts.md §2.4). */
function put<T extends object, K extends string, V>(target: T, key: K, value: V | null | undefined): void {
  if (set(value)) (target as Record<string, unknown>)[key] = value
}

/** contacts.md §2.4 search view of one `contacts` row, DND evaluated at `now`. */
export function toSearchContact(row: SearchRow, now: number): SearchContactType {
  const phones = unpackValues(row.phones)
  const custom = unpackValues(row.custom_fields)
  const person: Record<string, unknown> = {}
  put(person, 'firstName', row.first_name)
  put(person, 'lastName', row.last_name)
  put(person, 'dateOfBirth', row.date_of_birth)
  put(person, 'email', row.email)
  put(person, 'ssn', row.ssn)
  put(person, 'zipCode', row.zip_code)
  const guarantor: Record<string, unknown> = {}
  put(guarantor, 'firstName', row.guarantor_first_name)
  put(guarantor, 'lastName', row.guarantor_last_name)

  const phone = []
  for (let n = 1; n <= 10; n++) {
    // PHONE_SLOT_SUFFIXES order: number, dnd, dnd_daily_until, sms, cell, attempts today, total.
    const at = (n - 1) * SLOT
    const slot: Record<string, unknown> = {
      smsConsent: phones[at + 3] === 1,
      cellConsent: phones[at + 4] === 1,
    }
    put(slot, 'phone', phones[at] as string | null)
    Object.assign(slot, {
      ordinal: n,
      position: n,
      dnd: phones[at + 1] === 1,
      dndDaily: isDailyOn(phones[at + 2] as number | null, now),
      callAttemptsTotal: phones[at + 6] as number,
      callAttemptsToday: phones[at + 5] as number,
    })
    phone.push(slot)
  }
  const customFields: { field: string; value: string }[] = []
  for (let n = 1; n <= 100; n++) {
    const value = custom[n - 1] as string | null
    if (set(value)) customFields.push({ field: `COL${n}`, value })
  }

  const out: Record<string, unknown> = { id: row.id }
  if (Object.keys(person).length > 0) out.person = person
  if (Object.keys(guarantor).length > 0) out.guarantor = guarantor
  Object.assign(out, {
    phone,
    account: row.account,
    active: row.active === 1,
    balance: row.balance ?? 0,
    accountBlock: dndState(row.dnd_permanent, row.dnd_daily_until, now),
  })
  put(out, 'accountToSpeak', row.account_to_speak)
  put(out, 'originalAccountNumber', row.original_account_number)
  put(out, 'address1', row.address1)
  put(out, 'address2', row.address2)
  put(out, 'city', row.city)
  put(out, 'state', row.state)
  out.country = row.country ?? ''
  put(out, 'postalCode', row.zip_code)
  out.amountToSpeak = row.amount_to_speak ?? 0
  put(out, 'dueDate', row.due_date)
  out.groupId = row.group_id ?? 0
  out.primaryEmailConsent = row.primary_email_consent === 1
  out.agentId = row.agent_id ?? 0
  put(out, 'department', row.department)
  put(out, 'salutation', row.salutation)
  put(out, 'title', row.title)
  put(out, 'description', row.description)
  put(out, 'happinessIndex', row.happiness_index)
  if (customFields.length > 0) out.customFields = customFields
  Object.assign(out, {
    createdDate: row.created_at,
    modifiedDate: row.modified_at,
    createDate: row.created_at,
    modifyDate: row.modified_at,
  })
  put(out, 'initialLoad', row.initial_load_at)
  put(out, 'lastLoad', row.last_load_at)
  Object.assign(out, {
    callAttemptsToday: row.call_attempts_today,
    callAttemptsLifetime: row.call_attempts_total,
    callAttemptsTotal: row.call_attempts_total,
  })
  return out as SearchContactType
}
