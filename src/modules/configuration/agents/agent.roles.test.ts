/**
 * The role matrix of agents.md "Roles" for all 18 Agent and Agent Skill methods: Sysadmin, IT User,
 * Superuser and a Manager with "Administer Agents" may call every method; a Manager without it
 * none; an Agent session only Read Agent, List Agents, Find Matching Agents and Get Agent Related
 * Objects. A refused call changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient, insertCallCenter, insertService, type TestClient } from '../../../../test/fixtures.ts'
import { agentBody, createAgent, createSkill, roleSessions, type RoleName } from '../../../../test/support/configuration.ts'
import { expectError, expectForbidden } from '../../../../test/support/errors.ts'

let t: TestApp
let c: TestClient
let sessions: Record<RoleName, Record<string, string>>
let acdService: number

beforeAll(async () => {
  t = await buildTestApp()
  c = await createTestClient(t)
  const cc = await insertCallCenter(t, c.clientId)
  acdService = (await insertService(t, c.clientId, { callCenterId: cc, acdFeatureCode: 'AGENT_CALL_OUT', callDirection: 'OUTBOUND' })).serviceId
  sessions = await roleSessions(t, c, { power: 'ADMINISTER_AGENTS', serviceIds: [acdService], agentServiceIds: [] })
})
afterAll(async () => { await t.close() })

interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  url: string
  payload?: object
  /** What an admin reads to prove a refused call changed nothing. */
  snapshot?: string
}

interface MethodCase {
  name: string
  agentMayCall: boolean
  status: number
  prepare(): Promise<Call>
}

const admin = () => c.admin
const methods: MethodCase[] = [
  { name: 'Create Agent', agentMayCall: false, status: 201, prepare: async () => {
    const body = agentBody()
    return { method: 'POST', url: '/configuration/agents', payload: body, snapshot: `/configuration/agents/info` }
  } },
  { name: 'Delete Agent', agentMayCall: false, status: 204, prepare: async () => {
    const id = await createAgent(t, admin())
    return { method: 'DELETE', url: `/configuration/agents/${id}`, snapshot: `/configuration/agents/${id}` }
  } },
  { name: 'Find Matching Agents', agentMayCall: true, status: 200, prepare: async () => ({ method: 'POST', url: '/configuration/agents/search?count=5&offset=0', payload: { lastName: 'john' } }) },
  { name: 'Get Agent List Info', agentMayCall: false, status: 200, prepare: async () => ({ method: 'GET', url: '/configuration/agents/info' }) },
  { name: 'Get Agent Related Objects', agentMayCall: true, status: 200, prepare: async () => ({ method: 'GET', url: `/configuration/agents/${await createAgent(t, admin())}/related` }) },
  { name: 'List Agents', agentMayCall: true, status: 200, prepare: async () => ({ method: 'GET', url: '/configuration/agents?count=5&offset=0' }) },
  { name: 'Read Agent', agentMayCall: true, status: 200, prepare: async () => ({ method: 'GET', url: `/configuration/agents/${await createAgent(t, admin())}` }) },
  { name: 'Update Agent', agentMayCall: false, status: 204, prepare: async () => {
    const id = await createAgent(t, admin())
    return { method: 'PUT', url: `/configuration/agents/${id}`, payload: { lastName: 'Changed' }, snapshot: `/configuration/agents/${id}` }
  } },
  { name: 'Update Agent Add Agent Skill', agentMayCall: false, status: 204, prepare: async () => {
    const id = await createAgent(t, admin())
    return { method: 'PUT', url: `/configuration/agents/${id}/skills/${await createSkill(t, admin())}?proficiency=3`, snapshot: `/configuration/agents/${id}` }
  } },
  { name: 'Update Agent Add Service', agentMayCall: false, status: 204, prepare: async () => {
    const id = await createAgent(t, admin())
    return { method: 'PUT', url: `/configuration/agents/${id}/services/${acdService}`, snapshot: `/configuration/agents/${id}` }
  } },
  { name: 'Update Agent Remove Agent Skill', agentMayCall: false, status: 204, prepare: async () => {
    const skill = await createSkill(t, admin())
    const id = await createAgent(t, admin(), { assignedAgentSkill: [{ id: skill, proficiency: 2 }] })
    return { method: 'DELETE', url: `/configuration/agents/${id}/skills/${skill}`, snapshot: `/configuration/agents/${id}` }
  } },
  { name: 'Update Agent Remove Service', agentMayCall: false, status: 204, prepare: async () => {
    const id = await createAgent(t, admin(), { assignedService: [{ id: acdService }] })
    return { method: 'DELETE', url: `/configuration/agents/${id}/services/${acdService}`, snapshot: `/configuration/agents/${id}` }
  } },
  { name: 'Create Agent Skill', agentMayCall: false, status: 201, prepare: async () => ({ method: 'POST', url: '/configuration/agents/skills', payload: { name: 'NEW' }, snapshot: '/configuration/agents/skills/info' }) },
  { name: 'Delete Agent Skill', agentMayCall: false, status: 204, prepare: async () => {
    const id = await createSkill(t, admin())
    return { method: 'DELETE', url: `/configuration/agents/skills/${id}`, snapshot: `/configuration/agents/skills/${id}` }
  } },
  { name: 'Get Agent Skill List Info', agentMayCall: false, status: 200, prepare: async () => ({ method: 'GET', url: '/configuration/agents/skills/info' }) },
  { name: 'List Agent Skills', agentMayCall: false, status: 200, prepare: async () => ({ method: 'GET', url: '/configuration/agents/skills?count=5&offset=0' }) },
  { name: 'Read Agent Skill', agentMayCall: false, status: 200, prepare: async () => ({ method: 'GET', url: `/configuration/agents/skills/${await createSkill(t, admin())}` }) },
  { name: 'Update Agent Skill', agentMayCall: false, status: 204, prepare: async () => {
    const id = await createSkill(t, admin())
    return { method: 'PUT', url: `/configuration/agents/skills/${id}`, payload: { name: 'RENAMED' }, snapshot: `/configuration/agents/skills/${id}` }
  } },
]

