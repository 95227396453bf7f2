import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient, type TestClient } from '../../../../test/fixtures.ts'
import { flag } from '../../../db/dialect.ts'
import { COUNTRIES } from './client.catalog.ts'
import { roleSessions, type RoleName } from '../../../../test/support/configuration.ts'
import { expectError, expectForbidden, expectInvalid, expectNotFound } from '../../../../test/support/errors.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers })

/** The seed example's values (clients.md), written straight into the client row. */
async function applySeedSettings(clientId: number): Promise<void> {
  await t.db.updateTable('clients').set({
    display_name: 'Demo', default_screen_pop_id: 3063, default_dialing_profile_id: 0, service_level_seconds: 20,
    restrict_strategies_scope: flag(true), default_strategy_id: 468, requeue_strategy_id: 469,
    default_contact_timing_id: 1, default_voice_id: 1, answering_machine_option: null, scrub_wireless: flag(false),
    acd_resource_group_enabled: flag(true), acd_agent_skill_enabled: flag(true), acct_realtime_dnc: flag(true),
    lcid_package_id: 1256, report_only_after_all_retries: flag(false), default_input_filter_id: 21572,
  }).where('id', '=', clientId).execute()
  // Inserted out of key order: the answer must still be in key order.
  const properties = { template_id: '11601', exclusion_fields: 'ACCOUNT', store_wireless: 'DAYS_DUE_6', exclusion_range: '1', sequential_loading: '0', requeue_limit: '15' }
  await t.db.insertInto('client_messaging_properties')
    .values(Object.entries(properties).map(([key, value]) => ({ client_id: clientId, key, value }))).execute()
}

const freshInternal = {
  maxDailyAttempts: 0, callRecordingDays: 30, encryptCcsPassword: true, maxFailedCcsLoginAttempts: 5,
  encryptAcdPassword: true, maxFailedAcdLoginAttempts: 0, passwordExpirationDays: 0,
}

describe('Read Client Internal Settings', () => {
  it('answers the provisioned defaults (the seed example\'s values) with and without the client id', async () => {
    const c = await createTestClient(t)
    for (const url of ['/configuration/clients/internal', `/configuration/clients/${c.clientId}/internal`, `/configuration/v6.0/clients/${c.clientId}/internal/`]) {
      const res = await get(url, c.admin)
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual(freshInternal)
    }
  })

  it('reads back changed limits and keeps unset counters as null', async () => {
    const c = await createTestClient(t)
    await t.db.updateTable('clients').set({ max_failed_acd_login_attempts: 3, password_expiration_days: 90, max_daily_attempts: null, encrypt_ccs_password: flag(false) })
      .where('id', '=', c.clientId).execute()
    const res = await get('/configuration/clients/internal', c.admin)
    expect(res.json()).toEqual({ ...freshInternal, maxFailedAcdLoginAttempts: 3, passwordExpirationDays: 90, maxDailyAttempts: null, encryptCcsPassword: false })
  })
})

describe('Read Client General Settings', () => {
  it('answers every key of a new client: display name, code, 20 seconds and false flags', async () => {
    const c = await createTestClient(t)
    const res = await get(`/configuration/clients/${c.clientId}/settings`, c.admin)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      displayName: `Test ${c.code}`, clientCode: c.code, defaultScreenPopId: null, defaultDialingProfileId: null,
      serviceLevelSeconds: 20, restrictStrategiesScope: false, defaultStrategyId: null, requeueStrategyId: null,
      defaultContactTimingId: null, defaultVoiceId: null, answeringMachineOption: null, scrubWireless: false,
      acdResourceGroupEnabled: false, acdAgentSkillEnabled: false, acctRealtimeDnc: false, lcidPackageId: null,
      reportOnlyAfterAllRetries: false,
    })
  })

  it('answers the seed example body for a client configured like the seed', async () => {
    const c = await createTestClient(t)
    await applySeedSettings(c.clientId)
    const res = await get('/configuration/clients/settings', c.admin)
    expect(res.json()).toEqual({
      displayName: 'Demo', clientCode: c.code, defaultScreenPopId: 3063, defaultDialingProfileId: 0,
      serviceLevelSeconds: 20, restrictStrategiesScope: true, defaultStrategyId: 468, requeueStrategyId: 469,
      defaultContactTimingId: 1, defaultVoiceId: 1, answeringMachineOption: null, scrubWireless: false,
      acdResourceGroupEnabled: true, acdAgentSkillEnabled: true, acctRealtimeDnc: true, lcidPackageId: 1256,
      reportOnlyAfterAllRetries: false,
    })
    await t.db.updateTable('clients').set({ answering_machine_option: 'LEAVE_MESSAGES' }).where('id', '=', c.clientId).execute()
    expect((await get('/configuration/clients/settings', c.admin)).json().answeringMachineOption).toBe('LEAVE_MESSAGES')
  })
})

