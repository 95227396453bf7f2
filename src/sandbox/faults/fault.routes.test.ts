import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/app.ts'
import { createTestClient, insertAgent, PASSWORD, type TestClient } from '../../../test/fixtures.ts'
import { errorBody } from '../../http/errors.ts'

let t: TestApp
let a: TestClient
let b: TestClient
let agentA: number
let agentB: number
beforeAll(async () => {
  t = await buildTestApp()
  a = await createTestClient(t)
  b = await createTestClient(t)
  agentA = (await insertAgent(t, a.clientId)).agentId
  agentB = (await insertAgent(t, b.clientId)).agentId
})
afterAll(async () => { await t.close() })
beforeEach(async () => {
  await t.app.inject({ method: 'DELETE', url: '/_lvapi/faults' })
  await t.app.inject({ method: 'DELETE', url: '/_lvapi/journal' })
})

const addFault = (payload: object) => t.app.inject({ method: 'POST', url: '/_lvapi/faults', payload })
const readAgent = (c: TestClient, id: number) => t.app.inject({ method: 'GET', url: `/configuration/agents/${id}`, headers: c.admin })
const journal = async (query = '') => (await t.app.inject({ method: 'GET', url: `/_lvapi/journal${query}` })).json().entries

describe('fault rules: list, add, remove, clear', () => {
  it('adds rules with ids, lists them with their hits, removes one and clears the rest', async () => {
    const first = await addFault({ operationId: 'readAgent', status: 429 })
    expect(first.statusCode).toBe(201)
    expect(first.json()).toEqual({ id: expect.any(Number), operationId: 'readAgent', status: 429, hits: 0 })
    const second = (await addFault({ method: 'POST', path: '/contact/**', latencyMs: 5, probability: 0.5, times: 3 })).json()
    expect(second).toEqual({ id: first.json().id + 1, method: 'POST', path: '/contact/**', latencyMs: 5, probability: 0.5, times: 3, hits: 0 })

    let list = await t.app.inject({ method: 'GET', url: '/_lvapi/faults' })
    expect(list.json()).toEqual({ faults: [first.json(), second] })

    expect((await t.app.inject({ method: 'DELETE', url: `/_lvapi/faults/${first.json().id}` })).statusCode).toBe(204)
    list = await t.app.inject({ method: 'GET', url: '/_lvapi/faults' })
    expect(list.json()).toEqual({ faults: [second] })

    expect((await t.app.inject({ method: 'DELETE', url: '/_lvapi/faults' })).statusCode).toBe(204)
    expect((await t.app.inject({ method: 'GET', url: '/_lvapi/faults' })).json()).toEqual({ faults: [] })
  })

  it('answers 404/203 for removing a rule that does not exist', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/_lvapi/faults/999' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ code: 203, message: 'Fault rule not found [ID:999]' })
  })

  it.each([
    [{ operationId: 'readAgent' }, 'Invalid input [a fault needs an effect: status, latencyMs or drop]'],
    [{ status: 500, drop: true }, 'Invalid input [drop and status exclude each other]'],
    [{ status: 500, tenant: 'NO_SUCH_CLIENT' }, 'Invalid input [tenant NO_SUCH_CLIENT is not a client code or id]'],
    [{ status: 302 }, 'Invalid input [status'],
    [{ status: 500, probability: 2 }, 'Invalid input [probability'],
    [{ status: 500, color: 'red' }, 'Invalid input [body must NOT have additional properties]'],
  ])('refuses %j with 400/202 and adds nothing', async (payload, message) => {
    const res = await addFault(payload)
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe(202)
    expect(res.json().message.startsWith(message), res.json().message).toBe(true)
    expect((await t.app.inject({ method: 'GET', url: '/_lvapi/faults' })).json()).toEqual({ faults: [] })
  })
})

