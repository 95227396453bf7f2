import type { FastifyInstance, HTTPMethods, RouteOptions } from 'fastify'
import { parse as parseQuery } from 'node:querystring'
import { ApiError, Errors } from './errors.ts'

const VERSION_SEGMENT = /^\/(session|configuration|contact)\/v\d+(?:\.\d+)?(?=\/|$)/i

/**
 * README §1.2-1.3: repeated slashes collapse, one trailing slash is ignored, and a version
 * segment after the category (`/configuration/v6.0/...`) is an alias of the unversioned path.
 * Case-insensitive literals and trailing slashes are the router's options (app.ts).
 */
export function rewriteUrl(url: string): string {
  const q = url.indexOf('?')
  let path = q === -1 ? url : url.slice(0, q)
  const query = q === -1 ? '' : url.slice(q)
  path = path.replace(/\/{2,}/g, '/')
  path = path.replace(VERSION_SEGMENT, '/$1')
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1)
  return path + query
}

/**
 * README §5: a paging value written inside literal braces (`count={10}`) is read without them,
 * because the seed's List Contact Group example sends exactly that.
 * README §4: a parameter given empty (`client=`, a bare `callCenter`) is absent, so an optional one
 * is ignored (a PHP client sends `client=` when none is configured) and a mandatory one answers
 * `Missing required field [<name>]`, for every route at once.
 */
export function parseQueryString(text: string): Record<string, unknown> {
  const query = parseQuery(text) as Record<string, unknown>
  for (const [key, value] of Object.entries(query)) {
    const given = [value].flat().filter((v) => v !== '')
    if (given.length === 0) delete query[key]
    else if (Array.isArray(value) && given.length !== value.length) query[key] = given.length === 1 ? given[0] : given
  }
  for (const key of ['count', 'offset']) {
    const value = query[key]
    if (typeof value === 'string' && /^\{.*\}$/.test(value)) query[key] = value.slice(1, -1)
  }
  return query
}

const ALL_METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']

interface PathMethods {
  url: string
  methods: Set<string>
}

/**
 * Records the methods of every path so that a known path with another method answers 405 with
 * `Allow` (README §1.3) instead of the router's 404. Paths are keyed with parameter names
 * erased (`/contact/contacts/:acct` and `/:account` are one path to the router).
 */
export function trackRouteMethods(app: FastifyInstance): Map<string, PathMethods> {
  const byPath = new Map<string, PathMethods>()
  app.addHook('onRoute', (route: RouteOptions) => {
    if ((route.config)?.methodNotAllowed) return
    const key = route.url.toLowerCase().replace(/:[^/]+/g, ':')
    const entry = byPath.get(key) ?? { url: route.url, methods: new Set<string>() }
    for (const m of [route.method].flat()) if (m !== 'HEAD') entry.methods.add(m)
    byPath.set(key, entry)
  })
  return byPath
}

/** Registered last (app.ts), when every module's routes are known. */
export function registerMethodNotAllowed(app: FastifyInstance, byPath: Map<string, PathMethods>): void {
  for (const { url, methods } of [...byPath.values()]) {
    const missing = ALL_METHODS.filter((m) => !methods.has(m))
    if (missing.length === 0) continue
    const allow = [...methods].sort().join(', ')
    app.route({
      method: missing,
      url,
      config: { methodNotAllowed: true, access: { public: true } },
      schema: { hide: true },
      handler: async () => {
        throw new ApiError(Errors.MethodNotAllowed, `Method not allowed [allowed: ${allow}]`, { Allow: allow })
      },
    })
  }
}
