import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox'
import { RequiredStr, Str } from '../../../http/schemas.ts'

/**
 * `T | null` as a JSON-schema type array rather than `anyOf`. With the app's `coerceTypes`, Ajv
 * tries `anyOf` branches in order and coerces inside the first: `null` against a boolean branch
 * becomes `false`, and `""` against a failing string branch becomes `null` in the next. A type
 * array coerces only when no listed type matches, so `null` stays "no change" (README §4) and a
 * value of the right type is never rewritten.
 */
export function OrNull<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> {
  const { type, enum: values, ...rest } = schema as unknown as { type: string; enum?: unknown[] } & Record<string, unknown>
  const out: Record<string, unknown> = { ...rest, type: [type, 'null'] }
  if (values) out.enum = [...values, null]
  return Type.Unsafe<Static<T> | null>(out)
}

/** An optional body key that may also be `null`. */
export const OptionalOrNull = <T extends TSchema>(schema: T) => Type.Optional(OrNull(schema))

/**
 * Bounded text without NUL characters: PostgreSQL text cannot store U+0000 and would fail the
 * write with a driver error (a 500) where SQLite accepts it; refusing it here answers 400 on
 * both dialects.
 */
const NO_NUL = '^[^\\u0000]*$'
export const Text = (maxLength = 255, options: Record<string, unknown> = {}) =>
  Str(maxLength, { pattern: NO_NUL, ...options })
export const RequiredText = (maxLength = 255, options: Record<string, unknown> = {}) =>
  RequiredStr(maxLength, { pattern: NO_NUL, ...options })
