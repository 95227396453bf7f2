import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { timingSafeEqual } from 'node:crypto'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { Config } from '../config.ts'
import type { DbHandle } from '../db/database.ts'
import { access } from '../http/auth.ts'
import { ApiError, Errors } from '../http/errors.ts'
import type { Clock } from '../lib/clock.ts'
import { isLoopback } from '../sandbox/sandbox.plugin.ts'
import { countActiveSessions } from './metrics.repository.ts'

export type MetricsConfig = Pick<Config, 'HOST' | 'LV_METRICS' | 'LV_METRICS_KEY'>

export const METRICS_PATH = '/metrics'

/** Label of requests that matched no route: their paths are the caller's to choose, so never a label. */
export const UNMATCHED = 'unknown'

/**
 * The sandbox's access rule (docs/sandbox.md), for the same reason: on a loopback-only server
 * nobody else can read the figures; on any other address only with a key (a bearer token, which
 * Prometheus sends from `authorization` / `bearer_token` in its scrape config) or when the
 * operator says `LV_METRICS=on` (a private network). `off` removes the route (404).
 */
export function metricsEnabled(config: MetricsConfig): boolean {
  if (config.LV_METRICS === 'off') return false
  if (config.LV_METRICS === 'on' || config.LV_METRICS_KEY !== undefined) return true
  return isLoopback(config.HOST)
}

/** Latency buckets in seconds: the API answers in ~1 ms, bulk writes and downloads take seconds. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

/**
 * A route's operation label: the vendor operationId of its schema; routes without one (docs
 * assets, /openapi.json, 405 answers) by their path pattern, which is as bounded as the route list.
 */
function operationOf(request: FastifyRequest): string {
  const options = request.routeOptions
  const operationId = (options.schema as { operationId?: unknown } | undefined)?.operationId
  if (typeof operationId === 'string') return operationId
  return options.url ?? UNMATCHED
}

function bearerGuard(key: string) {
  const expected = Buffer.from(`Bearer ${key}`)
  return async (request: FastifyRequest) => {
    const given = request.headers.authorization
    const presented = Buffer.from(typeof given === 'string' ? given : '')
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      throw new ApiError(Errors.InvalidAccessToken, 'Unauthorized [missing or invalid metrics bearer token]', { 'www-authenticate': 'Bearer' })
    }
  }
}

/**
 * One registry per app, not prom-client's global one: several apps in one process (tests, the
 * bench) would otherwise clash on metric names and mix their counts.
 */
function createMetrics(dbHandle: DbHandle, clock: Clock) {
  const registry = new Registry()
  const requests = new Counter({
    name: 'lvapi_http_requests_total',
    help: 'HTTP requests answered, by vendor operationId and status code.',
    labelNames: ['operation', 'status'] as const,
    registers: [registry],
  })
  const duration = new Histogram({
    name: 'lvapi_http_request_duration_seconds',
    help: 'Time from receiving a request to sending the last byte of its answer, by operationId and status code.',
    labelNames: ['operation', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  })
  new Gauge({
    name: 'lvapi_sessions_active',
    help: 'Sessions used within the last two hours (the rolling expiry window, README §2.3), all clients.',
    registers: [registry],
    async collect() {
      this.set(await countActiveSessions(dbHandle.db, clock.now()))
    },
  })
  const pool = dbHandle.pgPool
  if (pool) {
    new Gauge({
      name: 'lvapi_db_pool_connections',
      help: 'PostgreSQL pool connections, by state (idle or in use).',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        this.set({ state: 'idle' }, pool.idleCount)
        this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount)
      },
    })
    new Gauge({
      name: 'lvapi_db_pool_max_connections',
      help: 'PostgreSQL pool size limit (DATABASE_POOL_SIZE).',
      registers: [registry],
      collect() {
        this.set(pool.options.max ?? 10)
      },
    })
    new Gauge({
      name: 'lvapi_db_pool_waiting_requests',
      help: 'Queries waiting for a PostgreSQL pool connection: above zero the pool is the bottleneck.',
      registers: [registry],
      collect() {
        this.set(pool.waitingCount)
      },
    })
  }
  let defaultsStarted = false
  // The labelled children, made once per operation and status (a bounded set: route × status)
  // rather than a labels object, a closure and a validation per request.
  const children = new Map<string, { inc: () => void; observe: (seconds: number) => void }>()
  return {
    registry,
    observe(operation: string, status: number, seconds: number) {
      const key = `${status} ${operation}`
      let child = children.get(key)
      if (!child) {
        const labels = { operation, status: String(status) }
        const counter = requests.labels(labels)
        const histogram = duration.labels(labels)
        child = { inc: () => counter.inc(), observe: (value) => histogram.observe(value) }
        children.set(key, child)
      }
      child.inc()
      child.observe(seconds)
    },
    async scrape(): Promise<string> {
      // Process metrics (memory, CPU, event-loop lag, GC) start at the first scrape: they install
      // an event-loop delay monitor and a GC observer that live as long as the process, which an
      // app nobody scrapes (every test app) should not pay for.
      if (!defaultsStarted) {
        defaultsStarted = true
        collectDefaultMetrics({ register: registry })
      }
      return registry.metrics()
    },
  }
}

/**
 * GET /metrics in the Prometheus text format. Registered on the root instance before the API
 * scope, so its onResponse hook times every route, unknown paths included.
 */
async function metrics(app: FastifyInstance, opts: { config: MetricsConfig }): Promise<void> {
  if (!metricsEnabled(opts.config)) return
  const m = createMetrics(app.dbHandle, app.clock)
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    m.observe(operationOf(request), reply.statusCode, reply.elapsedTime / 1000)
    done()
  })
  const key = opts.config.LV_METRICS_KEY
  app.get(METRICS_PATH, {
    config: { access: access.public },
    schema: { hide: true },
    ...(key === undefined ? {} : { onRequest: bearerGuard(key) }),
  }, async (_request, reply) => {
    reply.type(m.registry.contentType)
    return m.scrape()
  })
}

/** Hooks of this plugin apply to the scope it is registered in (what fastify-plugin does). */
export const metricsPlugin: FastifyPluginAsync<{ config: MetricsConfig }> = Object.assign(metrics, {
  [Symbol.for('skip-override')]: true,
})
