/**
 * Bulk Contact Download columns (contacts.md §1.7): the vendor's `exportableFields` names, their
 * CSV header labels, and how each value is written. `Account` and `Account Due Date` are the
 * seed's; the other labels are inferred from the Contact Manager (README open question 6).
 */

/** How a stored value becomes CSV text. */
export type ExportFormat =
  | 'text'
  | 'number'
  /** 0/1 flag → true/false */
  | 'flag'
  /** epoch millis → `MM/DD/YYYY` (New York) */
  | 'date'
  /** epoch millis → `MM/DD/YYYY HH:MM:SS` (New York) */
  | 'dateTime'

export interface ExportField {
  /** The `exportableFields` name. */
  name: string
  header: string
  format: ExportFormat
  /** Phone ordinal for the per-phone fields. */
  phone?: number
  /** Custom field number for COL1…COL100. */
  custom?: number
}

const field = (name: string, header: string, format: ExportFormat = 'text'): ExportField => ({ name, header, format })

/** Per-phone fields, in the order `allFields` groups them (contacts.md §1.7). */
function phoneFields(n: number): ExportField[] {
  return [
    { name: `phone${n}`, header: `Phone ${n}`, format: 'text', phone: n },
    { name: `phone${n}AttemptsTotal`, header: `Phone ${n} Attempts Lifetime`, format: 'number', phone: n },
    { name: `phone${n}AttemptsToday`, header: `Phone ${n} Attempts Today`, format: 'number', phone: n },
    { name: `phone${n}CellConsent`, header: `Phone ${n} Cell Consent`, format: 'flag', phone: n },
    { name: `phone${n}Block`, header: `Phone ${n} DND`, format: 'flag', phone: n },
    { name: `phone${n}BlockDaily`, header: `Phone ${n} DND Daily`, format: 'flag', phone: n },
    { name: `phone${n}SmsConsent`, header: `Phone ${n} SMS Consent`, format: 'flag', phone: n },
  ]
}

/** Every standard field in `allFields` order (custom fields are not part of `allFields`). */
export const STANDARD_EXPORT_FIELDS: readonly ExportField[] = [
  field('account', 'Account'),
  field('dueDate', 'Account Due Date', 'date'),
  field('accountToSpeak', 'Account To Speak'),
  field('address1', 'Address 1'),
  field('address2', 'Address 2'),
  field('agentId', 'Agent ID', 'number'),
  field('agentTeamId', 'Agent Team ID', 'number'),
  field('amountToSpeak', 'Amount To Speak', 'number'),
  field('active', 'B Active', 'flag'),
  field('callAttemptsTotal', 'Call Attempts Lifetime', 'number'),
  field('callAttemptsToday', 'Call Attempts Today', 'number'),
  field('city', 'City'),
  field('clientId', 'Client ID', 'number'),
  field('countryId', 'Country'),
  field('createDate', 'Create Date', 'dateTime'),
  field('createUser', 'Create User'),
  field('department', 'Department'),
  field('description', 'Description'),
  field('dateOfBirth', 'DOB', 'date'),
  field('accountBlock', 'Do Not Dial', 'flag'),
  field('accountBlockDaily', 'Do Not Dial Daily', 'flag'),
  field('accountEmailBlock', 'Email Do Not Contact', 'flag'),
  field('email', 'Email'),
  field('firstName', 'First Name'),
  field('groupId', 'Group ID', 'number'),
  field('guarantorFirstName', 'Guarantor First Name'),
  field('guarantorLastName', 'Guarantor Last Name'),
  field('initialLoadCampaignId', 'Initial Load Campaign ID', 'number'),
  field('initialLoadDate', 'Initial Load Date', 'dateTime'),
  field('lastLoadCampaignId', 'Last Load Campaign ID', 'number'),
  field('lastLoadDate', 'Last Load Date', 'dateTime'),
  field('lastName', 'Last Name'),
  field('lvAccountId', 'LV Account ID', 'number'),
  field('modifyDate', 'Modify Date', 'dateTime'),
  field('modifyUser', 'Modify User'),
  field('originalAccountNumber', 'Original Account Number'),
  field('balance', 'Payment Balance', 'number'),
  ...Array.from({ length: 10 }, (_, i) => phoneFields(i + 1)).flat(),
  field('zipCode', 'Zip/Postal Code'),
  field('primaryEmailConsent', 'Primary Email Consent', 'flag'),
  field('salutation', 'Salutation'),
  field('primarySMSConsent', 'Primary SMS Consent', 'flag'),
  field('ssn', 'SSN'),
  field('state', 'State'),
  field('title', 'Title'),
]

const byName = new Map(STANDARD_EXPORT_FIELDS.map((f) => [f.name, f]))
const CUSTOM = /^COL([1-9]\d?|100)$/
const CUSTOM_FIELDS = 100

/**
 * Every column a download can have: each standard field and COL1…COL100 once. A request naming
 * more entries than this necessarily repeats itself; it is refused (issue 10: 1,000 × `allFields`
 * in a 13 KB body made every row 117,000 cells).
 */
export const MAX_EXPORT_COLUMNS = STANDARD_EXPORT_FIELDS.length + CUSTOM_FIELDS

/**
 * Resolves `exportableFields` in request order; `allFields` expands in place. Names are the
 * vendor's enum spellings, matched exactly (README §4). A column named again (directly or through
 * `allFields`) keeps its first place and is written once, so a row never has more than
 * MAX_EXPORT_COLUMNS cells. Returns the first unknown name instead of fields when there is one.
 */
export function resolveExportFields(names: readonly string[]): { fields: ExportField[] } | { unknown: string } {
  const fields = new Map<string, ExportField>()
  const add = (f: ExportField) => { if (!fields.has(f.name)) fields.set(f.name, f) }
  for (const name of names) {
    if (name === 'allFields') {
      STANDARD_EXPORT_FIELDS.forEach(add)
      continue
    }
    const standard = byName.get(name)
    if (standard) {
      add(standard)
      continue
    }
    const custom = CUSTOM.exec(name)
    if (!custom) return { unknown: name }
    add({ name, header: name, format: 'text', custom: Number(custom[1]) })
  }
  return { fields: [...fields.values()] }
}
