import { afterAll, beforeAll, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { createTestDatabaseUrl } from '../../../test/database.ts'
import { login } from '../../../test/fixtures.ts'
import { buildApp } from '../../app.ts'
import { bootstrap } from '../../bootstrap.ts'
import { loadConfig } from '../../config.ts'
import { createDb } from '../../db/database.ts'
import { ManualClock } from '../../lib/clock.ts'

let app: FastifyInstance
const config = loadConfig({}, { LV_DEMO_DATA: '1', LV_CLIENT_CODE: 'BOOT', LV_ADMIN_PASSWORD: 'Bootstrap1', LV_ACCESS_TOKEN: 'boot-token-1234', LV_ABUSE_LIMITS: 'off' })
const root = { code: 'BOOT', token: 'boot-token-1234' }

beforeAll(async () => {
  const dbHandle = createDb(await createTestDatabaseUrl(), { poolSize: 4 })
  const clock = new ManualClock()
  await bootstrap(dbHandle, config, clock.now())
  app = await buildApp({ config, dbHandle, clock, logger: false })
  await app.ready()
})
afterAll(async () => { await app.close() })

const agentCount = async (headers: Record<string, string>) =>
  (await app.inject({ method: 'GET', url: '/configuration/agents/listInfo', headers })).json()

it('returns a bootstrapped database with demo data to its bootstrapped state: tenants gone, root client, admin, token and demo data back', async () => {
  const admin = await login(app, root, 'admin', 'Bootstrap1')
  const before = await agentCount(admin)
  const tenant = (await app.inject({ method: 'POST', url: '/_lvapi/tenants', payload: {} })).json()
  await app.inject({ method: 'DELETE', url: '/configuration/agents/' + (await app.inject({ method: 'GET', url: '/configuration/agents?count=1&offset=0', headers: admin })).json().agent[0].id, headers: admin })
  await app.inject({ method: 'POST', url: '/session/password', headers: admin, payload: { oldPassword: 'Bootstrap1', newPassword: 'Changed123' } })

  const res = await app.inject({ method: 'POST', url: '/_lvapi/reset' })
  expect(res.statusCode).toBe(204)
  const again = await login(app, root, 'admin', 'Bootstrap1')
  expect(await agentCount(again)).toEqual(before)
  const gone = await app.inject({ method: 'POST', url: '/session/login', headers: { 'lv-access': tenant.accessToken }, payload: { clientName: tenant.clientCode, userName: 'admin', password: tenant.password, agent: false } })
  expect(gone.statusCode).toBe(401)
})