const roles: RoleName[] = ['SYSADMIN', 'IT_USER', 'SUPERUSER', 'MANAGER', 'MANAGER_NO_POWER', 'AGENT']

describe('Agent and Agent Skill role matrix', () => {
  it('covers the 18 methods of agents.md', () => {
    expect(methods).toHaveLength(18)
  })

  for (const m of methods) {
    it(`${m.name}: ${m.agentMayCall ? 'AgentRead' : 'AgentAdmin'}`, async () => {
      for (const role of roles) {
        const allowed = role !== 'MANAGER_NO_POWER' && (role !== 'AGENT' || m.agentMayCall)
        const call = await m.prepare()
        const before = call.snapshot ? (await t.app.inject({ method: 'GET', url: call.snapshot, headers: c.admin })).body : undefined
        const res = await t.app.inject({ method: call.method, url: call.url, headers: sessions[role], ...(call.payload ? { payload: call.payload } : {}) })
        if (allowed) {
          expect({ role, status: res.statusCode, body: res.statusCode === m.status ? 'ok' : res.body }).toEqual({ role, status: m.status, body: 'ok' })
        } else {
          expectForbidden(res)
          if (call.snapshot) expect((await t.app.inject({ method: 'GET', url: call.snapshot, headers: c.admin })).body).toBe(before)
        }
      }
      const call = await m.prepare()
      expectError(await t.app.inject({ method: call.method, url: call.url, ...(call.payload ? { payload: call.payload } : {}) }), 401, 201, /^Unauthorized/)
    })
  }

  it('checks the role before the body: a refused call with an invalid body is still 403', async () => {
    expectForbidden(await t.app.inject({ method: 'POST', url: '/configuration/agents', headers: sessions.MANAGER_NO_POWER, payload: { loginId: '' } }))
    expectForbidden(await t.app.inject({ method: 'POST', url: '/configuration/agents/skills', headers: sessions.AGENT, payload: {} }))
  })
})
