import { Kind, Type, TypeRegistry, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { STATUS_CODES } from 'node:http'
import type { FastifyInstance, RouteOptions } from 'fastify'
import { apiOfPath, errorBody, type ApiName } from './errors.ts'
import { MAX_ID } from './ids.ts'

export { MAX_ID }

/** A positive integer id; in a path, anything else answers 404/203 (README §1.3). */
export const Id = (options: { description?: string } = {}) =>
  Type.Integer({ minimum: 1, maximum: MAX_ID, ...options })

export const IdParams = Type.Object({ id: Id() })
export type IdParamsType = Static<typeof IdParams>

/** Bounded string; `required` strings reject "" as missing (README §4). */
export const Str = (maxLength = 255, options: Record<string, unknown> = {}) =>
  Type.String({ maxLength, ...options })
export const RequiredStr = (maxLength = 255, options: Record<string, unknown> = {}) =>
  Type.String({ minLength: 1, maxLength, ...options })

/** A value from a fixed vendor list; unknown values answer 400/202 (README §4). */
export const Enum = <const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options })

// Enum is a Type.Unsafe for Ajv; TypeBox's own checker (a fixture file loaded by the CLI,
// src/sandbox/fixtures) is told what that kind accepts.
if (!TypeRegistry.Has('Unsafe')) {
  TypeRegistry.Set<{ enum?: unknown[] }>('Unsafe', (schema, value) => schema.enum === undefined || schema.enum.includes(value))
}

/** Epoch milliseconds (README §4: digit strings accepted on input). */
export const Millis = (options: Record<string, unknown> = {}) =>
  Type.Integer({ minimum: 0, maximum: MAX_ID, ...options })

/** The kind of Nullable's type-list form, and where it keeps the schema it was made from. */
const NULLABLE_KIND = 'Nullable'
const nullableOf = Symbol('nullableOf')
const TYPE_LIST_TYPES = new Set(['string', 'integer', 'number', 'boolean', 'array'])

/**
 * `T | null`. A scalar or array schema becomes a JSON Schema type list (`type: ['string', 'null']`,
 * `null` added to an `enum`) rather than `anyOf`: with the app's `coerceTypes`, Ajv coerces inside
 * the first `anyOf` branch, so `null` would reach the handler as "", 0 or false; a type list
 * coerces only when no listed type matches, so `null` stays null and a value of the right type is
 * never rewritten. Other schemas (objects, unions) keep `anyOf`: Ajv never coerces null into them.
 */
export function Nullable<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> {
  const { type, enum: values } = schema as { type?: unknown; enum?: unknown[] }
  if (typeof type !== 'string' || !TYPE_LIST_TYPES.has(type)) return Type.Unsafe<Static<T> | null>(Type.Union([schema, Type.Null()]))
  return Type.Unsafe<Static<T> | null>({
    ...schema, [Kind]: NULLABLE_KIND, [nullableOf]: schema, type: [type, 'null'], ...(values ? { enum: [...values, null] } : {}),
  })
}

// TypeBox's own checker reads no type lists: this kind accepts null or what the original schema accepts.
if (!TypeRegistry.Has(NULLABLE_KIND)) {
  TypeRegistry.Set<{ [nullableOf]: TSchema }>(NULLABLE_KIND, (schema, value) => value === null || Value.Check(schema[nullableOf], value))
}

export const ErrorBody = Type.Object(
  {
    code: Type.Integer(),
    message: Type.String(),
    errorCode: Type.Integer(),
    errorMessage: Type.String(),
  },
  { $id: 'ErrorBody', description: 'Configuration API error body: both key pairs carry the same values (README §3.1).' },
)

/** README §3.1: Contact and Session API errors carry exactly these two keys, in this order. */
export const ShortErrorBody = Type.Object(
  { code: Type.Integer(), message: Type.String() },
  { additionalProperties: false, description: 'Contact and Session API error body (README §3.1).' },
)