describe('Read Client Messaging Settings', () => {
  it('answers an empty property list and a null filter for a new client', async () => {
    const c = await createTestClient(t)
    const res = await get('/configuration/clients/messaging', c.admin)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ property: [], defaultInputFilterId: null })
  })

  it('answers the properties in key order with the default input filter (seed example)', async () => {
    const c = await createTestClient(t)
    await applySeedSettings(c.clientId)
    const res = await get(`/configuration/clients/${c.clientId}/messaging`, c.admin)
    expect(res.json()).toEqual({
      property: [
        { key: 'exclusion_fields', value: 'ACCOUNT' },
        { key: 'exclusion_range', value: '1' },
        { key: 'requeue_limit', value: '15' },
        { key: 'sequential_loading', value: '0' },
        { key: 'store_wireless', value: 'DAYS_DUE_6' },
        { key: 'template_id', value: '11601' },
      ],
      defaultInputFilterId: 21572,
    })
  })
})

describe('Voice pool: Read Client Voice Pool Settings, Update Client Add Voice, Update Client Remove Voice', () => {
  it('keeps voices in the order they were added and answers the seed example', async () => {
    const c = await createTestClient(t)
    expect((await get('/configuration/clients/voicePool', c.admin)).json()).toEqual({ voice: [] })
    for (const id of [1, 5, 2, 3]) {
      const res = await t.app.inject({ method: 'POST', url: `/configuration/clients/${c.clientId}/voicePool/${id}`, headers: c.admin })
      expect(res.statusCode).toBe(204)
      expect(res.body).toBe('')
    }
    const res = await get(`/configuration/clients/${c.clientId}/voicePool`, c.admin)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ voice: [{ id: 1 }, { id: 5 }, { id: 2 }, { id: 3 }] })
  })

  it('adds without a client id to the session\'s client, and adding a pooled voice changes nothing', async () => {
    const c = await createTestClient(t)
    for (const id of [11, 4, 11]) {
      expect((await t.app.inject({ method: 'POST', url: `/configuration/clients/voicePool/${id}`, headers: c.admin })).statusCode).toBe(204)
    }
    expect((await get('/configuration/clients/voicePool', c.admin)).json()).toEqual({ voice: [{ id: 11 }, { id: 4 }] })
  })

  it('removes a pooled voice, and answers 404 for a voice that is not in the pool', async () => {
    const c = await createTestClient(t)
    for (const id of [1, 2, 3]) await t.app.inject({ method: 'POST', url: `/configuration/clients/voicePool/${id}`, headers: c.admin })
    const removed = await t.app.inject({ method: 'DELETE', url: `/configuration/clients/${c.clientId}/voicePool/2`, headers: c.admin })
    expect(removed.statusCode).toBe(204)
    expect((await get('/configuration/clients/voicePool', c.admin)).json()).toEqual({ voice: [{ id: 1 }, { id: 3 }] })
    expectNotFound(await t.app.inject({ method: 'DELETE', url: '/configuration/clients/voicePool/2', headers: c.admin }), 'Voice not found [ID:2]')
    expect((await t.app.inject({ method: 'DELETE', url: '/configuration/clients/voicePool/3', headers: c.admin })).statusCode).toBe(204)
    expect((await get('/configuration/clients/voicePool', c.admin)).json()).toEqual({ voice: [{ id: 1 }] })
  })

  it('refuses voices outside the catalogue on add and remove, changing nothing', async () => {
    const c = await createTestClient(t)
    await t.app.inject({ method: 'POST', url: '/configuration/clients/voicePool/1', headers: c.admin })
    for (const method of ['POST', 'DELETE'] as const) {
      for (const id of [7, 12, 999]) {
        expectInvalid(await t.app.inject({ method, url: `/configuration/clients/voicePool/${id}`, headers: c.admin }), `Invalid input [voice ${id}]`)
      }
    }
    expectNotFound(await t.app.inject({ method: 'POST', url: '/configuration/clients/voicePool/abc', headers: c.admin }), /^Not found/)
    expect((await get('/configuration/clients/voicePool', c.admin)).json()).toEqual({ voice: [{ id: 1 }] })
  })
})

