import type { TSchema } from '@sinclair/typebox'
import { errorSchema } from '../../../http/schemas.ts'

/** An error response carrying a seed's example body (Configuration API shape, README §3.1). */
export function errorWithExample(status: number, code: number, message: string): Record<number, TSchema> {
  return { [status]: errorSchema(status, { code, message }) }
}
