import type { FastifyInstance } from 'fastify'
import type { Db } from '../src/db/database.ts'
import type { ManagerPower } from '../src/http/auth.ts'
import { provisionClient } from '../src/modules/configuration/clients/client.provisioning.ts'
import type { UserRole } from '../src/modules/configuration/users/user.table.ts'
import { createUser } from '../src/modules/configuration/users/user.service.ts'
import { insertUserService } from '../src/modules/configuration/users/user.repository.ts'
import { addAccessToken } from '../src/modules/session/access-token.service.ts'
import type { TestApp } from './app.ts'

let sequence = 0

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
