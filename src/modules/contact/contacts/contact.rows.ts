import { flag } from '../../../db/flag.ts'
import { ApiError, Errors, invalidInput } from '../../../http/errors.ts'
import { applyDndAction, type DndAction, type StoredDnd } from '../dnd/dnd-state.ts'
import { CONTACT_FIELDS, CUSTOM_FIELD_COUNT, customFieldColumn, PHONE_SLOT_FIELDS, phoneColumn, type ContactFieldType } from './contact.fields.ts'
import { parseContactDetails, type ContactDetails, type PhoneInput } from './contact.input.ts'
import type { CustomFieldDefinitions } from '../custom-fields/custom-field.model.ts'
import {
  PHONE_ORDINALS, type ContactRow, type ContactRowUpdate, type CustomFieldColumn, type NewContactRow,
  type PhoneColumn, type PhoneOrdinal,
} from './contact.table.ts'

/**
 * From checked contact details to `contacts` rows (docs/contacts-design.md): a complete row for
 * an insert, or only the changed columns for an update.
 */

/** Every column an insert writes, in one fixed order: the multi-row INSERT binds rows in it. */
export type InsertableContact = Required<Omit<NewContactRow, 'id'>>

const col = (n: number): CustomFieldColumn => customFieldColumn(n) as CustomFieldColumn

/** A column's value in a contact that does not set it: its database default. */
function unsetValue(type: ContactFieldType): unknown {
  switch (type) {
    case 'flag': case 'dnd': case 'count': case 'stamp': case 'id': return 0
    case 'account': return ''
    default: return null
  }
}

/** Every column but the id, from the field table; client_id, account and the stamps are always written. */
function emptyRow(): InsertableContact {
  const row: Record<string, unknown> = {}
  for (const field of [...CONTACT_FIELDS, ...PHONE_SLOT_FIELDS]) {
    if (field.column === 'id') continue
    row[field.column] ??= unsetValue(field.type)
    if (field.folded) row[field.folded] ??= unsetValue(field.type)
    if (field.daily) row[field.daily] ??= null
  }
  for (let n = 1; n <= CUSTOM_FIELD_COUNT; n++) row[col(n)] = null
  return row as InsertableContact
}

const EMPTY_ROW = emptyRow()
export const INSERT_COLUMNS = Object.keys(EMPTY_ROW) as (keyof InsertableContact)[]

/**
 * A new contact as its INSERT values: the columns it gives a value (it may equal the default),
 * as ascending positions in INSERT_COLUMNS, and those values; every other column takes its
 * default (EMPTY_VALUES). An INSERT names only the columns some row of it sets. Bulk Create holds
 * thousands of these across its statements: a 218-key object with computed keys falls into V8's
 * slow dictionary mode (~50 µs a contact), and a 218-slot array per contact was more than half
 * of what a bulk load promoted to V8's old generation (bench/realistic-results.md, Peak RSS).
 */
export interface NewContactValues {
  account: string
  columns: number[]
  values: unknown[]
}

/** Each column's value for a contact that does not set it: its database default. */
const EMPTY_VALUES: readonly unknown[] = INSERT_COLUMNS.map((c) => EMPTY_ROW[c])
const COLUMN_INDEX = new Map<string, number>(INSERT_COLUMNS.map((c, i) => [c, i]))
const at = (column: string): number => COLUMN_INDEX.get(column)!
const SCRATCH: unknown[] = EMPTY_VALUES.slice()
const SET_SCRATCH: number[] = []
const MARKED = new Uint8Array(INSERT_COLUMNS.length)
/** NOT NULL columns without a default: every row names them. */
const ALWAYS_AT: readonly number[] = ['client_id', 'account', 'account_key', 'created_at', 'modified_at'].map(at)
const SLOT_INDEX = new Map(PHONE_ORDINALS.map((n) => [n, {
  phone: at(phoneColumn(n)), dnd: at(phoneColumn(n, '_dnd')), dailyUntil: at(phoneColumn(n, '_dnd_daily_until')),
  sms: at(phoneColumn(n, '_sms_consent')), cell: at(phoneColumn(n, '_cell_consent')),
  attemptsToday: at(phoneColumn(n, '_attempts_today')), attemptsTotal: at(phoneColumn(n, '_attempts_total')),
}]))
const COL_INDEX: number[] = Array.from({ length: 101 }, (_, n) => (n === 0 ? -1 : at(col(n))))
/** Each folded key column's position, with its source column's. */
const FOLDED = CONTACT_FIELDS.flatMap((f) => (f.folded ? [{ column: f.column, key: f.folded, from: at(f.column), to: at(f.folded) }] : []))
const I = {
  client_id: at('client_id'), account: at('account'), account_to_speak: at('account_to_speak'),
  dnd_permanent: at('dnd_permanent'), dnd_daily_until: at('dnd_daily_until'), create_user: at('create_user'),
  modify_user: at('modify_user'), created_at: at('created_at'), modified_at: at('modified_at'),
}

