import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely'
import type { Database } from '../../../db/database.ts'
import { CONTACT_FIELDS, PHONE_SLOT_FIELDS, type ContactField, type SearchName } from '../contacts/contact.fields.ts'
import { escapeLike, flag, likeInsensitive } from '../../../db/dialect.ts'
import { easternDayOf, easternDayRange } from '../../../lib/eastern-time.ts'
import { decimalText, dateOnlyValue, digitsValue, integerText, numericValue } from './search.dialect.ts'
import type { ConditionNode, ConditionOperator, Criteria, FieldType, SearchNode } from './search-tree.ts'

/**
 * Compiles a parsed search tree (search-tree.ts) into one WHERE predicate over `contacts`.
 * Every criteria value is a bound parameter and every column name comes from the catalogue
 * below, so `%`, `_`, quotes or SQL text in a criteria are data. Predicates are written so the
 * indexes of docs/contacts-design.md apply: prefix matches on the lower-cased `*_key` columns
 * and on phones are ranges (`k >= p AND k < successor(p)`), never LIKE, and negations are the
 * complementary comparison rather than NOT(...).
 *
 * NULL semantics (contacts.md §1.5): an unset attribute never satisfies a condition, negated or
 * not. Plain comparisons give that for free (NULL is not true); fields that are "any of several
 * columns" spell it out.
 */

export type Predicate = RawBuilder<SqlBool>

export interface CompileContext {
  db: Kysely<Database>
  clientId: number
  now: number
  /** Types of the custom fields named in the tree (COLn → STRING when unconfigured). */
  customTypes: ReadonlyMap<number, 'NUMBER' | 'STRING' | 'DATE' | 'BOOLEAN' | 'LIST'>
}

const col = (name: string): RawBuilder<unknown> => sql.ref(`contacts.${name}`)
const and = (parts: Predicate[]): Predicate => (parts.length === 1 ? parts[0] : sql<SqlBool>`(${sql.join(parts, sql` and `)})`)
const or = (parts: Predicate[]): Predicate => (parts.length === 1 ? parts[0] : sql<SqlBool>`(${sql.join(parts, sql` or `)})`)
const isNull = (x: Expression<unknown>): Predicate => sql<SqlBool>`${x} is null`
const notNull = (x: Expression<unknown>): Predicate => sql<SqlBool>`${x} is not null`

const COMPARE = {
  '=': sql`=`, '<>': sql`<>`, '<': sql`<`, '<=': sql`<=`, '>': sql`>`, '>=': sql`>=`,
} as const
type Comparison = keyof typeof COMPARE
const cmp = (x: Expression<unknown>, op: Comparison, value: unknown): Predicate => sql<SqlBool>`${x} ${COMPARE[op]} ${value}`

/** The comparison of an ordering operator, and its complement for a negated condition. */
const ORDERING: Partial<Record<ConditionOperator, [Comparison, Comparison]>> = {
  EQUALS: ['=', '<>'], LESS: ['<', '>='], GREATER: ['>', '<='], GREATER_EQUAL: ['>=', '<'],
}

/**
 * The smallest string greater than every string starting with `prefix` in code-point order
 * (the order of the `*_key` and phone columns: SQLite BINARY, PostgreSQL "C"), or null when
 * no such bound exists (a prefix of U+10FFFF characters).
 */
export function prefixSuccessor(prefix: string): string | null {
  const points = Array.from(prefix)
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!
    if (last < 0x10ffff) {
      const next = last === 0xd7ff ? 0xe000 : last + 1
      return points.join('') + String.fromCodePoint(next)
    }
  }
  return null
}

/** LIKE pattern of a text operator, caller text escaped. */
function likePattern(operator: ConditionOperator, text: string): string | null {
  const escaped = escapeLike(text)
  if (operator === 'STARTS_WITH') return `${escaped}%`
  if (operator === 'ENDS_WITH') return `%${escaped}`
  if (operator === 'CONTAINS') return `%${escaped}%`
  return null
}

const like = (x: Expression<unknown>, pattern: string, negated: boolean): Predicate =>
  negated ? sql<SqlBool>`${x} not like ${pattern} escape '\\'` : sql<SqlBool>`${x} like ${pattern} escape '\\'`

/**
 * A code-point-ordered text expression against an already case-folded value: ranges for
 * EQUALS / STARTS_WITH / ordering (index-served on a key column), LIKE for the rest.
 */
