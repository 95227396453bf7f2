import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { agentSession, createTestClient, login, PASSWORD, userSession, type TestClient } from '../../../../test/fixtures.ts'
import { provisionCampaign, provisionResourceGroup } from './service.provisioning.ts'
import { ALL_ROLES, roleSessions, seedCallCenter, seedService, type RoleName } from '../../../../test/support/configuration.ts'
import { expectError, expectForbidden, expectInvalid, expectNoContent, expectNotFound } from '../../../../test/support/errors.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const BASE = '/configuration/services'
const DAY = 86_400_000

const get = (headers: Record<string, string>, url: string) => t.app.inject({ method: 'GET', url, headers })
const post = (headers: Record<string, string>, url: string, payload?: unknown) =>
  t.app.inject({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })

async function ok(res: Promise<LightMyRequestResponse> | LightMyRequestResponse, status = 200) {
  const r = await res
  expect(r.statusCode, r.body).toBe(status)
  return r.json()
}

/** A Service with every tab filled, as an existing vendor Service would be. */
async function fullService(c: TestClient, callCenterId: number, callDirection: 'OUTBOUND' | 'BLENDED' | 'INBOUND' = 'BLENDED') {
  return seedService(t, c, callCenterId, {
    name: 'ATL_1stParty_Recovery_Manual (4)', callDirection, acdFeatureCode: 'MANUAL', abbreviation: '4',
    termCodeEnabled: true, previewMode: 'WIRELESS', callerIds: ['8886542232', '8773402033'], defaultCallerId: '8773402033',
    operatorPhone: '8773402033', callbackPhone: '8773402033', agentCallInNumber: '7347324396', defaultInputFilterId: 21572,
    messaging: { template_id: '7125', preview_template_id: '7125' },
    pacing: { method: 'LINES_AGENT', throttle: 15, maxWaitTime: 20 },
    settings: {
      screen_pop_id: 0, service_level_seconds: 20, dialing_profile_id: 321, dialing_restriction: 1, dialing_sort: 'DEFAULT',
      zip_area_mismatch: 'OFF', voice_id: 0, answering_machine_option: 'NO_MESSAGES', transfer_option_enabled: 1,
      acd_scheduled_callback: 'ROUTE_TO_ORIG_AGENT_FIRST', acd_scheduled_callback_preview_enabled: 1, acd_ptp_enabled: 1,
      preview_manual_allowed: 1, preview_skip_allowed: 1, preview_confirm_dial: 1, preview_timeout: 1000, preview_dial_action: 'DIAL',
      call_recording_enabled: 1, caller_id_source_id: 0, callback_phone_source_id: 0, dial_toll_free: 0, operator_phone_source_id: 0,
      call_acceptance_enabled: 0, leave_no_messages: 1, contact_max_attempts_per_day: 0, cross_requeueable: 1,
    },
    inboundHours: callDirection === 'OUTBOUND' ? [] : [
      { dayOfWeek: 'WEEKDAY', startTime: 43200000, endTime: 93540000 },
      { dayOfWeek: 'SPECIFIC_DATE', date: 1580446800000, startTime: 54000000, endTime: 61200000 },
    ],
  })
}

async function allTabs(headers: Record<string, string>, id: number) {
  return {
    general: await ok(get(headers, `${BASE}/${id}`)),
    phone: await ok(get(headers, `${BASE}/${id}/phone`)),
    settings: await ok(get(headers, `${BASE}/${id}/settings`)),
    messaging: await ok(get(headers, `${BASE}/${id}/messaging`)),
    pacing: await ok(get(headers, `${BASE}/${id}/pacing`)),
    hours: await ok(get(headers, `${BASE}/${id}/inboundHours`)),
  }
}

