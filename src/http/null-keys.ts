import type { FastifyRequest } from 'fastify'

/**
 * README §4: a JSON null in a body means "not supplied" for creates and "no change" for updates.
 * Dropping such top-level keys before validation lets the schema state each rule once: a null
 * required field is then missing, a null optional one absent. (Ajv's type coercion would
 * otherwise turn null into "", 0 or false.) Used as a route's preValidation hook.
 */
export async function dropNullKeys(request: FastifyRequest): Promise<void> {
  const body = request.body
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return
  for (const [key, value] of Object.entries(body)) {
    if (value === null) delete (body as Record<string, unknown>)[key]
  }
}
