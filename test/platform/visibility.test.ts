import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../app.ts'
import { createTestClient, insertService, userSession } from '../fixtures.ts'

/** README §7.3 object visibility, through the users routes (which take `client`) and the Services reads. */
let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const err = (code: number, message: string) => ({ code, message, errorCode: code, errorMessage: message })

async function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) {
  const res = await t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) })
  return { status: res.statusCode, body: res.body === '' ? undefined : res.json() }
}
const newUser = (loginId: string) => ({ loginId, firstName: 'V', lastName: 'V', password: 'Secret123', role: 'MANAGER' })

describe('another client', () => {
  it('is not found by id, refused on create, and empty on lists', async () => {
    const a = await createTestClient(t)
    const b = await createTestClient(t)
    for (const method of ['GET', 'DELETE'] as const) {
      expect((await call(method, `/configuration/users/${b.adminUserId}`, a.admin)).body).toEqual(err(203, `User not found [ID:${b.adminUserId}]`))
    }
    expect((await call('PUT', `/configuration/users/${b.adminUserId}`, a.admin, { lastName: 'X' })).status).toBe(404)
    const created = await call('POST', `/configuration/users?client=${b.clientId}`, a.admin, newUser('intruder'))
    expect(created.status).toBe(403)
    expect(created.body).toEqual(err(201, 'Forbidden [client]'))
    expect((await call('GET', `/configuration/users?client=${b.clientId}&count=10&offset=0`, a.admin)).body).toEqual({ user: [], next: null })
    expect((await call('GET', `/configuration/users/info?client=${b.clientId}`, a.admin)).body).toEqual({ size: 0 })
    // A client id that does not exist at all behaves the same.
    expect((await call('GET', '/configuration/users/info?client=999999999', a.admin)).body).toEqual({ size: 0 })
    expect((await call('POST', '/configuration/users?client=999999999', a.admin, newUser('ghost'))).status).toBe(403)
    expect((await call('GET', `/configuration/users/${b.adminUserId}`, b.admin)).status).toBe(200)
  })
})

describe('sub-clients', () => {
  it('are reached by the parent\'s Sysadmin and Superuser through client= and by id, down every level, never upwards', async () => {
    const parent = await createTestClient(t)
    const child = await createTestClient(t, { parentId: parent.clientId })
    const grandchild = await createTestClient(t, { parentId: child.clientId })
    const su = await userSession(t, parent, 'SUPERUSER')
    for (const headers of [parent.admin, su.headers]) {
      for (const sub of [child, grandchild]) {
        const created = await call('POST', `/configuration/users?client=${sub.clientId}`, headers, newUser(`m${Math.random().toString(36).slice(2, 8)}`))
        expect(created.status).toBe(201)
        const read = await call('GET', `/configuration/users/${created.body.id}`, headers)
        expect(read.body.clientId).toBe(sub.clientId)
        expect((await call('PUT', `/configuration/users/${created.body.id}`, headers, { lastName: 'Edited' })).status).toBe(204)
        const list = await call('GET', `/configuration/users?client=${sub.clientId}&count=10&offset=0`, headers)
        expect(list.body.user.map((u: { id: number }) => u.id)).toContain(created.body.id)
        expect((await call('DELETE', `/configuration/users/${created.body.id}`, headers)).status).toBe(204)
      }
    }
    // Without client= the list is the session's own client only.
    const own = await call('GET', '/configuration/users?count=10&offset=0', parent.admin)
    expect(own.body.user.every((u: { id: number }) => u.id !== child.adminUserId && u.id !== grandchild.adminUserId)).toBe(true)
    // Upwards and sideways are other clients.
    expect((await call('GET', `/configuration/users/${parent.adminUserId}`, child.admin)).status).toBe(404)
    expect((await call('GET', `/configuration/users?client=${parent.clientId}&count=10&offset=0`, child.admin)).body).toEqual({ user: [], next: null })
    expect((await call('GET', `/configuration/users/${child.adminUserId}`, grandchild.admin)).status).toBe(404)
    expect((await call('GET', `/configuration/users/${grandchild.adminUserId}`, child.admin)).status).toBe(200)
    const sibling = await createTestClient(t, { parentId: parent.clientId })
    expect((await call('GET', `/configuration/users/${sibling.adminUserId}`, child.admin)).status).toBe(404)
  })

  it('keep the Superuser restriction: a parent\'s Superuser cannot touch a sub-client\'s Sysadmin', async () => {
    const parent = await createTestClient(t)
    const child = await createTestClient(t, { parentId: parent.clientId })
    const su = await userSession(t, parent, 'SUPERUSER')
    expect((await call('GET', `/configuration/users/${child.adminUserId}`, su.headers)).status).toBe(403)
    const list = await call('GET', `/configuration/users?client=${child.clientId}&count=10&offset=0`, su.headers)
    expect(list.body).toEqual({ user: [], next: null })
  })
})

