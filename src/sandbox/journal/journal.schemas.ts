import { Type, type Static } from '@sinclair/typebox'
import { Enum, Nullable, Str } from '../../http/schemas.ts'

const Instant = Type.Union([
  Type.Integer({ description: 'epoch milliseconds' }),
  Str(40, { description: 'ISO 8601 instant' }),
])

export const JournalQuery = Type.Object({
  tenant: Type.Optional(Str(100, { minLength: 1, description: 'client code or id' })),
  operationId: Type.Optional(Str(100, { minLength: 1 })),
  method: Type.Optional(Enum(['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const)),
  path: Type.Optional(Str(500, { minLength: 1, description: 'path pattern: * is one segment, ** any depth' })),
  status: Type.Optional(Str(3, { pattern: '^([1-5]\\d\\d|[1-5]xx)$', description: 'a status (404) or a class (4xx)' })),
  since: Type.Optional(Instant),
  until: Type.Optional(Instant),
  fault: Type.Optional(Type.Boolean({ description: 'true: only answers a fault rule injected; false: only real ones' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 100, description: 'newest first; at most this many' })),
}, { additionalProperties: false })
export type JournalQueryType = Static<typeof JournalQuery>

const Masked = Type.Unknown({ description: 'JSON body with passwords, tokens, session ids and SSNs replaced by "***"; null when empty' })

export const JournalEntrySchema = Type.Object({
  id: Type.Integer({ description: 'sequence number, increasing' }),
  time: Type.String({ description: 'when it was answered, by the server\'s (sandbox) clock' }),
  epochMillis: Type.Integer(),
  method: Type.String(),
  path: Type.String({ description: 'path and query as received, session ids masked' }),
  operationId: Nullable(Type.String()),
  status: Type.Integer(),
  durationMs: Type.Number(),
  tenant: Nullable(Type.Object({
    clientId: Nullable(Type.Integer()),
    clientCode: Nullable(Type.String()),
  })),
  principal: Nullable(Type.Object({
    type: Type.String(), id: Type.Integer(), userName: Type.String(),
  })),
  request: Masked,
  response: Masked,
  fault: Nullable(Type.Integer({ description: 'id of the fault rule that hit it' })),
  dropped: Type.Boolean({ description: 'the connection was closed without an answer (fault rule)' }),
})

export const JournalList = Type.Object({
  size: Type.Integer({ description: 'capacity (LV_JOURNAL_SIZE); 0 = the journal is off' }),
  entries: Type.Array(JournalEntrySchema),
})

export const JournalCount = Type.Object({ count: Type.Integer() })

export const JournalCountQuery = Type.Omit(JournalQuery, ['limit'], { additionalProperties: false })
