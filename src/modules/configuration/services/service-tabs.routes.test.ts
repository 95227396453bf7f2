/** The tabs of a Service: Phone and caller IDs, Messaging, Pacing, Settings, Inbound hours. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient, type TestClient } from '../../../../test/fixtures.ts'
import { seedCallCenter, seedService } from '../../../../test/support/configuration.ts'
import { expectInvalid, expectNoContent, expectNotFound } from '../../../../test/support/errors.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const BASE = '/configuration/services'

const get = (headers: Record<string, string>, url: string) => t.app.inject({ method: 'GET', url, headers })
const post = (headers: Record<string, string>, url: string, payload?: unknown) =>
  t.app.inject({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })
const del = (headers: Record<string, string>, url: string) => t.app.inject({ method: 'DELETE', url, headers })

async function ok(res: Promise<LightMyRequestResponse> | LightMyRequestResponse, status = 200) {
  const r = await res
  expect(r.statusCode, r.body).toBe(status)
  return r.json()
}

async function serviceListModified(c: TestClient, serviceId: number): Promise<number | undefined> {
  const { callCenterId } = await ok(get(c.admin, `${BASE}/${serviceId}`))
  return (await ok(get(c.admin, `${BASE}/info?callCenter=${callCenterId}`))).lastModified
}

describe('Read Service Phone', () => {
  it('reads the seed example\'s keys, caller IDs in insertion order', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const id = await seedService(t, c, center, {
      name: 'ATL_1stParty_Recovery_Manual (4)', callerIds: ['8886542232', '8773402033'], defaultCallerId: '8773402033',
      operatorPhone: '8773402033', callbackPhone: '8773402033', agentCallInNumber: '7347324396',
    })
    expect(await ok(get(c.admin, `${BASE}/${id}/phone`))).toEqual({
      callerId: ['8886542232', '8773402033'], serviceId: id, name: 'ATL_1stParty_Recovery_Manual (4)', callCenterId: center,
      operatorPhone: '8773402033', callbackPhone: '8773402033', agentCallInNumber: '7347324396', defaultCallerId: '8773402033',
    })
  })

  it('emits every key for a Service without phone settings', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const id = await seedService(t, c, center, { name: 'Bare' })
    expect(await ok(get(c.admin, `${BASE}/${id}/phone`))).toEqual({
      callerId: [], serviceId: id, name: 'Bare', callCenterId: center, operatorPhone: null, callbackPhone: null,
      agentCallInNumber: null, defaultCallerId: null,
    })
    expectNotFound(await get(c.admin, `${BASE}/123/phone`), 'Service not found [ID:123]')
  })
})

describe('Update Service Add Caller ID', () => {
  it('adds numbers in order; the first becomes the default, default=true moves it', async () => {
    const c = await createTestClient(t)
    const id = await seedService(t, c, await seedCallCenter(t, c))
    t.clock.advance(1000)
    expectNoContent(await post({ ...c.admin, 'content-type': 'application/json' }, `${BASE}/${id}/phone/8886542232`))
    expect(await serviceListModified(c, id)).toBe(t.clock.now())
    expectNoContent(await post(c.admin, `${BASE}/${id}/phone/8773402033`))
    expect(await ok(get(c.admin, `${BASE}/${id}/phone`))).toMatchObject({ callerId: ['8886542232', '8773402033'], defaultCallerId: '8886542232' })
    expectNoContent(await post(c.admin, `${BASE}/${id}/phone/7347324396?default=true`))
    expect(await ok(get(c.admin, `${BASE}/${id}/phone`))).toMatchObject({ callerId: ['8886542232', '8773402033', '7347324396'], defaultCallerId: '7347324396' })
    expectNoContent(await post(c.admin, `${BASE}/${id}/phone/5550001111?default=false`))
    expect((await ok(get(c.admin, `${BASE}/${id}/phone`))).defaultCallerId).toBe('7347324396')
  })

  it('treats a number already present as a no-op, except that default=true selects it', async () => {
    const c = await createTestClient(t)
    const id = await seedService(t, c, await seedCallCenter(t, c), { callerIds: ['8886542232', '8773402033'] })
    expectNoContent(await post(c.admin, `${BASE}/${id}/phone/8773402033`))
    expect(await ok(get(c.admin, `${BASE}/${id}/phone`))).toMatchObject({ callerId: ['8886542232', '8773402033'], defaultCallerId: '8886542232' })
    expectNoContent(await post(c.admin, `${BASE}/${id}/phone/8773402033?default=true`))
    expect(await ok(get(c.admin, `${BASE}/${id}/phone`))).toMatchObject({ callerId: ['8886542232', '8773402033'], defaultCallerId: '8773402033' })
  })

  it('refuses a caller ID that is not a digit string, and a bad default flag', async () => {
    const c = await createTestClient(t)
    const id = await seedService(t, c, await seedCallCenter(t, c))
    for (const bad of ['734-732-4396', 'abc', '1'.repeat(21), '%20']) {
      expectInvalid(await post(c.admin, `${BASE}/${id}/phone/${bad}`), 'Invalid input [callerId must be a phone number of 1 to 20 digits]')
    }
    expectInvalid(await post(c.admin, `${BASE}/${id}/phone/7347324396?default=perhaps`), /^Invalid input \[default/)
    expect((await ok(get(c.admin, `${BASE}/${id}/phone`))).callerId).toEqual([])
  })
})

describe('Update Service Remove Caller ID', () => {
  it('removes a number; removing the default leaves the Service without one', async () => {
    const c = await createTestClient(t)
    const id = await seedService(t, c, await seedCallCenter(t, c), { callerIds: ['8886542232', '8773402033', '7347324396'], defaultCallerId: '8773402033' })
    t.clock.advance(1000)
    expectNoContent(await del({ ...c.admin, 'content-type': 'application/json' }, `${BASE}/${id}/phone/7347324396`))
    expect(await ok(get(c.admin, `${BASE}/${id}/phone`))).toMatchObject({ callerId: ['8886542232', '8773402033'], defaultCallerId: '8773402033' })
    expect(await serviceListModified(c, id)).toBe(t.clock.now())
    expectNoContent(await del(c.admin, `${BASE}/${id}/phone/8773402033`))
    expect(await ok(get(c.admin, `${BASE}/${id}/phone`))).toMatchObject({ callerId: ['8886542232'], defaultCallerId: null })
  })

  it('answers a number that is not in the list as not found', async () => {
    const c = await createTestClient(t)
    const id = await seedService(t, c, await seedCallCenter(t, c), { callerIds: ['8886542232'] })
    expectNotFound(await del(c.admin, `${BASE}/${id}/phone/7347324396`), 'Caller ID not found [7347324396]')
    expectInvalid(await del(c.admin, `${BASE}/${id}/phone/abc`), 'Invalid input [callerId must be a phone number of 1 to 20 digits]')
    expect((await ok(get(c.admin, `${BASE}/${id}/phone`))).callerId).toEqual(['8886542232'])
  })
})

describe('Update Service Phone', () => {
  it('updates the seed example and reads it back', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const id = await seedService(t, c, center, { name: 'Phone', callerIds: ['8773402031', '8773402033'] })
    expectNoContent(await post(c.admin, `${BASE}/${id}/phone`, {
      operatorPhone: '8773402033', callbackPhone: '8773402033', agentCallInNumber: '7347324396', defaultCallerId: '8773402033',
    }))
    expect(await ok(get(c.admin, `${BASE}/${id}/phone`))).toEqual({
      callerId: ['8773402031', '8773402033'], serviceId: id, name: 'Phone', callCenterId: center, operatorPhone: '8773402033',
      callbackPhone: '8773402033', agentCallInNumber: '7347324396', defaultCallerId: '8773402033',
    })
    expectNoContent(await post(c.admin, `${BASE}/${id}/phone`, { operatorPhone: null, callbackPhone: '5551230000' }))
    expect(await ok(get(c.admin, `${BASE}/${id}/phone`))).toMatchObject({ operatorPhone: '8773402033', callbackPhone: '5551230000' })
  })

  it('only selects an existing caller ID as the default', async () => {
    const c = await createTestClient(t)
    const id = await seedService(t, c, await seedCallCenter(t, c), { callerIds: ['8773402031'] })
    expectInvalid(await post(c.admin, `${BASE}/${id}/phone`, { callbackPhone: '1', defaultCallerId: '8773402099' }), 'Invalid input [defaultCallerId is not a caller ID of the service]')
    expect(await ok(get(c.admin, `${BASE}/${id}/phone`))).toMatchObject({ callerId: ['8773402031'], defaultCallerId: '8773402031', callbackPhone: null })
    expectInvalid(await post(c.admin, `${BASE}/${id}/phone`, { callbackPhone: '1'.repeat(33) }), /^Invalid input \[callbackPhone/)
  })
})

describe('Read Service Messaging / Update Service Messaging Property', () => {
  it('reads the seed example, properties by key', async () => {
    const c = await createTestClient(t)
    const id = await seedService(t, c, await seedCallCenter(t, c), { defaultInputFilterId: 21572, messaging: { template_id: '7125', preview_template_id: '7125' } })
    expect(await ok(get(c.admin, `${BASE}/${id}/messaging`))).toEqual({
      property: [{ key: 'preview_template_id', value: '7125' }, { key: 'template_id', value: '7125' }], defaultInputFilterId: 21572,
    })
  })

  it('stores a property under its lower-case key and overwrites it', async () => {
    const c = await createTestClient(t)
    const id = await seedService(t, c, await seedCallCenter(t, c), { messaging: { template_id: '7125' } })
    t.clock.advance(1000)
    expectNoContent(await post({ ...c.admin, 'content-type': 'application/json' }, `${BASE}/${id}/messaging?property=INBOUND_TEMPLATE_ID&value=14206`))
    expect(await serviceListModified(c, id)).toBe(t.clock.now())
    expectNoContent(await post(c.admin, `${BASE}/${id}/messaging?property=TEMPLATE_ID&value=8000`))
    expect(await ok(get(c.admin, `${BASE}/${id}/messaging`))).toEqual({
      property: [{ key: 'inbound_template_id', value: '14206' }, { key: 'template_id', value: '8000' }], defaultInputFilterId: null,
    })
  })

  it('refuses a missing or unknown property and a missing value', async () => {
    const c = await createTestClient(t)
    const id = await seedService(t, c, await seedCallCenter(t, c))
    expectInvalid(await post(c.admin, `${BASE}/${id}/messaging?value=1`), 'Missing required field [property]')
    expectInvalid(await post(c.admin, `${BASE}/${id}/messaging?property=SCRIPT_ID&value=1`), /^Invalid input \[property must be one of TEMPLATE_ID, PREVIEW_TEMPLATE_ID, INBOUND_TEMPLATE_ID/)
    expectInvalid(await post(c.admin, `${BASE}/${id}/messaging?property=template_id&value=1`), /^Invalid input \[property/)
    expectInvalid(await post(c.admin, `${BASE}/${id}/messaging?property=TEMPLATE_ID`), 'Missing required field [value]')
    expectInvalid(await post(c.admin, `${BASE}/${id}/messaging?property=TEMPLATE_ID&value=`), 'Missing required field [value]')
    expectInvalid(await post(c.admin, `${BASE}/${id}/messaging?property=TEMPLATE_ID&value=a%00b`), /^Invalid input \[value must match pattern/)
    expect((await ok(get(c.admin, `${BASE}/${id}/messaging`))).property).toEqual([])
  })
})

describe('Read Service Pacing Settings', () => {
  it('reads the pacing; a Service provisioned without one reads LINES_AGENT / 1', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const paced = await seedService(t, c, center, { pacing: { method: 'LINES_AGENT', throttle: 15, maxWaitTime: 20 } })
    expect(await ok(get(c.admin, `${BASE}/${paced}/pacing`))).toEqual({ method: 'LINES_AGENT', throttle: 15, maxWaitTime: 20 })
    const cip = await seedService(t, c, center, { unattended: true, pacing: { method: 'MAX_CIP', throttle: 40 } })
    expect(await ok(get(c.admin, `${BASE}/${cip}/pacing`))).toEqual({ method: 'MAX_CIP', throttle: 40, maxWaitTime: null })
    const bare = await seedService(t, c, center)
    expect(await ok(get(c.admin, `${BASE}/${bare}/pacing`))).toEqual({ method: 'LINES_AGENT', throttle: 1, maxWaitTime: null })
  })
})

const NEW_SERVICE_SETTINGS = {
  screenPopId: null, cycleSortDaily: false, serviceLevelSeconds: null, accountMaxAttemptsPerDay: null, dialingProfileId: null,
  dialingRestriction: null, dialingSort: null, zipAreaMismatch: null, voiceId: null, scrubWireless: false,
  answeringMachineOption: null, transferOptionEnabled: false, crossRequeueable: null, volumeControlEnabled: false,
  acdScheduledCallbackPhReadonly: false, acdScheduledCallback: null, acdScheduledCallbackPreviewEnabled: false,
  acdPtpEnabled: false, previewManualAllowed: false, previewSkipAllowed: false, previewConfirmDial: false, previewTimeout: null,
  previewDialAction: null, callRecordingEnabled: false, acctRealtimeDnc: false, leaveMessages: null, callerIdSourceId: null,
  callbackPhoneSourceId: null, dialTollFree: null, lcidPackageId: null, operatorPhoneSourceId: null, manualTransferEnabled: null,
  agentToAgentTransferEnabled: null, phonebookTransferEnabled: null, callAcceptanceEnabled: null, callAcceptanceTimeout: null,
  leaveNoMessages: null, contactMaxAttemptsPerDay: null, isCrossRequeueable: null,
}

const SEED_SETTINGS_UPDATE = {
  cycleSortDaily: false, serviceLevelSeconds: 20, accountMaxAttemptsPerDay: 0, dialingSort: 'DEFAULT', zipAreaMismatch: 'OFF',
  voiceId: 1, scrubWireless: false, answeringMachineOption: 'NO_MESSAGES', isCrossRequeueable: true, volumeControlEnabled: false,
  acdScheduledCallbackPhReadonly: false, acdScheduledCallback: 'ROUTE_TO_ORIG_AGENT_FIRST', acdPtpEnabled: true,
  previewManualAllowed: true, previewSkipAllowed: true, previewConfirmDial: true, previewTimeout: 1000, previewDialAction: 'DIAL',
  callRecordingEnabled: true, acctRealtimeDnc: false, leaveMessages: true, callerIdSourceId: 0, callbackPhoneSourceId: 0,
  dialTollFree: false, lcidPackageId: null, operatorPhoneSourceId: 0, callAcceptanceEnabled: false, callAcceptanceTimeout: null,
}

describe('Read Service Settings', () => {
  it('emits every key; a new Service\'s mandatory Booleans read false', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const id = await seedService(t, c, center, { name: 'ATL_FS_PVAll_QC_VOIP (5)' })
    expect(await ok(get(c.admin, `${BASE}/${id}/settings`))).toEqual({ serviceId: id, name: 'ATL_FS_PVAll_QC_VOIP (5)', callCenterId: center, ...NEW_SERVICE_SETTINGS })
    expectNotFound(await get(c.admin, `${BASE}/123/settings`), 'Service not found [ID:123]')
  })
})

describe('Update Service Settings', () => {
  it('applies the seed example; each deprecated/new pair reads back under both names', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const id = await seedService(t, c, center, { name: 'S', settings: { lcid_package_id: 1256, call_acceptance_timeout: 30 } })
    t.clock.advance(1000)
    expectNoContent(await post(c.admin, `${BASE}/${id}/settings`, SEED_SETTINGS_UPDATE))
    expect(await serviceListModified(c, id)).toBe(t.clock.now())
    expect(await ok(get(c.admin, `${BASE}/${id}/settings`))).toEqual({
      ...NEW_SERVICE_SETTINGS, serviceId: id, name: 'S', callCenterId: center,
      serviceLevelSeconds: 20, accountMaxAttemptsPerDay: 0, contactMaxAttemptsPerDay: 0, dialingSort: 'DEFAULT', zipAreaMismatch: 'OFF',
      voiceId: 1, answeringMachineOption: 'NO_MESSAGES', isCrossRequeueable: true, crossRequeueable: true,
      acdScheduledCallback: 'ROUTE_TO_ORIG_AGENT_FIRST', acdPtpEnabled: true, previewManualAllowed: true, previewSkipAllowed: true,
      previewConfirmDial: true, previewTimeout: 1000, previewDialAction: 'DIAL', callRecordingEnabled: true, leaveMessages: true,
      leaveNoMessages: true, callerIdSourceId: 0, callbackPhoneSourceId: 0, dialTollFree: false, lcidPackageId: null,
      operatorPhoneSourceId: 0, callAcceptanceEnabled: false, callAcceptanceTimeout: null,
    })
  })

  it('lets either name of a pair set it, the new name winning when both differ', async () => {
    const c = await createTestClient(t)
    const id = await seedService(t, c, await seedCallCenter(t, c))
    expectNoContent(await post(c.admin, `${BASE}/${id}/settings`, { contactMaxAttemptsPerDay: 3, leaveNoMessages: false, crossRequeueable: true }))
    expect(await ok(get(c.admin, `${BASE}/${id}/settings`))).toMatchObject({
      accountMaxAttemptsPerDay: 3, contactMaxAttemptsPerDay: 3, leaveMessages: false, leaveNoMessages: false,
      crossRequeueable: true, isCrossRequeueable: true,
    })
    expectNoContent(await post(c.admin, `${BASE}/${id}/settings`, {
      accountMaxAttemptsPerDay: 1, contactMaxAttemptsPerDay: 5, leaveMessages: false, leaveNoMessages: true,
      crossRequeueable: true, isCrossRequeueable: false,
    }))
    expect(await ok(get(c.admin, `${BASE}/${id}/settings`))).toMatchObject({
      accountMaxAttemptsPerDay: 5, contactMaxAttemptsPerDay: 5, leaveMessages: true, leaveNoMessages: true,
      crossRequeueable: false, isCrossRequeueable: false,
    })
  })

  it('ignores read-only keys, keeps keys sent as null, and clears lcidPackageId / callAcceptanceTimeout with null', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const id = await seedService(t, c, center, { settings: { service_level_seconds: 20, lcid_package_id: 1256, call_acceptance_timeout: 30, screen_pop_id: 7 } })
    const before = await ok(get(c.admin, `${BASE}/${id}/settings`))
    expectNoContent(await post(c.admin, `${BASE}/${id}/settings`, {
      serviceId: 1, name: 'Renamed', callCenterId: 1, screenPopId: 99, dialingProfileId: 5, dialingRestriction: 5,
      transferOptionEnabled: true, acdScheduledCallbackPreviewEnabled: true, manualTransferEnabled: true,
      agentToAgentTransferEnabled: true, phonebookTransferEnabled: true, serviceLevelSeconds: null, dialingSort: null,
    }))
    expect(await ok(get(c.admin, `${BASE}/${id}/settings`))).toEqual(before)
    expectNoContent(await post(c.admin, `${BASE}/${id}/settings`, { lcidPackageId: null, callAcceptanceTimeout: null }))
    expect(await ok(get(c.admin, `${BASE}/${id}/settings`))).toEqual({ ...before, lcidPackageId: null, callAcceptanceTimeout: null })
    expect((await ok(get(c.admin, `${BASE}/${id}`))).name).toBe(before.name)
  })

  it('refuses negative counts, unknown enums and wrong types, changing nothing', async () => {
    const c = await createTestClient(t)
    const id = await seedService(t, c, await seedCallCenter(t, c))
    const before = await ok(get(c.admin, `${BASE}/${id}/settings`))
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ cycleSortDaily: true, serviceLevelSeconds: -1 }, /^Invalid input \[serviceLevelSeconds/],
      [{ previewTimeout: -5 }, /^Invalid input \[previewTimeout/],
      [{ contactMaxAttemptsPerDay: -1 }, /^Invalid input \[contactMaxAttemptsPerDay/],
      [{ callAcceptanceTimeout: 3_000_000_000 }, /^Invalid input \[callAcceptanceTimeout/],
      [{ dialingSort: 'RANDOM' }, /^Invalid input \[dialingSort must be one of DEFAULT, CONTACT_NAME/],
      [{ zipAreaMismatch: 'ON' }, /^Invalid input \[zipAreaMismatch/],
      [{ answeringMachineOption: 'HANG_UP' }, /^Invalid input \[answeringMachineOption/],
      [{ acdScheduledCallback: 'ENABLED' }, /^Invalid input \[acdScheduledCallback/],
      [{ previewDialAction: 'WAIT' }, /^Invalid input \[previewDialAction/],
      [{ scrubWireless: 'sometimes' }, /^Invalid input \[scrubWireless/],
      [{ lcidPackageId: 0 }, /^Invalid input \[lcidPackageId/],
    ]
    for (const [body, message] of bad) expectInvalid(await post(c.admin, `${BASE}/${id}/settings`, body), message)
    expect(await ok(get(c.admin, `${BASE}/${id}/settings`))).toEqual(before)
  })
})

describe('Read Service Inbound Hours', () => {
  it('reads the seed example; date only on SPECIFIC_DATE entries', async () => {
    const c = await createTestClient(t)
    const id = await seedService(t, c, await seedCallCenter(t, c), {
      callDirection: 'INBOUND', acdFeatureCode: 'AGENT_AT_READY_IN',
      inboundHours: [
        { dayOfWeek: 'WEEKDAY', startTime: 43200000, endTime: 93540000 },
        { dayOfWeek: 'WEEKEND', startTime: 46800000, endTime: 93540000 },
        { dayOfWeek: 'SPECIFIC_DATE', date: 1580446800000, startTime: 54000000, endTime: 61200000 },
      ],
    })
    const body = await ok(get(c.admin, `${BASE}/${id}/inboundHours`))
    const [a, b, d] = body.inboundHour.map((h: { id: number }) => h.id)
    expect(a < b && b < d).toBe(true)
    expect(body).toEqual({
      inboundHour: [
        { id: a, dayOfWeek: 'WEEKDAY', startTime: 43200000, endTime: 93540000 },
        { id: b, dayOfWeek: 'WEEKEND', startTime: 46800000, endTime: 93540000 },
        { id: d, dayOfWeek: 'SPECIFIC_DATE', date: 1580446800000, startTime: 54000000, endTime: 61200000 },
      ],
    })
  })

  it('answers an empty list for an OUTBOUND Service', async () => {
    const c = await createTestClient(t)
    const id = await seedService(t, c, await seedCallCenter(t, c), { callDirection: 'OUTBOUND' })
    expect(await ok(get(c.admin, `${BASE}/${id}/inboundHours`))).toEqual({ inboundHour: [] })
  })
})

describe('Update Service Add Inbound Hours', () => {
  it('answers 200 with the new id and reads it back', async () => {
    const c = await createTestClient(t)
    const id = await seedService(t, c, await seedCallCenter(t, c), { callDirection: 'INBOUND', acdFeatureCode: 'AGENT_AT_READY_IN' })
    t.clock.advance(1000)
    const created = await ok(post(c.admin, `${BASE}/${id}/inboundHours`, { dayOfWeek: 'SATURDAY', startTime: 50400000, endTime: 61200000 }))
    expect(created).toEqual({ id: expect.any(Number) })
    expect(await serviceListModified(c, id)).toBe(t.clock.now())
    expect(await ok(get(c.admin, `${BASE}/${id}/inboundHours`))).toEqual({
      inboundHour: [{ id: created.id, dayOfWeek: 'SATURDAY', startTime: 50400000, endTime: 61200000 }],
    })
  })

  it('takes a SPECIFIC_DATE as CCYY-MM-DD or epoch millis and stores Eastern midnight; other days ignore date', async () => {
    const c = await createTestClient(t)
    const id = await seedService(t, c, await seedCallCenter(t, c), { callDirection: 'BLENDED' })
    const fromDate = await ok(post(c.admin, `${BASE}/${id}/inboundHours`, { dayOfWeek: 'SPECIFIC_DATE', date: '2020-01-31', startTime: 54000000, endTime: 61200000 }))
    const fromMillis = await ok(post(c.admin, `${BASE}/${id}/inboundHours`, { dayOfWeek: 'SPECIFIC_DATE', date: 1580446800000 + 3_600_000, startTime: '54000000', endTime: 61200000 }))
    const fromDigits = await ok(post(c.admin, `${BASE}/${id}/inboundHours`, { dayOfWeek: 'SPECIFIC_DATE', date: '1593576000000', startTime: 0, endTime: 1 }))
    const summer = await ok(post(c.admin, `${BASE}/${id}/inboundHours`, { dayOfWeek: 'SPECIFIC_DATE', date: '2020-07-04', startTime: 0, endTime: 1 }))
    const weekday = await ok(post(c.admin, `${BASE}/${id}/inboundHours`, { dayOfWeek: 'MONDAY', date: '2020-07-04', startTime: 0, endTime: 172_799_999 }))
    expect((await ok(get(c.admin, `${BASE}/${id}/inboundHours`))).inboundHour).toEqual([
      { id: fromDate.id, dayOfWeek: 'SPECIFIC_DATE', date: 1580446800000, startTime: 54000000, endTime: 61200000 },
      { id: fromMillis.id, dayOfWeek: 'SPECIFIC_DATE', date: 1580446800000, startTime: 54000000, endTime: 61200000 },
      { id: fromDigits.id, dayOfWeek: 'SPECIFIC_DATE', date: 1593576000000, startTime: 0, endTime: 1 },
      { id: summer.id, dayOfWeek: 'SPECIFIC_DATE', date: 1593835200000, startTime: 0, endTime: 1 },
      { id: weekday.id, dayOfWeek: 'MONDAY', startTime: 0, endTime: 172_799_999 },
    ])
  })

  it('validates day, date and times, and refuses OUTBOUND Services, adding nothing', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const id = await seedService(t, c, center, { callDirection: 'INBOUND' })
    const url = `${BASE}/${id}/inboundHours`
    const bad: Array<[Record<string, unknown>, string | RegExp]> = [
      [{ startTime: 1, endTime: 2 }, 'Missing required field [dayOfWeek]'],
      [{ dayOfWeek: 'FUNDAY', startTime: 1, endTime: 2 }, /^Invalid input \[dayOfWeek must be one of MONDAY/],
      [{ dayOfWeek: 'SATURDAY', endTime: 2 }, 'Missing required field [startTime]'],
      [{ dayOfWeek: 'SATURDAY', startTime: 1 }, 'Missing required field [endTime]'],
      [{ dayOfWeek: 'SPECIFIC_DATE', startTime: 1, endTime: 2 }, 'Missing required field [date]'],
      [{ dayOfWeek: 'SPECIFIC_DATE', date: null, startTime: 1, endTime: 2 }, 'Missing required field [date]'],
      [{ dayOfWeek: 'SPECIFIC_DATE', date: '2021-02-30', startTime: 1, endTime: 2 }, 'Invalid input [date 2021-02-30 is not a calendar day]'],
      [{ dayOfWeek: 'SPECIFIC_DATE', date: '31/01/2020', startTime: 1, endTime: 2 }, /^Invalid input \[date/],
      [{ dayOfWeek: 'SATURDAY', startTime: 61200000, endTime: 50400000 }, 'Invalid input [startTime must be before endTime]'],
      [{ dayOfWeek: 'SATURDAY', startTime: 50400000, endTime: 50400000 }, 'Invalid input [startTime must be before endTime]'],
      [{ dayOfWeek: 'SATURDAY', startTime: 0, endTime: 172_800_000 }, /^Invalid input \[endTime/],
      [{ dayOfWeek: 'SATURDAY', startTime: -1, endTime: 5 }, /^Invalid input \[startTime/],
      [{ dayOfWeek: 'SATURDAY', startTime: 1.5, endTime: 5 }, /^Invalid input \[startTime/],
    ]
    for (const [body, message] of bad) expectInvalid(await post(c.admin, url, body), message)
    const outbound = await seedService(t, c, center, { callDirection: 'OUTBOUND' })
    expectInvalid(await post(c.admin, `${BASE}/${outbound}/inboundHours`, { dayOfWeek: 'SATURDAY', startTime: 1, endTime: 2 }), 'Invalid input [inbound hours apply only to INBOUND or BLENDED services]')
    expect((await ok(get(c.admin, url))).inboundHour).toEqual([])
    expect((await ok(get(c.admin, `${BASE}/${outbound}/inboundHours`))).inboundHour).toEqual([])
  })
})

describe('Update Service Update Inbound Hours', () => {
  async function withHours() {
    const c = await createTestClient(t)
    const id = await seedService(t, c, await seedCallCenter(t, c), { callDirection: 'INBOUND', inboundHours: [{ dayOfWeek: 'SATURDAY', startTime: 50400000, endTime: 61200000 }] })
    const hoursId = (await ok(get(c.admin, `${BASE}/${id}/inboundHours`))).inboundHour[0].id as number
    return { c, id, hoursId }
  }

  it('updates the seed example, or one key, and reads it back', async () => {
    const { c, id, hoursId } = await withHours()
    t.clock.advance(1000)
    expectNoContent(await post(c.admin, `${BASE}/${id}/inboundHours/${hoursId}`, { startTime: 62100000, endTime: 82500000 }))
    expect(await serviceListModified(c, id)).toBe(t.clock.now())
    expect((await ok(get(c.admin, `${BASE}/${id}/inboundHours`))).inboundHour).toEqual([{ id: hoursId, dayOfWeek: 'SATURDAY', startTime: 62100000, endTime: 82500000 }])
    expectNoContent(await post(c.admin, `${BASE}/${id}/inboundHours/${hoursId}`, { endTime: 90000000, startTime: null }))
    expect((await ok(get(c.admin, `${BASE}/${id}/inboundHours`))).inboundHour).toEqual([{ id: hoursId, dayOfWeek: 'SATURDAY', startTime: 62100000, endTime: 90000000 }])
  })

  it('needs at least one key and a startTime before the endTime', async () => {
    const { c, id, hoursId } = await withHours()
    const url = `${BASE}/${id}/inboundHours/${hoursId}`
    expectInvalid(await post(c.admin, url, {}), 'Missing required field [startTime or endTime]')
    expectInvalid(await post({ ...c.admin, 'content-type': 'application/json' }, url), 'Missing required field [startTime or endTime]')
    expectInvalid(await post(c.admin, url, { startTime: null, endTime: null }), 'Missing required field [startTime or endTime]')
    expectInvalid(await post(c.admin, url, { startTime: 61200000 }), 'Invalid input [startTime must be before endTime]')
    expectInvalid(await post(c.admin, url, { endTime: 172_800_000 }), /^Invalid input \[endTime/)
    expect((await ok(get(c.admin, `${BASE}/${id}/inboundHours`))).inboundHour).toEqual([{ id: hoursId, dayOfWeek: 'SATURDAY', startTime: 50400000, endTime: 61200000 }])
  })

  it('answers unknown hours, and hours of another Service, as not found', async () => {
    const { c, id, hoursId } = await withHours()
    const sibling = await seedService(t, c, await seedCallCenter(t, c), { callDirection: 'INBOUND' })
    expectNotFound(await post(c.admin, `${BASE}/${id}/inboundHours/999999999`, { startTime: 1 }), 'Inbound hours not found [ID:999999999]')
    expectNotFound(await post(c.admin, `${BASE}/${sibling}/inboundHours/${hoursId}`, { startTime: 1 }), `Inbound hours not found [ID:${hoursId}]`)
  })
})

describe('Update Service Remove Inbound Hours', () => {
  it('removes the entry; removing it again answers 404 as in the seed', async () => {
    const c = await createTestClient(t)
    const id = await seedService(t, c, await seedCallCenter(t, c), {
      callDirection: 'INBOUND',
      inboundHours: [{ dayOfWeek: 'SATURDAY', startTime: 50400000, endTime: 61200000 }, { dayOfWeek: 'SUNDAY', startTime: 1, endTime: 2 }],
    })
    const [first, second] = (await ok(get(c.admin, `${BASE}/${id}/inboundHours`))).inboundHour.map((h: { id: number }) => h.id)
    t.clock.advance(1000)
    expectNoContent(await del(c.admin, `${BASE}/${id}/inboundHours/${first}`))
    expect(await serviceListModified(c, id)).toBe(t.clock.now())
    expect((await ok(get(c.admin, `${BASE}/${id}/inboundHours`))).inboundHour.map((h: { id: number }) => h.id)).toEqual([second])
    expectNotFound(await del(c.admin, `${BASE}/${id}/inboundHours/${first}`), `Inbound hours not found [ID:${first}]`)
  })

  it('answers hours of another Service as not found and keeps them', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const owner = await seedService(t, c, center, { callDirection: 'INBOUND', inboundHours: [{ dayOfWeek: 'ALL', startTime: 1, endTime: 2 }] })
    const other = await seedService(t, c, center, { callDirection: 'INBOUND' })
    const hoursId = (await ok(get(c.admin, `${BASE}/${owner}/inboundHours`))).inboundHour[0].id
    expectNotFound(await del(c.admin, `${BASE}/${other}/inboundHours/${hoursId}`), `Inbound hours not found [ID:${hoursId}]`)
    expect((await ok(get(c.admin, `${BASE}/${owner}/inboundHours`))).inboundHour).toHaveLength(1)
  })
})
