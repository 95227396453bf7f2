import helmet from '@fastify/helmet'
import Fastify, { type FastifyInstance } from 'fastify'

/** Where the bundled Swagger UI is served (app.ts); its pages may be cached, API answers may not. */
export const DOCS_PREFIX = '/docs'

/** The OpenAPI document (service-endpoints.ts); like /docs, the same for everyone. */
export const OPENAPI_PATH = '/openapi.json'

/** The docs and the document: no caller data, so cacheable (and compressed, app.ts) unlike API answers. */
export const isCacheablePath = (path: string): boolean =>
  path === OPENAPI_PATH || path === DOCS_PREFIX || path.startsWith(`${DOCS_PREFIX}/`)

/**
 * The Content-Security-Policy of every response (issue 10 item 13). The only HTML is /docs, the
 * Swagger UI bundled with @fastify/swagger-ui: its index.html loads its scripts and styles from
 * /docs/static (no inline script: the package's static/csp.json lists no hashes), and the UI
 * fetches /docs/json, so 'self' suffices and nothing comes from a CDN. Inline styles stay allowed
 * because the UI sets style attributes as it renders. No upgrade-insecure-requests: lvapi is
 * often reached over plain HTTP on a LAN address, where upgraded asset requests would fail.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  upgradeInsecureRequests: null,
}

/**
 * Security headers on every response, error answers and unknown routes included (issue 10 item
 * 13), through @fastify/helmet: X-Content-Type-Options: nosniff, the CSP above, frame and
 * referrer policies. HSTS is left to whatever terminates TLS in front of lvapi. API answers carry
 * `Cache-Control: no-store`: contacts hold SSNs and Login answers a session id, and neither may
 * sit in a browser or proxy cache.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  const headers = await helmetHeaders()
  // What @fastify/helmet does on every request, with the headers worked out once: the plugin
  // builds helmet's middleware anew per request (parsing the CSP directives each time) in two
  // onRequest hooks, ~5% of a Read Agent's CPU under 50 connections (bench/realistic-results.md).
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value)
    done()
  })
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!isCacheablePath(request.routeOptions.url ?? '')) reply.header('cache-control', 'no-store')
    done(null, payload)
  })
}

/**
 * The headers @fastify/helmet sets with our options, read once from a bare Fastify instance: its
 * hooks write them on the raw response before the handler runs, so the handler sees exactly them.
 */
async function helmetHeaders(): Promise<Array<[string, string | number | string[]]>> {
  const probe = Fastify({ logger: false })
  await probe.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    strictTransportSecurity: false,
  })
  let headers: Array<[string, string | number | string[]]> = []
  probe.get('/', async (_request, reply) => {
    headers = Object.entries(reply.raw.getHeaders()).filter((h): h is [string, string | number | string[]] => h[1] !== undefined)
    return ''
  })
  await probe.inject('/')
  await probe.close()
  if (headers.length === 0) throw new Error('@fastify/helmet set no headers')
  return headers
}
