import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/app.ts'
import { agentSession, createTestClient, userSession, type TestClient } from '../../../test/fixtures.ts'
import { call, createContact, type Headers } from '../../../test/support/contact.ts'
import { expectError } from '../../../test/support/errors.ts'
import { insertContactNotes } from './notes/contact-note.repository.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

type Role = 'SYSADMIN' | 'SUPERUSER' | 'MANAGER' | 'IT_USER' | 'AGENT'
const CWrite: Role[] = ['SYSADMIN', 'SUPERUSER']
const CRead: Role[] = ['SYSADMIN', 'SUPERUSER', 'MANAGER']
const CFieldRead: Role[] = ['SYSADMIN', 'SUPERUSER', 'MANAGER', 'IT_USER']
const CFieldWrite: Role[] = ['SYSADMIN', 'IT_USER']

interface Case {
  name: string
  roles: Role[]
  status: number
  request: (role: Role) => [method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown]
}

async function sessions(c: TestClient): Promise<Record<Role, Headers>> {
  return {
    SYSADMIN: c.admin,
    SUPERUSER: (await userSession(t, c, 'SUPERUSER')).headers,
    MANAGER: (await userSession(t, c, 'MANAGER', { powers: ['ADMINISTER_AGENTS', 'MODIFY_SERVICES'] })).headers,
    IT_USER: (await userSession(t, c, 'IT_USER')).headers,
    AGENT: (await agentSession(t, c)).headers,
  }
}

describe('Contact API roles (contacts.md "Roles")', () => {
  it('lets each role call exactly its methods; others get 403 before any validation', async () => {
    const c = await createTestClient(t)
    const headers = await sessions(c)
    const base = await createContact(t, c.admin, { account: 'base' })
    for (const role of Object.keys(headers)) await createContact(t, c.admin, { account: `delete-${role}` })
    await insertContactNotes(t.db, [{ client_id: c.clientId, contact_id: base, note: 'n', session_id: 's', transaction_id: 1, created_at: 1, modified_at: 1 }])
    const noteId = Number((await t.db.selectFrom('contact_notes').select('id').where('client_id', '=', c.clientId).executeTakeFirstOrThrow()).id)
    const groupId = (await call(t, c.admin, 'POST', '/contact/contactGroups', { name: 'g' })).json().id

    const cases: Case[] = [
      { name: 'Create Contact', roles: CWrite, status: 201, request: (r) => ['POST', '/contact/contacts', { createContactDetails: { account: `new-${r}` } }] },
      { name: 'List Contact', roles: CRead, status: 200, request: () => ['GET', '/contact/contacts?count=1&offset=0'] },
      { name: 'Read Contact', roles: CRead, status: 200, request: () => ['GET', '/contact/contacts/base'] },
      { name: 'Update Contact', roles: CWrite, status: 204, request: () => ['PUT', '/contact/contacts/base', { updateContactDetails: { city: 'x' } }] },
      { name: 'Delete Contact', roles: CWrite, status: 204, request: (r) => ['DELETE', `/contact/contacts/delete-${r}`] },
      { name: 'Bulk Create Contact', roles: CWrite, status: 200, request: (r) => ['POST', '/contact/contacts/bulk', { createContactDetails: [{ account: `bulk-${r}` }] }] },
      { name: 'Bulk Contact Download', roles: CWrite, status: 200, request: () => ['POST', '/contact/contacts/bulk', { exportableFields: ['account'] }] },
      { name: 'Bulk Update Contact', roles: CWrite, status: 204, request: () => ['PUT', '/contact/contacts/bulk', { updateContactDetails: [{ account: 'base', city: 'y' }] }] },
      { name: 'Update Contact DND', roles: CWrite, status: 204, request: () => ['PUT', '/contact/contacts/base/dnd', { accountBlock: 'NONE' }] },
      { name: 'Update Multiple Contacts\' DND', roles: CWrite, status: 200, request: () => ['POST', '/contact/contacts/dnd', { contactDnd: [{ account: 'base', accountBlock: 'NONE' }] }] },
      { name: 'List Accounts', roles: CRead, status: 200, request: () => ['GET', '/contact/contacts/base/accounts?count=1&offset=0'] },
      { name: 'Create Contact Group', roles: CWrite, status: 201, request: () => ['POST', '/contact/contactGroups', { name: 'g' }] },
      { name: 'List Contact Group', roles: CRead, status: 200, request: () => ['GET', '/contact/contactGroups?count=1&offset=0'] },
      { name: 'Read Contact Group', roles: CRead, status: 200, request: () => ['GET', `/contact/contactGroups/${groupId}`] },
      { name: 'Update Contact Group', roles: CWrite, status: 204, request: () => ['PUT', `/contact/contactGroups/${groupId}`, { name: 'h' }] },
      { name: 'List Contact Notes', roles: CRead, status: 200, request: () => ['GET', '/contact/contacts/base/notes'] },
      { name: 'Read Contact Note', roles: CRead, status: 200, request: () => ['GET', `/contact/contacts/base/notes/${noteId}`] },
      { name: 'List Custom Field', roles: CFieldRead, status: 200, request: () => ['GET', '/contact/contacts/customFields'] },
      { name: 'Read Custom Field', roles: CFieldRead, status: 200, request: () => ['GET', '/contact/contacts/customFields/COL1'] },
      { name: 'Update Custom Field', roles: CFieldWrite, status: 204, request: () => ['PUT', '/contact/contacts/customFields', { customFields: [{ field: 'COL1', label: 'L' }] }] },
    ]
    const outcome: string[] = []
    const expected: string[] = []
    for (const test of cases) {
      for (const role of Object.keys(headers) as Role[]) {
        const [method, url, payload] = test.request(role)
        const res = await call(t, headers[role], method, url, payload)
        const allowed = test.roles.includes(role)
        expected.push(`${test.name} as ${role}: ${allowed ? test.status : 403}`)
        outcome.push(`${test.name} as ${role}: ${res.statusCode}`)
        if (!allowed && res.statusCode === 403) {
          expect(res.json().message).toBe(role === 'AGENT' ? 'Forbidden [not available to agent sessions]' : 'Forbidden [role]')
        }
      }
    }
    expect(outcome).toEqual(expected)
  })

  it('checks the role before the body (README §3.3 order), and needs a session', async () => {
    const c = await createTestClient(t)
    const manager = await userSession(t, c, 'MANAGER')
    expectError(await call(t, manager.headers, 'POST', '/contact/contacts', { nonsense: true }), 403, 201, 'Forbidden [role]')
    expectError(await call(t, {}, 'GET', '/contact/contacts?count=1&offset=0'), 401, 201, 'Unauthorized [missing LV-Session header]')
    expectError(await call(t, { 'lv-session': '00000000-0000-0000-0000-000000000000' }, 'GET', '/contact/contacts/customFields'), 401, 201, 'Unauthorized [invalid or expired session]')
  })
})
