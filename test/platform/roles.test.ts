import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../app.ts'
import { agentSession, createTestClient, insertService, userSession, type TestClient } from '../fixtures.ts'

/**
 * The role matrix (README §7, §2.4): every role against every route the app registers, read
 * from /openapi.json so that routes added by any module are covered the day they appear; then
 * exact answers on representative routes.
 */
let t: TestApp
let c: TestClient
type Who = 'SYSADMIN' | 'SUPERUSER' | 'IT_USER' | 'MANAGER' | 'MANAGER_WITH_POWERS' | 'AGENT'
const sessions = {} as Record<Who, Record<string, string>>
let serviceId: number

beforeAll(async () => {
  t = await buildTestApp()
  c = await createTestClient(t)
  ;({ serviceId } = await insertService(t, c.clientId))
  sessions.SYSADMIN = c.admin
  sessions.SUPERUSER = (await userSession(t, c, 'SUPERUSER')).headers
  sessions.IT_USER = (await userSession(t, c, 'IT_USER')).headers
  sessions.MANAGER = (await userSession(t, c, 'MANAGER', { serviceIds: [serviceId] })).headers
  sessions.MANAGER_WITH_POWERS = (await userSession(t, c, 'MANAGER', { powers: ['ADMINISTER_AGENTS', 'MODIFY_SERVICES'], serviceIds: [serviceId] })).headers
  sessions.AGENT = (await agentSession(t, c, { serviceIds: [serviceId] })).headers
})
afterAll(async () => { await t.close() })

const WHO: Who[] = ['SYSADMIN', 'SUPERUSER', 'IT_USER', 'MANAGER', 'MANAGER_WITH_POWERS', 'AGENT']
/** The messages of the authorization layer (auth.ts), as opposed to object-level 403s of services. */
const ROLE_DENIALS = [
  'Forbidden [role]', 'Forbidden [not available to agent sessions]',
  'Forbidden [Administer Agents power required]', 'Forbidden [Modify Services power required]',
]

interface Operation { operationId: string; description?: string; 'x-roles'?: string[] }

function mayCall(who: Who, roles: string[], description: string): boolean {
  const role = who === 'MANAGER_WITH_POWERS' ? 'MANAGER' : who
  if (!roles.includes(role)) return false
  // auth.ts writes a power requirement into the Roles line: "Manager (with Administer Agents)".
  return !(who === 'MANAGER' && /Manager \(with /.test(description))
}

describe('every registered route', () => {
  it('refuses roles outside its Roles line with 403 before validation, and lets the others through', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> }
    let checked = 0
    const failures: string[] = []
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const roles = op['x-roles']
        if (!roles || roles.length === 0 || roles.includes('any session')) continue
        // Open to every role for its own session; reading another's is an object-level rule
        // (session.md), covered in session.routes.test.ts.
        if (op.operationId === 'getSessionDetails') continue
        // Bogus ids: a caller who gets past authorization meets 400/404, never a change.
        const url = `${path.replace(/\{[^}]+\}/g, '999999999')}?count=1&offset=0`
        for (const who of WHO) {
          const res = await t.app.inject({
            method: method.toUpperCase() as 'GET', url, headers: sessions[who],
            ...(method === 'post' || method === 'put' ? { payload: {} } : {}),
          })
          const where = `${who} ${method.toUpperCase()} ${path} (${op.operationId})`
          const body = res.headers['content-type']?.toString().startsWith('application/json') ? res.json() : {}
          const allowed = mayCall(who, roles, op.description ?? '')
          const denied = res.statusCode === 403 && body.code === 201 && ROLE_DENIALS.includes(body.message)
          if (allowed ? denied || res.statusCode === 401 : !denied) failures.push(`${where} → ${res.statusCode} ${res.body}`)
          checked++
        }
      }
    }
    expect(failures).toEqual([])
    expect(checked).toBeGreaterThanOrEqual(9 * WHO.length)
  })
})

