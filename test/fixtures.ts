import type { FastifyInstance } from 'fastify'
import type { Db } from '../src/db/database.ts'
import type { ManagerPower } from '../src/http/auth.ts'
import { provisionClient } from '../src/modules/configuration/clients/client.provisioning.ts'
import type { UserRole } from '../src/modules/configuration/users/user.table.ts'
import { createUser } from '../src/modules/configuration/users/user.service.ts'
import { insertUserService } from '../src/modules/configuration/users/user.repository.ts'
import { addAccessToken } from '../src/modules/session/access-token.service.ts'
import { firstPassword } from '../src/lib/password-policy.ts'
import { flag } from '../src/db/dialect.ts'
import { callCenterNameKey } from '../src/modules/configuration/call-centers/call-center.service.ts'
import type { TestApp } from './app.ts'

let sequence = 0

/** One counter for every generated name in test/, so login ids made by different helpers never collide. */
export const nextSequence = (): number => ++sequence

export interface TestClient {
  clientId: number
  code: string
  token: string
  /** LV-Session headers of the client's Sysadmin. */
  admin: Record<string, string>
  adminUserId: number
}

export const PASSWORD = 'Secret123'

/** A fresh client with a token and a logged-in Sysadmin: each test gets its own tenant. */
export async function createTestClient(t: TestApp, options: { parentId?: number } = {}): Promise<TestClient> {
  const code = `T${++sequence}${Math.random().toString(36).slice(2, 8).toUpperCase()}`
  const now = t.clock.now()
  const clientId = await provisionClient(t.db, { code, name: `Test ${code}`, parentId: options.parentId }, now)
  const token = await addAccessToken(t.db, clientId, now)
  const adminUserId = await createUser(t.db, clientId, { loginId: 'admin', firstName: 'Ada', lastName: 'Admin', password: PASSWORD, role: 'SYSADMIN' }, now)
  const admin = await login(t.app, { code, token }, 'admin', PASSWORD)
  return { clientId, code, token, admin, adminUserId }
}

export async function login(app: FastifyInstance, client: { code: string; token: string }, userName: string, password: string, agent = false): Promise<Record<string, string>> {
  const res = await app.inject({
    method: 'POST', url: '/session/login', headers: { 'lv-access': client.token },
    payload: { clientName: client.code, userName, password, agent },
  })
  if (res.statusCode !== 200) throw new Error(`login of ${userName} failed: ${res.statusCode} ${res.body}`)
  return { 'lv-session': res.json().sessionId }
}

const powerNames: Record<ManagerPower, string> = { ADMINISTER_AGENTS: 'Administer Agents', MODIFY_SERVICES: 'Modify Services' }

/** A user of the given role, logged in; returns its id and session headers. */
export async function userSession(
  t: TestApp, client: TestClient, role: UserRole,
  options: { powers?: ManagerPower[]; serviceIds?: number[]; loginId?: string } = {},
): Promise<{ userId: number; headers: Record<string, string>; loginId: string }> {
  const loginId = options.loginId ?? `${role.toLowerCase()}${++sequence}`
  const userId = await createUser(t.db, client.clientId, {
    loginId, firstName: 'Test', lastName: role, password: PASSWORD, role,
    optionalManagerPowers: (options.powers ?? []).map((p) => powerNames[p]),
  }, t.clock.now())
  for (const serviceId of options.serviceIds ?? []) await insertUserService(t.db, client.clientId, userId, serviceId)
  return { userId, loginId, headers: await login(t.app, client, loginId, PASSWORD) }
}

export type { Db }

/** A Call Center inserted directly (the Call Centers API is another module's). */
export async function insertCallCenter(t: TestApp, clientId: number, name = `Call Center ${++sequence}`): Promise<number> {
  const now = t.clock.now()
  const { id } = await t.db.insertInto('call_centers').values({
    client_id: clientId, name, name_key: callCenterNameKey(name), manager_name: null, billing_system: null,
    default_input_filter_id: null, open: flag(true), created_at: now, modified_at: now,
  }).returning('id').executeTakeFirstOrThrow()
  return Number(id)
}

/**
 * A Service, inserted directly (the Services API is another module's), in a new Call Center
 * unless one is given; Add Service and visibility tests need real Services.
 */
export async function insertService(
  t: TestApp, clientId: number,
  options: { name?: string; callDirection?: 'INBOUND' | 'OUTBOUND' | 'BLENDED'; acdFeatureCode?: string; callCenterId?: number } = {},
): Promise<{ callCenterId: number; serviceId: number }> {
  const now = t.clock.now()
  const callCenterId = options.callCenterId ?? await insertCallCenter(t, clientId)
  const { id } = await t.db.insertInto('services').values({
    client_id: clientId, call_center_id: callCenterId, name: options.name ?? `Service ${++sequence}`,
    call_direction: options.callDirection ?? 'INBOUND', acd_feature_code: options.acdFeatureCode ?? 'AGENT_AT_READY_IN',
    created_at: now, modified_at: now,
  }).returning('id').executeTakeFirstOrThrow()
  return { callCenterId, serviceId: Number(id) }
}

/** An Agent inserted directly (the Agents API is another module's); login ids are stored upper-case. */
export async function insertAgent(
  t: TestApp, clientId: number, options: { loginId?: string; password?: string; active?: boolean; serviceIds?: number[] } = {},
): Promise<{ agentId: number; loginId: string }> {
  const now = t.clock.now()
  const loginId = (options.loginId ?? `AGENT${++sequence}`).toUpperCase()
  const { hash, history } = await firstPassword(options.password ?? PASSWORD)
  const { id } = await t.db.insertInto('agents').values({
    client_id: clientId, login_id: loginId, first_name: 'Test', last_name: 'Agent', phone: '2025550100', wrap_up_time: 30,
    home_agent: 0, active: options.active === false ? 0 : 1, locked: 0, failed_login_attempts: 0,
    password_hash: hash, password_history: history, password_last_modified: now,
    last_login: null, last_login_ip: null, created_at: now, modified_at: now,
  }).returning('id').executeTakeFirstOrThrow()
  const agentId = Number(id)
  for (const serviceId of options.serviceIds ?? []) {
    await t.db.insertInto('agent_services').values({ client_id: clientId, agent_id: agentId, service_id: serviceId }).execute()
  }
  return { agentId, loginId }
}

/** A logged-in Agent session. */
export async function agentSession(
  t: TestApp, client: TestClient, options: { serviceIds?: number[] } = {},
): Promise<{ agentId: number; loginId: string; headers: Record<string, string> }> {
  const agent = await insertAgent(t, client.clientId, options)
  return { ...agent, headers: await login(t.app, client, agent.loginId, PASSWORD, true) }
}
