import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient, userSession } from '../../../../test/fixtures.ts'
import { seedCallCenter, seedService } from '../../../../test/support/configuration.ts'

// Issue 10 item 10: a Service named in a body that the session cannot see is not found, with
// exactly the answer an unknown id gets, so the answer never tells which ids exist.
let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

async function setting(headers: Record<string, string>, id: number, inboundService: number) {
  return t.app.inject({ method: 'POST', url: `/configuration/services/${id}`, headers, payload: { inboundService } })
}

describe('Update Service General: inboundService', () => {
  it('answers a Service hidden from a Manager exactly as an unknown id, and links nothing', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const own = await seedService(t, c, center)
    const hidden = await seedService(t, c, center)
    const other = await createTestClient(t)
    const foreign = await seedService(t, other, await seedCallCenter(t, other))
    const manager = await userSession(t, c, 'MANAGER', { powers: ['MODIFY_SERVICES'], serviceIds: [own] })
    const unknown = foreign + 1000

    const answers = []
    for (const id of [hidden, foreign, unknown]) {
      const res = await setting(manager.headers, own, id)
      answers.push({ status: res.statusCode, body: res.json() })
    }
    const notFound = (id: number) => ({ code: 202, message: `Invalid input [inboundService ${id} not found]` })
    expect(answers).toEqual([
      { status: 400, body: expect.objectContaining(notFound(hidden)) },
      { status: 400, body: expect.objectContaining(notFound(foreign)) },
      { status: 400, body: expect.objectContaining(notFound(unknown)) },
    ])
    const read = await t.app.inject({ method: 'GET', url: `/configuration/services/${own}`, headers: c.admin })
    expect(read.json().inboundService).toBeNull()
  })

  it('still links a Service the Manager can see, and any Service of the client for a Sysadmin', async () => {
    const c = await createTestClient(t)
    const center = await seedCallCenter(t, c)
    const own = await seedService(t, c, center)
    const granted = await seedService(t, c, center)
    const hidden = await seedService(t, c, center)
    const manager = await userSession(t, c, 'MANAGER', { powers: ['MODIFY_SERVICES'], serviceIds: [own, granted] })
    expect((await setting(manager.headers, own, granted)).statusCode).toBe(204)
    expect((await setting(c.admin, own, hidden)).statusCode).toBe(204)
    const read = await t.app.inject({ method: 'GET', url: `/configuration/services/${own}`, headers: c.admin })
    expect(read.json().inboundService).toBe(hidden)
  })
})
