import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

/** Phone slots 1..10 (contacts.md §2.1 `ordinal`). */
export type PhoneOrdinal = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10
export const PHONE_ORDINALS: readonly PhoneOrdinal[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9'
type NonZeroDigit = Exclude<Digit, '0'>
/** "1".."100": the n of COL1..COL100 (contacts.md §1.2). */
type CustomFieldSuffix = NonZeroDigit | `${NonZeroDigit}${Digit}` | '100'

/** Flags are 0/1 (dialect.ts); a daily DND is set while `*_dnd_daily_until` lies in the future. */
type PhoneSlotColumns =
  & { [N in PhoneOrdinal as `phone${N}`]: string | null }
  & { [N in PhoneOrdinal as `phone${N}_dnd`]: Generated<number> }
  & { [N in PhoneOrdinal as `phone${N}_dnd_daily_until`]: number | null }
  & { [N in PhoneOrdinal as `phone${N}_sms_consent`]: Generated<number> }
  & { [N in PhoneOrdinal as `phone${N}_cell_consent`]: Generated<number> }
  & { [N in PhoneOrdinal as `phone${N}_attempts_today`]: Generated<number> }
  & { [N in PhoneOrdinal as `phone${N}_attempts_total`]: Generated<number> }

type CustomFieldColumns = { [S in CustomFieldSuffix as `col${S}`]: string | null }

export type PhoneColumn = keyof PhoneSlotColumns
export type CustomFieldColumn = keyof CustomFieldColumns

/**
 * One contact, one row (docs/contacts-design.md). `*_key` columns hold the lower-cased value
 * (computed in JS, compared byte-wise) for index-served case-insensitive search.
 */
export interface ContactTable extends PhoneSlotColumns, CustomFieldColumns {
  id: Generated<number>
  client_id: number
  account: string
  account_key: string
  active: Generated<number>
  balance: number | null
  dnd_permanent: Generated<number>
  /** Daily DND is on while this instant (next midnight America/New_York when set) is ahead. */
  dnd_daily_until: number | null
  account_to_speak: string | null
  original_account_number: string | null
  address1: string | null
  address2: string | null
  city: string | null
  state: string | null
  country: string | null
  amount_to_speak: number | null
  due_date: number | null
  group_id: number | null
  primary_email_consent: Generated<number>
  primary_sms_consent: Generated<number>
  email_block: Generated<number>
  agent_id: number | null
  agent_team_id: number | null
  department: string | null
  salutation: string | null
  title: string | null
  description: string | null
  happiness_index: number | null
  first_name: string | null
  first_name_key: string | null
  last_name: string | null
  last_name_key: string | null
  date_of_birth: number | null
  email: string | null
  ssn: string | null
  zip_code: string | null
  guarantor_first_name: string | null
  guarantor_last_name: string | null
  call_attempts_today: Generated<number>
  call_attempts_total: Generated<number>
  last_attempt_at: number | null
  initial_load_at: number | null
  initial_load_campaign_id: number | null
  last_load_at: number | null
  last_load_campaign_id: number | null
  create_user: string | null
  modify_user: string | null
  created_at: number
  modified_at: number
}
export type ContactRow = Selectable<ContactTable>
export type NewContactRow = Insertable<ContactTable>
export type ContactRowUpdate = Updateable<ContactTable>

/** A configured custom field definition; an absent row is label null, STRING (contacts.md §1.2). */
export interface ContactCustomFieldTable {
  client_id: number
  /** 1..100 for COL1..COL100. */
  field: number
  label: string | null
  data_type: 'NUMBER' | 'STRING' | 'DATE' | 'BOOLEAN' | 'LIST'
  /** JSON array of strings, LIST fields only. */
  list_values: string | null
  modified_at: number
}
export type ContactCustomFieldRow = Selectable<ContactCustomFieldTable>

export interface ContactGroupTable {
  id: Generated<number>
  client_id: number
  name: string
  created_by: string
  modified_by: string
  created_at: number
  modified_at: number
}
export type ContactGroupRow = Selectable<ContactGroupTable>
export type NewContactGroupRow = Insertable<ContactGroupTable>

/** Notes are written by agents during calls: fixture data (README §9). */
export interface ContactNoteTable {
  id: Generated<number>
  client_id: number
  contact_id: number
  note: string
  session_id: string
  transaction_id: number
  created_at: number
  modified_at: number
}
export type ContactNoteRow = Selectable<ContactNoteTable>
export type NewContactNoteRow = Insertable<ContactNoteTable>

/** A business account (vendor "Account", contacts.md List Accounts): fixture data (README §9). */
export interface BusinessAccountTable {
  id: Generated<number>
  client_id: number
  name: string
  description: string | null
  industry: string | null
  annual_revenue: number | null
  phone_fax: string | null
  billing_street: string | null
  billing_city: string | null
  billing_state: string | null
  billing_postal_code: string | null
  billing_country: string | null
  rating: string | null
  phone_office: string | null
  phone_alternate: string | null
  website: string | null
  ownership_type: string | null
  num_of_employees: number | null
  ticker_symbol: string | null
  shipping_street: string | null
  shipping_city: string | null
  shipping_state: string | null
  shipping_postal_code: string | null
  shipping_country: string | null
  campaign_id: number | null
  account_number: string | null
  original_account_number: string | null
  agent_id: number | null
  agent_team_id: number | null
  agent_team_name: string | null
  location: string | null
  account_source: string | null
  sic_code: string | null
  sic_desc: string | null
  classification_id: number | null
  classification_name: string | null
  type_id: number | null
  type_name: string | null
  /** JSON array of `{field, value}`. */
  custom_fields: string
  created_by: string
  modified_by: string
  created_at: number
  modified_at: number
}
export type BusinessAccountRow = Selectable<BusinessAccountTable>
export type NewBusinessAccountRow = Insertable<BusinessAccountTable>

export interface ContactBusinessAccountTable {
  client_id: number
  contact_id: number
  business_account_id: number
}

/** Call outcomes behind the accountForTodaysResult / accountsFor30daysResult searches (fixture data). */
export interface ContactCallResultTable {
  id: Generated<number>
  client_id: number
  contact_id: number
  result: string
  called_at: number
}
export type NewContactCallResultRow = Insertable<ContactCallResultTable>

/** Contact API tables (contacts.md), migration 0004_contacts. */
export interface ContactTables {
  contacts: ContactTable
  contact_custom_fields: ContactCustomFieldTable
  contact_groups: ContactGroupTable
  contact_notes: ContactNoteTable
  business_accounts: BusinessAccountTable
  contact_business_accounts: ContactBusinessAccountTable
  contact_call_results: ContactCallResultTable
}
