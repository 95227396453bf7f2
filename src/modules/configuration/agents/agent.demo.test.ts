import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient, insertCallCenter, insertService, login, type TestClient } from '../../../../test/fixtures.ts'
import { DEMO_AGENT, seededRandom } from '../../../demo/demo-data.ts'
import { seedAgentsDemo } from './agent.demo.ts'
import { isAcdService } from '../services/service.enums.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

/** A client with the call centers and services the demo modules seeded before this one. */
async function demoClient(): Promise<TestClient> {
  const c = await createTestClient(t)
  const now = t.clock.now()
  const atlanta = await insertCallCenter(t, c.clientId, 'Atlanta')
  const dallas = await insertCallCenter(t, c.clientId, 'Dallas')
  for (const [cc, code] of [[atlanta, 'AGENT_AT_READY_IN'], [atlanta, 'MANUAL'], [dallas, 'AGENT_AT_READY_OUT'], [dallas, 'HCI'], [atlanta, 'NO_ACD'], [dallas, '10_DMT']] as const) {
    await insertService(t, c.clientId, { callCenterId: cc, acdFeatureCode: code, callDirection: 'OUTBOUND' })
  }
  await t.db.transaction().execute((trx) => seedAgentsDemo({ db: trx, clientId: c.clientId, now, random: seededRandom(4199) }))
  return c
}

describe('Agents demo data', () => {
  // Its speed is the bench's concern: start-up with all demo data, timed in `npm run bench`.
  it('builds the client settings, skills and agents, and DEMO_AGENT can log in', async () => {
    const c = await demoClient()
    const get = async (url: string, headers = c.admin) => (await t.app.inject({ method: 'GET', url, headers })).json()

    expect(await get('/configuration/clients/settings')).toEqual({
      displayName: `Test ${c.code}`, clientCode: c.code, defaultScreenPopId: 3063, defaultDialingProfileId: 0,
      serviceLevelSeconds: 20, restrictStrategiesScope: true, defaultStrategyId: 468, requeueStrategyId: 469,
      defaultContactTimingId: 1, defaultVoiceId: 1, answeringMachineOption: null, scrubWireless: false,
      acdResourceGroupEnabled: true, acdAgentSkillEnabled: true, acctRealtimeDnc: true, lcidPackageId: 1256,
      reportOnlyAfterAllRetries: false,
    })
    expect(await get('/configuration/clients/messaging')).toEqual({
      property: [
        { key: 'exclusion_fields', value: 'ACCOUNT' }, { key: 'exclusion_range', value: '1' }, { key: 'requeue_limit', value: '15' },
        { key: 'sequential_loading', value: '0' }, { key: 'store_wireless', value: 'DAYS_DUE_6' }, { key: 'template_id', value: '11601' },
      ],
      defaultInputFilterId: 21572,
    })
    expect(await get('/configuration/clients/voicePool')).toEqual({ voice: [{ id: 1 }, { id: 5 }, { id: 2 }, { id: 3 }] })
    expect(await get('/configuration/agents/skills/info')).toEqual({ size: 6, lastModified: t.clock.now() })
    const info = await get('/configuration/agents/info')
    expect(info.size).toBeGreaterThanOrEqual(50)

    const agents = (await get('/configuration/agents?count=1000&offset=0')).agent as { id: number; loginId: string; firstName: string; active: boolean; lastLogin?: number }[]
    expect(agents).toHaveLength(info.size)
    expect(new Set(agents.map((a) => a.loginId)).size).toBe(agents.length)
    expect(agents.filter((a) => !a.active).length).toBeGreaterThan(0)
    expect(agents.filter((a) => a.lastLogin !== undefined).length).toBeGreaterThan(20)

    const assignments = await t.db.selectFrom('agent_services')
      .innerJoin('services', (j) => j.onRef('services.id', '=', 'agent_services.service_id').onRef('services.client_id', '=', 'agent_services.client_id'))
      .select(['agent_services.agent_id', 'services.acd_feature_code']).where('agent_services.client_id', '=', c.clientId).execute()
    expect(new Set(assignments.map((a) => a.agent_id)).size).toBe(agents.length)
    for (const a of assignments) expect(isAcdService(a.acd_feature_code)).toBe(true)
    expect(await t.db.selectFrom('agent_skill_assignments').select('agent_id').where('client_id', '=', c.clientId).execute()).not.toHaveLength(0)

    const agentHeaders = await login(t.app, c, DEMO_AGENT.loginId.toLowerCase(), DEMO_AGENT.password, true)
    const me = agents.find((a) => a.loginId === DEMO_AGENT.loginId)!
    const mine = await get(`/configuration/agents/${me.id}`, agentHeaders)
    expect(mine).toMatchObject({ loginId: 'AGENT1', active: true, locked: false, lastLogin: t.clock.now() })
    expect(mine.assignedService).toHaveLength(2)
    expect(mine.assignedAgentSkill).toHaveLength(2)
    expect((await get(`/configuration/agents/${me.id}/related`, agentHeaders)).callCenter.length).toBeGreaterThan(0)

    const jam = await t.app.inject({ method: 'POST', url: '/configuration/agents/search?count=100&offset=0', headers: c.admin, payload: { lastName: 'jam' } })
    expect(jam.json().agent.length).toBeGreaterThan(0)
    for (const a of jam.json().agent) expect(a.lastName.toLowerCase()).toContain('jam')
  })

  it('builds the same tenant every time', async () => {
    const names = async (c: TestClient) => ((await t.app.inject({ method: 'GET', url: '/configuration/agents?count=1000&offset=0', headers: c.admin })).json().agent as { loginId: string; phone: string }[])
      .map((a) => `${a.loginId} ${a.phone}`)
    const first = await demoClient()
    const second = await demoClient()
    expect(await names(second)).toEqual(await names(first))
  })
})