describe('Manager visibility of Services', () => {
  it('shows a Manager only the granted Services, and follows grants at once', async () => {
    if (!t.app.hasRoute({ method: 'GET', url: '/configuration/services/:id' })) return
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const granted = await insertService(t, c.clientId, { name: 'Granted' })
    const hidden = await insertService(t, c.clientId, { name: 'Hidden', callCenterId: granted.callCenterId })
    const elsewhere = await insertService(t, c.clientId, { name: 'Elsewhere' })
    const foreign = await insertService(t, other.clientId)
    const m = await userSession(t, c, 'MANAGER', { serviceIds: [granted.serviceId] })

    expect((await call('GET', `/configuration/services/${granted.serviceId}`, m.headers)).status).toBe(200)
    const forbidden = await call('GET', `/configuration/services/${hidden.serviceId}`, m.headers)
    expect(forbidden.status).toBe(403)
    expect(forbidden.body.code).toBe(201)
    expect((await call('GET', `/configuration/services/${foreign.serviceId}`, m.headers)).status).toBe(404)
    for (const id of [granted.serviceId, hidden.serviceId, elsewhere.serviceId]) {
      expect((await call('GET', `/configuration/services/${id}`, c.admin)).status).toBe(200)
    }

    const listUrl = `/configuration/services?callCenter=${granted.callCenterId}&count=10&offset=0`
    const listed = async (headers: Record<string, string>) => (await call('GET', listUrl, headers)).body.service.map((s: { serviceId: number }) => s.serviceId)
    expect(await listed(m.headers)).toEqual([granted.serviceId])
    expect(await listed(c.admin)).toEqual([granted.serviceId, hidden.serviceId])
    expect((await call('GET', `/configuration/services?callCenter=${elsewhere.callCenterId}&count=10&offset=0`, m.headers)).body.service).toEqual([])

    const centers = async () => (await call('GET', '/configuration/callCenters?count=10&offset=0', m.headers)).body.callCenter
      .map((cc: { callCenterId: number }) => cc.callCenterId)
    expect(await centers()).toEqual([granted.callCenterId])

    // Update LiveVox User Add / Remove Service reach the Manager's live session at once.
    expect((await call('PUT', `/configuration/users/${m.userId}/services/${elsewhere.serviceId}`, c.admin)).status).toBe(204)
    expect((await call('GET', `/configuration/services/${elsewhere.serviceId}`, m.headers)).status).toBe(200)
    expect(await centers()).toEqual([granted.callCenterId, elsewhere.callCenterId])
    expect((await call('DELETE', `/configuration/users/${m.userId}/services/${granted.serviceId}`, c.admin)).status).toBe(204)
    expect((await call('GET', `/configuration/services/${granted.serviceId}`, m.headers)).status).toBe(403)
    expect(await listed(m.headers)).toEqual([])
  })

  it('never reaches sub-clients from a Manager session', async () => {
    if (!t.app.hasRoute({ method: 'GET', url: '/configuration/callCenters' })) return
    const parent = await createTestClient(t)
    const child = await createTestClient(t, { parentId: parent.clientId })
    const childService = await insertService(t, child.clientId)
    const m = await userSession(t, parent, 'MANAGER')
    const list = await call('GET', `/configuration/callCenters?client=${child.clientId}&count=10&offset=0`, m.headers)
    expect(list.body.callCenter ?? []).toEqual([])
    expect((await call('GET', `/configuration/services/${childService.serviceId}`, m.headers)).status).toBe(404)
    const admin = await call('GET', `/configuration/callCenters?client=${child.clientId}&count=10&offset=0`, parent.admin)
    expect(admin.body.callCenter.map((cc: { callCenterId: number }) => cc.callCenterId)).toEqual([childService.callCenterId])
  })
})
