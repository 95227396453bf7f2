import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ApiError, Errors, invalidInput } from './errors.ts'

/**
 * README §4: a number no field can hold and text containing NUL are refused before any service
 * sees them, on both databases: 400/202 `Invalid input [<name> ...]`, or 404 for a path id.
 *
 * Why after validation, and why a walk of its own:
 * - Ajv's coercion turns `"1e309"`, `"Infinity"` and a 400-digit string into Infinity, and with
 *   Ajv's default `strictNumbers` a coerced Infinity skips `maximum` (its bound checks are guarded
 *   by isFinite), so `offset=1e309` reached SQLite ("datatype mismatch") and `Infinity` as an id
 *   reached PostgreSQL ("invalid input syntax"), both as 500s. The schemas cannot say "finite".
 * - PostgreSQL text cannot hold NUL ("invalid byte sequence", 500 on every string parameter);
 *   SQLite stores it and then answers differently. Refusing it everywhere keeps both alike.
 *
 * The walk is iterative (a body may nest deeply) and stops at the first fault.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request: FastifyRequest) => {
    if (firstFault(request.params) !== null) throw new ApiError(Errors.NotFound, 'Not found [invalid id]')
    for (const part of [request.query, request.body]) {
      const fault = firstFault(part)
      if (fault !== null) throw invalidInput(fault)
    }
  })
}

/** `<path> must be a finite number` / `<path> must not contain NUL`, or null when all is well. */
export function firstFault(value: unknown): string | null {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }]
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return `${path || 'value'} must be a finite number`
    } else if (typeof v === 'string') {
      if (v.includes('\u0000')) return `${path || 'value'} must not contain NUL`
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: `${path}[${i}]` })
    } else if (v !== null && typeof v === 'object') {
      for (const [key, child] of Object.entries(v)) {
        if (key.includes('\u0000')) return `${path || 'value'} must not contain NUL`
        stack.push({ value: child, path: path ? `${path}.${key}` : key })
      }
    }
  }
  return null
}