function orderedText(x: Expression<unknown>, operator: ConditionOperator, value: string, negated: boolean): Predicate {
  if (operator === 'STARTS_WITH') {
    const upper = prefixSuccessor(value)
    if (upper === null) return cmp(x, negated ? '<' : '>=', value)
    return negated ? or([cmp(x, '<', value), cmp(x, '>=', upper)]) : and([cmp(x, '>=', value), cmp(x, '<', upper)])
  }
  const ordering = ORDERING[operator]
  if (ordering) return cmp(x, ordering[negated ? 1 : 0], value)
  return like(x, likePattern(operator, value)!, negated)
}

/** A plain text column matched case-insensitively (no index: evaluated on the client's rows). */
function foldedText(db: Kysely<Database>, x: Expression<unknown>, operator: ConditionOperator, value: string, negated: boolean): Predicate {
  const pattern = likePattern(operator, value)
  if (pattern !== null) {
    const match: Predicate = likeInsensitive(db, x, pattern)
    return negated ? sql<SqlBool>`not ${match}` : match
  }
  const [op, complement] = ORDERING[operator]!
  return cmp(sql`lower(${x})`, negated ? complement : op, sql`lower(cast(${value} as text))`)
}

function numberCompare(x: Expression<unknown>, operator: ConditionOperator, criteria: Extract<Criteria, { type: 'number' }>, negated: boolean, asText: Expression<unknown>): Predicate {
  const ordering = ORDERING[operator]
  if (ordering) return cmp(x, ordering[negated ? 1 : 0], criteria.value)
  // Text operators on numbers match the decimal string (contacts.md §1.5).
  return like(asText, likePattern(operator, criteria.text)!, negated)
}

/** Calendar-day comparison of an epoch-millis expression (contacts.md §1.5 date). */
function dayCompare(x: Expression<unknown>, operator: ConditionOperator, range: { start: number; end: number }, negated: boolean): Predicate {
  switch (operator) {
    case 'EQUALS': return negated ? or([cmp(x, '<', range.start), cmp(x, '>=', range.end)]) : and([cmp(x, '>=', range.start), cmp(x, '<', range.end)])
    case 'LESS': return cmp(x, negated ? '>=' : '<', range.start)
    case 'GREATER': return cmp(x, negated ? '<' : '>=', range.end)
    case 'GREATER_EQUAL': return cmp(x, negated ? '<' : '>=', range.start)
    default: throw new Error(`date operator ${operator} passed the parser`)
  }
}

/**
 * "Any of these columns matches" (name, phone, address, guarantor name). Negated: at least one
 * column is set and none of the set ones matches, so an unset attribute still never satisfies.
 */
function anyOf(columns: Expression<unknown>[], branch: (x: Expression<unknown>, negated: boolean, index: number) => Predicate, negated: boolean): Predicate {
  if (!negated) return or(columns.map((x, i) => branch(x, false, i)))
  return and([
    ...columns.map((x, i) => or([isNull(x), branch(x, true, i)])),
    or(columns.map((x) => notNull(x))),
  ])
}

type Compile = (c: ConditionNode, ctx: CompileContext) => Predicate

interface SearchableField {
  type: FieldType
  compile: Compile
}

const text = (c: ConditionNode): string => (c.criteria as Extract<Criteria, { type: 'string' }>).text
const number = (c: ConditionNode) => c.criteria as Extract<Criteria, { type: 'number' }>
const day = (c: ConditionNode) => c.criteria as Extract<Criteria, { type: 'date' }>
/** Boolean criteria with the negation folded in: NOT(flag = v) is flag = !v for a two-valued flag. */
const wanted = (c: ConditionNode): boolean => (c.criteria as Extract<Criteria, { type: 'boolean' }>).value !== c.negated

/** `account` and the name keys hold `value.toLowerCase()` (docs/contacts-design.md). */
const keyField = (key: string): SearchableField => ({
  type: 'string',
  compile: (c) => orderedText(col(key), c.operator, text(c).toLowerCase(), c.negated),
})

const textField = (column: string): SearchableField => ({
  type: 'string',
  compile: (c, ctx) => foldedText(ctx.db, col(column), c.operator, text(c), c.negated),
})

const numberField = (column: string, decimal: boolean): SearchableField => ({
  type: 'number',
  compile: (c, ctx) => numberCompare(col(column), c.operator, number(c), c.negated, decimal ? decimalText(ctx.db, col(column)) : integerText(col(column))),
})

const dateField = (column: string): SearchableField => ({
  type: 'date',
  compile: (c) => dayCompare(col(column), c.operator, day(c), c.negated),
})

const relativeDaysField = (column: string): SearchableField => ({
  type: 'relativeDays',
  compile: (c) => dayCompare(col(column), c.operator, day(c), c.negated),
})

const flagField = (column: string): SearchableField => ({
  type: 'boolean',
  compile: (c) => cmp(col(column), '=', flag(wanted(c))),
})

