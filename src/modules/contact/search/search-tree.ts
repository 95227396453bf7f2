import { invalidInput, missingField } from '../../../http/errors.ts'
import { easternDayOf, easternDayRange, isoDay, parseDateValue } from '../../../lib/eastern-time.ts'

/** contacts.md §1.4. */
export const CONDITION_OPERATORS = ['STARTS_WITH', 'ENDS_WITH', 'EQUALS', 'LESS', 'GREATER', 'GREATER_EQUAL', 'CONTAINS'] as const
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number]
export const RULE_OPERATORS = ['AND', 'OR'] as const
export type RuleOperator = (typeof RULE_OPERATORS)[number]

const TEXT_OPERATORS: ReadonlySet<ConditionOperator> = new Set(['STARTS_WITH', 'ENDS_WITH', 'CONTAINS'])

/**
 * Value types of searchable fields (contacts.md §1.5). `relativeDays` is the `*_basedon_option`
 * family: the criteria is a day count compared with (date − today).
 */
export type FieldType = 'string' | 'number' | 'date' | 'boolean' | 'relativeDays'

/** The request's node, as the body schema admits it. */
export interface SearchNodeInput {
  rule?: RuleOperator
  left?: SearchNodeInput
  right?: SearchNodeInput
  isNegated?: boolean
  field?: string
  criteria?: string
  condition?: ConditionOperator
}

/** Criteria converted for the field's type; every form is a query parameter, never SQL text. */
export type Criteria =
  | { type: 'string'; text: string }
  | { type: 'number'; value: number; text: string }
  /** The New York calendar day [start, end) the criteria names (relative-day fields included). */
  | { type: 'date'; start: number; end: number; day: string }
  | { type: 'boolean'; value: boolean }

export interface ConditionNode {
  kind: 'condition'
  /** Catalogue key (lower-case field name). */
  field: string
  operator: ConditionOperator
  /** After pushing rule negation down to the leaves (De Morgan). */
  negated: boolean
  criteria: Criteria
}

export interface RuleNode {
  kind: RuleOperator
  left: SearchNode
  right: SearchNode
}

export type SearchNode = RuleNode | ConditionNode

/** Bounds the tree so the compiled statement stays within SQLite's expression-depth limit. */
export const MAX_CONDITIONS = 100
/**
 * Levels of nodes from the root down (a lone condition is 1). A tree of MAX_CONDITIONS conditions
 * is at most that deep (a chain), so no tree the size limit admits is refused for its depth.
 */
export const MAX_DEPTH = MAX_CONDITIONS

/**
 * Refuses an oversized `search` tree before anything walks it recursively (issue 10 items 7, 9):
 * the body schema's validator recurses once per level, and 20,000 nested rules overflowed the
 * stack (RangeError, 500). Iterative, and it stops as soon as a bound is passed, so its own cost
 * is bounded too. Only `left`/`right` objects count; anything else is the schema's to judge.
 */
export function checkSearchBounds(search: unknown): void {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: search, depth: 1 }]
  let nodes = 0
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!
    if (node === null || typeof node !== 'object' || Array.isArray(node)) continue
    if (depth > MAX_DEPTH) throw invalidInput(`search: nested more than ${MAX_DEPTH} levels`)
    if (++nodes > 2 * MAX_CONDITIONS - 1) throw invalidInput(`search: more than ${MAX_CONDITIONS} conditions`)
    const { left, right } = node as { left?: unknown; right?: unknown }
    stack.push({ node: left, depth: depth + 1 }, { node: right, depth: depth + 1 })
  }
}

export interface ParseContext {
  /** Type of a searchable field by lower-case name; undefined = unknown field. */
  fieldType(name: string): FieldType | undefined
  /** Now (epoch millis), for the relative-day fields. */
  now: number
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/
const TRUE_WORDS = new Set(['true', '1', 'y'])
const FALSE_WORDS = new Set(['false', '0', 'n'])

/**
 * Checks a Find Matching Contact `search` tree and returns it with negation pushed down to the
 * conditions: a negated rule negates everything under it and swaps AND/OR (contacts.md, Rule
 * node), so the compiler only ever negates single predicates, which keeps them index-friendly.
 */
export function parseSearch(input: SearchNodeInput, context: ParseContext): SearchNode {
  let conditions = 0
  const walk = (node: SearchNodeInput, path: string, negated: boolean, topLevel: boolean): SearchNode => {
    if (node.rule !== undefined) {
      if (node.left === undefined) throw missingField(`${path}.left`)
      if (node.right === undefined) throw missingField(`${path}.right`)
      const flip = negated !== (node.isNegated === true)
      const kind: RuleOperator = flip ? (node.rule === 'AND' ? 'OR' : 'AND') : node.rule
      return { kind, left: walk(node.left, `${path}.left`, flip, false), right: walk(node.right, `${path}.right`, flip, false) }
    }
    if (node.field === undefined) throw invalidInput(path)
    if (++conditions > MAX_CONDITIONS) throw invalidInput(`search: more than ${MAX_CONDITIONS} conditions`)
    if (node.field === '') throw missingField(`${path}.field`)
    if (node.condition === undefined) throw missingField(`${path}.condition`)
    if (node.criteria === undefined || node.criteria === '') throw missingField(`${path}.criteria`)
    const field = node.field.toLowerCase()
    const type = context.fieldType(field)
    if (!type) throw invalidInput(`${path}.field: ${node.field}`)
    // contacts.md: a lone top-level condition cannot be negated; inside a rule it can.
    const ownNegation = !topLevel && node.isNegated === true
    return {
      kind: 'condition', field, operator: node.condition, negated: negated !== ownNegation,
      criteria: toCriteria(type, node.condition, node.criteria, `${path}.criteria`, context.now),
    }
  }
  return walk(input, 'search', false, true)
}

function toCriteria(type: FieldType, operator: ConditionOperator, raw: string, path: string, now: number): Criteria {
  const bad = (why: string) => invalidInput(`${path}: ${why}`)
  switch (type) {
    case 'string':
      return { type, text: raw }
    case 'number': {
      // Text operators match the decimal string as written (contacts.md §1.5).
      if (TEXT_OPERATORS.has(operator)) return { type, value: Number.NaN, text: raw.trim() }
      const value = Number(raw.trim())
      if (!NUMBER.test(raw.trim()) || !Number.isFinite(value)) throw bad('not a number')
      return { type, value, text: raw.trim() }
    }
    case 'date': {
      if (TEXT_OPERATORS.has(operator)) throw bad(`${operator} does not apply to dates`)
      const parsed = parseDateValue(raw)
      if (!parsed) throw bad('expected CCYY-MM-DD or epoch milliseconds')
      return { type, ...easternDayRange(parsed.day), day: isoDay(parsed.day) }
    }
    case 'boolean': {
      if (operator !== 'EQUALS') throw bad(`${operator} does not apply to a true/false field`)
      const word = raw.trim().toLowerCase()
      if (TRUE_WORDS.has(word)) return { type, value: true }
      if (FALSE_WORDS.has(word)) return { type, value: false }
      throw bad('expected true or false')
    }
    case 'relativeDays': {
      if (TEXT_OPERATORS.has(operator)) throw bad(`${operator} does not apply to a day count`)
      if (!/^[+-]?\d{1,6}$/.test(raw.trim())) throw bad('expected a whole number of days')
      // (date − today) compared with N in days is the date compared with the day today + N.
      const range = easternDayRange(easternDayOf(now), Number(raw.trim()))
      return { type: 'date', ...range, day: isoDay(easternDayOf(range.start)) }
    }
  }
}
