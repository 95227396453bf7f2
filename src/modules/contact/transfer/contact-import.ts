import { parse } from 'csv-parse'
import type { Readable } from 'node:stream'
import type { Db } from '../../../db/database.ts'
import { inTransaction } from '../../../db/transaction.ts'
import { Errors } from '../../../http/errors.ts'
import { bulkCreateContacts } from '../contacts/contact.bulk.ts'
import { CONTACT_FIELDS, PHONE_SLOT_FIELDS, placeValue, type ContactField } from '../contacts/contact.fields.ts'
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

const MDY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/

/** The download writes dates as MM/DD/YYYY (§1.7); the details parser takes CCYY-MM-DD or millis. */
function dateInput(value: string): string {
  const m = MDY.exec(value.trim())
  return m ? `${m[3]}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}` : value
}

const TRUE = /^(true|1|y|yes)$/i

const phoneKey = (n: number, key: string): Setter => (d, v) => {
  let slot = d.phones.get(n)
  if (!slot) d.phones.set(n, (slot = { ordinal: n }))
  slot[key] = v
}
/** A download's flag cell (true/false), or the spellings a spreadsheet gives one (1, y, yes). */
const isTrueCell = (v: string): boolean => TRUE.test(v.trim())

/**
 * How an exported column goes back into details (contact.fields.ts): to its key (nested in its
 * group), a day from the download's MM/DD/YYYY; DND flags, as the action that recreates them; a
 * phone slot's column, to that phone item. Null: a column the API never writes (ids, stamps,
 * counters, load dates), ignored.
 */
function setterOf(field: ContactField): Setter | null {
  const n = field.slot
  if (field.type === 'dnd' || field.type === 'dailyUntil') {
    const which = field.type === 'dnd' ? 'permanent' : 'daily'
    if (n === undefined) return (d, v) => { d.accountDnd[which] = isTrueCell(v) }
    return (d, v) => {
      let dnd = d.phoneDnd.get(n)
      if (!dnd) d.phoneDnd.set(n, (dnd = {}))
      dnd[which] = isTrueCell(v)
    }
  }
  if (n !== undefined) return field.key === undefined ? null : phoneKey(n, field.key)
  if (field.input === undefined) return null
  const convert = field.type === 'day' ? dateInput : (v: string) => v
  return (d, v) => placeValue(d.details, field, convert(v))
}

const SETTERS = new Map<string, Setter | null>(
  [...CONTACT_FIELDS, ...PHONE_SLOT_FIELDS].flatMap((f) => (f.export ? [[f.export.name, setterOf(f)] as const] : [])),
)
const ACCOUNT = SETTERS.get('account')!

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
    const setter = name === undefined ? undefined : SETTERS.get(name)
    if (setter) return { setter }
    const labelled = customLabels.get(key)
    if (labelled !== undefined) return { custom: labelled }
    if (setter === null) ignored.push(raw)
    else unknown.push(raw)
    return null
  })
  if (!setters.some((s) => s !== null && 'setter' in s && s.setter === ACCOUNT)) {
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

export interface ImportRejection {
  /** Data record number: 1 = the first after the header. */
  record: number
  /** Line of the file the record starts on (the header is line 1; quoted fields may span lines). */
  line: number
  /** The vendor message, or why the import refused the row before Bulk Create saw it. */
  message: string
}

export interface ImportSummary {
  records: number
  created: number
  rejected: number
  /** Of the rejected: accounts that exist already or repeat an earlier record's. */
  duplicates: number
  /** The first rejections, in file order. */
  rejections: ImportRejection[]
  ignoredColumns: string[]
  unknownColumns: string[]
}

const MAX_REPORTED = 50

/**
 * The details parser names the two date forms of the API; the import also takes the download's
 * MM/DD/YYYY (dateInput), so its message names all three.
 */
const API_DATE_FORMS = / must be epoch milliseconds or CCYY-MM-DD\]$/
const importMessage = (message: string): string => message.replace(API_DATE_FORMS, ' must be MM/DD/YYYY, CCYY-MM-DD or epoch milliseconds]')

const columns = (n: number): string => `${n} column${n === 1 ? '' : 's'}`

/** csv-parse's per-record info: `lines` is the line the record ends on. */
interface ParsedRecord { record: string[]; info: { lines: number } }

