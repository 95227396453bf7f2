import { PHONE_ORDINALS, type ContactTable, type PhoneColumn, type PhoneOrdinal } from './contact.table.ts'

/**
 * Every field of a contact, declared once (docs/contacts-design.md, contacts.md §1.7, §2.1-2.4).
 * Each consumer derives its part from this table instead of restating the field:
 *
 * - contact.schemas.ts: Create / Update bodies (`input`), the full view (`view.full`), and the
 *   search view (`view.search`, used by search/contact-search.schemas.ts);
 * - contact.input.ts: parsing of raw details (bulk items, CLI import), by `type` and `input`;
 * - contact.rows.ts: the row of a new contact (every column, its unset value by `type`);
 * - contact.view.ts and search/contact-search.view.ts: the two views;
 * - transfer/export-fields.ts, contact-export.ts, contact-import.ts: Bulk Contact Download
 *   (`export`, formatted by `type`, in ALL_FIELDS_ORDER) and the CSV import back;
 * - search/search-compiler.ts and search/search-sort.ts: Find Matching's field names (`search`,
 *   compared by `type`) and sort keys (`sort`);
 * - sandbox fixtures: the dump of a contact as details.
 *
 * Adding a field: a column in a migration and contact.table.ts, and an entry here.
 */

/** How a value is typed, checked, shown, exported, compared and sorted. */
export type ContactFieldType =
  /** The contact id (LV Account ID) or its client's id. */
  | 'id'
  /** The account: required on Create, unique in the client, compared through its folded key. */
  | 'account'
  | 'text'
  /** Text stored as a List Countries name where it names one (contacts.md §1.3). */
  | 'country'
  /** A 0/1 flag shown as a boolean. */
  | 'flag'
  /** A permanent DND flag with its daily expiry (`daily`): written as an action, shown as a state (§1.1). */
  | 'dnd'
  /** The instant a daily DND expires: "on" while ahead of now. */
  | 'dailyUntil'
  | 'decimal'
  | 'int32'
  /** Another object's id; 0 means none on input and in views (§2.3 groupId / agentId). */
  | 'ref'
  /** A non-negative counter. */
  | 'count'
  /** Epoch millis naming a day (due date, date of birth): CCYY-MM-DD accepted, exported MM/DD/YYYY. */
  | 'day'
  /** Epoch millis of an event, exported MM/DD/YYYY HH:MM:SS. */
  | 'instant'
  /** Epoch millis of the row's creation or last change: always set. */
  | 'stamp'

/** What a view shows when the column is null: the value, `omit` the key, or `hidden`: never in that view. */
export type Unset = null | 0 | '' | 'omit' | 'hidden'

export type ContactColumn = Exclude<keyof ContactTable, `col${string}`>
/** The `*_key` columns: the value lower-cased in JS, compared byte-wise (index-served search). */
export type FoldedColumn = 'account_key' | 'first_name_key' | 'last_name_key'

/** A Find Matching field name (contacts.md §1.5), or one compared as "within N days". */
export type SearchName = string | { name: string; as: 'relativeDays' }

export interface ContactField {
  column: ContactColumn
  type: ContactFieldType
  /** The key in contact details and the views (nested under `group`), e.g. person.firstName. */
  key?: string
  group?: 'person' | 'guarantor'
  /** For a phone slot's column: its ordinal. */
  slot?: PhoneOrdinal
  /** Accepted in Create / Update details: `documented` in the route schema, or only `accepted`
   * (export columns, so a downloaded CSV or a fixture dump loads back whole). */
  input?: 'documented' | 'accepted'
  /** Other spellings accepted on input. */
  inputAliases?: readonly string[]
  /** Input documentation (route schema). */
  description?: string
  folded?: FoldedColumn
  /** `dnd`: the column of its daily expiry. */
  daily?: ContactColumn
  /** In the views (contacts.md §2.3 full, §2.4 search): what an unset value shows. Defaults: full null, search omit. */
  view?: { full?: Unset; search?: Unset; note?: string }
  /** Bulk Contact Download (`exportableFields` name, CSV header; §1.7). */
  export?: { name: string; header: string }
  search?: readonly SearchName[]
  /** SearchContactsSortField names (§1.6). */
  sort?: readonly string[]
  /** Columns a sort on this field orders by (default: the folded key, else the column). */
  sortBy?: readonly ContactColumn[]
}

