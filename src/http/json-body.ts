import type { FastifyInstance, FastifyRequest } from 'fastify'
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

/** Drops commas that directly precede `}` or `]`, outside string literals. */
export function withoutTrailingCommas(text: string): string {
  let out = ''
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (inString) {
      out += ch
      if (ch === '\\') out += text[++i] ?? ''
      else if (ch === '"') inString = false
      continue
    }
    if (ch === '"') inString = true
    else if (ch === ',') {
      let j = i + 1
      while (j < text.length && /\s/.test(text[j]!)) j++
      if (text[j] === '}' || text[j] === ']') continue
    }
    out += ch
  }
  return out
}

export function registerJsonBody(app: FastifyInstance): void {
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
