import { sql, type Expression } from 'kysely'
import { invalidInput } from '../../../http/errors.ts'

/**
 * Find Matching Contact sort keys (contacts.md §1.6): the vendor's SearchContactsSortField
 * names, matched case-insensitively, plus searchable-field names with an obvious counterpart.
 */

export interface SortColumn {
  expression: Expression<unknown>
  /** Nullable keys need an explicit NULLS clause on PostgreSQL (search.dialect.ts). */
  nullable: boolean
}

export interface SortTerm extends SortColumn {
  order: 'asc' | 'desc'
}

const col = (name: string, nullable = true): SortColumn => ({ expression: sql.ref(`contacts.${name}`), nullable })
/** Flags computed at `now` (daily DND expires at midnight): 1 or 0, never null. */
const computed = (expression: Expression<unknown>): SortColumn => ({ expression, nullable: false })

type SortField = (now: number) => SortColumn[]
const plain = (name: string, nullable = true): SortField => () => [col(name, nullable)]

const dailyOn = (column: string) => (now: number) => [computed(sql`(case when ${sql.ref(`contacts.${column}`)} > ${now} then 1 else 0 end)`)]
const anySlot = (flag: string): SortField => () => [computed(sql`(case when ${sql.join(
  Array.from({ length: 10 }, (_, i) => sql`(${sql.ref(`contacts.phone${i + 1}`)} is not null and ${sql.ref(`contacts.phone${i + 1}_${flag}`)} = 1)`),
  sql` or `,
)} then 1 else 0 end)`)]

const FIELDS: Record<string, SortField> = {
  LVACCOUNT_ID: plain('id', false),
  CLIENT_ID: plain('client_id', false),
  // Case-insensitive order served by the (client_id, account_key, account) index; the account
  // itself breaks ties between spellings that differ only in case.
  ACCOUNT: () => [col('account_key', false), col('account', false)],
  B_ACTIVE: plain('active', false),
  ACCOUNT_TO_SPEAK: plain('account_to_speak'),
  FIRST_NAME: plain('first_name_key'),
  LAST_NAME: plain('last_name_key'),
  DOB: plain('date_of_birth'),
  EMAIL_ADDRESS: plain('email'),
  EMAIL: plain('email'),
  SSN: plain('ssn'),
  ADDRESS1: plain('address1'),
  ADDRESS2: plain('address2'),
  CITY: plain('city'),
  STATE: plain('state'),
  POSTALCODE: plain('zip_code'),
  COUNTRY_ID: plain('country'),
  GUARANTOR_FIRSTNAME: plain('guarantor_first_name'),
  GUARANTOR_LASTNAME: plain('guarantor_last_name'),
  PAYMENTBALANCE: plain('balance'),
  AMOUNT_TO_SPEAK: plain('amount_to_speak'),
  ACCOUNT_DUE_DATE: plain('due_date'),
  CALLATTEMPTSTODAY: plain('call_attempts_today', false),
  CALLATTEMPTSLIFETIME: plain('call_attempts_total', false),
  CREATEDATE: plain('created_at', false),
  CREATEUSER: plain('create_user'),
  MODIFYDATE: plain('modified_at', false),
  MODIFYUSER: plain('modify_user'),
  INITIAL_LOAD_DATE: plain('initial_load_at'),
  INITIAL_LOAD_CAMPAIGNID: plain('initial_load_campaign_id'),
  LAST_LOAD_DATE: plain('last_load_at'),
  LAST_LOAD_CAMPAIGNID: plain('last_load_campaign_id'),
  DO_NOT_DIAL: plain('dnd_permanent', false),
  DO_NOT_DIAL_DAILY: dailyOn('dnd_daily_until'),
  GROUP_ID: plain('group_id'),
  ORIGINAL_ACCOUNT_NUMBER: plain('original_account_number'),
  SMS: anySlot('sms_consent'),
  PRIMARY_EMAIL_CONSENT: plain('primary_email_consent', false),
}
for (let n = 1; n <= 10; n++) {
  FIELDS[`PHONE${n}`] = plain(`phone${n}`)
  FIELDS[`PHONE${n}_ATTEMPTS_TODAY`] = plain(`phone${n}_attempts_today`, false)
  FIELDS[`PHONE${n}_ATTEMPTS_LIFETIME`] = plain(`phone${n}_attempts_total`, false)
  FIELDS[`PHONE${n}_DND`] = plain(`phone${n}_dnd`, false)
  FIELDS[`PHONE${n}_DND_DAILY`] = dailyOn(`phone${n}_dnd_daily_until`)
  FIELDS[`PHONE${n}_SMS_CONSENT`] = plain(`phone${n}_sms_consent`, false)
  FIELDS[`PHONE${n}_CELL_CONSENT`] = plain(`phone${n}_cell_consent`, false)
}
for (let n = 1; n <= 100; n++) FIELDS[`COL${n}`] = plain(`col${n}`)

/** Searchable-field names whose sort counterpart is spelled differently (contacts.md §1.6). */
const ALIASES: Record<string, string> = {
  COUNTRY: 'COUNTRY_ID', GROUP: 'GROUP_ID', PHONE: 'PHONE1', ADDRESS: 'ADDRESS1', PHONE_SMS_CONSENT: 'SMS',
}

/** The request's `sort` as ORDER BY terms, ending with contact id ascending (the tie-break). */
export function resolveSort(sort: ReadonlyArray<{ field: string; order?: string }> | undefined, now: number): SortTerm[] {
  const terms: SortTerm[] = []
  ;(sort ?? []).forEach((key, i) => {
    const name = key.field.toUpperCase()
    const field = FIELDS[ALIASES[name] ?? name]
    if (!field || !Object.hasOwn(FIELDS, ALIASES[name] ?? name)) throw invalidInput(`sort[${i}].field: ${key.field}`)
    const order = (key.order ?? 'ASC').toUpperCase()
    if (order !== 'ASC' && order !== 'DESC') throw invalidInput(`sort[${i}].order: ${key.order}`)
    for (const column of field(now)) terms.push({ ...column, order: order === 'ASC' ? 'asc' : 'desc' })
  })
  terms.push({ ...col('id', false), order: 'asc' })
  return terms
}
