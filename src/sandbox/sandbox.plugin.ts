import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'
import { timingSafeEqual } from 'node:crypto'
import type { Config } from '../config.ts'
import { ApiError, Errors } from '../http/errors.ts'
import type { Clock } from '../lib/clock.ts'
import { SandboxClock } from './clock/sandbox-clock.ts'
import { clockRoutes } from './clock/clock.routes.ts'
import { FaultRules } from './faults/faults.ts'
import { faultRoutes } from './faults/fault.routes.ts'
import { Journal, JOURNAL_BODY_LIMIT, keptPayload, type JournalRecord } from './journal/journal.ts'
import { journalRoutes } from './journal/journal.routes.ts'
import { tenantOf } from './tenant-ref.ts'
import { tenantRoutes } from './tenants/tenant.routes.ts'
import { fixtureRoutes } from './fixtures/fixture.routes.ts'

export type SandboxConfig = Pick<Config, 'HOST' | 'LV_SANDBOX' | 'LV_SANDBOX_KEY' | 'LV_JOURNAL_SIZE' | 'LV_SANDBOX_POOL'>

/** Header every control call carries when LV_SANDBOX_KEY is set. */
export const SANDBOX_KEY_HEADER = 'lv-sandbox-key'

/** Every control route lives under this prefix, which no vendor path uses. */
export const SANDBOX_PREFIX = '/_lvapi'

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1|::ffff:127(?:\.\d{1,3}){3}|\[::1\])$/i

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host.trim())
}

/**
 * The access rule (docs/sandbox.md): on by default when the server listens on loopback only, where
 * nobody else can reach it; on any other address only with a key, which every control call must
 * then present. LV_SANDBOX=off turns it off everywhere (a loopback server behind a reverse proxy
 * is reachable from outside).
 */
export function sandboxEnabled(config: SandboxConfig): boolean {
  if (config.LV_SANDBOX === 'off') return false
  return config.LV_SANDBOX_KEY !== undefined || isLoopback(config.HOST)
}

/** The app's clock: controllable through /_lvapi/clock in sandbox mode, the given one otherwise. */
export function appClock(config: SandboxConfig, base: Clock): Clock {
  return sandboxEnabled(config) ? new SandboxClock(base) : base
}

function keyGuard(key: string) {
  const expected = Buffer.from(key)
  return async (request: FastifyRequest) => {
    const given = request.headers[SANDBOX_KEY_HEADER]
    const presented = Buffer.from(typeof given === 'string' ? given : '')
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      throw new ApiError(Errors.InvalidAccessToken, `Unauthorized [missing or invalid LV-Sandbox-Key header]`)
    }
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Id of the fault rule that hit this request. Not a decorateRequest: the vendor routes are
     * registered before this plugin and keep the request class they were built with.
     */
    sandboxFault?: number
    /** The request body as sent (JSON text), taken before validation coerces it in place. */
    sandboxBody?: string
    /** The payload as sent, as the journal keeps it (journal.ts keptPayload). */
    sandboxPayload?: unknown
  }
}

/** `request.routeOptions` builds a new object at each read: read it once per hook. */
type RouteView = FastifyRequest['routeOptions']
const isControl = (route: RouteView) => route.url?.startsWith(SANDBOX_PREFIX) === true

/** The body as the journal keeps it; one above the limit (or of unknown length) is described, not copied. */
function journalBody(request: FastifyRequest): unknown {
  if (request.sandboxBody !== undefined || request.body === undefined) return request.sandboxBody
  const length = request.headers['content-length']
  return length === undefined ? '[body of unknown length not kept]' : `[${length} bytes not kept]`
}

/** Only bodies whose announced length is within the limit are copied (a chunked upload may be 50 MB). */
function keepsBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length']
  return request.body !== undefined && length !== undefined && Number(length) <= JOURNAL_BODY_LIMIT
}

function journalRecord(request: FastifyRequest, route: RouteView, clock: Clock, status: number, durationMs: number, dropped: boolean): Omit<JournalRecord, 'seq'> {
  return {
    time: clock.now(),
    method: request.method,
    url: request.url,
    operationId: route.schema?.operationId ?? null,
    status,
    durationMs,
    principal: request.principal ?? null,
    clientCode: request.principal ? null : tenantOf(null, request.body).code,
    requestBody: journalBody(request),
    responsePayload: request.sandboxPayload,
    fault: request.sandboxFault ?? null,
    dropped,
  }
}

