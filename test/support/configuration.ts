/**
 * Fixtures for the Configuration API suites. Call centers and services come from the
 * provisioning functions the demo data and the CLI use (seedCallCenter, seedService) or are
 * inserted directly (test/fixtures.ts insertService); Agents through the Agents API.
 */
import type { ManagerPower } from '../../src/http/auth.ts'
import { provisionCallCenter } from '../../src/modules/configuration/call-centers/call-center.provisioning.ts'
import { provisionService, type ProvisionServiceInput } from '../../src/modules/configuration/services/service.provisioning.ts'
import type { TestApp } from '../app.ts'
import { agentSession, login, nextSequence, userSession, type TestClient } from '../fixtures.ts'

export async function seedCallCenter(t: TestApp, c: TestClient, name = `Call Center ${nextSequence()}`, options: { clientId?: number } = {}): Promise<number> {
  return provisionCallCenter(t.db, options.clientId ?? c.clientId, { name }, t.clock.now())
}

export async function seedService(
  t: TestApp, c: TestClient, callCenterId: number, input: Partial<ProvisionServiceInput> = {}, options: { clientId?: number } = {},
): Promise<number> {
  return provisionService(t.db, options.clientId ?? c.clientId, {
    callCenterId, name: `Service ${nextSequence()}`, callDirection: 'OUTBOUND', acdFeatureCode: 'AGENT_AT_READY_OUT', ...input,
  }, t.clock.now())
}

export const AGENT_PASSWORD = 'A12345678'

/** The seed's Create Agent body without assignments; overrides win. */
export function agentBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    loginId: `agent${nextSequence()}`, firstName: 'Bob', lastName: 'Johnson', password: AGENT_PASSWORD,
    phone: '2023467763', wrapUpTime: -1, homeAgent: true, active: true, ...overrides,
  }
}

export async function createAgent(t: TestApp, headers: Record<string, string>, overrides: Record<string, unknown> = {}): Promise<number> {
  const res = await t.app.inject({ method: 'POST', url: '/configuration/agents', headers, payload: agentBody(overrides) })
  if (res.statusCode !== 201) throw new Error(`create agent failed: ${res.statusCode} ${res.body}`)
  return res.json<{ id: number }>().id
}

export async function createSkill(t: TestApp, headers: Record<string, string>, name = `SKILL${nextSequence()}`, description?: string): Promise<number> {
  const res = await t.app.inject({ method: 'POST', url: '/configuration/agents/skills', headers, payload: { name, description } })
  if (res.statusCode !== 201) throw new Error(`create skill failed: ${res.statusCode} ${res.body}`)
  return res.json<{ id: number }>().id
}

/**
 * An agent created through the Agents API (the body's assignments and skills included) and
 * logged in: for the Agents suites, where how the agent was made is under test. Other suites use
 * test/fixtures.ts agentSession.
 */
export async function apiAgentSession(t: TestApp, c: TestClient, overrides: Record<string, unknown> = {}): Promise<{ agentId: number; headers: Record<string, string>; loginId: string }> {
  const body = agentBody(overrides)
  const agentId = await createAgent(t, c.admin, body)
  const loginId = String(body.loginId)
  return { agentId, loginId, headers: await login(t.app, c, loginId, String(body.password), true) }
}

/**
 * The roles of the matrix (README §7). MANAGER holds the power the suite's methods ask for,
 * MANAGER_NO_POWER only the other one, so a refusal for it is about the power, not the role.
 */
export type RoleName = 'SYSADMIN' | 'IT_USER' | 'SUPERUSER' | 'MANAGER' | 'MANAGER_NO_POWER' | 'AGENT'
export const ALL_ROLES: RoleName[] = ['SYSADMIN', 'IT_USER', 'SUPERUSER', 'MANAGER', 'MANAGER_NO_POWER', 'AGENT']

const otherPower: Record<ManagerPower, ManagerPower> = { ADMINISTER_AGENTS: 'MODIFY_SERVICES', MODIFY_SERVICES: 'ADMINISTER_AGENTS' }

/**
 * One logged-in session per role in client c. Both Managers are granted `serviceIds`, and the
 * Agent `agentServiceIds` (default: the same), so a refusal is about the role or power, not
 * about visibility.
 */
export async function roleSessions(
  t: TestApp, c: TestClient, options: { power: ManagerPower; serviceIds?: number[]; agentServiceIds?: number[] },
): Promise<Record<RoleName, Record<string, string>>> {
  const serviceIds = options.serviceIds ?? []
  return {
    SYSADMIN: c.admin,
    IT_USER: (await userSession(t, c, 'IT_USER')).headers,
    SUPERUSER: (await userSession(t, c, 'SUPERUSER')).headers,
    MANAGER: (await userSession(t, c, 'MANAGER', { powers: [options.power], serviceIds })).headers,
    MANAGER_NO_POWER: (await userSession(t, c, 'MANAGER', { powers: [otherPower[options.power]], serviceIds })).headers,
    AGENT: (await agentSession(t, c, { serviceIds: options.agentServiceIds ?? serviceIds })).headers,
  }
}