describe('Create Service', () => {
  it('copies every tab of the source into its Call Center under the new name', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const source = await fullService(c, center)
    await agentSession(t, c, { serviceIds: [source] })
    await provisionCampaign(t.db, c.clientId, { serviceId: source, name: 'Recent', lastActivityDate: t.clock.now() }, t.clock.now())
    await provisionResourceGroup(t.db, c.clientId, { name: 'RG', inbound: [source], outbound: [source] }, t.clock.now())
    t.clock.advance(1000)
    const res = await post({ ...c.admin, 'content-type': 'application/json' }, `${BASE}?service=${source}&name=Documentation`)
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toEqual({ id: expect.any(Number) })
    const id = res.json().id
    expect(id).not.toBe(source)

    const original = await allTabs(c.admin, source)
    const copy = await allTabs(c.admin, id)
    expect(copy.general).toEqual({ ...original.general, serviceId: id, name: 'Documentation' })
    expect(copy.phone).toEqual({ ...original.phone, serviceId: id, name: 'Documentation' })
    expect(copy.settings).toEqual({ ...original.settings, serviceId: id, name: 'Documentation' })
    expect(copy.messaging).toEqual(original.messaging)
    expect(copy.pacing).toEqual({ method: 'LINES_AGENT', throttle: 15, maxWaitTime: 20 })
    expect(copy.hours.inboundHour).toHaveLength(2)
    expect(copy.hours.inboundHour.map(({ id: _id, ...h }: { id: number }) => h)).toEqual(original.hours.inboundHour.map(({ id: _id, ...h }: { id: number }) => h))
    for (const h of copy.hours.inboundHour) expect(original.hours.inboundHour.map((o: { id: number }) => o.id)).not.toContain(h.id)
    // No agents, campaigns or resource groups come along.
    expect(await ok(get(c.admin, `${BASE}/${id}/related`))).toEqual({ callCenter: { id: center }, agent: [], campaign: [], outboundResourceGroup: [] })
    expect(await ok(get(c.admin, `${BASE}/info?callCenter=${center}`))).toEqual({ size: 2, lastModified: t.clock.now() })
  })

  it('refuses to copy an INBOUND Service', async () => {
    const c = await createTestClient(t)
    const source = await fullService(c, await seedCallCenter(t, c), 'INBOUND')
    expectInvalid(await post(c.admin, `${BASE}?service=${source}&name=Copy`), 'Invalid input [an inbound service cannot be created through the API]')
    expect((await ok(get(c.admin, `${BASE}/info?callCenter=${(await ok(get(c.admin, `${BASE}/${source}`))).callCenterId}`))).size).toBe(1)
  })

  it('requires service and a non-empty name', async () => {
    const c = await createTestClient(t)
    const source = await seedService(t, c, await seedCallCenter(t, c))
    expectInvalid(await post(c.admin, `${BASE}?service=${source}`), 'Missing required field [name]')
    expectInvalid(await post(c.admin, `${BASE}?service=${source}&name=`), 'Missing required field [name]')
    expectInvalid(await post(c.admin, `${BASE}?name=Copy`), 'Missing required field [service]')
    expectInvalid(await post(c.admin, `${BASE}?service=abc&name=Copy`), /^Invalid input \[service/)
  })

  it('answers an unknown source and another client\'s as not found', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const foreign = await seedService(t, other, await seedCallCenter(t, other))
    expectNotFound(await post(c.admin, `${BASE}?service=${foreign}&name=Copy`), `Service not found [ID:${foreign}]`)
    expectNotFound(await post(c.admin, `${BASE}?service=53661&name=Copy`), 'Service not found [ID:53661]')
  })
})

describe('Delete Service', () => {
  it('deletes the Service with its hours, caller ids, grants and inbound links', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const doomed = await fullService(c, center)
    const linked = await seedService(t, c, center, { inboundServiceId: doomed })
    const agent = await agentSession(t, c, { serviceIds: [doomed, linked] })
    const manager = await userSession(t, c, 'MANAGER', { serviceIds: [doomed, linked] })
    await provisionCampaign(t.db, c.clientId, { serviceId: doomed, name: 'Old', lastActivityDate: t.clock.now() - 91 * DAY }, t.clock.now())
    t.clock.advance(1000)
    expectNoContent(await t.app.inject({ method: 'DELETE', url: `${BASE}/${doomed}`, headers: c.admin }))
    expectNotFound(await get(c.admin, `${BASE}/${doomed}`), `Service not found [ID:${doomed}]`)
    expect((await ok(get(c.admin, `${BASE}/${linked}`))).inboundService).toBeNull()
    expect((await ok(get(c.admin, `/configuration/agents/${agent.agentId}`))).assignedService).toEqual([{ id: linked }])
    expect(await t.db.selectFrom('user_services').select('service_id').where('user_id', '=', manager.userId).execute()).toEqual([{ service_id: linked }])
    for (const table of ['service_inbound_hours', 'service_caller_ids', 'service_messaging_properties', 'campaigns'] as const) {
      expect(await t.db.selectFrom(table).select('service_id').where('service_id', '=', doomed).execute(), table).toEqual([])
    }
    expect(await ok(get(c.admin, `${BASE}/info?callCenter=${center}`))).toEqual({ size: 1, lastModified: t.clock.now() })
  })

  it('refuses while a campaign was active in the past 90 days', async () => {
    const c = await createTestClient(t)
    const service = await seedService(t, c, await seedCallCenter(t, c))
    const campaign = await provisionCampaign(t.db, c.clientId, { serviceId: service, name: 'Recent', lastActivityDate: t.clock.now() - 89 * DAY }, t.clock.now())
    const res = await t.app.inject({ method: 'DELETE', url: `${BASE}/${service}`, headers: c.admin })
    expectInvalid(res, 'Cannot delete service [campaigns associated in the past 90 days]')
    expect((await ok(get(c.admin, `${BASE}/${service}/related`))).campaign).toEqual([{ id: campaign }])
    // Exactly 90 days ago still counts; a moment later it no longer does.
    t.clock.advance(DAY)
    const admin = await login(t.app, c, 'admin', PASSWORD)
    expectInvalid(await t.app.inject({ method: 'DELETE', url: `${BASE}/${service}`, headers: admin }), 'Cannot delete service [campaigns associated in the past 90 days]')
    t.clock.advance(1)
    expectNoContent(await t.app.inject({ method: 'DELETE', url: `${BASE}/${service}`, headers: admin }))
  })

  it('unlists a Call Center whose last Service it was', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const service = await seedService(t, c, center)
    expect((await ok(get(c.admin, '/configuration/callCenters/info'))).size).toBe(1)
    t.clock.advance(1000)
    expectNoContent(await t.app.inject({ method: 'DELETE', url: `${BASE}/${service}`, headers: c.admin }))
    expect(await ok(get(c.admin, '/configuration/callCenters/info'))).toEqual({ size: 0, lastModified: t.clock.now() })
    expectNoContent(await t.app.inject({ method: 'DELETE', url: `/configuration/callCenters/${center}`, headers: c.admin }))
  })

  it('answers an unknown id and another client\'s id as not found', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const foreign = await seedService(t, other, await seedCallCenter(t, other))
    expectNotFound(await t.app.inject({ method: 'DELETE', url: `${BASE}/${foreign}`, headers: c.admin }), `Service not found [ID:${foreign}]`)
    expectNotFound(await t.app.inject({ method: 'DELETE', url: `${BASE}/53702`, headers: c.admin }), 'Service not found [ID:53702]')
    expect((await get(other.admin, `${BASE}/${foreign}`)).statusCode).toBe(200)
  })
})