const text = (column: ContactColumn, key: string, extra: Partial<ContactField> = {}): ContactField =>
  ({ column, type: 'text', key, input: 'documented', view: {}, ...extra })

/**
 * In full-view order (contacts.md §2.3; the search view and the Create body follow it too).
 * Two entries may share a column where the vendor shows it under two keys (aliases, README §10).
 */
export const CONTACT_FIELDS: readonly ContactField[] = [
  { column: 'id', type: 'id', key: 'id', view: { note: 'contact id (LV Account ID)' }, export: { name: 'lvAccountId', header: 'LV Account ID' }, sort: ['LVACCOUNT_ID'] },
  text('first_name', 'firstName', { group: 'person', folded: 'first_name_key', export: { name: 'firstName', header: 'First Name' }, sort: ['FIRST_NAME'] }),
  text('last_name', 'lastName', { group: 'person', folded: 'last_name_key', export: { name: 'lastName', header: 'Last Name' }, sort: ['LAST_NAME'] }),
  {
    column: 'date_of_birth', type: 'day', key: 'dateOfBirth', group: 'person', input: 'documented', description: 'date of birth',
    view: { note: 'epoch millis; negative before 1970' }, export: { name: 'dateOfBirth', header: 'DOB' }, search: ['dob'], sort: ['DOB'],
  },
  text('email', 'email', { group: 'person', export: { name: 'email', header: 'Email' }, search: ['email', 'email_address'], sort: ['EMAIL_ADDRESS', 'EMAIL'] }),
  text('ssn', 'ssn', { group: 'person', export: { name: 'ssn', header: 'SSN' }, sort: ['SSN'] }),
  text('zip_code', 'zipCode', { group: 'person', export: { name: 'zipCode', header: 'Zip/Postal Code' }, search: ['postalcode'], sort: ['POSTALCODE'] }),
  text('guarantor_first_name', 'firstName', { group: 'guarantor', export: { name: 'guarantorFirstName', header: 'Guarantor First Name' }, sort: ['GUARANTOR_FIRSTNAME'] }),
  text('guarantor_last_name', 'lastName', { group: 'guarantor', export: { name: 'guarantorLastName', header: 'Guarantor Last Name' }, sort: ['GUARANTOR_LASTNAME'] }),
  {
    column: 'account', type: 'account', key: 'account', input: 'documented', folded: 'account_key',
    description: 'account from the system of record; required on Create, unique within the client',
    view: {}, export: { name: 'account', header: 'Account' }, search: ['account'], sort: ['ACCOUNT'],
    // Case-insensitive order served by the (client_id, account_key, account) index; the account
    // itself breaks ties between spellings that differ only in case.
    sortBy: ['account_key', 'account'],
  },
  {
    column: 'active', type: 'flag', key: 'active', input: 'documented', description: 'dialable; default false on Create',
    view: {}, export: { name: 'active', header: 'B Active' }, sort: ['B_ACTIVE'],
  },
  {
    column: 'balance', type: 'decimal', key: 'balance', input: 'documented', description: 'payment balance',
    view: { full: 0, search: 0, note: '0 when unset' }, export: { name: 'balance', header: 'Payment Balance' }, search: ['paymentbalance'], sort: ['PAYMENTBALANCE'],
  },
  {
    column: 'dnd_permanent', type: 'dnd', daily: 'dnd_daily_until', key: 'accountBlock', input: 'documented', description: 'account-level DND',
    view: {}, export: { name: 'accountBlock', header: 'Do Not Dial' }, search: ['do_not_dial'], sort: ['DO_NOT_DIAL'],
  },
  { column: 'dnd_daily_until', type: 'dailyUntil', export: { name: 'accountBlockDaily', header: 'Do Not Dial Daily' }, search: ['do_not_dial_daily'], sort: ['DO_NOT_DIAL_DAILY'] },
  text('account_to_speak', 'accountToSpeak', { description: 'spoken by TTS; defaults to account', export: { name: 'accountToSpeak', header: 'Account To Speak' }, sort: ['ACCOUNT_TO_SPEAK'] }),
  text('original_account_number', 'originalAccountNumber', {
    export: { name: 'originalAccountNumber', header: 'Original Account Number' }, search: ['original_account_number'], sort: ['ORIGINAL_ACCOUNT_NUMBER'],
  }),
  text('address1', 'address1', { export: { name: 'address1', header: 'Address 1' }, sort: ['ADDRESS1'] }),
  text('address2', 'address2', { export: { name: 'address2', header: 'Address 2' }, sort: ['ADDRESS2'] }),
  text('city', 'city', { export: { name: 'city', header: 'City' }, search: ['city'], sort: ['CITY'] }),
  text('state', 'state', { export: { name: 'state', header: 'State' }, search: ['state'], sort: ['STATE'] }),
  {
    column: 'country', type: 'country', key: 'country', input: 'documented',
    description: 'a List Countries name (case, spaces and underscores ignored), stored upper-case with underscores',
    view: { search: '' }, export: { name: 'countryId', header: 'Country' }, search: ['country'], sort: ['COUNTRY_ID'],
  },
  // The search view repeats person.zipCode at the top level (contacts.md §2.4).
  { column: 'zip_code', type: 'text', key: 'postalCode', view: { full: 'hidden', note: 'person.zipCode' } },
  {
    column: 'amount_to_speak', type: 'decimal', key: 'amountToSpeak', input: 'documented', description: 'amount spoken by TTS',
    view: { full: 0, search: 0, note: '0 when unset' }, export: { name: 'amountToSpeak', header: 'Amount To Speak' }, search: ['amount_to_speak'], sort: ['AMOUNT_TO_SPEAK'],
  },
  {
    column: 'due_date', type: 'day', key: 'dueDate', input: 'documented', description: 'date the balance is due',
    view: { full: 0, note: 'epoch millis; 0 when unset' }, export: { name: 'dueDate', header: 'Account Due Date' },
    search: ['account_due_date', { name: 'account_due_date_basedon_option', as: 'relativeDays' }], sort: ['ACCOUNT_DUE_DATE'],
  },
  {
    column: 'group_id', type: 'ref', key: 'groupId', input: 'documented', description: 'contact group; 0 = none',
    view: { full: 0, search: 0, note: '0 when none' }, export: { name: 'groupId', header: 'Group ID' }, search: ['group'], sort: ['GROUP_ID'],
  },
  {
    column: 'primary_email_consent', type: 'flag', key: 'primaryEmailConsent', input: 'documented',
    view: {}, export: { name: 'primaryEmailConsent', header: 'Primary Email Consent' }, search: ['primary_email_consent'], sort: ['PRIMARY_EMAIL_CONSENT'],
  },
  {
    column: 'agent_id', type: 'ref', key: 'agentId', input: 'documented', description: 'owning agent; 0 = none',
    view: { full: 0, search: 0, note: '0 when none' }, export: { name: 'agentId', header: 'Agent ID' },
  },
  text('department', 'department', { export: { name: 'department', header: 'Department' } }),
  text('salutation', 'salutation', { export: { name: 'salutation', header: 'Salutation' } }),
  text('title', 'title', { export: { name: 'title', header: 'Title' } }),
  text('description', 'description', { export: { name: 'description', header: 'Description' } }),
  { column: 'happiness_index', type: 'int32', key: 'happinessIndex', input: 'documented', view: {} },
  { column: 'call_attempts_today', type: 'count', key: 'callAttemptsToday', view: {}, export: { name: 'callAttemptsToday', header: 'Call Attempts Today' }, search: ['callattemptstoday'], sort: ['CALLATTEMPTSTODAY'] },
  {
    column: 'call_attempts_total', type: 'count', key: 'callAttemptsTotal', view: {},
    export: { name: 'callAttemptsTotal', header: 'Call Attempts Lifetime' }, search: ['callattemptslifetime'], sort: ['CALLATTEMPTSLIFETIME'],
  },
  { column: 'call_attempts_total', type: 'count', key: 'callAttemptsLifetime', view: { note: 'alias of callAttemptsTotal (README §10)' } },
  {
    column: 'initial_load_at', type: 'instant', key: 'initialLoad', view: { full: 0, note: '0 when unset' },
    export: { name: 'initialLoadDate', header: 'Initial Load Date' }, sort: ['INITIAL_LOAD_DATE'],
  },
  {
    column: 'last_load_at', type: 'instant', key: 'lastLoad', view: {}, export: { name: 'lastLoadDate', header: 'Last Load Date' },
    search: [{ name: 'last_load_date_basedon_option', as: 'relativeDays' }], sort: ['LAST_LOAD_DATE'],
  },
  { column: 'created_at', type: 'stamp', key: 'createDate', view: {}, export: { name: 'createDate', header: 'Create Date' }, sort: ['CREATEDATE'] },
  { column: 'created_at', type: 'stamp', key: 'createdDate', view: { note: 'alias of createDate (README §10)' } },
  { column: 'modified_at', type: 'stamp', key: 'modifyDate', view: {}, export: { name: 'modifyDate', header: 'Modify Date' }, sort: ['MODIFYDATE'] },
  { column: 'modified_at', type: 'stamp', key: 'modifiedDate', view: { note: 'alias of modifyDate (README §10)' } },
  // Not in the views.
  { column: 'client_id', type: 'id', export: { name: 'clientId', header: 'Client ID' }, sort: ['CLIENT_ID'] },
  { column: 'primary_sms_consent', type: 'flag', key: 'primarySMSConsent', inputAliases: ['primarySmsConsent'], input: 'accepted', export: { name: 'primarySMSConsent', header: 'Primary SMS Consent' } },
  { column: 'email_block', type: 'flag', key: 'accountEmailBlock', input: 'accepted', export: { name: 'accountEmailBlock', header: 'Email Do Not Contact' } },
  { column: 'agent_team_id', type: 'ref', key: 'agentTeamId', input: 'accepted', export: { name: 'agentTeamId', header: 'Agent Team ID' } },
  { column: 'last_attempt_at', type: 'instant' },
  { column: 'initial_load_campaign_id', type: 'ref', export: { name: 'initialLoadCampaignId', header: 'Initial Load Campaign ID' }, sort: ['INITIAL_LOAD_CAMPAIGNID'] },
  { column: 'last_load_campaign_id', type: 'ref', export: { name: 'lastLoadCampaignId', header: 'Last Load Campaign ID' }, sort: ['LAST_LOAD_CAMPAIGNID'] },
  { column: 'create_user', type: 'text', export: { name: 'createUser', header: 'Create User' }, sort: ['CREATEUSER'] },
  { column: 'modify_user', type: 'text', export: { name: 'modifyUser', header: 'Modify User' }, sort: ['MODIFYUSER'] },
]

