import { customFieldName } from '../custom-fields/custom-field.model.ts'
import { dndState, type DndState } from '../dnd/dnd-state.ts'
import {
  CONTACT_FIELDS, CUSTOM_FIELD_COUNT, customFieldColumn, INPUT_FIELDS, phoneColumn, placeValue, type ContactColumn, type ContactField,
  type ContactFieldType, type Unset,
} from './contact.fields.ts'
import type { ContactViewType } from './contact.schemas.ts'
import { PHONE_ORDINALS } from './contact.table.ts'

/** A stored row, or the columns of one a query selected, by column name. */
export type StoredContact = Readonly<Record<string, unknown>>

export type ViewName = 'full' | 'search'

/** A scalar field as a view shows it. */
export interface ShownField {
  key: string
  group: string | undefined
  column: ContactColumn
  daily: ContactColumn | undefined
  type: ContactFieldType
  unset: Unset
}

const DEFAULT_UNSET: Record<ViewName, Unset> = { full: null, search: 'omit' }

/** The scalar fields each view shows (contact.fields.ts `view`), with what an unset value shows. */
const SHOWN: Record<ViewName, ShownField[]> = { full: shownIn('full'), search: shownIn('search') }

function shownIn(view: ViewName): ShownField[] {
  return CONTACT_FIELDS.flatMap((f) => {
    const unset = f.view?.[view] ?? DEFAULT_UNSET[view]
    if (!f.view || unset === 'hidden') return []
    return [{ key: f.key!, group: f.group, column: f.column, daily: f.daily, type: f.type, unset }]
  })
}

/** The columns a view's scalar fields read. */
export function viewColumns(view: ViewName): ContactColumn[] {
  return [...new Set(SHOWN[view].flatMap((s) => (s.daily ? [s.column, s.daily] : [s.column])))]
}

/**
 * The scalar part of a view: each shown field under its key (groups as nested objects), flags
 * as booleans, DND as its state at `now`; an unset value as its field's rule says. A group whose
 * fields are all omitted is absent (the search view's sparse person / guarantor).
 */
export function scalarView(view: ViewName, row: StoredContact, now: number): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const s of SHOWN[view]) {
    const value = shownValue(s, row, now)
    if (value !== undefined) placeValue(out, s, value)
  }
  return out
}

/** The scalar fields a view shows, in contact.fields.ts order. */
export function shownFields(view: ViewName): readonly ShownField[] {
  return SHOWN[view]
}

/** What a shown field shows for `row` at `now`: flags as booleans, DND as its state; undefined when omitted. */
export function shownValue(s: ShownField, row: StoredContact, now: number): unknown {
  const stored = row[s.column]
  if (s.type === 'flag') return stored === 1
  if (s.type === 'dnd') return dndState(stored as number, row[s.daily!] as number | null, now)
  if (stored === null || stored === undefined) return s.unset === 'omit' ? undefined : s.unset
  return stored
}

/** Full view (contacts.md §2.3): every key present, both spellings of the aliased keys. */
export function toContactView(row: StoredContact, now: number): ContactViewType {
  const view = scalarView('full', row, now)
  const customFields = customFieldsOf(row)
  view.phone = phonesOf(row, now)
  view.customFields = customFields.length > 0 ? customFields : null
  return view
}

/** The slots holding a number, as the full view and Create Contact's phone items write them. */
function phonesOf(row: StoredContact, now: number): { phone: string; ordinal: number; phoneBlock: DndState; smsConsent: boolean; cellConsent: boolean }[] {
  const phone = []
  for (const n of PHONE_ORDINALS) {
    const number = row[phoneColumn(n)] as string | null
    if (number === null) continue
    phone.push({
      phone: number,
      ordinal: n,
      phoneBlock: dndState(row[phoneColumn(n, '_dnd')] as number, row[phoneColumn(n, '_dnd_daily_until')] as number | null, now),
      smsConsent: row[phoneColumn(n, '_sms_consent')] === 1,
      cellConsent: row[phoneColumn(n, '_cell_consent')] === 1,
    })
  }
  return phone
}

/** A stored value as Create Contact takes it; undefined when unset (or the default state NONE). */
function asInput(field: ContactField, row: StoredContact, now: number): unknown {
  const stored = row[field.column]
  switch (field.type) {
    case 'flag': return stored === 1
    case 'dnd': {
      const state = dndState(stored as number, row[field.daily!] as number | null, now)
      return state === 'NONE' ? undefined : state
    }
    case 'day': case 'decimal': case 'int32': case 'ref': return stored === null ? undefined : Number(stored)
    default: return stored ?? undefined
  }
}

/**
 * A stored contact as the details that recreate it (Create Contact's body, contacts.md §2.1):
 * every input field with a value, groups and lists only when not empty; DND states as the
 * actions that set them. The sandbox's fixture dump is this.
 */
export function toContactDetails(row: StoredContact, now: number): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const field of INPUT_FIELDS) {
    const value = asInput(field, row, now)
    if (value !== undefined) placeValue(out, field, value)
  }
  // NONE is the state a new phone starts in: no action recreates it.
  const phone = phonesOf(row, now).map(({ phoneBlock, ...item }) => (phoneBlock === 'NONE' ? item : { ...item, phoneBlock }))
  if (phone.length > 0) out.phone = phone
  const customFields = customFieldsOf(row)
  if (customFields.length > 0) out.customFields = customFields
  return out
}

function customFieldsOf(row: StoredContact): { field: string; value: string }[] {
  const out: { field: string; value: string }[] = []
  for (let n = 1; n <= CUSTOM_FIELD_COUNT; n++) {
    const value = row[customFieldColumn(n)] as string | null
    if (value !== null) out.push({ field: customFieldName(n), value })
  }
  return out
}