describe('List Countries', () => {
  it('answers the seed\'s 68 countries as a bare array ordered by name', async () => {
    const c = await createTestClient(t)
    const res = await get('/configuration/clients/countries', c.admin)
    expect(res.statusCode).toBe(200)
    const body = res.json() as { countryCode: string; name: string; id: number }[]
    expect(body).toHaveLength(68)
    expect(body.slice(0, 3)).toEqual([
      { countryCode: '54', name: 'ARGENTINA', id: 7 },
      { countryCode: '61', name: 'AUSTRALIA', id: 11 },
      { countryCode: '43', name: 'AUSTRIA', id: 12 },
    ])
    expect(body).toContainEqual({ countryCode: '20', name: 'Egypt', id: 33 })
    expect(body).toContainEqual({ countryCode: '353', name: 'Ireland', id: 128 })
    expect(body).toContainEqual({ countryCode: '1', name: 'UNITED STATES OF AMERICA', id: 1 })
    expect(body.at(-1)).toEqual({ countryCode: '260', name: 'ZAMBIA', id: 67 })
    const names = body.map((b) => b.name.toLowerCase())
    expect(names).toEqual([...names].sort())
    for (const country of body) {
      expect(Object.keys(country).sort()).toEqual(['countryCode', 'id', 'name'])
      expect(typeof country.countryCode).toBe('string')
      expect(Number.isInteger(country.id)).toBe(true)
    }
    expect(new Set(body.map((b) => b.id)).size).toBe(68)
    expect(body).toEqual(COUNTRIES)
  })
})

describe('Client selection and roles', () => {
  const readPaths = ['internal', 'settings', 'messaging', 'voicePool']

  it('reaches a descendant client by id, and answers another client\'s id as not found', async () => {
    const parent = await createTestClient(t)
    const child = await createTestClient(t, { parentId: parent.clientId })
    const stranger = await createTestClient(t)
    await t.app.inject({ method: 'POST', url: `/configuration/clients/${child.clientId}/voicePool/9`, headers: parent.admin })
    expect((await get(`/configuration/clients/${child.clientId}/voicePool`, child.admin)).json()).toEqual({ voice: [{ id: 9 }] })
    expect((await get(`/configuration/clients/${child.clientId}/settings`, parent.admin)).json().clientCode).toBe(child.code)

    for (const [caller, target] of [[child, parent], [stranger, parent], [parent, stranger]] as [TestClient, TestClient][]) {
      for (const path of readPaths) {
        expectNotFound(await get(`/configuration/clients/${target.clientId}/${path}`, caller.admin), `Client not found [ID:${target.clientId}]`)
      }
      expectNotFound(await t.app.inject({ method: 'POST', url: `/configuration/clients/${target.clientId}/voicePool/1`, headers: caller.admin }), `Client not found [ID:${target.clientId}]`)
      expectNotFound(await t.app.inject({ method: 'DELETE', url: `/configuration/clients/${target.clientId}/voicePool/9`, headers: caller.admin }), `Client not found [ID:${target.clientId}]`)
    }
    expectNotFound(await get('/configuration/clients/999999999/internal', parent.admin), 'Client not found [ID:999999999]')
    expect((await get(`/configuration/clients/${parent.clientId}/voicePool`, parent.admin)).json()).toEqual({ voice: [] })
    expect((await get(`/configuration/clients/${child.clientId}/voicePool`, child.admin)).json()).toEqual({ voice: [{ id: 9 }] })
  })

  it('allows Sysadmin and IT User only; Superuser, Managers (with or without power) and agents get 403', async () => {
    const c = await createTestClient(t)
    const sessions = await roleSessions(t, c, { power: 'ADMINISTER_AGENTS' })
    const allowed: RoleName[] = ['SYSADMIN', 'IT_USER']
    const requests = [
      ...readPaths.flatMap((p) => [`/configuration/clients/${p}`, `/configuration/clients/${c.clientId}/${p}`]).map((url) => ({ method: 'GET' as const, url, status: 200 })),
      { method: 'GET' as const, url: '/configuration/clients/countries', status: 200 },
      { method: 'POST' as const, url: '/configuration/clients/voicePool/3', status: 204 },
      { method: 'POST' as const, url: `/configuration/clients/${c.clientId}/voicePool/5`, status: 204 },
      { method: 'DELETE' as const, url: '/configuration/clients/voicePool/3', status: 204 },
      { method: 'DELETE' as const, url: `/configuration/clients/${c.clientId}/voicePool/5`, status: 204 },
    ]
    for (const [role, headers] of Object.entries(sessions) as [RoleName, Record<string, string>][]) {
      for (const r of requests) {
        const res = await t.app.inject({ method: r.method, url: r.url, headers })
        if (allowed.includes(role)) expect({ role, url: r.url, status: res.statusCode }).toEqual({ role, url: r.url, status: r.status })
        else expectForbidden(res)
      }
    }
    expect((await get('/configuration/clients/voicePool', c.admin)).json()).toEqual({ voice: [] })
    expectError(await get('/configuration/clients/internal', {}), 401, 201, /^Unauthorized/)
  })

  it('answers 405 for a method the path does not have', async () => {
    const c = await createTestClient(t)
    const res = await t.app.inject({ method: 'PUT', url: '/configuration/clients/voicePool/3', headers: c.admin })
    expect(res.statusCode).toBe(405)
  })
})
