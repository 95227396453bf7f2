import { flag } from '../../../db/flag.ts'
import { ApiError, Errors, invalidInput, missingField } from '../../../http/errors.ts'
import { MAX_ID } from '../../../http/ids.ts'
import { COUNTRIES } from '../../configuration/clients/client.catalog.ts'
import { customFieldNumber, customFieldValue, definitionOf, type CustomFieldDefinitions } from '../custom-fields/custom-field.model.ts'
import { DND_ACTIONS, type DndAction } from '../dnd/dnd-state.ts'
import { parseDateValue, startOfEasternDay } from '../../../lib/eastern-time.ts'
import { INPUT_FIELDS, type ContactField } from './contact.fields.ts'
import type { NewContactRow, PhoneOrdinal } from './contact.table.ts'

/**
 * Contact details (contacts.md §2.1) as a typed, checked value. Every write of contacts goes
 * through parseContactDetails: Create and Update (after their route schema), each item of Bulk
 * Create / Bulk Update, and the CLI import. Bulk items are raw JSON, so this parser applies the
 * README §4 coercions itself (digit strings, "true"/"false", numeric strings, CCYY-MM-DD) and
 * names the field it refuses, exactly as the route schemas would.
 */

/** Columns set straight from a details key (contact.fields.ts INPUT_FIELDS); person/guarantor keys are flattened. */
export type ContactScalarColumns = Omit<NewContactRow, 'id' | 'client_id' | 'account' | 'account_key'>

export interface PhoneInput {
  /** Position in the request's array, for messages. */
  index: number
  ordinal: PhoneOrdinal | null
  /** '' empties the slot (Update only). */
  phone: string
  phoneBlock?: DndAction
  smsConsent?: boolean
  cellConsent?: boolean
}

export interface ContactDetails {
  account?: string
  /** Bulk Update's alternative identifier (C# BulkUpdateContactDetails). */
  id?: number
  /** Keys present with a value; null clears a nullable column (an Update sent ""). */
  columns: Partial<ContactScalarColumns>
  accountBlock?: DndAction
  phones?: PhoneInput[]
  /** Custom field number → value; null clears. */
  customFields?: Map<number, string | null>
}

export type DetailsMode = 'create' | 'update'

const MAX_TEXT = 255

type Raw = Record<string, unknown>

/** A JSON object (not null, not an array): what a contact details item must be. */
export function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const typeError = (path: string, type: string): ApiError => invalidInput(`${path} must be ${type}`)

/** String fields: numbers and booleans become their text (README §4); "" means "no value". */
function text(value: unknown, path: string): string | null | undefined {
  if (value === undefined || value === null) return undefined
  let out: string
  if (typeof value === 'string') out = value
  else if (typeof value === 'number' || typeof value === 'boolean') out = String(value)
  else throw typeError(path, 'string')
  if (out.length > MAX_TEXT) throw invalidInput(`${path} must NOT have more than ${MAX_TEXT} characters`)
  return out.trim() === '' ? null : out
}

function bool(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'boolean') return value
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true'
  if (value === 1 || value === 0) return value === 1
  throw typeError(path, 'boolean')
}

function integer(value: unknown, path: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : NaN
  if (!Number.isInteger(n)) throw typeError(path, 'integer')
  if (n < min) throw invalidInput(`${path} must be >= ${min}`)
  if (n > max) throw invalidInput(`${path} must be <= ${max}`)
  return n
}

function decimal(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN
  if (!Number.isFinite(n)) throw typeError(path, 'number')
  return n
}

/** Year 1 to 9999: any instant a date of birth or due date can name. */
const MIN_MILLIS = -62135596800000
const MAX_MILLIS = 253402300799999

/**
 * DateTime (README §4): epoch millis as a number or digit string, or CCYY-MM-DD (that New York
 * day). Negative millis are instants before 1970: dates of birth need them.
 */
