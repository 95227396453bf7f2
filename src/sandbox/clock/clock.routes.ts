import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { access } from '../../http/auth.ts'
import { invalidInput } from '../../http/errors.ts'
import { errorResponses } from '../../http/schemas.ts'
import type { SandboxClock } from './sandbox-clock.ts'
import { ClockState, UpdateClockBody, type ClockStateType, type UpdateClockBodyType } from './clock.schemas.ts'

const tags = ['Sandbox']
const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 }
/** 9999-12-31T23:59:59.999Z: the last instant every client can parse back from ISO 8601. */
export const LATEST_INSTANT = 253_402_300_799_999

/** `1h30m` → 5,400,000; the schema's pattern has already checked the form. */
export function parseDuration(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1
  let total = 0
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|d|h|m|s)/g)) total += Number(amount) * UNIT_MS[unit]
  return sign * total
}

function parseInstant(value: string | number): number {
  if (typeof value === 'number') return value
  // Date.parse reads a bare date or a zone-less time as local; the server's zone must not matter.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw invalidInput(`time must be an ISO 8601 instant with a zone, e.g. 2026-03-01T09:00:00Z`)
  }
  const millis = Date.parse(value)
  if (Number.isNaN(millis)) throw invalidInput(`time ${value} is not a valid instant`)
  return millis
}

export function clockState(clock: SandboxClock): ClockStateType {
  const now = clock.now()
  return { now: new Date(now).toISOString(), epochMillis: now, frozen: clock.isFrozen, offsetMillis: clock.offsetMillis }
}

/** Applies a PUT body in a fixed order: reset, time, advance, frozen; a body that would leave 1970-9999 changes nothing. */
export function updateClock(clock: SandboxClock, body: UpdateClockBodyType): ClockStateType {
  const at = body.time === undefined ? undefined : parseInstant(body.time)
  const by = body.advance === undefined ? 0 : typeof body.advance === 'number' ? body.advance : parseDuration(body.advance)
  const target = (at ?? (body.reset ? clock.now() - clock.offsetMillis : clock.now())) + by
  if (!(target >= 0 && target <= LATEST_INSTANT)) throw invalidInput('the clock must stay between 1970-01-01 and 9999-12-31')
  if (body.reset) clock.reset()
  if (at !== undefined) clock.set(at)
  if (by !== 0) clock.advance(by)
  // At the instant worked out above: reading the running clock again could be a millisecond on
  // (a `time` with `frozen: true` answered …00.001Z when the millisecond turned in between).
  if (body.frozen === true) clock.freeze(target)
  if (body.frozen === false) clock.unfreeze()
  return clockState(clock)
}

export async function clockRoutes(fastify: FastifyInstance, opts: { clock: SandboxClock }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { clock } = opts

  app.get('/clock', {
    config: { access: access.public },
    schema: {
      operationId: 'sandboxGetClock', summary: 'Read the server clock', tags,
      response: { 200: ClockState, ...errorResponses(401) },
    },
  }, async () => clockState(clock))

  app.put('/clock', {
    config: { access: access.public },
    schema: {
      operationId: 'sandboxSetClock', summary: 'Set, advance, freeze or reset the server clock', tags,
      description: 'Every time-dependent rule follows this clock: session expiry (2 h idle), password expiry, '
        + 'timestamps written and returned, date-based search filters. Fields apply in the order reset, time, advance, frozen.',
      body: UpdateClockBody,
      response: { 200: ClockState, ...errorResponses(400, 401) },
    },
  }, async (request) => updateClock(clock, request.body))
}