const PHONES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const
const phone = (n: number) => col(`phone${n}`)

/** A consent of one slot: an empty slot has no phone, so its consent is unset. */
const slotFlagField = (n: number, column: string): SearchableField => ({
  type: 'boolean',
  compile: (c) => and([notNull(phone(n)), cmp(col(column), '=', flag(wanted(c)))]),
})

/** A daily DND: on while its expiry lies ahead. */
const dailyField = (column: string): SearchableField => ({
  type: 'boolean',
  compile: (c, ctx) => (wanted(c)
    ? cmp(col(column), '>', ctx.now)
    : or([isNull(col(column)), cmp(col(column), '<=', ctx.now)])),
})

/** Some phone (a slot with a number) has the consent. */
const anySlotFlagField = (flag: 'sms_consent' | 'cell_consent'): SearchableField => ({
  type: 'boolean',
  compile: (c) => {
    const has = PHONES.map((n) => and([notNull(phone(n)), cmp(col(`phone${n}_${flag}`), '=', 1)]))
    return wanted(c) ? or(has) : and(PHONES.map((n) => or([isNull(phone(n)), cmp(col(`phone${n}_${flag}`), '=', 0)])))
  },
})

/**
 * Each slot's term carries `client_id = ?` itself, so both SQLite (OR-by-union) and PostgreSQL
 * (BitmapOr) can serve every term from its partial `(client_id, phoneN, id)` index
 * (docs/contacts-design.md). Phones are compared as stored.
 */
const phoneField: SearchableField = {
  type: 'string',
  compile: (c, ctx) => {
    const value = text(c)
    const indexed = c.operator !== 'ENDS_WITH' && c.operator !== 'CONTAINS'
    return anyOf(PHONES.map(phone), (x, negated) => {
      const match = orderedText(x, c.operator, value, negated)
      return indexed && !negated ? and([cmp(col('client_id'), '=', ctx.clientId), match]) : match
    }, c.negated)
  },
}

/**
 * Person name: first name, last name or "first last" (contacts.md §1.5). Without a space in the
 * criteria the full-name test adds nothing (a match on "first last" is then a match on first
 * or on last), so only the two indexed key columns are tested, each term carrying `client_id`
 * like the phone terms so the OR can be served by both indexes.
 */
const nameField: SearchableField = {
  type: 'string',
  compile: (c, ctx) => {
    const value = text(c).toLowerCase()
    const columns = [col('first_name_key'), col('last_name_key')]
    const full = value.includes(' ')
    if (full) columns.push(sql`(${col('first_name_key')} || ' ' || ${col('last_name_key')})`)
    const indexed = !full && c.operator !== 'ENDS_WITH' && c.operator !== 'CONTAINS'
    return anyOf(columns, (x, negated) => {
      const match = orderedText(x, c.operator, value, negated)
      return indexed && !negated ? and([cmp(col('client_id'), '=', ctx.clientId), match]) : match
    }, c.negated)
  },
}

const anyTextField = (columns: Expression<unknown>[]): SearchableField => ({
  type: 'string',
  compile: (c, ctx) => anyOf(columns, (x, negated) => foldedText(ctx.db, x, c.operator, text(c), negated), c.negated),
})

/** Countries are stored upper-case with underscores (contacts.md §1.3): spaces and underscores match alike. */
const countryField = (column: string): SearchableField => ({
  type: 'string',
  compile: (c, ctx) => foldedText(ctx.db, sql`replace(${col(column)}, '_', ' ')`, c.operator, text(c).replace(/_/g, ' '), c.negated),
})

/** Contacts with a call result matching the criteria in [start of day today − days, end of today). */
const callResultField = (days: number): SearchableField => ({
  type: 'string',
  compile: (c, ctx) => {
    const today = easternDayOf(ctx.now)
    const from = easternDayRange(today, -days).start
    const until = easternDayRange(today).end
    const calls = ctx.db.selectFrom('contact_call_results').select('contact_call_results.contact_id')
      .where('contact_call_results.client_id', '=', ctx.clientId)
      .where('contact_call_results.called_at', '>=', from)
      .where('contact_call_results.called_at', '<', until)
      .where(() => foldedText(ctx.db, sql.ref('contact_call_results.result'), c.operator, text(c), false))
    return c.negated ? sql<SqlBool>`${col('id')} not in (${calls})` : sql<SqlBool>`${col('id')} in (${calls})`
  },
})