function millis(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') {
    const day = DAY_STARTS.get(value)
    if (day !== undefined) return day
  }
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d{1,16}\s*$/.test(value) ? Number(value) : NaN
  if (Number.isInteger(n) && n >= MIN_MILLIS && n <= MAX_MILLIS) return n
  if (typeof value === 'string') {
    const parsed = parseDateValue(value)
    if (parsed && parsed.millis === null) {
      const start = startOfEasternDay(parsed.day.year, parsed.day.month, parsed.day.day)
      if (DAY_STARTS.size >= 20_000) DAY_STARTS.clear()
      DAY_STARTS.set(value, start)
      return start
    }
  }
  throw invalidInput(`${path} must be epoch milliseconds or CCYY-MM-DD`)
}

/**
 * CCYY-MM-DD texts already read, and the instant their New York day begins: a bulk load names
 * the same dates of birth and due dates thousands of times, and parsing one (two regular
 * expressions, a Date, the offset lookup) was ~2% of a Bulk Create's event loop.
 */
const DAY_STARTS = new Map<string, number>()

function dndAction(value: unknown, path: string): DndAction | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string' && (DND_ACTIONS as readonly string[]).includes(value)) return value as DndAction
  throw invalidInput(`${path} must be one of ${DND_ACTIONS.join(', ')}`)
}

/** An id where 0 means "none" (contacts.md §2.3 groupId / agentId). */
function optionalId(value: unknown, path: string): number | null | undefined {
  const n = integer(value, path, 0, MAX_ID)
  return n === undefined ? undefined : n === 0 ? null : n
}

const countryKey = (name: string): string => name.trim().toUpperCase().replace(/[\s_]+/g, '_')
const COUNTRY_KEYS = new Map(COUNTRIES.map((c) => [countryKey(c.name), countryKey(c.name)]))

/**
 * contacts.md §1.3: a List Countries name, matched ignoring case and space/underscore, is stored
 * upper-case with underscores; anything else is kept as given (trimmed).
 */
export function normalizeCountry(value: string): string {
  return COUNTRY_KEYS.get(countryKey(value)) ?? value.trim()
}

/**
 * The names messages give an input, spelled once rather than for every contact of a bulk call
 * (they were a tenth of what checking a contact allocated).
 */
const PHONE_PATHS = Array.from({ length: 10 }, (_, i) => {
  const item = `phone[${i}]`
  return {
    item, phone: `${item}.phone`, ordinal: `${item}.ordinal`, phoneBlock: `${item}.phoneBlock`,
    smsConsent: `${item}.smsConsent`, cellConsent: `${item}.cellConsent`,
  }
})
const FIELD_PATHS: readonly string[] = INPUT_FIELDS.map((f) => (f.group ? `${f.group}.${f.key!}` : f.key!))

function parsePhones(raw: unknown, mode: DetailsMode): PhoneInput[] {
  if (!Array.isArray(raw)) throw typeError('phone', 'array')
  if (raw.length > 10) throw invalidInput('phone must NOT have more than 10 items')
  const seen = new Set<number>()
  return raw.map((item, index) => {
    const path = PHONE_PATHS[index]
    if (!isObject(item)) throw typeError(path.item, 'object')
    const phone = text(item.phone, path.phone)
    if (phone === undefined || (phone === null && mode === 'create')) throw missingField(path.phone)
    const ordinal = integer(item.ordinal, path.ordinal, 1, 10) ?? null
    if (ordinal !== null) {
      if (seen.has(ordinal)) throw invalidInput('ordinal')
      seen.add(ordinal)
    }
    if (phone === null && ordinal === null) throw missingField(path.ordinal)
    const out: PhoneInput = { index, ordinal: ordinal as PhoneOrdinal | null, phone: phone === null ? '' : phone.trim() }
    const phoneBlock = dndAction(item.phoneBlock, path.phoneBlock)
    if (phoneBlock !== undefined) out.phoneBlock = phoneBlock
    const smsConsent = bool(item.smsConsent, path.smsConsent)
    if (smsConsent !== undefined) out.smsConsent = smsConsent
    const cellConsent = bool(item.cellConsent, path.cellConsent)
    if (cellConsent !== undefined) out.cellConsent = cellConsent
    return out
  })
}

