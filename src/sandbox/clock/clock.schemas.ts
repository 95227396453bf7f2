import { Type, type Static } from '@sinclair/typebox'
import { Str } from '../../http/schemas.ts'

export const ClockState = Type.Object({
  now: Type.String({ description: 'the server\'s current time, ISO 8601 UTC' }),
  epochMillis: Type.Integer({ description: 'the same instant in epoch milliseconds (what the APIs return)' }),
  frozen: Type.Boolean({ description: 'true while time stands still' }),
  offsetMillis: Type.Integer({ description: 'how far the server\'s clock is from real time' }),
}, { examples: [{ now: '2026-01-15T17:00:00.000Z', epochMillis: 1768496400000, frozen: true, offsetMillis: 7200000 }] })
export type ClockStateType = Static<typeof ClockState>

export const UpdateClockBody = Type.Object({
  reset: Type.Optional(Type.Boolean({ description: 'true: back to real time (no offset, not frozen), before anything else in the body' })),
  // Integer first: with coercion on, a number would otherwise be read as a string.
  time: Type.Optional(Type.Union([
    Type.Integer({ description: 'epoch milliseconds' }),
    Str(40, { description: 'ISO 8601 instant, e.g. 2026-03-01T09:00:00Z' }),
  ], { description: 'jump to this instant' })),
  advance: Type.Optional(Type.Union([
    Type.Integer({ description: 'milliseconds (negative goes back)' }),
    Str(40, { pattern: '^-?(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$', description: 'duration such as 2h, 1h30m, 90s, 7d, 500ms; a leading - goes back' }),
  ], { description: 'move the clock by this much (after `time`)' })),
  frozen: Type.Optional(Type.Boolean({ description: 'true: stop time at the resulting instant; false: let it run again from there' })),
}, {
  additionalProperties: false,
  examples: [{ advance: '2h1m' }, { time: '2026-03-01T09:00:00Z', frozen: true }, { frozen: false }, { reset: true }],
})
export type UpdateClockBodyType = Static<typeof UpdateClockBody>
