import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify'
import secureJson from 'secure-json-parse'
import { ApiError, Errors } from './errors.ts'

/** The answer to a NUL character in a body, raw or escaped as \\u0000 in a JSON string. */
const NUL_CHARACTER = 'Invalid input [NUL character]'

/**
 * README §1.4: bodies are JSON whatever the Content-Type says; an absent body is `{}`; a trailing
 * comma before `}`/`]` is tolerated because a seed request the vendor answers 204 has one
 * (Update Agent); anything else malformed is 400/202.
 *
 * Issue 10 item 1: one linear pass (scanJson) checks the syntax and finds the trailing commas
 * before anything is built, so a malformed body costs a scan up to its first error and no memory,
 * where JSON.parse built everything before the error (a 50 MB `[1,1,…] x` took ~7.5 s of event
 * loop and ~1.7 GB, bench/security-results.md), and the old retry rebuilt the text a character
 * at a time. Only a body that is valid
 * (once its trailing commas are dropped) reaches JSON.parse.
 */
export function parseJsonBody(text: string): unknown {
  if (!/\S/.test(text)) return {}
  // PostgreSQL cannot store NUL in text; refusing it here keeps every module from a 500 there.
  if (text.includes('\u0000')) throw new ApiError(Errors.InvalidInput, NUL_CHARACTER)
  const scan = scanJson(text)
  if (scan === null) throw new ApiError(Errors.MalformedJson)
  if (scan.escapedNul) throw new ApiError(Errors.InvalidInput, NUL_CHARACTER)
  try {
    return secureJson.parse(withoutCommasAt(text, scan.trailingCommas), undefined, { protoAction: 'remove', constructorAction: 'remove' })
  } catch {
    throw new ApiError(Errors.MalformedJson)
  }
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const SLASH = 0x2f
const COMMA = 0x2c
const COLON = 0x3a
const MINUS = 0x2d
const PLUS = 0x2b
const DOT = 0x2e
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d

/** JSON's insignificant whitespace: space, tab, line feed, carriage return. */
const isJsonSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
/** The one-letter escapes of RFC 8259: " \ / b f n r t. */
const isSimpleEscape = (c: number): boolean => c === QUOTE || c === BACKSLASH || c === SLASH || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74

export interface JsonScan {
  /** Offsets of the commas that directly precede `}` or `]` (whitespace between allowed). */
  trailingCommas: number[]
  /** A string holds `\u0000`. */
  escapedNul: boolean
}

/** What the scanner expects next. */
const enum Expect {
  Value,
  /** After `[`: a value or `]`. */
  ValueOrClose,
  /** After `{`: a key or `}`. */
  KeyOrClose,
  /** After `,` in an object: a key. */
  Key,
  /** After a value: `,`, the container's closer, or the end. */
  Next,
}

/** Index after the string whose opening quote is at `at`; -1 when it is not a valid string, -2 - end when it holds `\u0000`. */
function endOfString(text: string, at: number): number {
  const n = text.length
  let nul = false
  let j = at + 1
  while (j < n) {
    const c = text.charCodeAt(j)
    if (c === QUOTE) return nul ? -2 - (j + 1) : j + 1
    if (c < 0x20) return -1
    if (c === BACKSLASH) {
      const e = text.charCodeAt(j + 1)
      if (e === 0x75) { // \uXXXX
        if (!(isHex(text.charCodeAt(j + 2)) && isHex(text.charCodeAt(j + 3)) && isHex(text.charCodeAt(j + 4)) && isHex(text.charCodeAt(j + 5)))) return -1
        if (text.startsWith('0000', j + 2)) nul = true
        j += 6
      } else if (isSimpleEscape(e)) {
        j += 2
      } else {
        return -1
      }
    } else {
      j++
    }
  }
  return -1
}

/** Index after the number starting at `at`, or -1 when none starts there. */
function endOfNumber(text: string, at: number): number {
  let j = at
  let c = text.charCodeAt(j)
  if (c === MINUS) c = text.charCodeAt(++j)
  if (c === 0x30) {
    c = text.charCodeAt(++j)
  } else if (isDigit(c)) {
    do c = text.charCodeAt(++j); while (isDigit(c))
  } else {
    return -1
  }
  if (c === DOT) {
    c = text.charCodeAt(++j)
    if (!isDigit(c)) return -1
    do c = text.charCodeAt(++j); while (isDigit(c))
  }
  if (c === 0x65 || c === 0x45) {
    c = text.charCodeAt(++j)
    if (c === PLUS || c === MINUS) c = text.charCodeAt(++j)
    if (!isDigit(c)) return -1
    do c = text.charCodeAt(++j); while (isDigit(c))
  }
  return j
}

/**
 * Checks that `text` is one JSON value (RFC 8259) once commas directly before `}` or `]` are
 * dropped, in one pass over its character codes with an explicit stack (no recursion, so any
 * nesting depth is safe). Returns null when it is not.
 */
export function scanJson(text: string): JsonScan | null {
  const n = text.length
  const closers: number[] = []
  /** The innermost container's closer; 0 at the top level. */
  let top = 0
  const trailingCommas: number[] = []
  let escapedNul = false
  let expect = Expect.Value
  let i = 0
  for (;;) {
    let c = text.charCodeAt(i)
    while (isJsonSpace(c)) c = text.charCodeAt(++i)
    if (i >= n) return expect === Expect.Next && top === 0 ? { trailingCommas, escapedNul } : null
    if (expect === Expect.Next) {
      if (c === COMMA) {
        let j = i + 1
        let d = text.charCodeAt(j)
        while (isJsonSpace(d)) d = text.charCodeAt(++j)
        if (d === top) {
          trailingCommas.push(i)
        } else if (top !== 0) {
          expect = top === CLOSE_BRACE ? Expect.Key : Expect.Value
        } else {
          return null
        }
        i = j
      } else if (c === top) {
        closers.pop()
        top = closers.length === 0 ? 0 : closers[closers.length - 1]
        i++
      } else {
        return null
      }
      continue
    }
    if ((expect === Expect.ValueOrClose && c === CLOSE_BRACKET) || (expect === Expect.KeyOrClose && c === CLOSE_BRACE)) {
      closers.pop()
      top = closers.length === 0 ? 0 : closers[closers.length - 1]
      i++
      expect = Expect.Next
      continue
    }
    if (expect === Expect.KeyOrClose || expect === Expect.Key) {
      if (c !== QUOTE) return null
      i = endOfString(text, i)
      if (i < -1) {
        escapedNul = true
        i = -2 - i
      } else if (i === -1) {
        return null
      }
      c = text.charCodeAt(i)
      while (isJsonSpace(c)) c = text.charCodeAt(++i)
      if (c !== COLON) return null
      i++
      expect = Expect.Value
      continue
    }
    // A value.
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      top = c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET
      closers.push(top)
      expect = c === OPEN_BRACE ? Expect.KeyOrClose : Expect.ValueOrClose
      i++
      continue
    }
    if (c === QUOTE) {
      i = endOfString(text, i)
      if (i < -1) {
        escapedNul = true
        i = -2 - i
      }
    } else if (c === MINUS || isDigit(c)) {
      i = endOfNumber(text, i)
    } else if (c === 0x74 && text.startsWith('true', i)) {
      i += 4
    } else if (c === 0x66 && text.startsWith('false', i)) {
      i += 5
    } else if (c === 0x6e && text.startsWith('null', i)) {
      i += 4
    } else {
      return null
    }
    if (i === -1) return null
    expect = Expect.Next
  }
}