function parseCustomFields(raw: unknown, defs: CustomFieldDefinitions): Map<number, string | null> {
  if (!Array.isArray(raw)) throw typeError('customFields', 'array')
  if (raw.length > 100) throw invalidInput('customFields must NOT have more than 100 items')
  const values = new Map<number, string | null>()
  raw.forEach((item, i) => {
    if (!isObject(item)) throw typeError(`customFields[${i}]`, 'object')
    if (item.field === undefined || item.field === null || item.field === '') throw missingField(`customFields[${i}].field`)
    const field = typeof item.field === 'string' ? customFieldNumber(item.field) : null
    if (field === null) throw invalidInput(`customFields[${i}].field must be one of COL1 … COL100`)
    if (!('value' in item)) throw missingField(`customFields[${i}].value`)
    values.set(field, customFieldValue(definitionOf(defs, field), item.value))
  })
  return values
}

/**
 * Parses one contact details object. Create requires `account`; Update ignores it (the path
 * names the contact) unless `identify` asks for Bulk Update's `account` / `id`.
 */
export function parseContactDetails(raw: unknown, mode: DetailsMode, defs: CustomFieldDefinitions, identify = false): ContactDetails {
  if (!isObject(raw)) throw new ApiError(Errors.InvalidInput, 'Invalid input [contact details must be an object]')
  const details: ContactDetails = { columns: {} }
  const columns = details.columns
  const create = mode === 'create'

  if (create || identify) {
    const account = text(raw.account, 'account')
    if (account) details.account = account
    else if (create) throw missingField('account')
  }
  if (identify) {
    const id = integer(raw.id, 'id', 1, MAX_ID)
    if (id !== undefined) details.id = id
    if (details.account === undefined && details.id === undefined) throw missingField('account')
  }

  for (let f = 0; f < INPUT_FIELDS.length; f++) {
    const field = INPUT_FIELDS[f]
    if (field.type === 'account') continue
    let source = raw
    if (field.group) {
      const group = raw[field.group]
      if (group === undefined || group === null) continue
      if (!isObject(group)) throw typeError(field.group, 'object')
      source = group
    }
    const key = field.key!
    const path = FIELD_PATHS[f]
    let value = source[key]
    for (const alias of field.inputAliases ?? []) value ??= source[alias]
    if (field.type === 'dnd') {
      details.accountBlock = dndAction(value, path)
      continue
    }
    const parsed = parseValue(field, value, path, create)
    if (parsed !== undefined) (columns as Record<string, unknown>)[field.column] = parsed
  }
  if (raw.phone !== undefined && raw.phone !== null) details.phones = parsePhones(raw.phone, mode)
  if (raw.customFields !== undefined && raw.customFields !== null) details.customFields = parseCustomFields(raw.customFields, defs)
  return details
}

/** One field's column value; undefined when not supplied, null when an Update clears it. */
function parseValue(field: ContactField, value: unknown, path: string, create: boolean): unknown {
  switch (field.type) {
    case 'text': case 'country': {
      const v = text(value, path)
      // On create "" is simply "not supplied"; on update it clears the stored value.
      if (v === null && create) return undefined
      return field.type === 'country' && typeof v === 'string' ? normalizeCountry(v) : v
    }
    case 'flag': {
      const v = bool(value, path)
      return v === undefined ? undefined : flag(v)
    }
    case 'decimal': return decimal(value, path)
    case 'int32': return integer(value, path, -2147483648, 2147483647)
    case 'ref': return optionalId(value, path)
    case 'day': return millis(value, path)
    default: throw new Error(`contact field ${field.column} (${field.type}) takes no input`)
  }
}