describe('Find Matching Services', () => {
  async function searchFixture() {
    const c = await createTestClient(t)
    const a = await seedCallCenter(t, c, 'Atlanta - First Party')
    const b = await seedCallCenter(t, c, 'California')
    const d = await seedCallCenter(t, c, 'Denver')
    const s = {
      inA: await seedService(t, c, a, { name: 'ATL_1stParty_PVAll_QC (5)', acdFeatureCode: 'AGENT_AT_READY_IN' }),
      noAcdA: await seedService(t, c, a, { name: 'ATL_IVR', acdFeatureCode: 'NO_ACD' }),
      unattendedA: await seedService(t, c, a, { name: 'ATL_Unattended', acdFeatureCode: 'NO_ACD', unattended: true }),
      inB: await seedService(t, c, b, { name: 'California_QC', acdFeatureCode: 'AGENT_AT_READY_IN' }),
      inD: await seedService(t, c, d, { name: 'Denver_QC', acdFeatureCode: 'AGENT_AT_READY_IN' }),
      manualA: await seedService(t, c, a, { name: 'ATL_Manual', acdFeatureCode: 'MANUAL' }),
      inboundA: await seedService(t, c, a, { name: 'ATL_Inbound', acdFeatureCode: 'AGENT_AT_READY_IN', callDirection: 'INBOUND' }),
    }
    return { c, a, b, d, s }
  }

  it('filters by direction, feature codes, Call Centers and attended, ascending id', async () => {
    const { c, a, b, s } = await searchFixture()
    const body = { callDirection: 'OUTBOUND', acdFeature: ['NO_ACD', 'AGENT_AT_READY_IN'], callCenter: [{ id: a }, { id: b }], attended: 'ATTENDED' }
    expect(await ok(post(c.admin, `${BASE}/search?count=20&client=${c.clientId}&offset=0`, body))).toEqual({
      service: [
        { serviceId: s.inA, name: 'ATL_1stParty_PVAll_QC (5)', callCenterId: a, acdFeatureCode: 'AGENT_AT_READY_IN' },
        { serviceId: s.noAcdA, name: 'ATL_IVR', callCenterId: a, acdFeatureCode: 'NO_ACD' },
        { serviceId: s.inB, name: 'California_QC', callCenterId: b, acdFeatureCode: 'AGENT_AT_READY_IN' },
      ],
      next: null,
    })
    const unattended = await ok(post(c.admin, `${BASE}/search?count=20&offset=0`, { ...body, attended: 'UNATTENDED' }))
    expect(unattended.service.map((x: { serviceId: number }) => x.serviceId)).toEqual([s.unattendedA])
    const everywhere = await ok(post(c.admin, `${BASE}/search?count=20&offset=0`, { callDirection: 'OUTBOUND', acdFeature: ['AGENT_AT_READY_IN'] }))
    expect(everywhere.service.map((x: { serviceId: number }) => x.serviceId)).toEqual([s.inA, s.inB, s.inD])
    const unrestricted = await ok(post(c.admin, `${BASE}/search?count=20&offset=0`, { callDirection: 'OUTBOUND', acdFeature: ['AGENT_AT_READY_IN'], callCenter: [], attended: null }))
    expect(unrestricted.service.map((x: { serviceId: number }) => x.serviceId)).toEqual([s.inA, s.inB, s.inD])
    const inbound = await ok(post(c.admin, `${BASE}/search?count=20&offset=0`, { callDirection: 'INBOUND', acdFeature: ['AGENT_AT_READY_IN'] }))
    expect(inbound.service.map((x: { serviceId: number }) => x.serviceId)).toEqual([s.inboundA])
  })

  it('pages with a next link', async () => {
    const { c, s } = await searchFixture()
    const body = { callDirection: 'OUTBOUND', acdFeature: ['NO_ACD', 'AGENT_AT_READY_IN', 'MANUAL'] }
    const first = await ok(post(c.admin, `${BASE}/search?count=2&offset=0`, body))
    expect(first.service.map((x: { serviceId: number }) => x.serviceId)).toEqual([s.inA, s.noAcdA])
    expect(first.next).toBe('configuration/services/search?count=2&offset=2')
    const last = await ok(post(c.admin, `${BASE}/search?count=2&offset=4`, body))
    expect(last.service.map((x: { serviceId: number }) => x.serviceId)).toEqual([s.inD, s.manualA])
    expect(last.next).toBeNull()
  })

  it('shows a Manager only its Services and another client nothing', async () => {
    const { c, s } = await searchFixture()
    const manager = await userSession(t, c, 'MANAGER', { serviceIds: [s.inB] })
    const body = { callDirection: 'OUTBOUND', acdFeature: ['AGENT_AT_READY_IN'] }
    expect((await ok(post(manager.headers, `${BASE}/search?count=20&offset=0`, body))).service.map((x: { serviceId: number }) => x.serviceId)).toEqual([s.inB])
    const other = await createTestClient(t)
    expect(await ok(post(other.admin, `${BASE}/search?count=20&offset=0`, body))).toEqual({ service: [], next: null })
    expect(await ok(post(other.admin, `${BASE}/search?count=20&offset=0&client=${c.clientId}`, body))).toEqual({ service: [], next: null })
  })

  it('validates the criteria against the vendor lists', async () => {
    const c = await createTestClient(t)
    const url = `${BASE}/search?count=20&offset=0`
    expectInvalid(await post(c.admin, url, { acdFeature: ['NO_ACD'] }), 'Missing required field [callDirection]')
    expectInvalid(await post(c.admin, url, { callDirection: 'OUTBOUND' }), 'Missing required field [acdFeature]')
    expectInvalid(await post(c.admin, url, { callDirection: 'OUTBOUND', acdFeature: [] }), /^Invalid input \[acdFeature/)
    expectInvalid(await post(c.admin, url, { callDirection: 'SIDEWAYS', acdFeature: ['NO_ACD'] }), /^Invalid input \[callDirection must be one of INBOUND, OUTBOUND, BLENDED/)
    expectInvalid(await post(c.admin, url, { callDirection: 'OUTBOUND', acdFeature: ['NO_ACD', 'FOO'] }), /^Invalid input \[acdFeature\[1\] must be one of/)
    expectInvalid(await post(c.admin, url, { callDirection: 'OUTBOUND', acdFeature: ['NO_ACD'], attended: 'MAYBE' }), /^Invalid input \[attended/)
    expectInvalid(await post(c.admin, url, { callDirection: 'outbound', acdFeature: ['NO_ACD'] }), /^Invalid input \[callDirection/)
    expectInvalid(await post(c.admin, url, { callDirection: 'OUTBOUND', acdFeature: ['NO_ACD'], callCenter: [{ id: 'x' }] }), /^Invalid input \[callCenter\[0\]\.id/)
    expectInvalid(await post(c.admin, `${BASE}/search?offset=0`, { callDirection: 'OUTBOUND', acdFeature: ['NO_ACD'] }), 'Missing required field [count]')
  })
})

describe('Get Service List Info', () => {
  it('counts the Call Center\'s Services the session can see', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const s1 = await seedService(t, c, center)
    await seedService(t, c, center)
    await seedService(t, c, await seedCallCenter(t, c))
    expect(await ok(get(c.admin, `${BASE}/info?callCenter=${center}`))).toEqual({ size: 2, lastModified: t.clock.now() })
    const manager = await userSession(t, c, 'MANAGER', { serviceIds: [s1] })
    expect(await ok(get(manager.headers, `${BASE}/info?callCenter=${center}`))).toEqual({ size: 1, lastModified: t.clock.now() })
  })

  it('answers {"size":0} when nothing is visible: no grant, no Services, unknown or foreign Call Center', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    await seedService(t, c, center)
    const empty = await seedCallCenter(t, c)
    const foreign = await seedCallCenter(t, other)
    await seedService(t, other, foreign)
    const manager = await userSession(t, c, 'MANAGER')
    expect(await ok(get(manager.headers, `${BASE}/info?callCenter=${center}`))).toEqual({ size: 0 })
    expect(await ok(get(c.admin, `${BASE}/info?callCenter=${empty}`))).toEqual({ size: 0 })
    expect(await ok(get(c.admin, `${BASE}/info?callCenter=999999999`))).toEqual({ size: 0 })
    expect(await ok(get(c.admin, `${BASE}/info?callCenter=${foreign}`))).toEqual({ size: 0 })
  })

  it('requires callCenter', async () => {
    const c = await createTestClient(t)
    expectInvalid(await get(c.admin, `${BASE}/info`), 'Missing required field [callCenter]')
    expectInvalid(await get(c.admin, `${BASE}/info?callCenter=x`), /^Invalid input \[callCenter/)
  })
})

describe('Get Service Related Objects', () => {
  it('returns the Call Center, Agents, Campaigns and Resource Groups, ascending', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const service = await seedService(t, c, center, { callDirection: 'BLENDED' })
    const a1 = await agentSession(t, c, { serviceIds: [service] })
    const a2 = await agentSession(t, c, { serviceIds: [service] })
    const k1 = await provisionCampaign(t.db, c.clientId, { serviceId: service, name: 'C1', lastActivityDate: null }, t.clock.now())
    const k2 = await provisionCampaign(t.db, c.clientId, { serviceId: service, name: 'C2', lastActivityDate: t.clock.now() }, t.clock.now())
    const inbound = await provisionResourceGroup(t.db, c.clientId, { name: 'In', inbound: [service], outbound: [service] }, t.clock.now())
    const outbound = await provisionResourceGroup(t.db, c.clientId, { name: 'Out', outbound: [service] }, t.clock.now())
    expect(await ok(get(c.admin, `${BASE}/${service}/related`))).toEqual({
      callCenter: { id: center },
      agent: [{ id: a1.agentId }, { id: a2.agentId }],
      campaign: [{ id: k1 }, { id: k2 }],
      inboundResourceGroup: { id: inbound },
      outboundResourceGroup: [{ id: inbound }, { id: outbound }],
    })
  })

  it('emits empty arrays and no inboundResourceGroup for a bare Service', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const service = await seedService(t, c, center)
    expect(await ok(get(c.admin, `${BASE}/${service}/related`))).toEqual({ callCenter: { id: center }, agent: [], campaign: [], outboundResourceGroup: [] })
  })
})

describe('List Services', () => {
  it('pages through the Call Center\'s Services, ascending id, with the next link', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const ids: number[] = []
    for (let i = 1; i <= 7; i++) ids.push(await seedService(t, c, center, { name: `Atlanta_FS_${i}` }))
    await seedService(t, c, await seedCallCenter(t, c))
    const first = await ok(get(c.admin, `${BASE}?callCenter=${center}&offset=0&count=5`))
    expect(first).toEqual({
      service: ids.slice(0, 5).map((id, i) => ({ serviceId: id, name: `Atlanta_FS_${i + 1}`, callCenterId: center })),
      next: `configuration/services?callCenter=${center}&offset=5&count=5`,
    })
    expect(await ok(get(c.admin, `/${first.next}`))).toEqual({
      service: ids.slice(5).map((id, i) => ({ serviceId: id, name: `Atlanta_FS_${i + 6}`, callCenterId: center })),
      next: null,
    })
  })

  it('answers an empty list when the session sees none of the Call Center\'s Services', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const s1 = await seedService(t, c, center)
    await seedService(t, c, center)
    const none = await userSession(t, c, 'MANAGER')
    expect(await ok(get(none.headers, `${BASE}?callCenter=${center}&offset=0&count=5`))).toEqual({ service: [], next: null })
    const one = await userSession(t, c, 'MANAGER', { serviceIds: [s1] })
    expect((await ok(get(one.headers, `${BASE}?callCenter=${center}&offset=0&count=5`))).service).toEqual([{ serviceId: s1, name: expect.any(String), callCenterId: center }])
  })

  it('answers "Unauthorized" for a Call Center without Services, unknown or another client\'s', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const empty = await seedCallCenter(t, c)
    const foreign = await seedCallCenter(t, other)
    await seedService(t, other, foreign)
    for (const id of [empty, 999_999_999, foreign]) {
      expectForbidden(await get(c.admin, `${BASE}?callCenter=${id}&offset=0&count=5`), 'Unauthorized [call center has no services]')
    }
  })

  it('requires callCenter, count and offset', async () => {
    const c = await createTestClient(t)
    expectInvalid(await get(c.admin, `${BASE}?offset=0&count=5`), 'Missing required field [callCenter]')
    expectInvalid(await get(c.admin, `${BASE}?callCenter=1&count=5`), 'Missing required field [offset]')
  })
})

