import { parse } from 'csv-parse'
import type { Readable } from 'node:stream'
import type { Db } from '../../../db/database.ts'
import { inTransaction } from '../../../db/transaction.ts'
import { bulkCreateContacts } from '../contacts/contact.bulk.ts'
import { STANDARD_EXPORT_FIELDS } from './export-fields.ts'
import { importPacing } from './import.dialect.ts'

/**
 * `lvapi contacts import`: contacts from a CSV file, created through the same function as Bulk
 * Create Contact (contacts.md §3; docs/contacts-design.md "Writing contacts"), so every item is
 * validated and defaulted exactly as over HTTP. The header names columns by the download's labels
 * (`Account`, `Phone 1 SMS Consent`, a custom field's label) or by `exportableFields` names
 * (`account`, `phone1SmsConsent`, `COL7`), case-insensitively: a downloaded file imports back.
 * System columns the API never writes (ids, create/modify stamps, attempt counters, load dates)
 * are ignored and listed in the summary.
 */

/** How a column lands in a Create Contact details object. */
type Setter = (item: Draft, value: string) => void

interface Draft {
  details: Record<string, unknown>
  phones: Map<number, Record<string, unknown>>
  accountDnd: { permanent?: boolean; daily?: boolean }
  phoneDnd: Map<number, { permanent?: boolean; daily?: boolean }>
}

const SYSTEM_FIELDS = new Set([
  'lvAccountId', 'clientId', 'createDate', 'createUser', 'modifyDate', 'modifyUser', 'callAttemptsTotal', 'callAttemptsToday',
  'initialLoadCampaignId', 'initialLoadDate', 'lastLoadCampaignId', 'lastLoadDate',
])

const MDY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/

/** The download writes dates as MM/DD/YYYY (§1.7); the details parser takes CCYY-MM-DD or millis. */
function dateInput(value: string): string {
  const m = MDY.exec(value.trim())
  return m ? `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}` : value
}

const TRUE = /^(true|1|y|yes)$/i

const top = (key: string): Setter => (d, v) => { d.details[key] = v }
const nested = (object: 'person' | 'guarantor', key: string, convert: (v: string) => string = (v) => v): Setter => (d, v) => {
  const target = (d.details[object] ??= {}) as Record<string, unknown>
  target[key] = convert(v)
}
const phoneKey = (n: number, key: string): Setter => (d, v) => {
  let slot = d.phones.get(n)
  if (!slot) d.phones.set(n, (slot = { ordinal: n }))
  slot[key] = v
}
const phoneDnd = (n: number, which: 'permanent' | 'daily'): Setter => (d, v) => {
  let dnd = d.phoneDnd.get(n)
  if (!dnd) d.phoneDnd.set(n, (dnd = {}))
  dnd[which] = TRUE.test(v.trim())
}

const SETTERS: Record<string, Setter> = {
  account: top('account'),
  dueDate: (d, v) => { d.details.dueDate = dateInput(v) },
  accountToSpeak: top('accountToSpeak'),
  address1: top('address1'),
  address2: top('address2'),
  agentId: top('agentId'),
  agentTeamId: top('agentTeamId'),
  amountToSpeak: top('amountToSpeak'),
  active: top('active'),
  city: top('city'),
  countryId: top('country'),
  department: top('department'),
  description: top('description'),
  dateOfBirth: nested('person', 'dateOfBirth', dateInput),
  accountBlock: (d, v) => { d.accountDnd.permanent = TRUE.test(v.trim()) },
  accountBlockDaily: (d, v) => { d.accountDnd.daily = TRUE.test(v.trim()) },
  accountEmailBlock: top('accountEmailBlock'),
  email: nested('person', 'email'),
  firstName: nested('person', 'firstName'),
  groupId: top('groupId'),
  guarantorFirstName: nested('guarantor', 'firstName'),
  guarantorLastName: nested('guarantor', 'lastName'),
  lastName: nested('person', 'lastName'),
  originalAccountNumber: top('originalAccountNumber'),
  balance: top('balance'),
  zipCode: nested('person', 'zipCode'),
  primaryEmailConsent: top('primaryEmailConsent'),
  salutation: top('salutation'),
  primarySMSConsent: top('primarySMSConsent'),
  ssn: nested('person', 'ssn'),
  state: top('state'),
  title: top('title'),
}
for (let n = 1; n <= 10; n++) {
  SETTERS[`phone${n}`] = phoneKey(n, 'phone')
  SETTERS[`phone${n}CellConsent`] = phoneKey(n, 'cellConsent')
  SETTERS[`phone${n}SmsConsent`] = phoneKey(n, 'smsConsent')
  SETTERS[`phone${n}Block`] = phoneDnd(n, 'permanent')
  SETTERS[`phone${n}BlockDaily`] = phoneDnd(n, 'daily')
  SYSTEM_FIELDS.add(`phone${n}AttemptsTotal`)
  SYSTEM_FIELDS.add(`phone${n}AttemptsToday`)
}

