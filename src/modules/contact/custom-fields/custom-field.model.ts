import { invalidInput } from '../../../http/errors.ts'
import { parseDateValue } from '../../../lib/eastern-time.ts'
import type { ContactCustomFieldRow } from '../contacts/contact.table.ts'

export const CUSTOM_FIELD_TYPES = ['NUMBER', 'STRING', 'DATE', 'BOOLEAN', 'LIST'] as const
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number]

/** A field's definition; COLn without a stored row is label null, STRING (contacts.md §1.2). */
export interface CustomFieldDefinition {
  field: number
  label: string | null
  dataType: CustomFieldType
  listValues: string[] | null
}

export type CustomFieldDefinitions = ReadonlyMap<number, CustomFieldDefinition>

const FIELD_NAME = /^COL([1-9]\d?|100)$/i

/** `COL7` / `col7` → 7; anything else → null. The name, not the label, identifies a field. */
export function customFieldNumber(name: string): number | null {
  const match = FIELD_NAME.exec(name.trim())
  return match ? Number(match[1]) : null
}

export const customFieldName = (n: number): string => `COL${n}`

export function toDefinition(row: ContactCustomFieldRow): CustomFieldDefinition {
  return {
    field: row.field,
    label: row.label,
    dataType: row.data_type,
    listValues: row.list_values === null ? null : (JSON.parse(row.list_values) as string[]),
  }
}

export function definitionOf(defs: CustomFieldDefinitions, field: number): CustomFieldDefinition {
  return defs.get(field) ?? { field, label: null, dataType: 'STRING', listValues: null }
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/
const MAX_VALUE_LENGTH = 255

/**
 * A contact's value for COLn as stored and emitted (contacts.md §1.2): any scalar becomes its
 * string, checked against the field's type unless STRING; null or "" clears the value.
 */
export function customFieldValue(def: CustomFieldDefinition, raw: unknown): string | null {
  if (raw === null || raw === undefined) return null
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') throw invalidInput(`customFields: ${customFieldName(def.field)}`)
  const text = String(raw)
  if (text === '') return null
  if (text.length > MAX_VALUE_LENGTH) throw invalidInput(`customFields: ${customFieldName(def.field)}`)
  const trimmed = text.trim()
  switch (def.dataType) {
    case 'STRING': return text
    case 'NUMBER': if (NUMBER.test(trimmed)) return trimmed; break
    case 'BOOLEAN': if (/^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase(); break
    case 'DATE': if (parseDateValue(trimmed) !== null) return trimmed; break
    case 'LIST': if (def.listValues?.includes(text)) return text; break
  }
  throw invalidInput(`customFields: ${customFieldName(def.field)}`)
}

/** The same fields with the same label, type and list values. */
export function sameDefinitions(a: CustomFieldDefinitions, b: CustomFieldDefinitions): boolean {
  if (a.size !== b.size) return false
  for (const [field, x] of a) {
    const y = b.get(field)
    if (!y || x.label !== y.label || x.dataType !== y.dataType || JSON.stringify(x.listValues) !== JSON.stringify(y.listValues)) return false
  }
  return true
}
