import { Type, type Static } from '@sinclair/typebox'
import { Enum, Str } from '../../http/schemas.ts'

const ruleFields = {
  operationId: Type.Optional(Str(100, { minLength: 1, description: 'the route\'s OpenAPI operationId, e.g. readAgent (case-insensitive)' })),
  method: Type.Optional(Enum(['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const)),
  path: Type.Optional(Str(500, { minLength: 1, description: 'path pattern: * is one segment, ** any depth, e.g. /contact/** (case-insensitive)' })),
  tenant: Type.Optional(Str(100, { minLength: 1, description: 'client code or client id: requests of that client\'s sessions, and its Logins' })),
  status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599, description: 'answer with this status and the vendor\'s error body for it' })),
  code: Type.Optional(Type.Integer({ minimum: 0, maximum: 999, description: 'vendor code in the error body (default: the status\'s: 429 → 205, 5xx → 100, ...)' })),
  message: Type.Optional(Str(500, { description: 'message in the error body (default: the catalog\'s for that status)' })),
  retryAfter: Type.Optional(Type.Integer({ minimum: 0, maximum: 86400, description: 'Retry-After seconds (429 and 503 send 1 by default)' })),
  latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60000, description: 'delay before the request goes on (or fails)' })),
  drop: Type.Optional(Type.Boolean({ description: 'true: close the connection without an answer' })),
  probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'chance that a matching request is hit (default 1)' })),
  times: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'stop after hitting this many requests (default: no limit)' })),
}

export const CreateFaultBody = Type.Object(ruleFields, {
  additionalProperties: false,
  examples: [
    { operationId: 'readAgent', status: 429, retryAfter: 2, times: 1 },
    { path: '/contact/**', status: 503, probability: 0.5 },
    { operationId: 'login', tenant: 'ACME', latencyMs: 1500 },
    { method: 'POST', path: '/contact/contacts', drop: true, times: 1 },
  ],
})
export type CreateFaultBodyType = Static<typeof CreateFaultBody>

export const FaultRuleSchema = Type.Object({
  id: Type.Integer(),
  ...ruleFields,
  hits: Type.Integer({ description: 'requests this rule has hit so far' }),
})

export const FaultList = Type.Object({ faults: Type.Array(FaultRuleSchema) })

export const FaultParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })
