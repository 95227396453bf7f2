import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'

/** Where the bundled Swagger UI is served (app.ts); its pages may be cached, API answers may not. */
export const DOCS_PREFIX = '/docs'

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
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    strictTransportSecurity: false,
  })
  app.addHook('onSend', async (request, reply, payload) => {
    const path = request.routeOptions.url ?? ''
    if (path !== DOCS_PREFIX && !path.startsWith(`${DOCS_PREFIX}/`)) reply.header('cache-control', 'no-store')
    return payload
  })
}