describe('Read Service General', () => {
  it('reads every General key; the Booleans default to false', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const bare = await seedService(t, c, center, { name: 'Bare', callDirection: 'OUTBOUND', acdFeatureCode: 'NO_ACD' })
    expect(await ok(get(c.admin, `${BASE}/${bare}`))).toEqual({
      serviceId: bare, name: 'Bare', callCenterId: center, abbreviation: null, unattended: false, termCodeEnabled: false,
      acdFeatureCode: 'NO_ACD', inboundService: null, callDirection: 'OUTBOUND', previewMode: null,
    })
    const inbound = await seedService(t, c, center, {
      name: 'Atlanta_FS_Inbound_8773402031 (6)', abbreviation: '6', termCodeEnabled: true, acdFeatureCode: 'AGENT_AT_READY_IN',
      callDirection: 'INBOUND', previewMode: 'NONE',
    })
    await t.db.updateTable('services').set({ inbound_service_id: inbound }).where('id', '=', inbound).execute()
    expect(await ok(get(c.admin, `/configuration/v6.0/services/${inbound}`))).toEqual({
      serviceId: inbound, name: 'Atlanta_FS_Inbound_8773402031 (6)', callCenterId: center, abbreviation: '6', unattended: false,
      termCodeEnabled: true, acdFeatureCode: 'AGENT_AT_READY_IN', inboundService: inbound, callDirection: 'INBOUND', previewMode: 'NONE',
    })
  })

  it('answers the seed\'s missing Service and another client\'s as not found, an ungranted one as forbidden', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const foreign = await seedService(t, other, await seedCallCenter(t, other))
    const own = await seedService(t, c, await seedCallCenter(t, c))
    expectNotFound(await get(c.admin, `${BASE}/123`), 'Service not found [ID:123]')
    expectNotFound(await get(c.admin, `${BASE}/${foreign}`), `Service not found [ID:${foreign}]`)
    const manager = await userSession(t, c, 'MANAGER')
    expectForbidden(await get(manager.headers, `${BASE}/${own}`))
    for (const tab of ['phone', 'settings', 'messaging', 'pacing', 'inboundHours', 'related']) {
      expectForbidden(await get(manager.headers, `${BASE}/${own}/${tab}`))
    }
    // The Modify Services power does not reach a Service the Manager was not given.
    const modifier = await userSession(t, c, 'MANAGER', { powers: ['MODIFY_SERVICES'] })
    const before = await ok(get(c.admin, `${BASE}/${own}`))
    expectForbidden(await post(modifier.headers, `${BASE}/${own}`, { name: 'Taken over' }))
    expectForbidden(await post(modifier.headers, `${BASE}/${own}/phone/7347324396`))
    expect(await ok(get(c.admin, `${BASE}/${own}`))).toEqual(before)
  })
})

