import type { TObject, TSchema } from '@sinclair/typebox'
import { CUSTOM_FIELD_COUNT } from '../contacts/contact.fields.ts'
import { shownFields, shownValue, type ShownField } from '../contacts/contact.view.ts'
import { customFieldName } from '../custom-fields/custom-field.model.ts'
import { isDailyOn } from '../dnd/dnd-state.ts'
import { PHONE_SLOT_SUFFIXES, type SearchRow } from './contact-search.repository.ts'
import { FindMatchingContactResponse, SearchContact } from './contact-search.schemas.ts'
import { unpackValues } from './search.dialect.ts'

/**
 * Find Matching Contact's answer (contacts.md §2.4 search view: sparse, all ten phone slots),
 * written as JSON text straight from the page's rows.
 *
 * Why not view objects and the route's schema serializer: for a page of 51 contacts (~100 KB)
 * building the objects took ~285 µs and fast-json-stringify ~395 µs, a quarter of the search's
 * CPU, most of it for the phone slots every contact shows, held or not (a contact with two
 * numbers still has eight empty slots, ~70 values). Here an empty slot is a string made once per
 * ordinal, and everything else is written in the serializer's order and number formats: each
 * object's properties in its schema's order, required ones first, values coerced to the
 * schema's type as the serializer coerces them. The schema stays the contract (and the OpenAPI
 * document); the route's tests serialize the parsed answers again with the schema serializer
 * and get the same bytes.
 */

/** The JSON types of the search view's values (checked against the schema below). */
type JsonType = 'string' | 'boolean' | 'integer' | 'number'

/** JSON.stringify's text of a string; short ones without a character to escape (nearly all) skip the call. */
function stringJson(text: string): string {
  if (text.length >= 42) return JSON.stringify(text)
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 32 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(text)
  }
  return `"${text}"`
}

/** A value as the schema serializer writes a property of this type (fast-json-stringify 7: asString, asBoolean, asInteger, asNumber). */
function valueJson(type: JsonType, value: unknown): string {
  switch (type) {
    case 'string': return stringJson(typeof value === 'string' ? value : String(value))
    case 'boolean': return value ? 'true' : 'false'
    case 'integer': {
      if (Number.isInteger(value)) return `${value as number}`
      if (typeof value === 'bigint') return value.toString()
      const integer = Math.trunc(value as number)
      if (!Number.isFinite(integer)) throw new Error(`The value "${String(value)}" cannot be converted to an integer.`)
      return `${integer}`
    }
    case 'number': {
      const number = Number(value)
      if (Number.isNaN(number)) throw new Error(`The value "${String(value)}" cannot be converted to a number.`)
      return Number.isFinite(number) ? `${number}` : 'null'
    }
  }
}

interface Property { key: string; schema: TSchema; required: boolean; prefix: string }

/** An object schema's properties in the order the schema serializer writes them: required first, each part as declared. */
function propertiesOf(schema: TObject): Property[] {
  const required = new Set(schema.required ?? [])
  const keys = Object.keys(schema.properties)
  return [...keys.filter((k) => required.has(k)), ...keys.filter((k) => !required.has(k))]
    .map((key) => ({ key, schema: schema.properties[key], required: required.has(key), prefix: `${JSON.stringify(key)}:` }))
}

function jsonType(property: Property): JsonType {
  const type = property.schema.type as unknown
  if (type === 'string' || type === 'boolean' || type === 'integer' || type === 'number') return type
  throw new Error(`search view: no JSON writer for ${property.key} (${JSON.stringify(type)})`)
}

/**
 * An object's members as parts pushed on `out`, joined once for the whole answer (built by
 * concatenation, the answer was a rope of ~10,000 pieces that took ~160 µs to flatten when
 * Fastify measured its length). `member` gives a property's `"key":value`, or undefined when it
 * is absent; each kind of object (contact, phone slot, custom field) has one, reading its plan.
 */
function writeObject<P extends { required: boolean; key: string }, S>(
  out: string[], properties: readonly P[], member: (property: P, source: S, now: number) => string | undefined, source: S, now: number,
): void {
  let first = true
  out.push('{')
  for (const property of properties) {
    const part = member(property, source, now)
    if (part === undefined) {
      if (property.required) throw new Error(`search view: ${property.key} is required`)
      continue
    }
    out.push(first ? part : `,${part}`)
    first = false
  }
  out.push('}')
}

function objectJson<P extends { required: boolean; key: string }, S>(
  properties: readonly P[], member: (property: P, source: S, now: number) => string | undefined, source: S, now: number,
): string {
  const out: string[] = []
  writeObject(out, properties, member, source, now)
  return out.join('')
}

const itemsOf = (key: string) => (SearchContact.properties[key] as unknown as { items: TObject }).items

// ---- the phone slots -------------------------------------------------------------------------

const SLOT = PHONE_SLOT_SUFFIXES.length

/** Slot n of a row's `phones` pack: its PHONE_SLOT_SUFFIXES values from `at`. */
interface Slot { phones: unknown[]; at: number; n: number }

/** What each key of a search phone slot shows (contact-search.schemas.ts SearchPhone). */
function slotValue(key: string, { phones, at, n }: Slot, now: number): unknown {
  // PHONE_SLOT_SUFFIXES order: number, dnd, dnd_daily_until, sms, cell, attempts today, total.
  switch (key) {
    case 'phone': return phones[at] ?? undefined
    case 'smsConsent': return phones[at + 3] === 1
    case 'cellConsent': return phones[at + 4] === 1
    case 'ordinal': case 'position': return n
    case 'dnd': return phones[at + 1] === 1
    case 'dndDaily': return isDailyOn(phones[at + 2] as number | null, now)
    case 'callAttemptsTotal': return phones[at + 6]
    case 'callAttemptsToday': return phones[at + 5]
    default: throw new Error(`search view: no value for phone.${key}`)
  }
}