/** Both DND flags of a row as the Create action that yields that state (contacts.md §1.1). */
function dndAction(flags: { permanent?: boolean; daily?: boolean }): string | undefined {
  if (flags.permanent && flags.daily) return 'BOTH'
  if (flags.permanent) return 'PERMANENT'
  if (flags.daily) return 'DAILY'
  return undefined
}

export interface ColumnPlan {
  /** Per CSV column: how it is applied, or null when ignored. */
  setters: Array<{ setter: Setter } | { custom: number } | null>
  /** Download columns the API never writes (ids, stamps, counters, load dates). */
  ignored: string[]
  /** Columns that name no contact field. */
  unknown: string[]
}

/**
 * Reads the header: download labels and field names (case-insensitive), custom fields by
 * `COLn` or by their configured label.
 */
export function planColumns(header: readonly string[], customLabels: ReadonlyMap<string, number>): ColumnPlan {
  const byName = new Map<string, string>()
  for (const f of STANDARD_EXPORT_FIELDS) {
    byName.set(f.name.toLowerCase(), f.name)
    byName.set(f.header.toLowerCase(), f.name)
  }
  const ignored: string[] = []
  const unknown: string[] = []
  const setters = header.map((raw) => {
    const key = raw.trim().toLowerCase()
    const custom = /^col([1-9]\d?|100)$/.exec(key)
    if (custom) return { custom: Number(custom[1]) }
    const name = byName.get(key)
    if (name && SETTERS[name]) return { setter: SETTERS[name]! }
    const labelled = customLabels.get(key)
    if (labelled !== undefined) return { custom: labelled }
    if (name && SYSTEM_FIELDS.has(name)) ignored.push(raw)
    else unknown.push(raw)
    return null
  })
  if (!setters.some((s) => s !== null && 'setter' in s && s.setter === SETTERS.account)) {
    throw new Error('the CSV header has no Account column')
  }
  return { setters, ignored, unknown }
}

/** One CSV record as Create Contact details; empty cells are "not supplied". */
export function toDetails(plan: ColumnPlan, record: readonly string[]): Record<string, unknown> {
  const draft: Draft = { details: {}, phones: new Map(), accountDnd: {}, phoneDnd: new Map() }
  const customFields: { field: string; value: string }[] = []
  for (let i = 0; i < plan.setters.length; i++) {
    const value = record[i]
    const target = plan.setters[i]
    if (target == null || value === undefined || value === '') continue
    if ('custom' in target) customFields.push({ field: `COL${target.custom}`, value })
    else target.setter(draft, value)
  }
  const action = dndAction(draft.accountDnd)
  if (action) draft.details.accountBlock = action
  const phones = []
  for (const [n, slot] of [...draft.phones].sort((a, b) => a[0] - b[0])) {
    // Consents or DND of an empty slot have no phone to belong to.
    if (slot.phone === undefined) continue
    const block = dndAction(draft.phoneDnd.get(n) ?? {})
    phones.push(block ? { ...slot, phoneBlock: block } : slot)
  }
  if (phones.length > 0) draft.details.phone = phones
  if (customFields.length > 0) draft.details.customFields = customFields
  return draft.details
}