export const phoneColumn = (n: PhoneOrdinal, suffix = ''): PhoneColumn => `phone${n}${suffix}` as PhoneColumn

/**
 * The columns of phone slot n (contacts.md §2.1 phone items; the views assemble a slot in
 * contact.view.ts and search/contact-search.view.ts). `key` is the phone item's key on input.
 */
function phoneSlotFields(n: PhoneOrdinal): ContactField[] {
  const slot = { slot: n }
  return [
    { column: phoneColumn(n), type: 'text', key: 'phone', ...slot, export: { name: `phone${n}`, header: `Phone ${n}` }, sort: [`PHONE${n}`] },
    { column: phoneColumn(n, '_attempts_total'), type: 'count', ...slot, export: { name: `phone${n}AttemptsTotal`, header: `Phone ${n} Attempts Lifetime` }, sort: [`PHONE${n}_ATTEMPTS_LIFETIME`] },
    { column: phoneColumn(n, '_attempts_today'), type: 'count', ...slot, export: { name: `phone${n}AttemptsToday`, header: `Phone ${n} Attempts Today` }, sort: [`PHONE${n}_ATTEMPTS_TODAY`] },
    {
      column: phoneColumn(n, '_cell_consent'), type: 'flag', key: 'cellConsent', ...slot,
      export: { name: `phone${n}CellConsent`, header: `Phone ${n} Cell Consent` }, search: [`phone${n}_cell_consent`], sort: [`PHONE${n}_CELL_CONSENT`],
    },
    {
      column: phoneColumn(n, '_dnd'), type: 'dnd', daily: phoneColumn(n, '_dnd_daily_until'), key: 'phoneBlock', ...slot,
      export: { name: `phone${n}Block`, header: `Phone ${n} DND` }, sort: [`PHONE${n}_DND`],
    },
    { column: phoneColumn(n, '_dnd_daily_until'), type: 'dailyUntil', ...slot, export: { name: `phone${n}BlockDaily`, header: `Phone ${n} DND Daily` }, sort: [`PHONE${n}_DND_DAILY`] },
    {
      column: phoneColumn(n, '_sms_consent'), type: 'flag', key: 'smsConsent', ...slot,
      export: { name: `phone${n}SmsConsent`, header: `Phone ${n} SMS Consent` }, search: [`phone${n}_sms_consent`], sort: [`PHONE${n}_SMS_CONSENT`],
    },
  ]
}

