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
  // A callback hook, not an async one: it runs on every request and never waits.
  app.addHook('preHandler', (request: FastifyRequest, _reply, done) => {
    if (firstFault(request.params) !== null) return done(new ApiError(Errors.NotFound, 'Not found [invalid id]'))
    let fault = firstFault(request.query)
    if (fault === null) fault = firstFault(request.body)
    done(fault === null ? undefined : invalidInput(fault))
  })
}

/** An object or array still to walk, and where it sits (for the message only). */
interface Frame {
  value: object
  parent: Frame | null
  key: string | number
}

function pathOf(frame: Frame | null, key: string | number | null): string {
  const parts: Array<string | number> = key === null ? [] : [key]
  for (let f = frame; f !== null && f.parent !== null; f = f.parent) parts.push(f.key)
  let path = ''
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i]
    path += typeof part === 'number' ? `[${part}]` : path === '' ? part : `.${part}`
  }
  return path || 'value'
}

function leafFault(v: unknown): 'number' | 'nul' | null {
  if (typeof v === 'number') return Number.isFinite(v) ? null : 'number'
  if (typeof v === 'string') return v.includes('\u0000') ? 'nul' : null
  return null
}

const message = (path: string, fault: 'number' | 'nul') => (fault === 'number' ? `${path} must be a finite number` : `${path} must not contain NUL`)

/**
 * `<path> must be a finite number` / `<path> must not contain NUL`, or null when all is well.
 * Leaves are checked where they stand and only objects and arrays are queued, and a path is
 * spelled only for a fault: a 1,000-contact bulk body is ~40,000 leaves, and building each one's
 * path was a tenth of Bulk Create's CPU.
 */
export function firstFault(value: unknown): string | null {
  const top = leafFault(value)
  if (top !== null) return message('value', top)
  if (value === null || typeof value !== 'object') return null
  const stack: Frame[] = [{ value, parent: null, key: '' }]
  while (stack.length > 0) {
    const frame = stack.pop()!
    const v = frame.value
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        const child: unknown = v[i]
        if (child !== null && typeof child === 'object') stack.push({ value: child, parent: frame, key: i })
        else {
          const fault = leafFault(child)
          if (fault !== null) return message(pathOf(frame, i), fault)
        }
      }
    } else {
      for (const key in v) {
        if (!Object.hasOwn(v, key)) continue
        if (key.includes('\u0000')) return message(pathOf(frame, null), 'nul')
        const child: unknown = (v as Record<string, unknown>)[key]
        if (child !== null && typeof child === 'object') stack.push({ value: child, parent: frame, key })
        else {
          const fault = leafFault(child)
          if (fault !== null) return message(pathOf(frame, key), fault)
        }
      }
    }
  }
  return null
}