/** The line a record starts on: where it ends, less the line breaks inside its quoted fields. */
function startLine(parsed: ParsedRecord, previousEnd: number): number {
  const end = parsed.info.lines
  // Almost every record is one line right after the previous one: no need to look inside.
  if (end === previousEnd + 1) return end
  let breaks = 0
  for (const field of parsed.record) {
    for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) breaks++
  }
  return end - breaks
}

/**
 * Streams the CSV through csv-parse and creates contacts through bulkCreateContacts. Records are
 * read a transaction's worth at a time (file I/O stays outside transactions), then written in one
 * transaction of several calls: SQLite writes a contact's 15 index entries far faster when many
 * rows share a transaction (nearly twice as fast at 50,000 a transaction as at 10,000; 25,000
 * keeps the records held in memory modest; bench/storage-results.md), while each call builds only
 * `batchSize` rows, so memory stays bounded. On PostgreSQL the next transaction's records are read
 * while the previous one is written (import.dialect.ts). Transactions still run one after the
 * other, so the first of two records with the same account is the one created. An interrupted
 * import leaves whole transactions behind.
 */
export async function importContacts(db: Db, clientId: number, input: Readable, options: ImportOptions): Promise<ImportSummary> {
  const labels = await db.selectFrom('contact_custom_fields').select(['field', 'label'])
    .where('client_id', '=', clientId).where('label', 'is not', null).execute()
  const customLabels = new Map(labels.map((r) => [r.label!.trim().toLowerCase(), r.field]))
  // Rows of the wrong width are counted and refused below, not thrown by the parser (which would end the import).
  const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true }))
  // pipe() does not forward the source's errors (a file that cannot be read): end the parse with them.
  input.once('error', (err) => parser.destroy(err))
  const pacing = importPacing(db)
  const transactionSize = options.transactionSize ?? pacing.transactionSize
  const batchSize = options.batchSize ?? 5_000
  const summary: ImportSummary = { records: 0, created: 0, rejected: 0, duplicates: 0, rejections: [], ignoredColumns: [], unknownColumns: [] }
  let plan: ColumnPlan | undefined
  // The records read since the last commit: what goes to Bulk Create, where each came from, and
  // the rows refused on reading (reported with Bulk Create's rejections, in file order).
  let items: Record<string, unknown>[] = []
  let origins: { record: number; line: number }[] = []
  let refused: ImportRejection[] = []
  let lastLine = 0
  let writing: Promise<void> | undefined

  const commit = async () => {
    if (items.length === 0 && refused.length === 0) return
    const pending = items
    const from = origins
    const rejections = refused
    items = []
    origins = []
    refused = []
    await inTransaction(db, async (trx) => {
      for (let at = 0; at < pending.length; at += batchSize) {
        const result = await bulkCreateContacts(trx, clientId, pending.slice(at, at + batchSize), { now: options.now, user: options.user })
        summary.created += result.created
        for (const r of result.rejected) {
          if (r.message === Errors.ContactExists.message) summary.duplicates++
          rejections.push({ ...from[at + r.index], message: importMessage(r.message) })
        }
      }
    })
    summary.rejected += rejections.length
    rejections.sort((a, b) => a.record - b.record)
    for (const r of rejections) {
      if (summary.rejections.length >= MAX_REPORTED) break
      summary.rejections.push(r)
    }
    options.onCommit?.(summary.records)
  }

  for await (const parsed of parser as AsyncIterable<ParsedRecord>) {
    const line = startLine(parsed, lastLine)
    lastLine = parsed.info.lines
    if (!plan) {
      plan = planColumns(parsed.record, customLabels)
      summary.ignoredColumns = plan.ignored
      summary.unknownColumns = plan.unknown
      continue
    }
    const record = ++summary.records
    // A row of another width than the header has its values under the wrong columns, or lost.
    if (parsed.record.length !== plan.setters.length) {
      refused.push({ record, line, message: `Invalid input [${columns(parsed.record.length)}, the header has ${plan.setters.length}]` })
    } else {
      items.push(toDetails(plan, parsed.record))
      origins.push({ record, line })
    }
    if (items.length + refused.length >= transactionSize) {
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
