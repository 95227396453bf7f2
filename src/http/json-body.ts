import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify'
import secureJson from 'secure-json-parse'
import { ApiError, Errors } from './errors.ts'

/**
 * README §1.4: bodies are JSON whatever the Content-Type says; an absent body is `{}`; a trailing
 * comma before `}`/`]` is tolerated because a seed request the vendor answers 204 has one
 * (Update Agent); anything else malformed is 400/202.
 */
/** A NUL character, raw or escaped as \\u0000 in a JSON string. */
const NUL = /\u0000|(?<!\\)\\u0000/

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return {}
  // PostgreSQL cannot store NUL in text; refusing it here keeps every module from a 500 there.
  if (NUL.test(text)) throw new ApiError(Errors.InvalidInput, 'Invalid input [NUL character]')
  try {
    return secureJson.parse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' })
  } catch {
    const relaxed = withoutTrailingCommas(text)
    if (relaxed !== text) {
      try {
        return secureJson.parse(relaxed, undefined, { protoAction: 'remove', constructorAction: 'remove' })
      } catch { /* fall through */ }
    }
    throw new ApiError(Errors.MalformedJson)
  }
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const CLOSE_BRACE = 0x7d
const CLOSE_BRACKET = 0x5d

/** JSON's insignificant whitespace: space, tab, line feed, carriage return. */
const isJsonSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d

/**
 * Drops commas that directly precede `}` or `]`, outside string literals, in one pass: the text
 * is cut into slices at those commas and joined once, so the cost is linear with a small
 * constant (issue 10 item 1: rebuilding it a character at a time took ~0.4 s per MB). Returns
 * the text itself when it has no such comma.
 */
export function withoutTrailingCommas(text: string): string {
  const slices: string[] = []
  let sliceStart = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === BACKSLASH) i++
      else if (c === QUOTE) inString = false
      continue
    }
    if (c === QUOTE) {
      inString = true
    } else if (c === COMMA) {
      let j = i + 1
      while (j < text.length && isJsonSpace(text.charCodeAt(j))) j++
      const next = text.charCodeAt(j)
      if (next === CLOSE_BRACE || next === CLOSE_BRACKET) {
        slices.push(text.slice(sliceStart, i))
        sliceStart = i + 1
      }
      // The whitespace just skipped holds no comma, so the scan resumes after it.
      i = j - 1
    }
  }
  if (slices.length === 0) return text
  slices.push(text.slice(sliceStart))
  return slices.join('')
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
  app.removeAllContentTypeParsers()
  const parser = (_req: FastifyRequest, body: string, done: (err: Error | null, body?: unknown) => void) => {
    try {
      done(null, parseJsonBody(body))
    } catch (err) {
      done(err as Error)
    }
  }
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parser)
  app.addContentTypeParser('*', { parseAs: 'string' }, parser)
  // A bodiless POST/PUT/DELETE is read as `{}` and validated as usual (README §1.4).
  app.addHook('preValidation', async (request) => {
    const schema = request.routeOptions.schema?.body as JsonSchema | undefined
    if (request.body === undefined && schema) request.body = {}
    if (schema) {
      dropNullFields(schema, request.body)
      lowerCaseBooleans(schema, request.body)
    }
  })
}

interface JsonSchema {
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
    ? [schema.properties[key]!]
    : typeof schema.additionalProperties === 'object' ? [schema.additionalProperties] : []
  const branches = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]
  return own.concat(branches.flatMap((branch) => propertySchemas(branch, key)))
}

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
  if (value === null || typeof value !== 'object') return
  if (Array.isArray(value)) {
    if (schema.items) for (const item of value) dropNullFields(schema.items, item)
    return
  }
  const record = value as Record<string, unknown>
  for (const [key, v] of Object.entries(record)) {
    const schemas = propertySchemas(schema, key)
    if (v === null) {
      if (!schemas.some(allowsNull)) delete record[key]
    } else {
      for (const s of schemas) dropNullFields(s, v)
    }
  }
}

function allowsBoolean(schema: JsonSchema): boolean {
  return [schema.type].flat().includes('boolean') || (schema.anyOf ?? []).some(allowsBoolean)
}

/**
 * README §4 accepts "true"/"false" in any case where a Boolean is expected; Ajv's coercion only
 * knows the lower-case words, so other spellings are lower-cased first, guided by the schema.
 */
export function lowerCaseBooleans(schema: JsonSchema, value: unknown): void {
  if (value === null || typeof value !== 'object') return
  if (Array.isArray(value)) {
    if (schema.items) for (const item of value) lowerCaseBooleans(schema.items, item)
    return
  }
  const record = value as Record<string, unknown>
  for (const [key, propertySchema] of Object.entries(schema.properties ?? {})) {
    const v = record[key]
    if (typeof v === 'string' && /^(true|false)$/i.test(v) && allowsBoolean(propertySchema)) record[key] = v.toLowerCase()
    else lowerCaseBooleans(propertySchema, v)
  }
}
