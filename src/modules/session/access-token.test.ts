import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/app.ts'
import { createTestDatabaseUrl } from '../../../test/database.ts'
import { createTestClient, PASSWORD } from '../../../test/fixtures.ts'
import { bootstrap } from '../../bootstrap.ts'
import { loadConfig } from '../../config.ts'
import { createDb } from '../../db/database.ts'
import { addAccessToken } from './access-token.service.ts'

/** README §2.2: access token format and storage. */
let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const VENDOR_TOKEN = '47bfb7cd-0a0c-469d-9ae2-e2f86e8104d3'

async function loginWith(code: string, token: string) {
  const res = await t.app.inject({
    method: 'POST', url: '/session/login', headers: { 'lv-access': token }, payload: { clientName: code, userName: 'admin', password: PASSWORD },
  })
  return { status: res.statusCode, body: res.json() }
}

describe('access token format (issue 11 item 1)', () => {
  it('provisions a vendor-format UUID token and logs in with it; the comparison is case-sensitive', async () => {
    const c = await createTestClient(t)
    expect(await addAccessToken(t.db, c.clientId, t.clock.now(), VENDOR_TOKEN)).toBe(VENDOR_TOKEN)
    const ok = await loginWith(c.code, VENDOR_TOKEN)
    expect(ok.status).toBe(200)
    expect(ok.body.clientId).toBe(c.clientId)
    const upper = await loginWith(c.code, VENDOR_TOKEN.toUpperCase())
    expect(upper.status).toBe(401)
    expect(upper.body).toMatchObject({ code: 201, message: 'Unauthorized [invalid access token]' })
  })

  it.each(['a.b_c-d.e', 'x'.repeat(128), '12345678'])('accepts %s', async (token) => {
    const c = await createTestClient(t)
    await addAccessToken(t.db, c.clientId, t.clock.now(), token)
    expect((await loginWith(c.code, token)).status).toBe(200)
  })

  it.each(['1234567', 'x'.repeat(129), 'has space1', 'plus+sign1', 'slash/abc1', 'ümlaut123'])('refuses %j', async (token) => {
    const c = await createTestClient(t)
    await expect(addAccessToken(t.db, c.clientId, t.clock.now(), token)).rejects.toMatchObject({
      status: 400, code: 202, message: "Invalid input [access token must be 8 to 128 letters, digits, '-', '_' or '.']",
    })
  })

  it('bootstraps with LV_ACCESS_TOKEN set to a UUID and refuses a malformed one at configuration', async () => {
    const config = loadConfig({ LV_ACCESS_TOKEN: VENDOR_TOKEN, LV_ADMIN_PASSWORD: PASSWORD, LV_DEMO_DATA: '0', LV_CLIENT_CODE: 'BOOTUUID' })
    const handle = createDb(await createTestDatabaseUrl())
    try {
      const result = await bootstrap(handle, config, Date.now())
      expect(result).toMatchObject({ created: true, clientCode: 'BOOTUUID' })
      expect(result.generatedToken).toBeUndefined()
      const row = await handle.db.selectFrom('access_tokens').select('client_id').where('client_id', '=', result.clientId!).executeTakeFirst()
      expect(row).toBeDefined()
    } finally {
      await handle.close()
    }
    expect(() => loadConfig({ LV_ACCESS_TOKEN: 'not a token' })).toThrow(/invalid configuration LV_ACCESS_TOKEN/)
  })
})
