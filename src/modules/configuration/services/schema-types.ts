import { Type, type TSchema } from '@sinclair/typebox'
import { Nullable, RequiredStr, Str } from '../../../http/schemas.ts'

/** An optional body key that may also be `null` ("no change", README §4). */
export const OptionalOrNull = <T extends TSchema>(schema: T) => Type.Optional(Nullable(schema))

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