describe('Update Service General', () => {
  it('updates the seed example and reads it back; PUT is an alias', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const service = await seedService(t, c, center, { previewMode: 'ALL' })
    const inbound = await seedService(t, c, center, { callDirection: 'INBOUND', acdFeatureCode: 'AGENT_AT_READY_IN' })
    t.clock.advance(1000)
    expectNoContent(await post(c.admin, `${BASE}/${service}`, {
      name: 'Arbitrary', abbreviation: 'ARB', unattended: false, termCodeEnabled: false, acdFeatureCode: 'MANUAL',
      inboundService: inbound, callDirection: 'BLENDED', previewMode: null,
    }))
    expect(await ok(get(c.admin, `${BASE}/${service}`))).toEqual({
      serviceId: service, name: 'Arbitrary', callCenterId: center, abbreviation: 'ARB', unattended: false, termCodeEnabled: false,
      acdFeatureCode: 'MANUAL', inboundService: inbound, callDirection: 'BLENDED', previewMode: 'ALL',
    })
    expect((await ok(get(c.admin, `${BASE}/info?callCenter=${center}`))).lastModified).toBe(t.clock.now())
    expectNoContent(await t.app.inject({ method: 'PUT', url: `${BASE}/${service}`, headers: c.admin, payload: { unattended: 'true', termCodeEnabled: true, previewMode: 'NONE' } }))
    expect(await ok(get(c.admin, `${BASE}/${service}`))).toMatchObject({ name: 'Arbitrary', unattended: true, termCodeEnabled: true, previewMode: 'NONE' })
    expect((await ok(get(c.admin, `${BASE}?callCenter=${center}&count=5&offset=0`))).service[0]).toEqual({ serviceId: service, name: 'Arbitrary', callCenterId: center })
  })

  it('takes an empty body as a no-op', async () => {
    const c = await createTestClient(t)
    const service = await seedService(t, c, await seedCallCenter(t, c))
    const before = await ok(get(c.admin, `${BASE}/${service}`))
    expectNoContent(await post({ ...c.admin, 'content-type': 'application/json' }, `${BASE}/${service}`))
    expectNoContent(await post(c.admin, `${BASE}/${service}`, { name: null, acdFeatureCode: null }))
    expect(await ok(get(c.admin, `${BASE}/${service}`))).toEqual(before)
  })

  it('validates names, enums and the inbound Service, changing nothing', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const service = await seedService(t, c, await seedCallCenter(t, c))
    const foreign = await seedService(t, other, await seedCallCenter(t, other))
    const before = await ok(get(c.admin, `${BASE}/${service}`))
    expectInvalid(await post(c.admin, `${BASE}/${service}`, { name: '' }), 'Missing required field [name]')
    expectInvalid(await post(c.admin, `${BASE}/${service}`, { name: 'X', acdFeatureCode: 'FOO' }), /^Invalid input \[acdFeatureCode must be one of AGENT_AT_READY_IN/)
    expectInvalid(await post(c.admin, `${BASE}/${service}`, { callDirection: 'IN' }), /^Invalid input \[callDirection/)
    expectInvalid(await post(c.admin, `${BASE}/${service}`, { previewMode: 'SOME' }), /^Invalid input \[previewMode/)
    expectInvalid(await post(c.admin, `${BASE}/${service}`, { unattended: 'often' }), /^Invalid input \[unattended/)
    expectInvalid(await post(c.admin, `${BASE}/${service}`, { name: 'X', inboundService: foreign }), `Invalid input [inboundService ${foreign} not found]`)
    expectInvalid(await post(c.admin, `${BASE}/${service}`, { inboundService: 999999999 }), 'Invalid input [inboundService 999999999 not found]')
    expect(await ok(get(c.admin, `${BASE}/${service}`))).toEqual(before)
  })
})

/**
 * Every method: the roles that may call it, the ones that may not (README §7, services.md roles),
 * and another client's Service answering as missing.
 */
describe('roles and tenancy of every Services method', () => {
  type Call = { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: object; status: number }
  const READ = ['SYSADMIN', 'IT_USER', 'SUPERUSER', 'MANAGER', 'MANAGER_NO_POWER'] as RoleName[]
  const UPDATE = ['SYSADMIN', 'IT_USER', 'SUPERUSER', 'MANAGER'] as RoleName[]
  const ADMIN = ['SYSADMIN', 'IT_USER', 'SUPERUSER'] as RoleName[]

  it('admits exactly the documented roles', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const granted: number[] = []
    // Each Service is granted to the Managers and the Agent, so a refusal is about the role.
    const fresh = async (direction: 'OUTBOUND' | 'BLENDED' = 'BLENDED') => {
      const id = await fullService(c, center, direction)
      granted.push(id)
      return id
    }
    const pool = await Promise.all(Array.from({ length: 8 }, () => fresh()))
    const sessions = await roleSessions(t, c, { power: 'MODIFY_SERVICES', serviceIds: pool })
    let next = 0
    const take = () => pool[next++ % pool.length]!
    const hoursOf = async (id: number) => (await ok(get(c.admin, `${BASE}/${id}/inboundHours`))).inboundHour[0].id as number
    const cases: Array<[string, RoleName[], () => Promise<Call>]> = [
      ['Create Service', ADMIN, async () => ({ method: 'POST', url: `${BASE}?service=${take()}&name=Copy`, status: 201 })],
      ['Delete Service', ADMIN, async () => ({ method: 'DELETE', url: `${BASE}/${await seedService(t, c, center)}`, status: 204 })],
      ['Find Matching Services', READ, async () => ({ method: 'POST', url: `${BASE}/search?count=5&offset=0`, payload: { callDirection: 'BLENDED', acdFeature: ['MANUAL'] }, status: 200 })],
      ['Get Service List Info', READ, async () => ({ method: 'GET', url: `${BASE}/info?callCenter=${center}`, status: 200 })],
      ['Get Service Related Objects', READ, async () => ({ method: 'GET', url: `${BASE}/${take()}/related`, status: 200 })],
      ['List Services', READ, async () => ({ method: 'GET', url: `${BASE}?callCenter=${center}&count=5&offset=0`, status: 200 })],
      ['Read Service General', READ, async () => ({ method: 'GET', url: `${BASE}/${take()}`, status: 200 })],
      ['Read Service Inbound Hours', READ, async () => ({ method: 'GET', url: `${BASE}/${take()}/inboundHours`, status: 200 })],
      ['Read Service Messaging', READ, async () => ({ method: 'GET', url: `${BASE}/${take()}/messaging`, status: 200 })],
      ['Read Service Pacing Settings', READ, async () => ({ method: 'GET', url: `${BASE}/${take()}/pacing`, status: 200 })],
      ['Read Service Phone', READ, async () => ({ method: 'GET', url: `${BASE}/${take()}/phone`, status: 200 })],
      ['Read Service Settings', READ, async () => ({ method: 'GET', url: `${BASE}/${take()}/settings`, status: 200 })],
      ['Update Service Add Caller ID', UPDATE, async () => ({ method: 'POST', url: `${BASE}/${take()}/phone/7347324396?default=true`, status: 204 })],
      ['Update Service Add Inbound Hours', UPDATE, async () => ({ method: 'POST', url: `${BASE}/${take()}/inboundHours`, payload: { dayOfWeek: 'SATURDAY', startTime: 50400000, endTime: 61200000 }, status: 200 })],
      ['Update Service General', UPDATE, async () => ({ method: 'POST', url: `${BASE}/${take()}`, payload: { abbreviation: 'X' }, status: 204 })],
      ['Update Service Messaging Property', UPDATE, async () => ({ method: 'POST', url: `${BASE}/${take()}/messaging?property=INBOUND_TEMPLATE_ID&value=14206`, status: 204 })],
      ['Update Service Phone', UPDATE, async () => ({ method: 'POST', url: `${BASE}/${take()}/phone`, payload: { callbackPhone: '8773402033' }, status: 204 })],
      ['Update Service Remove Caller ID', UPDATE, async () => {
        const id = take()
        await post(c.admin, `${BASE}/${id}/phone/5550001111`)
        return { method: 'DELETE', url: `${BASE}/${id}/phone/5550001111`, status: 204 }
      }],
      ['Update Service Remove Inbound Hours', UPDATE, async () => {
        const id = take()
        const hours = await ok(post(c.admin, `${BASE}/${id}/inboundHours`, { dayOfWeek: 'SUNDAY', startTime: 1, endTime: 2 }))
        return { method: 'DELETE', url: `${BASE}/${id}/inboundHours/${hours.id}`, status: 204 }
      }],
      ['Update Service Settings', UPDATE, async () => ({ method: 'POST', url: `${BASE}/${take()}/settings`, payload: { serviceLevelSeconds: 30 }, status: 204 })],
      ['Update Service Update Inbound Hours', UPDATE, async () => {
        const id = take()
        return { method: 'POST', url: `${BASE}/${id}/inboundHours/${await hoursOf(id)}`, payload: { startTime: 43200000 }, status: 204 }
      }],
    ]
    for (const [name, allowed, build] of cases) {
      for (const role of ALL_ROLES) {
        const call = await build()
        const res = await t.app.inject({ method: call.method, url: call.url, headers: sessions[role], ...(call.payload ? { payload: call.payload } : {}) })
        if (allowed.includes(role)) expect(res.statusCode, `${name} as ${role}: ${res.body}`).toBe(call.status)
        else expectForbidden(res)
      }
      const anonymous = await build()
      expectError(await t.app.inject({ method: anonymous.method, url: anonymous.url, ...(anonymous.payload ? { payload: anonymous.payload } : {}) }), 401, 201, /^Unauthorized/)
    }
  })

  it('answers another client\'s Service as not found on every method that names one', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const foreign = await fullService(other, await seedCallCenter(t, other))
    const hours = (await ok(get(other.admin, `${BASE}/${foreign}/inboundHours`))).inboundHour[0].id
    const calls: Array<{ method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: object }> = [
      { method: 'POST', url: `${BASE}?service=${foreign}&name=Copy` },
      { method: 'DELETE', url: `${BASE}/${foreign}` },
      { method: 'GET', url: `${BASE}/${foreign}/related` },
      { method: 'GET', url: `${BASE}/${foreign}` },
      { method: 'GET', url: `${BASE}/${foreign}/inboundHours` },
      { method: 'GET', url: `${BASE}/${foreign}/messaging` },
      { method: 'GET', url: `${BASE}/${foreign}/pacing` },
      { method: 'GET', url: `${BASE}/${foreign}/phone` },
      { method: 'GET', url: `${BASE}/${foreign}/settings` },
      { method: 'POST', url: `${BASE}/${foreign}/phone/7347324396?default=true` },
      { method: 'POST', url: `${BASE}/${foreign}/inboundHours`, payload: { dayOfWeek: 'SATURDAY', startTime: 50400000, endTime: 61200000 } },
      { method: 'POST', url: `${BASE}/${foreign}`, payload: { name: 'Mine' } },
      { method: 'PUT', url: `${BASE}/${foreign}`, payload: { name: 'Mine' } },
      { method: 'POST', url: `${BASE}/${foreign}/messaging?property=TEMPLATE_ID&value=1` },
      { method: 'POST', url: `${BASE}/${foreign}/phone`, payload: { callbackPhone: '1' } },
      { method: 'DELETE', url: `${BASE}/${foreign}/phone/8886542232` },
      { method: 'DELETE', url: `${BASE}/${foreign}/inboundHours/${hours}` },
      { method: 'POST', url: `${BASE}/${foreign}/settings`, payload: { serviceLevelSeconds: 1 } },
      { method: 'POST', url: `${BASE}/${foreign}/inboundHours/${hours}`, payload: { startTime: 1 } },
    ]
    const before = await allTabs(other.admin, foreign)
    for (const call of calls) {
      const res = await t.app.inject({ method: call.method, url: call.url, headers: c.admin, ...(call.payload ? { payload: call.payload } : {}) })
      expectNotFound(res, `Service not found [ID:${foreign}]`)
    }
    expect(await allTabs(other.admin, foreign)).toEqual(before)
  })
})
