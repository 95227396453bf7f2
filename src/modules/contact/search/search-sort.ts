import { sql, type Expression } from 'kysely'
import { invalidInput } from '../../../http/errors.ts'
import { CONTACT_FIELDS, CUSTOM_FIELD_COUNT, customFieldColumn, isAlwaysSet, PHONE_SLOT_FIELDS, type ContactField } from '../contacts/contact.fields.ts'

/**
 * Find Matching Contact sort keys (contacts.md §1.6): the vendor's SearchContactsSortField
 * names, matched case-insensitively, plus searchable-field names with an obvious counterpart.
 */

export interface SortColumn {
  expression: Expression<unknown>
  /** Nullable keys need an explicit NULLS clause on PostgreSQL (search.dialect.ts). */
  nullable: boolean
}

export interface SortTerm extends SortColumn {
  order: 'asc' | 'desc'
}

const col = (name: string, nullable = true): SortColumn => ({ expression: sql.ref(`contacts.${name}`), nullable })
/** Flags computed at `now` (daily DND expires at midnight): 1 or 0, never null. */
const computed = (expression: Expression<unknown>): SortColumn => ({ expression, nullable: false })

type SortField = (now: number) => SortColumn[]
const plain = (name: string, nullable = true): SortField => () => [col(name, nullable)]

const dailyOn = (column: string) => (now: number) => [computed(sql`(case when ${sql.ref(`contacts.${column}`)} > ${now} then 1 else 0 end)`)]
const anySlot = (flag: string): SortField => () => [computed(sql`(case when ${sql.join(
  Array.from({ length: 10 }, (_, i) => sql`(${sql.ref(`contacts.phone${i + 1}`)} is not null and ${sql.ref(`contacts.phone${i + 1}_${flag}`)} = 1)`),
  sql` or `,
)} then 1 else 0 end)`)]

/** A field of the table (contact.fields.ts `sort`) orders by its columns; a daily DND by whether it is on. */
function sortField(field: ContactField): SortField {
  if (field.type === 'dailyUntil') return dailyOn(field.column)
  const nullable = !isAlwaysSet(field.type)
  const columns = field.sortBy ?? [field.folded ?? field.column]
  return () => columns.map((c) => col(c, nullable))
}

const FIELDS: Record<string, SortField> = {
  SMS: anySlot('sms_consent'),
}
for (const field of [...CONTACT_FIELDS, ...PHONE_SLOT_FIELDS]) for (const name of field.sort ?? []) FIELDS[name] = sortField(field)
for (let n = 1; n <= CUSTOM_FIELD_COUNT; n++) FIELDS[`COL${n}`] = plain(customFieldColumn(n))

/** Searchable-field names whose sort counterpart is spelled differently (contacts.md §1.6). */
const ALIASES: Record<string, string> = {
  COUNTRY: 'COUNTRY_ID', GROUP: 'GROUP_ID', PHONE: 'PHONE1', ADDRESS: 'ADDRESS1', PHONE_SMS_CONSENT: 'SMS',
}

/** The request's `sort` as ORDER BY terms, ending with contact id ascending (the tie-break). */
export function resolveSort(sort: ReadonlyArray<{ field: string; order?: string }> | undefined, now: number): SortTerm[] {
  const terms: SortTerm[] = []
  ;(sort ?? []).forEach((key, i) => {
    const name = key.field.toUpperCase()
    const field = FIELDS[ALIASES[name] ?? name]
    if (!field || !Object.hasOwn(FIELDS, ALIASES[name] ?? name)) throw invalidInput(`sort[${i}].field: ${key.field}`)
    const order = (key.order ?? 'ASC').toUpperCase()
    if (order !== 'ASC' && order !== 'DESC') throw invalidInput(`sort[${i}].order: ${key.order}`)
    for (const column of field(now)) terms.push({ ...column, order: order === 'ASC' ? 'asc' : 'desc' })
  })
  terms.push({ ...col('id', false), order: 'asc' })
  return terms
}
