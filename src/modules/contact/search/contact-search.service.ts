import { isStatementTimeout } from '../../../db/bounded-read.ts'
import type { Db } from '../../../db/database.ts'
import { invalidInput } from '../../../http/errors.ts'
import { pageSize } from '../../../http/paging.ts'
import type { Paging } from '../../../http/schemas.ts'
import type { RequestContext } from '../../access/context.ts'
import type { FindMatchingContactBodyType } from './contact-search.schemas.ts'
import { findCustomFieldTypes, findMatchingContactRows, type SearchRow } from './contact-search.repository.ts'
import { compileSearch, customFieldOf, searchFieldType } from './search-compiler.ts'
import { resolveSort } from './search-sort.ts'
import { parseSearch, type SearchNodeInput } from './search-tree.ts'

/** Custom fields a tree names, so their definitions are read once, and only when needed. */
function customFieldsIn(node: SearchNodeInput | undefined, out: Set<number>): Set<number> {
  if (!node) return out
  if (node.rule !== undefined) {
    customFieldsIn(node.left, out)
    customFieldsIn(node.right, out)
  } else if (node.field !== undefined) {
    const n = customFieldOf(node.field)
    if (n !== null) out.add(n)
  }
  return out
}

/**
 * Find Matching Contact (contacts.md): the caller's client only (every allowed session sees all
 * contacts of its client), the tree compiled to one parameterised statement, `pageSize + 1`
 * rows for the `next` link. At most two queries: custom field types (only when the tree names
 * COLn) and the page, which is a bounded read (time limit; off the event loop on a SQLite file).
 * The rows are shown at `now` (contact-search.view.ts).
 */
export async function findMatchingContacts(
  { db, boundedRead, clock, principal }: RequestContext, body: FindMatchingContactBodyType, paging: Paging,
): Promise<{ rows: SearchRow[]; now: number }> {
  const now = clock.now()
  const { where, sort } = await compileRequest(db, principal.clientId, body, now)
  try {
    const rows = await findMatchingContactRows({ db, boundedRead }, principal.clientId, where, sort, pageSize(paging) + 1, paging.offset)
    return { rows, now }
  } catch (err) {
    // README "Security": a search stopped at the statement time limit is the request's cost, not
    // a server fault; retrying it unchanged would fail again, so it is invalid input, not a 5xx.
    if (isStatementTimeout(err)) throw invalidInput(`search took too long (over ${err.limitMs} ms); narrow the search`)
    throw err
  }
}

/** The request's filter and order, checked (400/202) and compiled. */
export async function compileRequest(db: Db, clientId: number, body: FindMatchingContactBodyType, now: number) {
  const customTypes = await findCustomFieldTypes(db, clientId, [...customFieldsIn(body.search, new Set())])
  const tree = parseSearch(body.search, { fieldType: (name) => searchFieldType(name, customTypes), now })
  const sort = resolveSort(body.sort, now)
  return { where: compileSearch(tree, { db, clientId, now, customTypes }), sort }
}