/** The text without the characters at `offsets` (ascending), cut into slices and joined once. */
function withoutCommasAt(text: string, offsets: number[]): string {
  if (offsets.length === 0) return text
  const slices: string[] = []
  let from = 0
  for (const at of offsets) {
    slices.push(text.slice(from, at))
    from = at + 1
  }
  slices.push(text.slice(from))
  return slices.join('')
}

/** Drops commas that directly precede `}` or `]`, outside strings; the text itself when none or when it is not JSON. */
export function withoutTrailingCommas(text: string): string {
  const scan = scanJson(text)
  return scan ? withoutCommasAt(text, scan.trailingCommas) : text
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A 1,000-item bulk method: its body may reach LV_BULK_BODY_LIMIT instead of LV_BODY_LIMIT. */
    bulkBody?: boolean
  }
}

/**
 * @param bulkBodyLimit the body limit of routes marked `config.bulkBody`; every other route has
 * the app's bodyLimit (issue 10 item 1: a small default bounds what one request can cost).
 */
export function registerJsonBody(app: FastifyInstance, bulkBodyLimit: number): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.config?.bulkBody) route.bodyLimit = bulkBodyLimit
  })
  setJsonBodyParser(app, (_request, text) => parseJsonBody(text))
  // A bodiless POST/PUT/DELETE is read as `{}` and validated as usual (README §1.4).
  app.addHook('preValidation', (request, _reply, done) => {
    const schema = request.routeOptions.schema?.body as JsonSchema | undefined
    if (schema) {
      if (request.body === undefined) request.body = {}
      dropNullFields(schema, request.body)
      lowerCaseBooleans(schema, request.body)
    }
    done()
  })
}

