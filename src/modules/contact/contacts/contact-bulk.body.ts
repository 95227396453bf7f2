import { ApiError, type ErrorDefinition } from '../../../http/errors.ts'
import { firstFault } from '../../../http/input-guard.ts'
import { dropNullKeys, parseJsonBody } from '../../../http/json-body.ts'
import type { CustomFieldDefinitions } from '../custom-fields/custom-field.model.ts'
import type { PreparedContacts } from './contact.bulk.ts'
import { isObject } from './contact.input.ts'
import { prepareContactBatch, type ContactBatch } from './contact.rows.ts'

/**
 * A large body of `POST /contact/contacts/bulk`, read off the event loop (contact-bulk.offload.ts
 * runs readBulkBody in a worker thread). For a Bulk Create the parse and the items' checks and
 * rows were ~40% of the event loop's time (bench/realistic-results.md "Session 11"), and none of
 * it needs the database.
 *
 * The request must answer exactly as if the body had been parsed on the event loop, so the
 * worker does what the event loop would have done to the items, in the same order, and the
 * event loop still runs every hook and the route's validation on a body of the same shape:
 * - parse (json-body.ts parseJsonBody: the same malformed-JSON and NUL errors);
 * - each item's null keys dropped, as json-body.ts's dropNullFields does to an object whose schema
 *   names no key (the rest of the body is the event loop's to do, as before);
 * - Ajv declares the items Unknown and so never looks inside one; the body comes back with each
 *   item a `{}` placeholder, and Ajv sees the array's length and everything around it;
 * - this module imports neither Kysely nor TypeBox (an idle worker thread took 41 MB of RSS with
 *   them, 19 MB without), so the route passes its maxItems in the task;
 * - the input guard (input-guard.ts firstFault) walks the body depth first: it checks a
 *   container's leaves as it lists them and then walks its objects, an array's in order. The
 *   items it would see are kept in the placeholder body: every leaf item, and the first object
 *   item with a fault; the objects before that one have none, and the walk stops at its fault.
 */

export interface BulkBodyTask {
  text: string
  /** The client's custom field definitions when the request began, which the items are checked against. */
  defs: CustomFieldDefinitions
  clientId: number
  now: number
  user: string
  /** The route schema's createContactDetails maxItems. */
  maxItems: number
}

/** An ApiError as it crosses to the event loop's thread. */
interface ErrorReading extends ErrorDefinition {
  headers: Record<string, string>
}

interface ItemsReading {
  /** createContactDetails' length (at most maxItems + 1: Ajv then refuses it, whatever the rest). */
  length: number
  /** Items the placeholder keeps as sent: [index, item]. */
  kept: [number, unknown][]
  /** The items' rows, when their number is one the route accepts. */
  batch: ContactBatch | null
}

export type BulkBodyReading =
  | { error: ErrorReading }
  /** The body with createContactDetails set to 0 when `items` describes it (its key keeps its place). */
  | { body: unknown; items: ItemsReading | null }

/** The body's createContactDetails when it is an array, each object item without its null keys. */
function itemsOf(body: unknown): unknown[] | null {
  const items: unknown = isObject(body) ? body.createContactDetails : undefined
  if (!Array.isArray(items)) return null
  const list = items as unknown[]
  for (const item of list) if (isObject(item)) dropNullKeys(item)
  return list
}

/** What the worker does with a body: parse, drop nulls, prepare the items. */
export function readBulkBody(task: BulkBodyTask): BulkBodyReading {
  let body: unknown
  try {
    body = parseJsonBody(task.text)
  } catch (err) {
    if (!(err instanceof ApiError)) throw err
    return { error: { status: err.status, code: err.code, message: err.message, headers: err.headers } }
  }
  const items = itemsOf(body)
  if (items === null) return { body, items: null }
  const length = Math.min(items.length, task.maxItems + 1)
  const kept: [number, unknown][] = []
  let faultKept = false
  for (let i = 0; i < length; i++) {
    const item: unknown = items[i]
    if (item === null || typeof item !== 'object') kept.push([i, item])
    else if (!faultKept && firstFault(item) !== null) {
      kept.push([i, item])
      faultKept = true
    }
  }
  const batch = length >= 1 && length <= task.maxItems
    ? prepareContactBatch(items, task.defs, task.clientId, { now: task.now, user: task.user })
    : null
  ;(body as Record<string, unknown>).createContactDetails = 0
  return { body, items: { length, kept, batch } }
}

const PREPARED = Symbol('prepared contacts')

/** A Bulk Create body read by the worker carries its prepared rows (preparedContactsOf). */
type ReadBody = Record<string, unknown> & { [PREPARED]?: PreparedContacts }

/**
 * The event loop's side: the body the route goes on with (or the worker's error, thrown), with
 * the prepared rows attached for the handler. `text` stays reachable for a second preparation
 * should the custom fields change before the transaction (contact.bulk.ts bulkCreatePreparedContacts).
 */
export function bodyOfReading(reading: BulkBodyReading, text: string, defs: CustomFieldDefinitions): unknown {
  if ('error' in reading) {
    const { message, headers } = reading.error
    throw new ApiError(reading.error, message, headers)
  }
  const { body, items } = reading
  if (items === null) return body
  const placeholders: unknown[] = new Array(items.length)
  for (let i = 0; i < items.length; i++) placeholders[i] = {}
  for (const [i, item] of items.kept) placeholders[i] = item
  const out = body as ReadBody
  out.createContactDetails = placeholders
  if (items.batch) {
    out[PREPARED] = {
      batch: items.batch,
      defs,
      items: () => itemsOf(parseJsonBody(text))!,
    }
  }
  return out
}

/** The rows a worker prepared for this body, if it was read there. */
export function preparedContactsOf(body: object): PreparedContacts | undefined {
  return (body as ReadBody)[PREPARED]
}
