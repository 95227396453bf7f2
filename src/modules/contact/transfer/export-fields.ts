import { ALL_FIELDS_ORDER, CONTACT_FIELDS, CUSTOM_FIELD_COUNT, customFieldColumn, PHONE_SLOT_FIELDS, type ContactField, type ContactFieldType } from '../contacts/contact.fields.ts'

/**
 * Bulk Contact Download columns (contacts.md §1.7): the vendor's `exportableFields` names, their
 * CSV header labels (contact.fields.ts `export`), and how each value is written. `Account` and
 * `Account Due Date` are the seed's; the other labels are inferred from the Contact Manager
 * (README open question 6).
 */

/** How a stored value becomes CSV text. */
export type ExportFormat =
  | 'text'
  | 'number'
  /** a double: written as JavaScript writes it (PostgreSQL's float8 text differs for 0 and -0) */
  | 'decimal'
  /** 0/1 flag → true/false */
  | 'flag'
  /** epoch millis → `MM/DD/YYYY` (New York) */
  | 'date'
  /** epoch millis → `MM/DD/YYYY HH:MM:SS` (New York) */
  | 'dateTime'
  /** a daily DND's expiry → true while ahead of now, else false */
  | 'dailyUntil'

export interface ExportField {
  /** The `exportableFields` name. */
  name: string
  header: string
  format: ExportFormat
  /** The column it reads (COLn: `col<n>`). */
  column: string
  /** Custom field number for COL1…COL100. */
  custom?: number
}

/** How each type of field is written (contact.fields.ts). */
function formatOf(type: ContactFieldType): ExportFormat {
  switch (type) {
    case 'id': case 'int32': case 'ref': case 'count': return 'number'
    case 'decimal': return 'decimal'
    case 'flag': case 'dnd': return 'flag'
    case 'dailyUntil': return 'dailyUntil'
    case 'day': return 'date'
    case 'instant': case 'stamp': return 'dateTime'
    case 'account': case 'text': case 'country': return 'text'
  }
}

const toExportField = (f: ContactField): ExportField => ({ name: f.export!.name, header: f.export!.header, format: formatOf(f.type), column: f.column })
const exported = new Map(CONTACT_FIELDS.flatMap((f) => (f.export ? [[f.export.name, toExportField(f)] as const] : [])))

/** Every standard field in `allFields` order (custom fields are not part of `allFields`). */
export const STANDARD_EXPORT_FIELDS: readonly ExportField[] = ALL_FIELDS_ORDER.flatMap((name) =>
  (name === 'phones' ? PHONE_SLOT_FIELDS.map(toExportField) : [exported.get(name)!]))

const byName = new Map(STANDARD_EXPORT_FIELDS.map((f) => [f.name, f]))
const CUSTOM = /^COL([1-9]\d?|100)$/

/**
 * Every column a download can have: each standard field and COL1…COL100 once. A request naming
 * more entries than this necessarily repeats itself; it is refused (issue 10: 1,000 × `allFields`
 * in a 13 KB body made every row 117,000 cells).
 */
export const MAX_EXPORT_COLUMNS = STANDARD_EXPORT_FIELDS.length + CUSTOM_FIELD_COUNT

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
    add({ name, header: name, format: 'text', column: customFieldColumn(Number(custom[1])), custom: Number(custom[1]) })
  }
  return { fields: [...fields.values()] }
}