const lowerOrNull = (value: string | null | undefined): string | null => (value == null ? null : value.toLowerCase())

/** A phone slot as the update logic sees it. */
interface Slot {
  phone: string | null
  dnd: StoredDnd
  sms: number
  cell: number
  attemptsToday: number
  attemptsTotal: number
}

const freshSlot = (): Slot => ({ phone: null, dnd: { permanent: 0, dailyUntil: null }, sms: 0, cell: 0, attemptsToday: 0, attemptsTotal: 0 })

/**
 * A new contact's ten empty slots, one shared frozen slot for all: applyPhoneChanges replaces a
 * slot it changes and never writes into one, and a new row reads only the slots it was given.
 * Ten fresh slots a contact were a third of what a Bulk Create allocated per contact.
 */
const EMPTY_SLOT: Slot = Object.freeze({ ...freshSlot(), dnd: Object.freeze(freshSlot().dnd) })
const EMPTY_SLOTS: readonly [PhoneOrdinal, Slot][] = PHONE_ORDINALS.map((n) => [n, EMPTY_SLOT])

/**
 * What contactChanges reads of the stored row: the account's DND and the ten phone slots. A
 * batch that changes only DND (Update Multiple Contacts' DND) selects just these columns: a
 * whole row carries 100 custom fields, up to ~35 KB a contact.
 */
export type ContactDndSource = Pick<ContactRow, 'dnd_permanent' | 'dnd_daily_until' | PhoneColumn>
export const DND_SOURCE_COLUMNS: readonly (keyof ContactDndSource)[] = [
  'dnd_permanent', 'dnd_daily_until', ...PHONE_SLOT_FIELDS.map((f) => f.column as PhoneColumn),
]

function readSlot(row: Record<string, unknown>, n: PhoneOrdinal): Slot {
  return {
    phone: row[phoneColumn(n)] as string | null,
    dnd: { permanent: row[phoneColumn(n, '_dnd')] as number, dailyUntil: row[phoneColumn(n, '_dnd_daily_until')] as number | null },
    sms: row[phoneColumn(n, '_sms_consent')] as number,
    cell: row[phoneColumn(n, '_cell_consent')] as number,
    attemptsToday: row[phoneColumn(n, '_attempts_today')] as number,
    attemptsTotal: row[phoneColumn(n, '_attempts_total')] as number,
  }
}

function writeSlot(out: Record<string, unknown>, n: PhoneOrdinal, slot: Slot): void {
  out[phoneColumn(n)] = slot.phone
  out[phoneColumn(n, '_dnd')] = slot.dnd.permanent
  out[phoneColumn(n, '_dnd_daily_until')] = slot.dnd.dailyUntil
  out[phoneColumn(n, '_sms_consent')] = slot.sms
  out[phoneColumn(n, '_cell_consent')] = slot.cell
  out[phoneColumn(n, '_attempts_today')] = slot.attemptsToday
  out[phoneColumn(n, '_attempts_total')] = slot.attemptsTotal
}

export interface PhoneChange {
  phone: string
  ordinal: PhoneOrdinal | null
  phoneBlock?: DndAction
  smsConsent?: boolean
  cellConsent?: boolean
}

/**
 * Applies phone items to the 10 slots (contacts.md §2.1, Update Contact, Update Contact DND):
 * the slot of the item's ordinal; without one, the slot already holding the number, else the
 * first empty slot. A slot that receives a different number starts fresh (DND and consents
 * belong to the phone-account pair); '' empties the slot. Returns the slots that changed.
 */