/**
 * Journal: preValidation copies a request body as sent (Ajv's coercion rewrites it in place, and
 * the journal shows what the client sent), onSend keeps the payload (small JSON text by reference), onResponse
 * writes one record. All are callback hooks (no promise per request); a request without a body
 * costs three calls and one object. Masking and parsing wait for a query.
 */
function registerJournal(app: FastifyInstance, journal: Journal): void {
  app.addHook('preValidation', (request, _reply, done) => {
    if (keepsBody(request)) {
      try {
        request.sandboxBody = JSON.stringify(request.body)
      } catch {
        // Thousands of nested arrays fit in 64 KiB and overflow the stack; the route still answers.
        request.sandboxBody = '[body nested too deeply, not kept]'
      }
    }
    done()
  })
  app.addHook('onSend', (request, _reply, payload, done) => {
    request.sandboxPayload = keptPayload(payload)
    done(null, payload)
  })
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions
    if (!isControl(route)) journal.record(journalRecord(request, route, app.clock, reply.statusCode, reply.elapsedTime, false))
    done()
  })
}

/**
 * Faults run after authentication (so a rule can match the session's tenant) and before input
 * validation. While no rule exists the hook returns at once; the vendor routes never see it.
 */
function registerFaults(app: FastifyInstance, faults: FaultRules, journal: Journal): void {
  app.addHook('preValidation', (request, reply, done) => {
    if (!faults.active) return done()
    const route = request.routeOptions
    if (isControl(route)) return done()
    const effect = faults.match({
      operationId: route.schema?.operationId,
      method: request.method,
      path: request.url.split('?')[0],
      tenant: tenantOf(request.principal, request.body),
    })
    if (!effect) return done()
    request.sandboxFault = effect.rule.id
    const apply = () => {
      if (!effect.drop) return done(effect.error ?? undefined)
      // No answer at all, as when the vendor's edge resets the connection.
      reply.hijack()
      journal.record(journalRecord(request, route, app.clock, 0, reply.elapsedTime, true))
      request.raw.destroy()
    }
    if (effect.latencyMs > 0) setTimeout(apply, effect.latencyMs)
    else apply()
  })
}

/**
 * When the server last began or ended a request (performance.now()): the tenant pool fills only
 * once it has been quiet for a moment (tenant-pool.ts). A time rather than a count of requests in
 * flight, which a hijacked or dropped request would leave raised.
 */
function registerActivity(app: FastifyInstance): () => number {
  let last = 0
  const seen = (_request: unknown, _reply: unknown, done: () => void) => {
    last = performance.now()
    done()
  }
  app.addHook('onRequest', seen)
  app.addHook('onResponse', seen)
  return () => last
}

/**
 * The sandbox control plane. Registered in the API scope (app.ts) so the request hooks above see
 * every vendor route, while the control routes live in their own child scope under /_lvapi. When
 * the sandbox is off nothing is registered: the whole namespace is an unknown route (404).
 */
async function sandbox(app: FastifyInstance, opts: { config: SandboxConfig }): Promise<void> {
  if (!sandboxEnabled(opts.config)) return
  const clock = app.clock
  if (!(clock instanceof SandboxClock)) throw new Error('sandbox mode needs the app clock from appClock()')
  const journal = new Journal(opts.config.LV_JOURNAL_SIZE)
  const faults = new FaultRules()
  if (journal.size > 0) registerJournal(app, journal)
  registerFaults(app, faults, journal)
  const lastActivity = opts.config.LV_SANDBOX_POOL > 0 ? registerActivity(app) : () => 0

  await app.register(async (control) => {
    if (opts.config.LV_SANDBOX_KEY !== undefined) control.addHook('onRequest', keyGuard(opts.config.LV_SANDBOX_KEY))
    await control.register(clockRoutes, { clock })
    await control.register(faultRoutes, { faults })
    await control.register(journalRoutes, { journal })
    await control.register(tenantRoutes, { poolSize: opts.config.LV_SANDBOX_POOL, lastActivity })
    await control.register(fixtureRoutes)
  }, { prefix: SANDBOX_PREFIX })
}

/** Hooks of this plugin apply to the scope it is registered in (what fastify-plugin does). */
export const sandboxPlugin: FastifyPluginAsync<{ config: SandboxConfig }> = Object.assign(sandbox, {
  [Symbol.for('skip-override')]: true,
})
