import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestDatabaseUrl } from '../../test/database.ts'
import { buildApp } from '../app.ts'
import { loadConfig, type Config } from '../config.ts'
import { createDb } from '../db/database.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { ManualClock } from '../lib/clock.ts'
import { SandboxClock } from './clock/sandbox-clock.ts'
import { isLoopback } from './sandbox.plugin.ts'

const KEY = 'k'.repeat(24)
const apps: FastifyInstance[] = []
afterEach(async () => { for (const app of apps.splice(0)) await app.close() })

async function appWith(overrides: Partial<Config>): Promise<FastifyInstance> {
  const dbHandle = createDb(await createTestDatabaseUrl(), { poolSize: 2 })
  await migrateToLatest(dbHandle.db)
  const app = await buildApp({ config: loadConfig({}, { LV_DEMO_DATA: '0', ...overrides }), dbHandle, clock: new ManualClock(), logger: false })
  apps.push(app)
  return app
}

const sandboxOperations = async (app: FastifyInstance) => {
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { tags: string[] }>> }
  return Object.entries(doc.paths).filter(([path]) => path.startsWith('/_lvapi/'))
    .flatMap(([, ops]) => Object.values(ops).map((op) => op.tags))
}

describe('sandbox access rule', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '::ffff:127.0.0.1'])('%s is loopback', (host) => {
    expect(isLoopback(host)).toBe(true)
  })
  it.each(['0.0.0.0', '::', '10.0.0.5', 'example.com', '128.0.0.1'])('%s is not loopback', (host) => {
    expect(isLoopback(host)).toBe(false)
  })

  it('is on without a key when HOST is loopback, documented under the tag Sandbox', async () => {
    const app = await appWith({ HOST: '127.0.0.1' })
    expect((await app.inject({ method: 'GET', url: '/_lvapi/clock' })).statusCode).toBe(200)
    expect(app.clock).toBeInstanceOf(SandboxClock)
    const tags = await sandboxOperations(app)
    expect(tags.length).toBeGreaterThanOrEqual(8)
    expect(tags.every((t) => t.length === 1 && t[0] === 'Sandbox')).toBe(true)
  })

  it('answers 404 for the whole namespace on a public address without a key, and the clock is the plain one', async () => {
    const app = await appWith({ HOST: '0.0.0.0' })
    for (const [method, url] of [['GET', '/_lvapi/clock'], ['PUT', '/_lvapi/clock'], ['GET', '/_lvapi/journal'], ['POST', '/_lvapi/faults'], ['POST', '/_lvapi/tenants']] as const) {
      const res = await app.inject({ method, url, payload: method === 'GET' ? undefined : {} })
      expect(res.statusCode, `${method} ${url}`).toBe(404)
      expect(res.json()).toMatchObject({ code: 203 })
    }
    expect(app.clock).not.toBeInstanceOf(SandboxClock)
    expect(await sandboxOperations(app)).toEqual([])
  })

  it('on a public address with LV_SANDBOX_KEY, every control call must present it', async () => {
    const app = await appWith({ HOST: '0.0.0.0', LV_SANDBOX_KEY: KEY })
    const missing = await app.inject({ method: 'GET', url: '/_lvapi/clock' })
    expect(missing.statusCode).toBe(401)
    expect(missing.json()).toMatchObject({ code: 201, message: 'Unauthorized [missing or invalid LV-Sandbox-Key header]' })
    const wrong = await app.inject({ method: 'PUT', url: '/_lvapi/clock', headers: { 'lv-sandbox-key': `${KEY}x` }, payload: { advance: '1h' } })
    expect(wrong.statusCode).toBe(401)
    expect((await app.inject({ method: 'GET', url: '/_lvapi/clock', headers: { 'lv-sandbox-key': KEY } })).json().offsetMillis).toBe(0)
    expect((await app.inject({ method: 'GET', url: '/_lvapi/journal', headers: { 'lv-sandbox-key': KEY } })).statusCode).toBe(200)
    expect((await app.inject({ method: 'GET', url: '/_lvapi/faults', headers: { 'lv-sandbox-key': KEY } })).statusCode).toBe(200)
    // The vendor routes do not need it.
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200)
  })

  it('with a key on loopback, the key is required too', async () => {
    const app = await appWith({ HOST: '127.0.0.1', LV_SANDBOX_KEY: KEY })
    expect((await app.inject({ method: 'GET', url: '/_lvapi/clock' })).statusCode).toBe(401)
    expect((await app.inject({ method: 'GET', url: '/_lvapi/clock', headers: { 'lv-sandbox-key': KEY } })).statusCode).toBe(200)
  })

  it('LV_SANDBOX=off turns it off even on loopback', async () => {
    const app = await appWith({ HOST: '127.0.0.1', LV_SANDBOX: 'off' })
    expect((await app.inject({ method: 'GET', url: '/_lvapi/clock' })).statusCode).toBe(404)
  })

  it('LV_JOURNAL_SIZE=0 records nothing', async () => {
    const app = await appWith({ LV_JOURNAL_SIZE: 0 })
    await app.inject({ method: 'GET', url: '/health' })
    await app.inject({ method: 'GET', url: '/configuration/users/info' })
    expect((await app.inject({ method: 'GET', url: '/_lvapi/journal' })).json()).toEqual({ size: 0, entries: [] })
  })
})