export function applyPhoneChanges(slots: Map<PhoneOrdinal, Slot>, items: readonly PhoneChange[], now: number): Set<PhoneOrdinal> {
  const touched = new Set<PhoneOrdinal>()
  const explicit = new Set(items.map((i) => i.ordinal).filter((o): o is PhoneOrdinal => o !== null))
  for (const item of items) {
    let n = item.ordinal
    if (n === null) {
      n = PHONE_ORDINALS.find((o) => !explicit.has(o) && slots.get(o)!.phone === item.phone)
        ?? PHONE_ORDINALS.find((o) => !explicit.has(o) && !touched.has(o) && slots.get(o)!.phone === null)
        ?? null
      if (n === null) throw invalidInput('ordinal')
    }
    let slot = slots.get(n)!
    if (item.phone === '') {
      slots.set(n, freshSlot())
      touched.add(n)
      continue
    }
    if (slot.phone !== item.phone) slot = { ...freshSlot(), phone: item.phone }
    else slot = { ...slot }
    if (item.smsConsent !== undefined) slot.sms = flag(item.smsConsent)
    if (item.cellConsent !== undefined) slot.cell = flag(item.cellConsent)
    if (item.phoneBlock !== undefined) slot.dnd = applyDndAction(slot.dnd, item.phoneBlock, now)
    slots.set(n, slot)
    touched.add(n)
  }
  return touched
}

function toPhoneChanges(phones: readonly PhoneInput[]): PhoneChange[] {
  return phones.map(({ phone, ordinal, phoneBlock, smsConsent, cellConsent }) => ({ phone, ordinal, phoneBlock, smsConsent, cellConsent }))
}

/** Create Contact's row: defaults of contacts.md §3 Create Contact, DND actions applied from NONE. */
export function newContactRow(details: ContactDetails, clientId: number, now: number, user: string | null): NewContactValues {
  // Built in one scratch row and read out as the columns it set; the scratch is back to the
  // defaults when this returns or throws (an invalid item of a bulk call), and nothing is awaited.
  const set = SET_SCRATCH
  set.length = 0
  set.push(I.account_to_speak, I.create_user, I.modify_user, ...ALWAYS_AT)
  try {
    fillRow(SCRATCH, set, details, clientId, now, user)
    for (const c of set) MARKED[c] = 1
    let n = 0
    for (let c = 0; c < MARKED.length; c++) {
      if (MARKED[c] === 0) continue
      COLUMNS_OUT[n] = c
      VALUES_OUT[n++] = SCRATCH[c]
    }
    // Arrays cut to size from packed scratch arrays (slice): grown by push they were reallocated
    // on the way to ~30 columns, and a holey `new Array(n)` doubles their size in a worker's
    // message (V8 writes a holey array as sparse). The rows of a batch mostly set the same
    // columns, so a row reuses the previous row's columns array when equal; a message then
    // carries it once. Nothing writes into a row's arrays.
    const columns = sameColumns(lastColumns, n) ? lastColumns : (lastColumns = COLUMNS_OUT.slice(0, n))
    const values = VALUES_OUT.slice(0, n)
    return { account: details.account!, columns, values }
  } finally {
    for (const c of set) {
      SCRATCH[c] = EMPTY_VALUES[c]
      MARKED[c] = 0
    }
    for (const f of FOLDED) SCRATCH[f.to] = EMPTY_VALUES[f.to]
  }
}

const COLUMNS_OUT: number[] = INSERT_COLUMNS.map((_, i) => i)
const VALUES_OUT: unknown[] = INSERT_COLUMNS.map(() => null)
let lastColumns: number[] = []

/** The first `n` of COLUMNS_OUT are `columns`. */
function sameColumns(columns: readonly number[], n: number): boolean {
  if (columns.length !== n) return false
  for (let i = 0; i < n; i++) if (columns[i] !== COLUMNS_OUT[i]) return false
  return true
}

/** Writes a new contact's values into `v` (a row of defaults) and the positions it set into `set`. */
function fillRow(v: unknown[], set: number[], details: ContactDetails, clientId: number, now: number, user: string | null): void {
  const account = details.account!
  for (const column in details.columns) {
    const i = at(column)
    v[i] = details.columns[column as keyof typeof details.columns]
    set.push(i)
  }
  v[I.client_id] = clientId
  v[I.account] = account
  v[I.account_to_speak] ??= account
  for (const f of FOLDED) {
    v[f.to] = lowerOrNull(v[f.from] as string | null)
    if (v[f.to] !== null) set.push(f.to)
  }
  if (details.accountBlock) {
    const dnd = applyDndAction({ permanent: 0, dailyUntil: null }, details.accountBlock, now)
    v[I.dnd_permanent] = dnd.permanent
    v[I.dnd_daily_until] = dnd.dailyUntil
    set.push(I.dnd_permanent, I.dnd_daily_until)
  }
  if (details.phones && details.phones.length > 0) {
    const slots = new Map(EMPTY_SLOTS)
    for (const n of applyPhoneChanges(slots, toPhoneChanges(details.phones), now)) {
      const slot = slots.get(n)!
      const i = SLOT_INDEX.get(n)!
      v[i.phone] = slot.phone
      v[i.dnd] = slot.dnd.permanent
      v[i.dailyUntil] = slot.dnd.dailyUntil
      v[i.sms] = slot.sms
      v[i.cell] = slot.cell
      set.push(i.phone, i.dnd, i.dailyUntil, i.sms, i.cell)
    }
  }
  if (details.customFields) {
    for (const [n, value] of details.customFields) {
      v[COL_INDEX[n]] = value
      set.push(COL_INDEX[n])
    }
  }
  v[I.create_user] = user
  v[I.modify_user] = user
  v[I.created_at] = now
  v[I.modified_at] = now
}