/**
 * Makes `parse` read every body of `app` (a plugin's own context: contact-bulk.routes.ts reads its
 * large bodies in a worker), whatever the Content-Type says (README §1.4). A promise is awaited.
 */
export function setJsonBodyParser(app: FastifyInstance, parse: (request: FastifyRequest, text: string) => unknown): void {
  app.removeAllContentTypeParsers()
  const parser = (request: FastifyRequest, text: string, done: (err: Error | null, body?: unknown) => void) => {
    let body: unknown
    try {
      body = parse(request, text)
    } catch (err) {
      return done(err as Error)
    }
    if (body instanceof Promise) body.then((value: unknown) => done(null, value), done)
    else done(null, body)
  }
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parser)
  app.addContentTypeParser('*', { parseAs: 'string' }, parser)
}

/** The parts of a route's JSON Schema the body rules below read. */
export interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
}

/** The schemas that may apply to `key` of an object validated by `schema` (unions and intersections included). */
function propertySchemas(schema: JsonSchema, key: string): JsonSchema[] {
  const own = schema.properties && Object.hasOwn(schema.properties, key)
    ? [schema.properties[key]]
    : typeof schema.additionalProperties === 'object' ? [schema.additionalProperties] : []
  const branches = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]
  return own.concat(branches.flatMap((branch) => propertySchemas(branch, key)))
}

/** A schema that names no property, no schema for the others and no branches: propertySchemas finds none for any key. */
const isOpenObject = (schema: JsonSchema): boolean =>
  schema.properties === undefined && typeof schema.additionalProperties !== 'object'
  && schema.anyOf === undefined && schema.oneOf === undefined && schema.allOf === undefined

function allowsNull(schema: JsonSchema): boolean {
  return [schema.type].flat().includes('null') || [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].some(allowsNull)
}

/**
 * README §4: `null` for a field means "not supplied" (optional: absent; mandatory: Missing
 * required field [x]), in every method and at every depth, Arrays and Objects included — a C#
 * client sends Find Matching Contact with `"sort": null`. Dropping such keys before validation
 * states the rule once, and keeps Ajv from coercing null into "", 0, false or `[null]`. A field
 * whose schema itself allows null (a value that a null clears) keeps it.
 */
export function dropNullFields(schema: JsonSchema, value: unknown): void {
  forEachObject(schema, value, (objectSchema, record) => {
    if (isOpenObject(objectSchema)) {
      // No key has a schema (a bulk item): only the nulls go. The loop below says the same, with
      // a few arrays per key; 1,000 items of a Bulk Create made that 3% of its event loop.
      dropNullKeys(record)
      return
    }
    for (const [key, v] of Object.entries(record)) {
      const schemas = propertySchemas(objectSchema, key)
      if (v === null) {
        if (!schemas.some(allowsNull)) delete record[key]
      } else {
        for (const s of schemas) dropNullFields(s, v)
      }
    }
  })
}

/** What dropNullFields does to an object whose schema names no key (a bulk item, contact-bulk.body.ts). */
export function dropNullKeys(record: Record<string, unknown>): void {
  for (const key of Object.keys(record)) if (record[key] === null) delete record[key]
}

/** Calls `visit` with `value` when it is an object, or with each item of an array (by `items`). */
function forEachObject(schema: JsonSchema, value: unknown, visit: (schema: JsonSchema, record: Record<string, unknown>) => void): void {
  if (value === null || typeof value !== 'object') return
  if (Array.isArray(value)) {
    if (schema.items) for (const item of value) forEachObject(schema.items, item, visit)
    return
  }
  visit(schema, value as Record<string, unknown>)
}

function allowsBoolean(schema: JsonSchema): boolean {
  return [schema.type].flat().includes('boolean') || (schema.anyOf ?? []).some(allowsBoolean)
}

/**
 * README §4 accepts "true"/"false" in any case where a Boolean is expected; Ajv's coercion only
 * knows the lower-case words, so other spellings are lower-cased first, guided by the schema.
 */
export function lowerCaseBooleans(schema: JsonSchema, value: unknown): void {
  forEachObject(schema, value, (objectSchema, record) => {
    for (const [key, propertySchema] of Object.entries(objectSchema.properties ?? {})) {
      const v = record[key]
      if (typeof v === 'string' && /^(true|false)$/i.test(v) && allowsBoolean(propertySchema)) record[key] = v.toLowerCase()
      else lowerCaseBooleans(propertySchema, v)
    }
  })
}
