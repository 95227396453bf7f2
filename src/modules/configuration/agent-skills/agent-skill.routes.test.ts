import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient, type TestClient } from '../../../../test/fixtures.ts'
import { createAgent, createSkill } from '../../../../test/support/configuration.ts'
import { expectForbidden, expectInvalid, expectNotFound } from '../../../../test/support/errors.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
  t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })
const readSkill = async (c: TestClient, id: number) => (await inject('GET', `/configuration/agents/skills/${id}`, c.admin)).json()

describe('Create Agent Skill', () => {
  it('creates the seed\'s skill (ignoring the nameless ?=4199) and reads every key back', async () => {
    const c = await createTestClient(t)
    const res = await inject('POST', '/configuration/agents/skills?=4199', c.admin, { name: 'Docs', description: 'documentation' })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toEqual({ id: expect.any(Number) })
    const read = await inject('GET', `/configuration/agents/skills/${res.json().id}`, c.admin)
    expect(read.statusCode).toBe(200)
    expect(read.json()).toEqual({ agent: [], name: 'Docs', description: 'documentation', clientId: c.clientId })
  })

  it('stores "" when no description is given, and allows duplicate names', async () => {
    const c = await createTestClient(t)
    const a = await createSkill(t, c.admin, 'SPANISH')
    const b = await createSkill(t, c.admin, 'SPANISH')
    expect(a).not.toBe(b)
    expect(await readSkill(c, a)).toEqual({ agent: [], name: 'SPANISH', description: '', clientId: c.clientId })
    const nullDescription = (await inject('POST', '/configuration/agents/skills', c.admin, { name: 'X', description: null })).json().id
    expect((await readSkill(c, nullDescription)).description).toBe('')
  })

  it('requires a name', async () => {
    const c = await createTestClient(t)
    for (const body of [{}, { name: '' }, { name: null, description: 'x' }]) {
      expectInvalid(await inject('POST', '/configuration/agents/skills', c.admin, body), 'Missing required field [name]')
    }
    expectInvalid(await inject('POST', '/configuration/agents/skills', c.admin, { name: 'x'.repeat(129) }), /^Invalid input \[name /)
    expect((await inject('GET', '/configuration/agents/skills/info', c.admin)).json()).toEqual({ size: 0 })
  })

  it('creates in a descendant named by client, and refuses any other client with 403', async () => {
    const parent = await createTestClient(t)
    const child = await createTestClient(t, { parentId: parent.clientId })
    const stranger = await createTestClient(t)
    const res = await inject('POST', `/configuration/agents/skills?client=${child.clientId}`, parent.admin, { name: 'CHILD' })
    expect(res.statusCode).toBe(201)
    expect(await readSkill(child, res.json().id)).toEqual({ agent: [], name: 'CHILD', description: '', clientId: child.clientId })
    expectForbidden(await inject('POST', `/configuration/agents/skills?client=${stranger.clientId}`, parent.admin, { name: 'X' }))
    expectForbidden(await inject('POST', `/configuration/agents/skills?client=${parent.clientId}`, child.admin, { name: 'X' }))
    expect((await inject('GET', '/configuration/agents/skills/info', stranger.admin)).json()).toEqual({ size: 0 })
  })
})

describe('List Agent Skills and Get Agent Skill List Info', () => {
  it('pages in id order (also under the seed\'s `Skills` spelling) with the product\'s next link', async () => {
    const c = await createTestClient(t)
    const ids: number[] = []
    for (const name of ['SILVER', 'GOLD', 'PLATINUM', 'SPANISH', 'FRENCH']) ids.push(await createSkill(t, c.admin, name))
    const page = await inject('GET', `/configuration/agents/Skills?count=4&client=${c.clientId}&offset=0`, c.admin)
    expect(page.statusCode).toBe(200)
    expect(page.json()).toEqual({
      agentSkill: [{ id: ids[0], name: 'SILVER' }, { id: ids[1], name: 'GOLD' }, { id: ids[2], name: 'PLATINUM' }, { id: ids[3], name: 'SPANISH' }],
      next: `configuration/agents/Skills?count=4&client=${c.clientId}&offset=4`,
    })
    expect((await inject('GET', '/configuration/agents/skills?count=5&offset=4', c.admin)).json()).toEqual({ agentSkill: [{ id: ids[4], name: 'FRENCH' }], next: null })
    expectInvalid(await inject('GET', '/configuration/agents/skills?count=5', c.admin), 'Missing required field [offset]')
  })

  it('answers an empty list and size 0 for another client', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    await createSkill(t, other.admin)
    expect((await inject('GET', `/configuration/agents/skills?client=${other.clientId}&count=5&offset=0`, c.admin)).json()).toEqual({ agentSkill: [], next: null })
    expect((await inject('GET', `/configuration/agents/skills/info?client=${other.clientId}`, c.admin)).json()).toEqual({ size: 0 })
  })

  it('counts the skills and tracks the last change of the list', async () => {
    const c = await createTestClient(t)
    const created = t.clock.now()
    const a = await createSkill(t, c.admin)
    await createSkill(t, c.admin)
    const res = await inject('GET', `/configuration/agents/skills/info?client=${c.clientId}`, c.admin)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ size: 2, lastModified: created })
    t.clock.advance(1000)
    await inject('PUT', `/configuration/agents/skills/${a}`, c.admin, {})
    expect((await inject('GET', '/configuration/agents/skills/info', c.admin)).json()).toEqual({ size: 2, lastModified: created })
    await inject('PUT', `/configuration/agents/skills/${a}`, c.admin, { name: 'NEW' })
    expect((await inject('GET', '/configuration/agents/skills/info', c.admin)).json()).toEqual({ size: 2, lastModified: t.clock.now() })
    t.clock.advance(1000)
    await inject('DELETE', `/configuration/agents/skills/${a}`, c.admin)
    expect((await inject('GET', '/configuration/agents/skills/info', c.admin)).json()).toEqual({ size: 1, lastModified: t.clock.now() })
  })
})