/** A field of the table (contact.fields.ts `search`), compared by its type. */
function searchableField(field: ContactField, name: SearchName): SearchableField {
  const column = field.column
  if (typeof name === 'object') return relativeDaysField(column)
  switch (field.type) {
    case 'account': return keyField(field.folded!)
    case 'text': return textField(column)
    case 'country': return countryField(column)
    case 'decimal': return numberField(column, true)
    case 'id': case 'int32': case 'ref': case 'count': return numberField(column, false)
    case 'day': case 'instant': case 'stamp': return dateField(column)
    case 'flag': return field.slot === undefined ? flagField(column) : slotFlagField(field.slot, column)
    case 'dnd': return flagField(column)
    case 'dailyUntil': return dailyField(column)
  }
}

/**
 * contacts.md §1.5, keyed by lower-case name (field names match case-insensitively): the table's
 * fields, and those that test several columns or other tables.
 */
const FIELDS: Record<string, SearchableField> = {
  name: nameField,
  phone: phoneField,
  address: anyTextField([col('address1'), col('address2')]),
  guarantor_name: anyTextField([
    col('guarantor_first_name'), col('guarantor_last_name'),
    sql`(${col('guarantor_first_name')} || ' ' || ${col('guarantor_last_name')})`,
  ]),
  sms: anySlotFlagField('sms_consent'),
  phone_sms_consent: anySlotFlagField('sms_consent'),
  phone_cell_consent: anySlotFlagField('cell_consent'),
  account_dial_today: {
    type: 'boolean',
    compile: (c) => cmp(col('call_attempts_today'), wanted(c) ? '>' : '=', 0),
  },
  account_dial_yesterday: {
    type: 'boolean',
    compile: (c, ctx) => {
      const yesterday = easternDayRange(easternDayOf(ctx.now), -1)
      const at = col('last_attempt_at')
      return wanted(c)
        ? and([cmp(at, '>=', yesterday.start), cmp(at, '<', yesterday.end)])
        : or([isNull(at), cmp(at, '<', yesterday.start), cmp(at, '>=', yesterday.end)])
    },
  },
  accountfortodaysresult: callResultField(0),
  accountsfor30daysresult: callResultField(29),
}
for (const field of [...CONTACT_FIELDS, ...PHONE_SLOT_FIELDS]) {
  for (const name of field.search ?? []) FIELDS[typeof name === 'object' ? name.name : name] = searchableField(field, name)
}

const CUSTOM = /^col([1-9]\d?|100)$/

/** COLn: compared by its configured type (contacts.md §1.2); values are stored as text. */
function customField(n: number, dataType: string): SearchableField {
  const x = col(`col${n}`)
  switch (dataType) {
    case 'NUMBER':
      return { type: 'number', compile: (c, ctx) => numberCompare(numericValue(ctx.db, x), c.operator, number(c), c.negated, x) }
    case 'BOOLEAN':
      return { type: 'boolean', compile: (c) => cmp(x, '=', wanted(c) ? 'true' : 'false') }
    case 'DATE':
      // Stored as the client sent it: CCYY-MM-DD (compared as text, which orders like dates) or epoch millis.
      return {
        type: 'date',
        compile: (c, ctx) => {
          const d = day(c)
          const [op, complement] = ORDERING[c.operator]!
          const asDay = cmp(dateOnlyValue(ctx.db, x), c.negated ? complement : op, d.day)
          return or([asDay, dayCompare(digitsValue(ctx.db, x), c.operator, d, c.negated)])
        },
      }
    default:
      return { type: 'string', compile: (c, ctx) => foldedText(ctx.db, x, c.operator, text(c), c.negated) }
  }
}

/** The custom field number of a field name (`COL7`, `col7`), else null. */
export function customFieldOf(name: string): number | null {
  const match = CUSTOM.exec(name.toLowerCase())
  return match ? Number(match[1]) : null
}

function lookup(name: string, customTypes: CompileContext['customTypes']): SearchableField | undefined {
  const standard = Object.hasOwn(FIELDS, name) ? FIELDS[name] : undefined
  if (standard) return standard
  const n = customFieldOf(name)
  return n === null ? undefined : customField(n, customTypes.get(n) ?? 'STRING')
}

/** For the parser: the type of a (lower-case) field name, undefined when unknown. */
export function searchFieldType(name: string, customTypes: CompileContext['customTypes']): FieldType | undefined {
  return lookup(name, customTypes)?.type
}

/** The whole tree as one predicate. */
export function compileSearch(node: SearchNode, ctx: CompileContext): Predicate {
  if (node.kind === 'condition') return lookup(node.field, ctx.customTypes)!.compile(node, ctx)
  return (node.kind === 'AND' ? and : or)([compileSearch(node.left, ctx), compileSearch(node.right, ctx)])
}

/** Names of every searchable field (documentation, tests). */
export const SEARCHABLE_FIELDS: readonly string[] = Object.keys(FIELDS)