describe('fault effects', () => {
  it('answers 429 / 205 with Retry-After in the API\'s error shape, the given number of times, and the journal marks it', async () => {
    const rule = (await addFault({ operationId: 'readAgent', status: 429, retryAfter: 2, times: 1 })).json()
    const hit = await readAgent(a, agentA)
    expect(hit.statusCode).toBe(429)
    expect(hit.headers['retry-after']).toBe('2')
    expect(hit.body).toBe(JSON.stringify(errorBody(205, 'Too many requests', 'configuration')))
    expect((await readAgent(a, agentA)).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: '/_lvapi/faults' })).json().faults[0].hits).toBe(1)

    const entries = await journal('?operationId=readAgent')
    expect(entries.map((e: { status: number; fault: number | null }) => [e.status, e.fault])).toEqual([[200, null], [429, rule.id]])
    expect((await t.app.inject({ method: 'GET', url: '/_lvapi/journal/count?fault=true' })).json()).toEqual({ count: 1 })
  })

  it('answers 500 / 100 and 503 in the Contact API\'s shape for a path pattern and method', async () => {
    await addFault({ method: 'GET', path: '/contact/**', status: 503, times: 1 })
    await addFault({ method: 'GET', path: '/contact/**', status: 500, message: 'Internal server error [injected]' })
    const first = await t.app.inject({ method: 'GET', url: '/contact/contacts/ACC1', headers: a.admin })
    expect(first.statusCode).toBe(503)
    expect(first.headers['retry-after']).toBe('1')
    expect(first.json()).toMatchObject({ code: 100, message: 'Service Unavailable' })
    const second = await t.app.inject({ method: 'GET', url: '/contact/contacts/ACC1', headers: a.admin })
    expect(second.statusCode).toBe(500)
    expect(second.body).toBe(JSON.stringify(errorBody(100, 'Internal server error [injected]', 'contact')))
    // Other methods and other APIs are untouched.
    expect((await readAgent(a, agentA)).statusCode).toBe(200)
  })

  it('any status, code and message', async () => {
    await addFault({ operationId: 'readAgent', status: 418, code: 777, message: 'teapot' })
    const res = await readAgent(a, agentA)
    expect(res.statusCode).toBe(418)
    expect(res.body).toBe(JSON.stringify(errorBody(777, 'teapot', 'configuration')))
  })

  it('matches one tenant by client code (sessions and Login) or id, and leaves the others alone', async () => {
    await addFault({ tenant: a.code.toLowerCase(), status: 503 })
    expect((await readAgent(a, agentA)).statusCode).toBe(503)
    expect((await readAgent(b, agentB)).statusCode).toBe(200)
    const loginA = await t.app.inject({
      method: 'POST', url: '/session/login', headers: { 'lv-access': a.token },
      payload: { clientName: a.code, userName: 'admin', password: PASSWORD },
    })
    expect(loginA.statusCode).toBe(503)
    await t.app.inject({ method: 'DELETE', url: '/_lvapi/faults' })
    await addFault({ tenant: String(b.clientId), operationId: 'readAgent', status: 500 })
    expect((await readAgent(a, agentA)).statusCode).toBe(200)
    expect((await readAgent(b, agentB)).statusCode).toBe(500)
  })

  it('runs after authentication and before validation', async () => {
    await addFault({ operationId: 'readAgent', status: 500 })
    const anonymous = await t.app.inject({ method: 'GET', url: `/configuration/agents/${agentA}` })
    expect(anonymous.statusCode).toBe(401)
    const invalidId = await t.app.inject({ method: 'GET', url: '/configuration/agents/not-a-number', headers: a.admin })
    expect(invalidId.statusCode).toBe(500)
  })

  it('probability 0 never fires; added latency lets the request through', async () => {
    await addFault({ operationId: 'readAgent', status: 500, probability: 0 })
    const slow = (await addFault({ operationId: 'readAgent', latencyMs: 20, times: 1 })).json()
    expect((await readAgent(a, agentA)).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: '/_lvapi/faults' })).json().faults.map((f: { hits: number }) => f.hits)).toEqual([0, 1])
    expect((await journal())[0]).toMatchObject({ status: 200, fault: slow.id, dropped: false })
  })

  it('never touches the control plane itself', async () => {
    await addFault({ path: '/**', status: 500 })
    expect((await t.app.inject({ method: 'GET', url: '/_lvapi/clock' })).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: '/_lvapi/faults' })).statusCode).toBe(200)
  })

  it('drops the connection without an answer, and the journal records the drop', async () => {
    const rule = (await addFault({ operationId: 'readAgent', drop: true, times: 1 })).json()
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' })
    try {
      await expect(fetch(`${address}/configuration/agents/${agentA}`, { headers: a.admin })).rejects.toThrow()
      expect((await fetch(`${address}/configuration/agents/${agentA}`, { headers: a.admin })).status).toBe(200)
    } finally {
      t.app.server.close()
    }
    const entries = await journal('?operationId=readAgent')
    expect(entries.map((e: { status: number; fault: number | null; dropped: boolean }) => [e.status, e.fault, e.dropped]))
      .toEqual([[200, null, false], [0, rule.id, true]])
  })
})
