import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../app.ts'
import { loadConfig, type Config } from '../config.ts'
import { createDb } from '../db/database.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { ManualClock } from '../lib/clock.ts'
import { buildTestApp, type TestApp } from '../../test/app.ts'
import { createTestDatabaseUrl } from '../../test/database.ts'
import { createTestClient, type TestClient } from '../../test/fixtures.ts'

/** An app with the given environment (buildTestApp always runs with the defaults: HOST loopback). */
async function appWith(env: Partial<Config>) {
  const dbHandle = createDb(await createTestDatabaseUrl(), { poolSize: 2 })
  await migrateToLatest(dbHandle.db)
  const app = await buildApp({ config: loadConfig({}, { LV_DEMO_DATA: '0', ...env }), dbHandle, clock: new ManualClock(), logger: false })
  await app.ready()
  return app
}

interface Family { name: string; type: string; samples: string[] }

/** The exposition text as metric families (`# TYPE` lines and the samples under them). */
function families(text: string): Map<string, Family> {
  const result = new Map<string, Family>()
  let current: Family | undefined
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line)
    if (type) {
      current = { name: type[1], type: type[2], samples: [] }
      result.set(current.name, current)
    } else if (line !== '' && !line.startsWith('#')) {
      current!.samples.push(line)
    }
  }
  return result
}

describe('GET /metrics', () => {
  let t: TestApp
  let c: TestClient
  beforeAll(async () => {
    t = await buildTestApp()
    c = await createTestClient(t)
  })
  afterAll(() => t.close())

  it('counts and times requests by operationId and status, unknown paths under one label', async () => {
    expect((await t.app.inject({ url: '/configuration/callCenters?count=5&offset=0', headers: c.admin })).statusCode).toBe(200)
    expect((await t.app.inject({ url: '/configuration/callCenters?count=5&offset=0', headers: c.admin })).statusCode).toBe(200)
    expect((await t.app.inject({ url: '/configuration/callCenters?count=5&offset=0' })).statusCode).toBe(401)
    expect((await t.app.inject({ url: '/no/such/path/1' })).statusCode).toBe(404)
    expect((await t.app.inject({ url: '/no/such/path/2' })).statusCode).toBe(404)

    const res = await t.app.inject({ url: '/metrics' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8')
    const m = families(res.body)
    expect(m.get('lvapi_http_requests_total')!.samples).toEqual(expect.arrayContaining([
      'lvapi_http_requests_total{operation="login",status="200"} 1',
      'lvapi_http_requests_total{operation="listCallCenters",status="200"} 2',
      'lvapi_http_requests_total{operation="listCallCenters",status="401"} 1',
      'lvapi_http_requests_total{operation="unknown",status="404"} 2',
    ]))
    const duration = m.get('lvapi_http_request_duration_seconds')!
    expect(duration.type).toBe('histogram')
    expect(duration.samples).toContain('lvapi_http_request_duration_seconds_count{operation="listCallCenters",status="200"} 2')
    expect(duration.samples).toContain('lvapi_http_request_duration_seconds_bucket{le="+Inf",operation="unknown",status="404"} 2')
    // createTestClient logged its Sysadmin in.
    expect(m.get('lvapi_sessions_active')!.samples).toEqual(['lvapi_sessions_active 1'])
  })

  it('reports process memory and event-loop lag, and the PostgreSQL pool when there is one', async () => {
    const m = families((await t.app.inject({ url: '/metrics' })).body)
    for (const name of ['process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds']) {
      expect(m.has(name), name).toBe(true)
    }
    const pool = ['lvapi_db_pool_connections', 'lvapi_db_pool_max_connections', 'lvapi_db_pool_waiting_requests']
    if (process.env.TEST_DIALECT === 'postgres') {
      expect(m.get('lvapi_db_pool_connections')!.samples).toEqual([
        expect.stringMatching(/^lvapi_db_pool_connections\{state="idle"\} \d+$/),
        expect.stringMatching(/^lvapi_db_pool_connections\{state="in_use"\} \d+$/),
      ])
      expect(m.get('lvapi_db_pool_max_connections')!.samples).toEqual(['lvapi_db_pool_max_connections 4'])
      // The scrape's own session count may be queued while the pool opens a connection.
      expect(m.get('lvapi_db_pool_waiting_requests')!.samples).toEqual([expect.stringMatching(/^lvapi_db_pool_waiting_requests \d+$/)])
    } else {
      for (const name of pool) expect(m.has(name), name).toBe(false)
    }
  })

  it('names every metric the Prometheus way: snake_case, counters in _total, histograms in base units', async () => {
    const m = families((await t.app.inject({ url: '/metrics' })).body)
    expect(m.size).toBeGreaterThan(10)
    for (const { name, type } of m.values()) {
      expect(name, name).toMatch(/^[a-z][a-z0-9_]*$/)
      expect(name, name).not.toMatch(/_(ms|milliseconds|microseconds|kb|mb|minutes|hours)(_|$)/)
      if (type === 'counter') expect(name, name).toMatch(/_total$/)
      // prom-client's own nodejs_active_{handles,requests,resources}_total are gauges; ours are not.
      else if (name.startsWith('lvapi_')) expect(name, name).not.toMatch(/_total$/)
      if (type === 'histogram') expect(name, name).toMatch(/_(seconds|bytes)$/)
    }
    for (const name of m.keys()) {
      if (name.startsWith('lvapi_')) expect(name).toMatch(/^lvapi_(http|sessions|db)_/)
    }
  })

  it('is left out of the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json()
    expect(Object.keys(doc.paths)).not.toContain('/metrics')
  })
})

describe('who may read /metrics', () => {
  const KEY = 'metrics-key-0123456789'

  it('does not exist on a non-loopback address without a key (404, like any unknown path)', async () => {
    const app = await appWith({ HOST: '0.0.0.0' })
    try {
      const res = await app.inject({ url: '/metrics' })
      expect(res.statusCode).toBe(404)
      expect(res.json()).toMatchObject({ code: 203 })
    } finally {
      await app.close()
    }
  })

  it('asks for the key as a bearer token when LV_METRICS_KEY is set', async () => {
    const app = await appWith({ HOST: '0.0.0.0', LV_METRICS_KEY: KEY })
    try {
      for (const authorization of [undefined, `Bearer ${KEY}x`, KEY, `Basic ${KEY}`]) {
        const res = await app.inject({ url: '/metrics', headers: authorization === undefined ? {} : { authorization } })
        expect(res.statusCode, String(authorization)).toBe(401)
        expect(res.headers['www-authenticate']).toBe('Bearer')
        expect(res.json()).toMatchObject({ code: 201, message: 'Unauthorized [missing or invalid metrics bearer token]' })
      }
      const res = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${KEY}` } })
      expect(res.statusCode).toBe(200)
      expect(res.body).toContain('lvapi_http_requests_total{operation="/metrics",status="401"} 4')
    } finally {
      await app.close()
    }
  })

  it('answers without a key on any address with LV_METRICS=on, and nowhere with off', async () => {
    const on = await appWith({ HOST: '0.0.0.0', LV_METRICS: 'on' })
    const off = await appWith({ HOST: '127.0.0.1', LV_METRICS: 'off', LV_METRICS_KEY: KEY })
    try {
      expect((await on.inject({ url: '/metrics' })).statusCode).toBe(200)
      expect((await off.inject({ url: '/metrics', headers: { authorization: `Bearer ${KEY}` } })).statusCode).toBe(404)
    } finally {
      await on.close()
      await off.close()
    }
  })
})