describe('Read Agent Skill', () => {
  it('lists the agents having the skill, ascending id, with their proficiency', async () => {
    const c = await createTestClient(t)
    const spanish = await createSkill(t, c.admin, 'SPANISH', 'Spanish Speaking Agents')
    const other = await createSkill(t, c.admin, 'OTHER')
    const a1 = await createAgent(t, c.admin, { assignedAgentSkill: [{ id: spanish, proficiency: 5 }] })
    const a2 = await createAgent(t, c.admin, { assignedAgentSkill: [{ id: other, proficiency: 2 }] })
    const a3 = await createAgent(t, c.admin, { assignedAgentSkill: [{ id: spanish, proficiency: 1 }, { id: other, proficiency: 3 }] })
    expect(await readSkill(c, spanish)).toEqual({
      agent: [{ id: a1, proficiency: 5 }, { id: a3, proficiency: 1 }], name: 'SPANISH', description: 'Spanish Speaking Agents', clientId: c.clientId,
    })
    expect((await readSkill(c, other)).agent).toEqual([{ id: a2, proficiency: 2 }, { id: a3, proficiency: 3 }])
  })

  it('answers the seed\'s 404 body for an unknown id and for another client\'s skill', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const res = await inject('GET', '/configuration/agents/skills/111111', c.admin)
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ code: 203, message: 'Agent skill not found [ID:111111]', errorCode: 203, errorMessage: 'Agent skill not found [ID:111111]' })
    const foreign = await createSkill(t, other.admin)
    expectNotFound(await inject('GET', `/configuration/agents/skills/${foreign}`, c.admin), `Agent skill not found [ID:${foreign}]`)
  })
})

describe('Update Agent Skill', () => {
  it('changes the name and description sent, and an empty body changes nothing', async () => {
    const c = await createTestClient(t)
    const id = await createSkill(t, c.admin, 'Doc', 'docs')
    const res = await inject('PUT', `/configuration/agents/skills/${id}`, c.admin, { name: 'Docs', description: 'documentation' })
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    expect(await readSkill(c, id)).toEqual({ agent: [], name: 'Docs', description: 'documentation', clientId: c.clientId })
    expect((await inject('PUT', `/configuration/agents/skills/${id}`, c.admin, { description: '' })).statusCode).toBe(204)
    expect((await t.app.inject({ method: 'PUT', url: `/configuration/agents/skills/${id}`, headers: c.admin })).statusCode).toBe(204)
    expect((await inject('PUT', `/configuration/agents/skills/${id}`, c.admin, { name: null })).statusCode).toBe(204)
    expect(await readSkill(c, id)).toEqual({ agent: [], name: 'Docs', description: '', clientId: c.clientId })
  })

  it('refuses an empty name, and answers 404 for unknown or foreign skills', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const id = await createSkill(t, c.admin, 'KEEP')
    expectInvalid(await inject('PUT', `/configuration/agents/skills/${id}`, c.admin, { name: '' }), 'Missing required field [name]')
    const foreign = await createSkill(t, other.admin, 'THEIRS')
    expectNotFound(await inject('PUT', `/configuration/agents/skills/${foreign}`, c.admin, { name: 'MINE' }), `Agent skill not found [ID:${foreign}]`)
    expectNotFound(await inject('PUT', '/configuration/agents/skills/111111', c.admin, {}), 'Agent skill not found [ID:111111]')
    expect((await readSkill(c, id)).name).toBe('KEEP')
    expect((await readSkill(other, foreign)).name).toBe('THEIRS')
  })
})

describe('Delete Agent Skill', () => {
  it('deletes the skill and removes it from every agent; a second delete is 404', async () => {
    const c = await createTestClient(t)
    const gone = await createSkill(t, c.admin)
    const kept = await createSkill(t, c.admin)
    const agent = await createAgent(t, c.admin, { assignedAgentSkill: [{ id: gone, proficiency: 3 }, { id: kept, proficiency: 4 }] })
    const res = await inject('DELETE', `/configuration/agents/skills/${gone}`, c.admin)
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    expect((await inject('GET', `/configuration/agents/${agent}`, c.admin)).json().assignedAgentSkill).toEqual([{ id: kept, proficiency: 4 }])
    expectNotFound(await inject('GET', `/configuration/agents/skills/${gone}`, c.admin), `Agent skill not found [ID:${gone}]`)
    expectNotFound(await inject('DELETE', `/configuration/agents/skills/${gone}`, c.admin), `Agent skill not found [ID:${gone}]`)
  })

  it('answers 404 for another client\'s skill and leaves it alone', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const foreign = await createSkill(t, other.admin)
    expectNotFound(await inject('DELETE', `/configuration/agents/skills/${foreign}`, c.admin), `Agent skill not found [ID:${foreign}]`)
    expect((await inject('GET', `/configuration/agents/skills/${foreign}`, other.admin)).statusCode).toBe(200)
  })
})
