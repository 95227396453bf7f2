import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isForeignKeyViolation, isUniqueViolation } from '../db/db-errors.ts'
import { ApiError, Errors, apiOfPath, errorBody, type ErrorDefinition } from './errors.ts'

interface AjvError {
  instancePath: string
  keyword: string
  params: Record<string, unknown>
  message?: string
}

/** `/service/0/id` → `service[0].id` (how a client names the field it sent). */
function fieldPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  if (extra) parts.push(extra)
  return parts.reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '')
}

/**
 * Schema failures become the vendor's 400/202 naming the field (README §3.2, §4); a bad path id
 * is "not found" (README §1.3). Only the first failure is reported, as the vendor does.
 */
export function validationError(context: string | undefined, errors: AjvError[]): ApiError {
  if (context === 'params') return new ApiError(Errors.NotFound, 'Not found [invalid id]')
  const first = errors.find((e) => e.keyword === 'required') ?? errors[0]
  if (!first) return new ApiError(Errors.InvalidInput)
  if (context === 'body' && first.instancePath === '' && first.keyword === 'type') return new ApiError(Errors.BodyNotObject)
  if (first.keyword === 'required') {
    return new ApiError(Errors.MissingField, `Missing required field [${fieldPath(first.instancePath, String(first.params.missingProperty))}]`)
  }
  const field = fieldPath(first.instancePath)
  if (first.keyword === 'minLength' && first.params.limit === 1) {
    return new ApiError(Errors.MissingField, `Missing required field [${field}]`)
  }
  const detail = first.keyword === 'enum'
    ? `${field} must be one of ${(first.params.allowedValues as unknown[]).join(', ')}`
    : `${field || context} ${first.message ?? 'is invalid'}`
  return new ApiError(Errors.InvalidInput, `Invalid input [${detail}]`)
}

const fastifyCodes: Record<string, ErrorDefinition> = {
  FST_ERR_CTP_BODY_TOO_LARGE: Errors.PayloadTooLarge,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: Errors.UnsupportedMediaType,
  FST_ERR_CTP_EMPTY_JSON_BODY: Errors.MalformedJson,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: Errors.MalformedJson,
}

/** Maps anything thrown to the vendor error; unknown failures become a logged, generic 500. */
export function toApiError(error: unknown, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error
  const fe = error as FastifyError & { validation?: AjvError[]; validationContext?: string }
  if (fe.validation) return validationError(fe.validationContext, fe.validation)
  // A race the service's own checks could not see (two instances creating the same name):
  // the database's constraint decides, and the answer is the vendor's 400/202.
  if (isUniqueViolation(error)) return new ApiError(Errors.Duplicate)
  if (isForeignKeyViolation(error)) return new ApiError(Errors.InvalidInput, 'Invalid input [referenced object does not exist]')
  const known = fe.code ? fastifyCodes[fe.code] : undefined
  if (known) return new ApiError(known)
  // An abuse or rate limit (README §8); the limiter has already set Retry-After on the reply.
  if (fe.statusCode === 429) return new ApiError(Errors.RateLimited)
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new ApiError({ status: fe.statusCode, code: 202, message: 'Invalid input' }, `Invalid input [${fe.message}]`)
  }
  request.log.error({ err: error }, 'unhandled error')
  return new ApiError(Errors.Internal)
}

/** The only writer of error bodies (STYLE §4). */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply: FastifyReply) => {
    const apiError = toApiError(error, request)
    for (const [name, value] of Object.entries(apiError.headers)) reply.header(name, value)
    reply.code(apiError.status).type('application/json; charset=utf-8')
    // The matched route's path decides the API (README §3.1); no route → Configuration shape.
    return reply.send(errorBody(apiError.code, apiError.message, apiOfPath(request.routeOptions.url)))
  })
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).type('application/json; charset=utf-8')
    // README §3.1: a request that matches no route answers in the Configuration shape.
    return reply.send(errorBody(Errors.RouteNotFound.code, `Not found [${request.method} ${request.url.split('?')[0]}]`, 'configuration'))
  })
}
