/**
 * Test helpers for the Clients, Agents and Agent Skills suites. Call centers and services are
 * written with Kysely directly (their API belongs to another module); only the columns every
 * version of those tables has are set.
 */
import { expect } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import type { Db } from '../../../db/database.ts'
import { flag } from '../../../db/dialect.ts'
import { apiOfPath, errorBody } from '../../../http/errors.ts'
import type { TestApp } from '../../../../test/app.ts'
import { login, userSession, type TestClient } from '../../../../test/fixtures.ts'

let sequence = 0

export async function insertCallCenter(db: Db, clientId: number, now: number, name = `Call center ${++sequence}`): Promise<number> {
  const { id } = await db.insertInto('call_centers').values({
    client_id: clientId, name, name_key: name.toLowerCase(), manager_name: null, billing_system: null,
    default_input_filter_id: null, open: flag(true), created_at: now, modified_at: now,
  }).returning('id').executeTakeFirstOrThrow()
  return Number(id)
}

export async function insertService(
  db: Db, clientId: number, callCenterId: number, acdFeatureCode: string, now: number,
  options: { name?: string; callDirection?: 'INBOUND' | 'OUTBOUND' | 'BLENDED' } = {},
): Promise<number> {
  const { id } = await db.insertInto('services').values({
    client_id: clientId, call_center_id: callCenterId, name: options.name ?? `Service ${++sequence}`,
    call_direction: options.callDirection ?? 'OUTBOUND', acd_feature_code: acdFeatureCode, created_at: now, modified_at: now,
  }).returning('id').executeTakeFirstOrThrow()
  return Number(id)
}

export const AGENT_PASSWORD = 'A12345678'

/** The seed's Create Agent body without assignments; overrides win. */
export function agentBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    loginId: `agent${++sequence}`, firstName: 'Bob', lastName: 'Johnson', password: AGENT_PASSWORD,
    phone: '2023467763', wrapUpTime: -1, homeAgent: true, active: true, ...overrides,
  }
}

export async function createAgent(t: TestApp, headers: Record<string, string>, overrides: Record<string, unknown> = {}): Promise<number> {
  const res = await t.app.inject({ method: 'POST', url: '/configuration/agents', headers, payload: agentBody(overrides) })
  if (res.statusCode !== 201) throw new Error(`create agent failed: ${res.statusCode} ${res.body}`)
  return res.json().id
}

export async function createSkill(t: TestApp, headers: Record<string, string>, name = `SKILL${++sequence}`, description?: string): Promise<number> {
  const res = await t.app.inject({ method: 'POST', url: '/configuration/agents/skills', headers, payload: { name, description } })
  if (res.statusCode !== 201) throw new Error(`create skill failed: ${res.statusCode} ${res.body}`)
  return res.json().id
}

/** An agent of the client, logged in with agent credentials. */
export async function agentSession(t: TestApp, c: TestClient, overrides: Record<string, unknown> = {}): Promise<{ agentId: number; headers: Record<string, string>; loginId: string }> {
  const body = agentBody(overrides)
  const agentId = await createAgent(t, c.admin, body)
  const loginId = String(body.loginId)
  return { agentId, loginId, headers: await login(t.app, c, loginId, String(body.password), true) }
}

export type RoleName = 'SYSADMIN' | 'IT_USER' | 'SUPERUSER' | 'MANAGER+POWER' | 'MANAGER' | 'AGENT'

/** One logged-in session per role of the matrix (README §7), in client c. */
export async function roleSessions(t: TestApp, c: TestClient, options: { managerServiceIds?: number[] } = {}): Promise<Record<RoleName, Record<string, string>>> {
  const serviceIds = options.managerServiceIds ?? []
  return {
    SYSADMIN: c.admin,
    IT_USER: (await userSession(t, c, 'IT_USER')).headers,
    SUPERUSER: (await userSession(t, c, 'SUPERUSER')).headers,
    'MANAGER+POWER': (await userSession(t, c, 'MANAGER', { powers: ['ADMINISTER_AGENTS'], serviceIds })).headers,
    MANAGER: (await userSession(t, c, 'MANAGER', { powers: ['MODIFY_SERVICES'], serviceIds })).headers,
    AGENT: (await agentSession(t, c)).headers,
  }
}

/**
 * A vendor error in its API's shape (README §3.1): both key pairs with identical values on the
 * Configuration API, exactly `{code, message}` on the Session API (Login is tested here too).
 */
export function expectError(res: LightMyRequestResponse, status: number, code: number, message: string | RegExp): void {
  const body = res.json()
  const matching = expect.stringMatching(message instanceof RegExp ? message : `^${escapeRegExp(message)}$`)
  expect({ status: res.statusCode, body }).toEqual({ status, body: errorBody(code, matching, apiOfPath(res.raw.req.url)) })
  expect(Object.keys(body)).toEqual(Object.keys(errorBody(code, body.message, apiOfPath(res.raw.req.url))))
  if ('errorMessage' in body) expect(body.errorMessage).toBe(body.message)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export const expectForbidden = (res: LightMyRequestResponse): void => expectError(res, 403, 201, /^Forbidden/)
export const expectNotFound = (res: LightMyRequestResponse, message: string | RegExp): void => expectError(res, 404, 203, message)
export const expectInvalid = (res: LightMyRequestResponse, message: string | RegExp): void => expectError(res, 400, 202, message)