type Typed = Property & { type: JsonType }
const typed = (p: Property): Typed => ({ ...p, type: jsonType(p) })

const SLOT_PROPERTIES = propertiesOf(itemsOf('phone')).map(typed)
const slotMember = (p: Typed, slot: Slot, now: number): string | undefined => {
  const value = slotValue(p.key, slot, now)
  return value === undefined ? undefined : p.prefix + valueJson(p.type, value)
}

/** A slot with no number, flags or attempts: what most slots of most contacts are, by ordinal. */
const EMPTY_SLOTS = Array.from({ length: 10 }, (_, i) => objectJson(SLOT_PROPERTIES, slotMember, { phones: [null, 0, null, 0, 0, 0, 0], at: 0, n: i + 1 }, 0))

function isEmptySlot(phones: unknown[], at: number): boolean {
  return phones[at] === null && phones[at + 1] !== 1 && phones[at + 2] === null && phones[at + 3] !== 1 && phones[at + 4] !== 1
    && phones[at + 5] === 0 && phones[at + 6] === 0
}

function phonesJson(row: SearchRow, now: number): string {
  const phones = unpackValues(row.phones)
  let json = '['
  for (let n = 1; n <= 10; n++) {
    const at = (n - 1) * SLOT
    if (n > 1) json += ','
    json += isEmptySlot(phones, at) ? EMPTY_SLOTS[n - 1] : objectJson(SLOT_PROPERTIES, slotMember, { phones, at, n }, now)
  }
  return `${json}]`
}

// ---- custom fields ---------------------------------------------------------------------------

const CUSTOM_PROPERTIES = propertiesOf(itemsOf('customFields')).map(typed)
const customMember = (p: Typed, item: { n: number; value: string }): string => {
  if (p.key === 'field') return p.prefix + valueJson(p.type, customFieldName(item.n))
  if (p.key === 'value') return p.prefix + valueJson(p.type, item.value)
  throw new Error(`search view: no value for customFields.${p.key}`)
}

/** Fields with a value, COL1 first; undefined when none is set. */
function customFieldsJson(row: SearchRow): string | undefined {
  const custom = unpackValues(row.custom_fields)
  let json: string | undefined
  for (let n = 1; n <= CUSTOM_FIELD_COUNT; n++) {
    const value = custom[n - 1] as string | null | undefined
    if (value === null || value === undefined) continue
    const item = objectJson(CUSTOM_PROPERTIES, customMember, { n, value }, 0)
    json = json === undefined ? `[${item}` : `${json},${item}`
  }
  return json === undefined ? undefined : `${json}]`
}

// ---- a contact and the page ------------------------------------------------------------------

/** The search view's scalar fields by their place in the answer: `key`, or `group.key`. */
const SHOWN = new Map<string, ShownField>(shownFields('search').map((s) => [s.group ? `${s.group}.${s.key}` : s.key, s]))

/** A member of a contact: a shown field, a group of them (person, guarantor), the phone slots or the custom fields. */
interface ContactProperty extends Property {
  type: JsonType | null
  shown: ShownField | null
  group: ContactProperty[] | null
}

function contactProperty(p: Property, path: string): ContactProperty {
  if (path === 'phone' || path === 'customFields') return { ...p, type: null, shown: null, group: null }
  if (p.schema.type === 'object') {
    return { ...p, type: null, shown: null, group: propertiesOf(p.schema as TObject).map((inner) => contactProperty(inner, `${path}.${inner.key}`)) }
  }
  const shown = SHOWN.get(path)
  if (!shown) throw new Error(`search view: ${path} is not a shown field`)
  return { ...p, type: jsonType(p), shown, group: null }
}

const CONTACT_PROPERTIES = propertiesOf(SearchContact).map((p) => contactProperty(p, p.key))

function contactMember(p: ContactProperty, row: SearchRow, now: number): string | undefined {
  if (p.shown !== null) {
    const value = shownValue(p.shown, row, now)
    return value === undefined ? undefined : p.prefix + valueJson(p.type!, value)
  }
  if (p.group !== null) {
    // A group is absent when all its fields are.
    const json = objectJson(p.group, contactMember, row, now)
    return json.length === 2 ? undefined : p.prefix + json
  }
  if (p.key === 'phone') return p.prefix + phonesJson(row, now)
  const custom = customFieldsJson(row)
  return custom === undefined ? undefined : p.prefix + custom
}

const PAGE = propertiesOf(FindMatchingContactResponse)
if (PAGE.map((p) => p.key).join() !== 'findMatchingContactsDetails,next') throw new Error('search view: the answer\'s keys changed')
const [DETAILS_PREFIX, NEXT_PREFIX] = PAGE.map((p) => p.prefix)

/** The answer: `{"findMatchingContactsDetails":[...],"next":...}`, each contact in search view at `now` (DND evaluated then). */
export function searchPageJson(rows: readonly SearchRow[], next: string | null, now: number): string {
  const out = [`{${DETAILS_PREFIX}[`]
  for (let i = 0; i < rows.length; i++) {
    if (i > 0) out.push(',')
    writeObject(out, CONTACT_PROPERTIES, contactMember, rows[i], now)
  }
  out.push(`],${NEXT_PREFIX}${next === null ? 'null' : stringJson(next)}}`)
  return out.join('')
}