export interface ImportOptions {
  now: number
  /** createUser / modifyUser of the contacts. */
  user: string
  /** Records per transaction (default: importPacing, per dialect). */
  transactionSize?: number
  /** Items per bulkCreateContacts call inside a transaction (bounds the rows built at once). */
  batchSize?: number
  /** Called after each transaction with the records read so far. */
  onCommit?: (records: number) => void
}

export interface ImportSummary {
  records: number
  created: number
  rejected: number
  /** The first rejections: data record number (1 = the first after the header) and the vendor message. */
  rejections: { record: number; message: string }[]
  ignoredColumns: string[]
  unknownColumns: string[]
}

const MAX_REPORTED = 50

/**
 * Streams the CSV through csv-parse and creates contacts through bulkCreateContacts. Records are
 * read a transaction's worth at a time (file I/O stays outside transactions), then written in one
 * transaction of several calls: SQLite writes a contact's 15 index entries far faster when many
 * rows share a transaction (1,000,000 contacts: 22,000 rows/s at 10,000 a transaction, 42,000 at
 * 50,000; 25,000 keeps the records held in memory modest), while each call builds only
 * `batchSize` rows, so memory stays bounded. On PostgreSQL the next transaction's records are read
 * while the previous one is written (import.dialect.ts). Transactions still run one after the
 * other, so the first of two records with the same account is the one created. An interrupted
 * import leaves whole transactions behind.
 */
export async function importContacts(db: Db, clientId: number, input: Readable, options: ImportOptions): Promise<ImportSummary> {
  const labels = await db.selectFrom('contact_custom_fields').select(['field', 'label'])
    .where('client_id', '=', clientId).where('label', 'is not', null).execute()
  const customLabels = new Map(labels.map((r) => [r.label!.trim().toLowerCase(), r.field]))
  const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }))
  const pacing = importPacing(db)
  const transactionSize = options.transactionSize ?? pacing.transactionSize
  const batchSize = options.batchSize ?? 5_000
  const summary: ImportSummary = { records: 0, created: 0, rejected: 0, rejections: [], ignoredColumns: [], unknownColumns: [] }
  let plan: ColumnPlan | undefined
  let items: Record<string, unknown>[] = []
  let writing: Promise<void> | undefined

  const commit = async () => {
    if (items.length === 0) return
    const pending = items
    const first = summary.records - pending.length + 1
    items = []
    await inTransaction(db, async (trx) => {
      for (let at = 0; at < pending.length; at += batchSize) {
        const result = await bulkCreateContacts(trx, clientId, pending.slice(at, at + batchSize), { now: options.now, user: options.user })
        summary.created += result.created
        summary.rejected += result.rejected.length
        for (const r of result.rejected) {
          if (summary.rejections.length < MAX_REPORTED) summary.rejections.push({ record: first + at + r.index, message: r.message })
        }
      }
    })
    options.onCommit?.(summary.records)
  }

  for await (const record of parser as AsyncIterable<string[]>) {
    if (!plan) {
      plan = planColumns(record, customLabels)
      summary.ignoredColumns = plan.ignored
      summary.unknownColumns = plan.unknown
      continue
    }
    summary.records++
    items.push(toDetails(plan, record))
    if (items.length >= transactionSize) {
      await writing
      writing = commit()
      // Awaited before the next commit or at the end; until then a failure must not count as unhandled.
      writing.catch(() => {})
      if (!pacing.readAhead) await writing
    }
  }
  await writing
  if (!plan) throw new Error('the CSV file is empty')
  await commit()
  return summary
}