describe('representative routes', () => {
  const route = (method: 'GET' | 'POST' | 'PUT', url: string) => ({ method, url })
  const hasRoute = (method: string, url: string) => t.app.hasRoute({ method: method, url })

  it.each([
    ['List LiveVox Users', route('GET', '/configuration/users?count=10&offset=0'), { SYSADMIN: 200, SUPERUSER: 200, IT_USER: 403, MANAGER: 403, MANAGER_WITH_POWERS: 403, AGENT: 403 }],
    ['Get LiveVox User List Info', route('GET', '/configuration/users/info'), { SYSADMIN: 200, SUPERUSER: 200, IT_USER: 403, MANAGER: 403, MANAGER_WITH_POWERS: 403, AGENT: 403 }],
    ['List Active Sessions', route('GET', '/session/sessions?count=10&offset=0'), { SYSADMIN: 200, SUPERUSER: 200, IT_USER: 200, MANAGER: 403, MANAGER_WITH_POWERS: 403, AGENT: 403 }],
  ] as const)('%s', async (_name, r, expected) => {
    for (const who of WHO) {
      const res = await t.app.inject({ ...r, headers: sessions[who] })
      expect(res.statusCode, who).toBe(expected[who])
    }
  })

  it('Agent-kind routes need Administer Agents from a Manager and stay open to Agent sessions where the seed says so', async () => {
    if (!hasRoute('GET', '/configuration/agents') || !hasRoute('GET', '/configuration/agents/info')) return
    const expected: Record<string, Record<Who, number>> = {
      '/configuration/agents?count=10&offset=0': { SYSADMIN: 200, SUPERUSER: 200, IT_USER: 200, MANAGER: 403, MANAGER_WITH_POWERS: 200, AGENT: 200 },
      '/configuration/agents/info': { SYSADMIN: 200, SUPERUSER: 200, IT_USER: 200, MANAGER: 403, MANAGER_WITH_POWERS: 200, AGENT: 403 },
    }
    for (const [url, byWho] of Object.entries(expected)) {
      for (const who of WHO) expect((await t.app.inject({ method: 'GET', url, headers: sessions[who] })).statusCode, `${who} ${url}`).toBe(byWho[who])
    }
  })

  it('Call Center and Service reads are open to every role that may see them', async () => {
    if (!hasRoute('GET', '/configuration/callCenters') || !hasRoute('GET', '/configuration/services/:id')) return
    for (const who of WHO) {
      expect((await t.app.inject({ method: 'GET', url: '/configuration/callCenters?count=10&offset=0', headers: sessions[who] })).statusCode, who).toBe(200)
    }
    for (const who of ['SYSADMIN', 'SUPERUSER', 'IT_USER', 'MANAGER', 'MANAGER_WITH_POWERS'] as const) {
      expect((await t.app.inject({ method: 'GET', url: `/configuration/services/${serviceId}`, headers: sessions[who] })).statusCode, who).toBe(200)
    }
    expect((await t.app.inject({ method: 'GET', url: `/configuration/services/${serviceId}`, headers: sessions.AGENT })).statusCode).toBe(403)
  })

  it('Contact API routes refuse IT User and Agent sessions', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> }
    const contactGet = Object.entries(doc.paths).find(([p, ops]) => p.startsWith('/contact/') && ops.get && ops.get['x-roles']?.length)
    if (!contactGet) return
    const url = `${contactGet[0].replace(/\{[^}]+\}/g, '999999999')}?count=1&offset=0`
    for (const who of ['IT_USER', 'AGENT'] as const) {
      const res = await t.app.inject({ method: 'GET', url, headers: sessions[who] })
      expect(res.statusCode, `${who} ${url}`).toBe(403)
    }
  })

  it('answers 401 on every protected route without a valid session', async () => {
    for (const headers of [{}, { 'lv-session': '' }, { 'lv-session': '00000000-0000-4000-8000-000000000000' }]) {
      const res = await t.app.inject({ method: 'GET', url: '/configuration/users/info', headers })
      expect(res.statusCode).toBe(401)
      expect(res.json().code).toBe(201)
    }
  })
})
