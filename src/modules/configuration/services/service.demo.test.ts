import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient, type TestClient } from '../../../../test/fixtures.ts'
import { seededRandom } from '../../../demo/demo-data.ts'
import { ACD_FEATURE_CODES, CALL_DIRECTIONS } from './service.enums.ts'
import { seedCallCentersAndServicesDemo } from './service.demo.ts'
import { expectInvalid, expectNoContent } from '../../../../test/support/errors.ts'

let t: TestApp
let c: TestClient
beforeAll(async () => {
  t = await buildTestApp()
  c = await createTestClient(t)
  await t.db.transaction().execute((trx) => seedCallCentersAndServicesDemo({ db: trx, clientId: c.clientId, now: t.clock.now(), random: seededRandom(4199) }))
})
afterAll(async () => { await t.close() })

const get = async (url: string) => {
  const res = await t.app.inject({ method: 'GET', url, headers: c.admin })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

async function serviceId(name: string): Promise<number> {
  const row = await t.db.selectFrom('services').select('id').where('client_id', '=', c.clientId).where('name', '=', name).executeTakeFirstOrThrow()
  return row.id
}

// Its speed is the bench's concern: start-up with all demo data, timed in `npm run bench`.
describe('Call Center and Service demo data', () => {
  it('lists the Call Centers holding Services; the empty one is readable but unlisted', async () => {
    const list = await get('/configuration/callCenters?count=50&offset=0')
    expect(list.callCenter.map((x: { name: string }) => x.name)).toEqual(['Atlanta - Financial Services', 'Atlanta - First Party', 'Los Angeles', 'California'])
    expect(await get('/configuration/callCenters/info')).toEqual({ size: 4, lastModified: t.clock.now() })
    const empty = await t.db.selectFrom('call_centers').select('id').where('client_id', '=', c.clientId).where('name', '=', 'New York - Medical').executeTakeFirstOrThrow()
    expect(await get(`/configuration/callCenters/${empty.id}`)).toMatchObject({ name: 'New York - Medical', open: true })
    expect(await get(`/configuration/callCenters/${empty.id}/related`)).toEqual({ service: [], agent: [] })
  })

  it('spans every ACD feature code and call direction', async () => {
    const seen = { codes: new Set<string>(), directions: new Set<string>(), total: 0 }
    for (const callDirection of CALL_DIRECTIONS) {
      const found = await t.app.inject({
        method: 'POST', url: '/configuration/services/search?count=100&offset=0', headers: c.admin,
        payload: { callDirection, acdFeature: [...ACD_FEATURE_CODES] },
      })
      for (const s of found.json().service) {
        seen.codes.add(s.acdFeatureCode)
        seen.directions.add(callDirection)
        seen.total++
      }
    }
    expect([...seen.codes].sort()).toEqual([...ACD_FEATURE_CODES].sort())
    expect([...seen.directions].sort()).toEqual([...CALL_DIRECTIONS].sort())
    expect(seen.total).toBeGreaterThanOrEqual(12)
  })

  it('fills every tab of an inbound Service', async () => {
    const id = await serviceId('Atlanta_FS_Inbound_8773402031 (6)')
    expect(await get(`/configuration/services/${id}`)).toMatchObject({ callDirection: 'INBOUND', acdFeatureCode: 'AGENT_AT_READY_IN', inboundService: id })
    const hours = (await get(`/configuration/services/${id}/inboundHours`)).inboundHour
    expect(hours.map((h: { dayOfWeek: string }) => h.dayOfWeek)).toEqual(['WEEKDAY', 'SATURDAY', 'SPECIFIC_DATE'])
    const phone = await get(`/configuration/services/${id}/phone`)
    expect(phone.callerId.length).toBeGreaterThan(0)
    expect(phone.callerId).toContain(phone.defaultCallerId)
    expect((await get(`/configuration/services/${id}/messaging`)).property.map((p: { key: string }) => p.key)).toEqual(['inbound_template_id', 'template_id'])
    expect(await get(`/configuration/services/${id}/pacing`)).toMatchObject({ method: 'LINES_AGENT', throttle: expect.any(Number) })
    expect(await get(`/configuration/services/${id}/settings`)).toMatchObject({ screenPopId: 3063, callRecordingEnabled: true, leaveMessages: true, leaveNoMessages: true })
    expect(await get(`/configuration/services/${id}/related`)).toMatchObject({ inboundResourceGroup: { id: expect.any(Number) }, campaign: [] })
  })

  it('has campaigns that decide which Services may be deleted', async () => {
    const rpc = await serviceId('Atlanta_FS_RPC (1)')
    const related = await get(`/configuration/services/${rpc}/related`)
    expect(related.campaign).toHaveLength(3)
    expect(related.outboundResourceGroup).toHaveLength(2)
    expectInvalid(await t.app.inject({ method: 'DELETE', url: `/configuration/services/${rpc}`, headers: c.admin }), 'Cannot delete service [campaigns associated in the past 90 days]')
    const oldOnly = await serviceId('Atlanta_FS_Manual_VOIP (4)')
    expectNoContent(await t.app.inject({ method: 'DELETE', url: `/configuration/services/${oldOnly}`, headers: c.admin }))
    const none = await serviceId('California_IVR_Appointment_Reminders')
    expectNoContent(await t.app.inject({ method: 'DELETE', url: `/configuration/services/${none}`, headers: c.admin }))
    // The outbound Services that pointed at the deleted one keep working.
    expect((await get(`/configuration/services/${rpc}`)).inboundService).toBe(await serviceId('Atlanta_FS_Inbound_8773402031 (6)'))
  })

  it('builds the same tenant twice from the same seed', async () => {
    const other = await createTestClient(t)
    await t.db.transaction().execute((trx) => seedCallCentersAndServicesDemo({ db: trx, clientId: other.clientId, now: t.clock.now(), random: seededRandom(4199) }))
    const phones = async (clientId: number) => t.db.selectFrom('service_caller_ids').innerJoin('services', 'services.id', 'service_caller_ids.service_id')
      .select(['services.name', 'service_caller_ids.caller_id']).where('services.client_id', '=', clientId).where('services.name', '=', 'California_QC')
      .orderBy('service_caller_ids.id').execute()
    expect(await phones(other.clientId)).toEqual(await phones(c.clientId))
  })
})