/** Every phone slot's fields, slot 1 first, each slot in `allFields` order. */
export const PHONE_SLOT_FIELDS: readonly ContactField[] = PHONE_ORDINALS.flatMap(phoneSlotFields)

/** The custom fields COL1…COL100 (contacts.md §1.2): text columns, typed by the client's configuration. */
export const CUSTOM_FIELD_COUNT = 100
export const customFieldColumn = (n: number): keyof ContactTable => `col${n}` as keyof ContactTable

/**
 * Bulk Contact Download's `allFields` order (contacts.md §1.7: the vendor's column names in
 * order), by `export.name`; `phones` stands for every phone slot's fields.
 */
export const ALL_FIELDS_ORDER: readonly string[] = [
  'account', 'dueDate', 'accountToSpeak', 'address1', 'address2', 'agentId', 'agentTeamId', 'amountToSpeak', 'active',
  'callAttemptsTotal', 'callAttemptsToday', 'city', 'clientId', 'countryId', 'createDate', 'createUser', 'department',
  'description', 'dateOfBirth', 'accountBlock', 'accountBlockDaily', 'accountEmailBlock', 'email', 'firstName', 'groupId',
  'guarantorFirstName', 'guarantorLastName', 'initialLoadCampaignId', 'initialLoadDate', 'lastLoadCampaignId',
  'lastLoadDate', 'lastName', 'lvAccountId', 'modifyDate', 'modifyUser', 'originalAccountNumber', 'balance', 'phones',
  'zipCode', 'primaryEmailConsent', 'salutation', 'primarySMSConsent', 'ssn', 'state', 'title',
]

/** Writes a value under a field's key in contact details or a view, inside its group's object. */
export function placeValue(target: Record<string, unknown>, field: { key?: string; group?: string }, value: unknown): void {
  if (field.group === undefined) target[field.key!] = value
  else ((target[field.group] ??= {}) as Record<string, unknown>)[field.key!] = value
}

/** Never null in a row: shown as-is in both views, never omitted. */
export function isAlwaysSet(type: ContactFieldType): boolean {
  return type === 'id' || type === 'account' || type === 'flag' || type === 'dnd' || type === 'count' || type === 'stamp'
}

/** The fields accepted in details (not the phone slots: phone items have their own shape). */
export const INPUT_FIELDS: readonly ContactField[] = CONTACT_FIELDS.filter((f) => f.input !== undefined)