const errorExamples: Record<number, { code: number; message: string }> = {
  400: { code: 202, message: 'Missing required field [name]' },
  401: { code: 201, message: 'Unauthorized [invalid or expired session]' },
  403: { code: 201, message: 'Forbidden' },
  404: { code: 203, message: 'Not found [ID:111111]' },
  405: { code: 204, message: 'Method not allowed' },
  413: { code: 202, message: 'Invalid input [request body too large]' },
  429: { code: 205, message: 'Too many requests' },
}

const ERROR_BODY_TITLES: Record<ApiName, string> = { configuration: 'ErrorBody', contact: 'ContactErrorBody', session: 'SessionErrorBody' }

/**
 * One error response in the API's shape (README §3.1), with an example body. Inline rather than a
 * $ref: @fastify/swagger drops `examples` written beside a $ref.
 */
export function errorSchema(status: number, example: { code: number; message: string } | undefined, api: ApiName = 'configuration'): TSchema {
  const options = {
    // The title names the API's error body in the document (openapi.ts makes it a component).
    title: ERROR_BODY_TITLES[api],
    description: STATUS_CODES[status],
    ...(example ? { examples: [errorBody(example.code, example.message, api)] } : {}),
  }
  return api === 'configuration'
    ? Type.Object(ErrorBody.properties, options)
    : Type.Object(ShortErrorBody.properties, { ...options, additionalProperties: false })
}

/**
 * Response schemas for the error statuses a route documents (STYLE §4), in the Configuration
 * shape; routes of the Contact and Session APIs are reshaped by documentErrorShapes.
 */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = {}
  for (const status of statuses) out[status] = errorSchema(status, errorExamples[status])
  return out
}

/**
 * An error response documented with the seed's own example body instead of the generic one.
 * Like errorResponses, it is written in the Configuration shape and documentErrorShapes gives
 * Contact and Session routes their `{code, message}` shape, example kept.
 */
export function seedError(status: number, code: number, message: string): Record<number, TSchema> {
  return { [status]: errorSchema(status, { code, message }) }
}

/**
 * README §3.1 decides the error shape by the path's category, so the route's own path decides
 * the documented (and serialized) error schema too: every error response of a Contact or Session
 * route is rewritten to `{code, message}`, keeping its example. Modules then declare errors one
 * way, and the body the error handler writes can never disagree with the schema serializing it.
 */
export function documentErrorShapes(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const api = apiOfPath(route.url)
    const response = route.schema?.response as Record<string, TSchema & { examples?: unknown[] }> | undefined
    if (api === 'configuration' || !response) return
    for (const [status, schema] of Object.entries(response)) {
      const { properties, examples } = schema as { properties?: Record<string, unknown>; examples?: unknown[] }
      if (!/^[45]/.test(status) || !properties?.errorCode) continue
      const example = examples?.[0] as { code: number; message: string } | undefined
      response[status] = errorSchema(Number(status), example, api)
    }
  })
}

/** 204 No Content. */
export const NoContent = Type.Null({ description: 'No Content' })

/** `{"id": n}` answered by every create. */
export const CreatedId = Type.Object({ id: Id() })

/** README §5: both required; count above 1000 is clamped, below 1 refused. */
export const PagingQuery = Type.Object({
  count: Type.Integer({ minimum: 1, description: 'items wanted; values above 1000 are treated as 1000' }),
  offset: Type.Integer({ minimum: 0, maximum: MAX_ID, description: 'zero-based item offset' }),
})
export type Paging = Static<typeof PagingQuery>

/** Optional `client` query parameter (README §7.3). */
export const ClientQuery = Type.Object({ client: Type.Optional(Id({ description: 'client id: the session\'s own client or a descendant' })) })

/** `next` of a paged response (README §5). */
export const NextLink = Nullable(Type.String({ description: 'relative URI of the next page; null on the last page' }))

/** List Info (README §6). */
export const ListInfo = Type.Object({
  size: Type.Integer({ minimum: 0 }),
  lastModified: Type.Optional(Millis()),
})
export type ListInfoType = Static<typeof ListInfo>
