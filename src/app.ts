import Fastify, { type FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import compress from '@fastify/compress'
import type { Config } from './config.ts'
import type { Db, DbHandle } from './db/database.ts'
import { registerAuth } from './http/auth.ts'
import { registerErrorHandling } from './http/error-handler.ts'
import { registerJsonBody } from './http/json-body.ts'
import { DOCS_PREFIX, isCacheablePath, registerSecurityHeaders } from './http/security-headers.ts'
import { documentTransform, openapiOptions, serveDocsCacheable } from './http/openapi.ts'
import { maskSessionIds, requestIdFrom } from './http/log-masking.ts'
import { RequestLog } from './http/request-log.ts'
import { trustProxyOption } from './http/client-address.ts'
import { registerInputGuard } from './http/input-guard.ts'
import { batchResponseWrites, holdsLateAnswers } from './http/write-batching.ts'
import { parseQueryString, registerMethodNotAllowed, rewriteUrl, trackRouteMethods } from './http/routing.ts'
import { documentErrorShapes, ErrorBody } from './http/schemas.ts'
import { systemClock, type Clock } from './lib/clock.ts'
import { hashGate, VerifiedSecrets } from './lib/secrets.ts'
import { AbuseLimiter, type AbuseConfig } from './modules/session/abuse-limits.ts'
import { SessionStore } from './modules/session/session.store.ts'
import { sessionRoutes } from './modules/session/session.routes.ts'
import { userRoutes } from './modules/configuration/users/user.routes.ts'
import { callCenterRoutes } from './modules/configuration/call-centers/call-center.routes.ts'
import { serviceRoutes } from './modules/configuration/services/service.routes.ts'
import { clientRoutes } from './modules/configuration/clients/client.routes.ts'
import { agentRoutes } from './modules/configuration/agents/agent.routes.ts'
import { agentSkillRoutes } from './modules/configuration/agent-skills/agent-skill.routes.ts'
import { contactModules } from './modules/contact/contact.modules.ts'
import { serviceEndpoints } from './service-endpoints.ts'
import { appClock, SANDBOX_KEY_HEADER, SANDBOX_PREFIX, sandboxPlugin, type SandboxConfig } from './sandbox/sandbox.plugin.ts'
import { metricsPlugin, type MetricsConfig } from './metrics/metrics.plugin.ts'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    dbHandle: DbHandle
    clock: Clock
    sessions: SessionStore
    secrets: VerifiedSecrets
    abuse: AbuseLimiter
  }
}

/**
 * Request log line without secrets: session ids also travel in paths and in `?sessionId=`
 * (Validate, Logout, Session Details), so those are masked like the headers (http/log-masking.ts).
 */
export function serializeRequest(req: { method: string; url: string; ip?: string; id?: string }) {
  return { method: req.method, url: maskSessionIds(req.url), remoteAddress: req.ip }
}

/** How often each instance deletes expired sessions. */
const SESSION_SWEEP_MS = 5 * 60 * 1000

export interface AppDeps {
  config: Pick<Config, 'LV_BODY_LIMIT' | 'LV_BULK_BODY_LIMIT' | 'LV_TRUST_PROXY' | 'LV_LOG_LEVEL' | 'LV_HASH_CONCURRENCY'> & AbuseConfig & SandboxConfig & MetricsConfig
  dbHandle: DbHandle
  clock?: Clock
  /** false in tests; pino options otherwise. */
  logger?: boolean | object
  /** The default logger's pino transport (server.ts: pino-pretty on a terminal); JSON lines on stdout when absent. */
  logTransport?: object
}

/** Every API module, in the order the OpenAPI document lists them (no autoloading: grep finds routes). */
const apiModules = [
  sessionRoutes,
  callCenterRoutes,
  serviceRoutes,
  clientRoutes,
  agentRoutes,
  agentSkillRoutes,
  userRoutes,
  ...contactModules,
]

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? {
      level: deps.config.LV_LOG_LEVEL,
      redact: ['req.headers["lv-access"]', 'req.headers["lv-session"]'],
      serializers: { req: serializeRequest },
      transport: deps.logTransport,
    },
    bodyLimit: deps.config.LV_BODY_LIMIT,
    trustProxy: trustProxyOption(deps.config.LV_TRUST_PROXY),
    genReqId: (req) => requestIdFrom(req.headers['x-request-id']),
    requestIdHeader: false,
    rewriteUrl: (req) => rewriteUrl(req.url ?? '/'),
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: true,
      maxParamLength: 500,
      querystringParser: parseQueryString,
    },
    ajv: {
      customOptions: {
        // README §4: digit strings, Boolean words and numbers into strings are the only
        // conversions; 'array' would also turn 42 into [42] and ["x"] into "x". No query
        // parameter is an Array, so query strings lose nothing by it.
        coerceTypes: true,
        removeAdditional: false,
        useDefaults: true,
        allErrors: false,
      },
    },
    logController: new RequestLog(),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  })
  const clock = appClock(deps.config, deps.clock ?? systemClock)
  app.decorate('dbHandle', deps.dbHandle)
  app.decorate('db', deps.dbHandle.db)
  app.decorate('clock', clock)
  hashGate.setConcurrency(deps.config.LV_HASH_CONCURRENCY)
  const abuse = new AbuseLimiter(deps.config, clock)
  app.decorate('abuse', abuse)
  app.decorate('secrets', new VerifiedSecrets(10_000, abuse.enabled ? deps.config.LV_HASH_QUEUE : Infinity))
  app.decorate('sessions', new SessionStore(deps.dbHandle.db, clock))
  // Hooks that run on every request are callbacks, not async functions: a promise per hook per
  // request is measurable on the hottest reads (bench/realistic-results.md, session 6).
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id)
    done(null, payload)
  })

  batchResponseWrites(app.server, { holdLateAnswers: holdsLateAnswers(deps.dbHandle.dialect) })
  registerErrorHandling(app)
  await registerSecurityHeaders(app)
  registerJsonBody(app, deps.config.LV_BULK_BODY_LIMIT)
  app.addSchema(ErrorBody)
  await app.register(swagger, {
    openapi: openapiOptions(),
    transformObject: documentTransform({ prefix: SANDBOX_PREFIX, keyHeader: SANDBOX_KEY_HEADER }),
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  })
  serveDocsCacheable(app, isCacheablePath)
  await app.register(compress, { global: false })
  await app.register(metricsPlugin, { config: deps.config })

  await app.register(async (api) => {
    const methods = trackRouteMethods(api)
    registerAuth(api, app.sessions)
    registerInputGuard(api)
    documentErrorShapes(api)
    for (const module of apiModules) await api.register(module)
    await api.register(sandboxPlugin, { config: deps.config })
    registerMethodNotAllowed(api, methods)
  })
  await app.register(serviceEndpoints)
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, logLevel: 'warn', theme: { title: 'lvapi API documentation' } })
  const sweeper = setInterval(() => {
    app.sessions.sweep().catch((err) => app.log.warn({ err }, 'session sweep failed'))
  }, SESSION_SWEEP_MS)
  sweeper.unref()
  app.addHook('onClose', async () => {
    clearInterval(sweeper)
    await deps.dbHandle.close()
  })
  return app
}
