/** Fixtures shared by the Call Center and Service suites (tests only). */
import { expect } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { apiOfPath, errorBody } from '../../../http/errors.ts'
import type { TestApp } from '../../../../test/app.ts'
import { login, userSession, type TestClient } from '../../../../test/fixtures.ts'
import { provisionCallCenter } from '../call-centers/call-center.provisioning.ts'
import { provisionService, type ProvisionServiceInput } from './service.provisioning.ts'

let sequence = 0

export async function seedCallCenter(t: TestApp, c: TestClient, name = `Call Center ${++sequence}`, options: { clientId?: number } = {}): Promise<number> {
  return provisionCallCenter(t.db, options.clientId ?? c.clientId, { name }, t.clock.now())
}

export async function seedService(
  t: TestApp, c: TestClient, callCenterId: number, input: Partial<ProvisionServiceInput> = {}, options: { clientId?: number } = {},
): Promise<number> {
  return provisionService(t.db, options.clientId ?? c.clientId, {
    callCenterId, name: `Service ${++sequence}`, callDirection: 'OUTBOUND', acdFeatureCode: 'AGENT_AT_READY_OUT', ...input,
  }, t.clock.now())
}

export const AGENT_PASSWORD = 'Agent1234'

/** An Agent assigned to the given (ACD) Services, created through the Agents API and logged in. */
export async function agentSession(t: TestApp, c: TestClient, serviceIds: number[] = []): Promise<{ agentId: number; headers: Record<string, string> }> {
  const loginId = `CCAGENT${++sequence}`
  const res = await t.app.inject({
    method: 'POST', url: '/configuration/agents', headers: c.admin,
    payload: {
      loginId, firstName: 'Alex', lastName: 'Agent', password: AGENT_PASSWORD, phone: '2023467763', wrapUpTime: -1,
      homeAgent: false, active: true, assignedService: serviceIds.map((id) => ({ id })),
    },
  })
  if (res.statusCode !== 201) throw new Error(`create agent failed: ${res.statusCode} ${res.body}`)
  return { agentId: res.json().id, headers: await login(t.app, c, loginId, AGENT_PASSWORD, true) }
}

export type RoleName = 'SYSADMIN' | 'IT_USER' | 'SUPERUSER' | 'MANAGER' | 'MANAGER_NO_POWER' | 'AGENT'
export const ALL_ROLES: RoleName[] = ['SYSADMIN', 'IT_USER', 'SUPERUSER', 'MANAGER', 'MANAGER_NO_POWER', 'AGENT']

/**
 * One session per role. Both Managers and the Agent are granted `serviceIds`, so a refusal
 * for them is about the role or power, not about visibility.
 */
export async function roleSessions(t: TestApp, c: TestClient, serviceIds: number[]): Promise<Record<RoleName, Record<string, string>>> {
  return {
    SYSADMIN: c.admin,
    IT_USER: (await userSession(t, c, 'IT_USER')).headers,
    SUPERUSER: (await userSession(t, c, 'SUPERUSER')).headers,
    MANAGER: (await userSession(t, c, 'MANAGER', { powers: ['MODIFY_SERVICES'], serviceIds })).headers,
    MANAGER_NO_POWER: (await userSession(t, c, 'MANAGER', { powers: ['ADMINISTER_AGENTS'], serviceIds })).headers,
    AGENT: (await agentSession(t, c, serviceIds)).headers,
  }
}

/**
 * A vendor error in its API's shape (README §3.1): both key pairs with identical values on the
 * Configuration API, exactly `{code, message}` on the Session API.
 */
export function expectError(res: LightMyRequestResponse, status: number, code: number, message: string | RegExp): void {
  const body = res.json()
  expect(res.statusCode, res.body).toBe(status)
  const expected = errorBody(code, body.message, apiOfPath(res.raw.req.url))
  expect(Object.keys(body)).toEqual(Object.keys(expected))
  expect(body).toEqual(expected)
  if (typeof message === 'string') expect(body.message).toBe(message)
  else expect(body.message).toMatch(message)
}

export const expectForbidden = (res: LightMyRequestResponse, message: string | RegExp = /^Forbidden/): void => expectError(res, 403, 201, message)
export const expectNotFound = (res: LightMyRequestResponse, message: string | RegExp): void => expectError(res, 404, 203, message)
export const expectInvalid = (res: LightMyRequestResponse, message: string | RegExp): void => expectError(res, 400, 202, message)

export function expectNoContent(res: LightMyRequestResponse): void {
  expect(res.statusCode, res.body).toBe(204)
  expect(res.body).toBe('')
}