/**
 * The row's values of these columns (ascending positions in INSERT_COLUMNS), defaults for those
 * it does not set, written into `out` from `from`; returns the next position.
 */
export function writeValues(row: NewContactValues, columns: readonly number[], out: unknown[], from: number): number {
  const own = row.columns
  let p = from
  let j = 0
  for (const c of columns) {
    while (j < own.length && own[j] < c) j++
    out[p++] = j < own.length && own[j] === c ? row.values[j] : EMPTY_VALUES[c]
  }
  return p
}

/** One column's value in a new row (a position in INSERT_COLUMNS). */
export function valueOf(row: NewContactValues, column: number): unknown {
  const j = row.columns.indexOf(column)
  return j < 0 ? EMPTY_VALUES[column] : row.values[j]
}

/**
 * Update Contact (contacts.md §3): present keys replace, absent or null keys stay, person and
 * guarantor merge key by key, phones and custom fields change item by item, accountBlock is an
 * action on the current state. Returns only the columns to write.
 */
export function contactChanges(row: ContactDndSource, details: ContactDetails, now: number, user: string | null): ContactRowUpdate {
  const out: Record<string, unknown> = { ...details.columns }
  for (const f of FOLDED) if (f.column in out) out[f.key] = lowerOrNull(out[f.column] as string | null)
  if (details.accountBlock) {
    const dnd = applyDndAction({ permanent: row.dnd_permanent, dailyUntil: row.dnd_daily_until }, details.accountBlock, now)
    out.dnd_permanent = dnd.permanent
    out.dnd_daily_until = dnd.dailyUntil
  }
  if (details.phones && details.phones.length > 0) {
    const slots = new Map(PHONE_ORDINALS.map((n) => [n, readSlot(row, n)]))
    for (const n of applyPhoneChanges(slots, toPhoneChanges(details.phones), now)) writeSlot(out, n, slots.get(n)!)
  }
  if (details.customFields) for (const [n, value] of details.customFields) out[col(n)] = value
  out.modify_user = user
  out.modified_at = now
  return out
}

export interface BulkCreateOptions {
  /** Creation time: app.clock.now() in requests, the run's start in the CLI. */
  now: number
  /** createUser / modifyUser of the new contacts (session login, or the CLI's name). */
  user: string
}

/** A batch checked and turned into rows, before any of it meets the table. */
export interface ContactBatch {
  rows: NewContactValues[]
  /** The item index of each row. */
  indexOfRow: number[]
  /** Items refused before the insert (invalid, or an account an earlier item names). */
  rejected: { index: number; message: string }[]
}

/**
 * Everything Bulk Create does before the database: each item checked on its own (an invalid one
 * is skipped, as is an account an earlier item names) and made a row. Needs no database, so a
 * large request body has it done by the worker thread that parses it (contact-bulk.body.ts).
 */
export function prepareContactBatch(items: readonly unknown[], defs: CustomFieldDefinitions, clientId: number, options: BulkCreateOptions): ContactBatch {
  const batch: ContactBatch = { rows: [], indexOfRow: [], rejected: [] }
  const accounts = new Set<string>()
  items.forEach((item, index) => {
    try {
      const details = parseContactDetails(item, 'create', defs)
      if (accounts.has(details.account!)) throw new ApiError(Errors.ContactExists)
      accounts.add(details.account!)
      batch.rows.push(newContactRow(details, clientId, options.now, options.user))
      batch.indexOfRow.push(index)
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      batch.rejected.push({ index, message: err.message })
    }
  })
  return batch
}
