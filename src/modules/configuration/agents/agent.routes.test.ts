import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient, insertCallCenter, insertService, userSession, type TestClient } from '../../../../test/fixtures.ts'
import { AGENT_PASSWORD, agentBody, createAgent, createSkill, apiAgentSession } from '../../../../test/support/configuration.ts'
import { expectError, expectForbidden, expectInvalid, expectNotFound } from '../../../../test/support/errors.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
  t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })
const readAgent = async (c: TestClient, id: number) => (await inject('GET', `/configuration/agents/${id}`, c.admin)).json()
const listAll = async (c: TestClient) => (await inject('GET', '/configuration/agents?count=1000&offset=0', c.admin)).json().agent as { loginId: string }[]

/** A call center with one Service of each ACD mode the tests need. */
async function servicesOf(c: TestClient) {
  const cc1 = await insertCallCenter(t, c.clientId)
  const cc2 = await insertCallCenter(t, c.clientId)
  return {
    cc1, cc2,
    inbound: (await insertService(t, c.clientId, { callCenterId: cc1, acdFeatureCode: 'AGENT_AT_READY_IN', callDirection: 'INBOUND' })).serviceId,
    manual: (await insertService(t, c.clientId, { callCenterId: cc2, acdFeatureCode: 'MANUAL', callDirection: 'OUTBOUND' })).serviceId,
    hci: (await insertService(t, c.clientId, { callCenterId: cc1, acdFeatureCode: 'HCI', callDirection: 'OUTBOUND' })).serviceId,
    noAcd: (await insertService(t, c.clientId, { callCenterId: cc1, acdFeatureCode: 'NO_ACD', callDirection: 'OUTBOUND' })).serviceId,
    dmt: (await insertService(t, c.clientId, { callCenterId: cc2, acdFeatureCode: '10_DMT', callDirection: 'OUTBOUND' })).serviceId,
  }
}

describe('Create Agent', () => {
  it('creates the seed\'s agent with its Services and skills, loginId upper-cased, and reads every key back', async () => {
    const c = await createTestClient(t)
    const s = await servicesOf(c)
    const silver = await createSkill(t, c.admin, 'SILVER')
    const gold = await createSkill(t, c.admin, 'GOLD')
    const platinum = await createSkill(t, c.admin, 'PLATINUM')
    const res = await inject('POST', '/configuration/agents/', c.admin, {
      clientId: c.clientId, loginId: 'BobJohnson1', firstName: 'Bob', lastName: 'Johnson', password: 'A12345678',
      phone: '2023467763', wrapUpTime: -1, homeAgent: true, active: true,
      assignedService: [{ id: s.manual }, { id: s.inbound }],
      assignedAgentSkill: [{ id: silver, proficiency: 3 }, { id: gold, proficiency: 1 }, { id: platinum, proficiency: 5 }],
    })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toEqual({ id: expect.any(Number) })
    const id = res.json().id
    const read = await inject('GET', `/configuration/agents/${id}`, c.admin)
    expect(read.statusCode).toBe(200)
    expect(read.json()).toEqual({
      assignedService: [{ id: s.inbound }, { id: s.manual }].sort((a, b) => a.id - b.id),
      assignedAgentSkill: [{ id: silver, proficiency: 3 }, { id: gold, proficiency: 1 }, { id: platinum, proficiency: 5 }],
      loginId: 'BOBJOHNSON1', firstName: 'Bob', lastName: 'Johnson', phone: '2023467763', wrapUpTime: -1,
      homeAgent: true, active: true, locked: false, passwordLastModified: t.clock.now(),
    })
  })

  it('accepts digit strings, "true" and a numeric phone (README §4), and creates without assignments', async () => {
    const c = await createTestClient(t)
    const id = await createAgent(t, c.admin, { loginId: 'jane.doe', phone: 5553231212, wrapUpTime: '30', homeAgent: 'false', active: 'true' })
    expect(await readAgent(c, id)).toEqual({
      assignedService: [], assignedAgentSkill: [], loginId: 'JANE.DOE', firstName: 'Bob', lastName: 'Johnson',
      phone: '5553231212', wrapUpTime: 30, homeAgent: false, active: true, locked: false, passwordLastModified: t.clock.now(),
    })
  })

  it('answers the seed\'s error for an empty password, and for every missing or null required key; nothing is created', async () => {
    const c = await createTestClient(t)
    expectInvalid(await inject('POST', '/configuration/agents', c.admin, agentBody({ clientId: c.clientId, password: '' })), 'Missing required field [password]')
    for (const key of ['loginId', 'firstName', 'lastName', 'password', 'phone', 'wrapUpTime', 'homeAgent', 'active']) {
      const body = agentBody()
      delete body[key]
      expectInvalid(await inject('POST', '/configuration/agents', c.admin, body), `Missing required field [${key}]`)
      expectInvalid(await inject('POST', '/configuration/agents', c.admin, { ...agentBody(), [key]: null }), `Missing required field [${key}]`)
    }
    expectInvalid(await inject('POST', '/configuration/agents', c.admin, agentBody({ firstName: '' })), 'Missing required field [firstName]')
    expectInvalid(await inject('POST', '/configuration/agents', c.admin, []), 'Invalid input [body must be a JSON object]')
    expect(await listAll(c)).toEqual([])
  })

  it('applies the password rules', async () => {
    const c = await createTestClient(t)
    expectInvalid(await inject('POST', '/configuration/agents', c.admin, agentBody({ password: '1234567' })), 'Invalid password [Password must be at least 8 characters long]')
    expectInvalid(await inject('POST', '/configuration/agents', c.admin, agentBody({ password: 'abcdefgh' })), 'Invalid password [Password must contain at least 1 digit]')
    expect(await listAll(c)).toEqual([])
  })

  it('refuses a loginId that exists in the client whatever its case; another client may use it', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    await createAgent(t, c.admin, { loginId: 'bob1' })
    expectInvalid(await inject('POST', '/configuration/agents', c.admin, agentBody({ loginId: 'BoB1' })), 'Invalid input [loginId already exists]')
    await createAgent(t, other.admin, { loginId: 'BOB1' })
    expect(await listAll(c)).toHaveLength(1)
  })

  it('refuses a wrapUpTime below -1 or not an integer', async () => {
    const c = await createTestClient(t)
    expectInvalid(await inject('POST', '/configuration/agents', c.admin, agentBody({ wrapUpTime: -2 })), /^Invalid input \[wrapUpTime /)
    expectInvalid(await inject('POST', '/configuration/agents', c.admin, agentBody({ wrapUpTime: 1.5 })), /^Invalid input \[wrapUpTime /)
    expectInvalid(await inject('POST', '/configuration/agents', c.admin, agentBody({ wrapUpTime: 1e12 })), /^Invalid input \[wrapUpTime /)
    expect(await listAll(c)).toEqual([])
  })

  it('fails whole when any Service is not an ACD Service (NO_ACD, 10_DMT): nothing is created', async () => {
    const c = await createTestClient(t)
    const s = await servicesOf(c)
    const skill = await createSkill(t, c.admin)
    for (const bad of [s.noAcd, s.dmt]) {
      const res = await inject('POST', '/configuration/agents', c.admin, agentBody({
        loginId: 'BOBJOHNSON1', assignedService: [{ id: s.inbound }, { id: bad }], assignedAgentSkill: [{ id: skill, proficiency: 2 }],
      }))
      expectInvalid(res, 'Cannot assign service [incorrect service type]')
    }
    expect(await listAll(c)).toEqual([])
    expect((await inject('GET', `/configuration/agents/skills/${skill}`, c.admin)).json().agent).toEqual([])
    await createAgent(t, c.admin, { loginId: 'BOBJOHNSON1' })
  })

  it('refuses unknown Services and skills, and those of another client, by id', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const foreign = await servicesOf(other)
    const foreignSkill = await createSkill(t, other.admin)
    const cases: [Record<string, unknown>, string][] = [
      [{ assignedService: [{ id: 987654321 }] }, 'Invalid input [service 987654321 not found]'],
      [{ assignedService: [{ id: foreign.inbound }] }, `Invalid input [service ${foreign.inbound} not found]`],
      [{ assignedAgentSkill: [{ id: 987654321, proficiency: 1 }] }, 'Invalid input [agent skill 987654321 not found]'],
      [{ assignedAgentSkill: [{ id: foreignSkill, proficiency: 1 }] }, `Invalid input [agent skill ${foreignSkill} not found]`],
    ]
    for (const [overrides, message] of cases) expectInvalid(await inject('POST', '/configuration/agents', c.admin, agentBody(overrides)), message)
    expect(await listAll(c)).toEqual([])
  })

  it('requires a proficiency between 1 and 5 for every skill', async () => {
    const c = await createTestClient(t)
    const skill = await createSkill(t, c.admin)
    for (const proficiency of [0, 6, -1]) {
      expectInvalid(await inject('POST', '/configuration/agents', c.admin, agentBody({ assignedAgentSkill: [{ id: skill, proficiency }] })), 'Invalid input [proficiency must be between 1 and 5]')
    }
    expectInvalid(await inject('POST', '/configuration/agents', c.admin, agentBody({ assignedAgentSkill: [{ id: skill }] })), 'Missing required field [assignedAgentSkill[0].proficiency]')
    expectInvalid(await inject('POST', '/configuration/agents', c.admin, agentBody({ assignedAgentSkill: [{ id: skill, proficiency: 2 }, { id: skill, proficiency: 3 }] })), `Invalid input [agent skill ${skill} is listed twice]`)
    expect(await listAll(c)).toEqual([])
    const id = await createAgent(t, c.admin, { assignedAgentSkill: [{ id: skill, proficiency: '4' }] })
    expect((await readAgent(c, id)).assignedAgentSkill).toEqual([{ id: skill, proficiency: 4 }])
  })

  it('lets a Manager assign only the Services granted to it', async () => {
    const c = await createTestClient(t)
    const s = await servicesOf(c)
    const manager = await userSession(t, c, 'MANAGER', { powers: ['ADMINISTER_AGENTS'], serviceIds: [s.inbound] })
    expectForbidden(await inject('POST', '/configuration/agents', manager.headers, agentBody({ assignedService: [{ id: s.inbound }, { id: s.manual }] })))
    expect(await listAll(c)).toEqual([])
    const id = await createAgent(t, manager.headers, { assignedService: [{ id: s.inbound }] })
    expect((await readAgent(c, id)).assignedService).toEqual([{ id: s.inbound }])
  })

  it('creates in a descendant named by clientId, and refuses any other client with 403', async () => {
    const parent = await createTestClient(t)
    const child = await createTestClient(t, { parentId: parent.clientId })
    const stranger = await createTestClient(t)
    const id = await createAgent(t, parent.admin, { clientId: child.clientId, loginId: 'childagent' })
    expect((await listAll(child)).map((a) => a.loginId)).toEqual(['CHILDAGENT'])
    expect(await listAll(parent)).toEqual([])
    expect((await readAgent(parent, id)).loginId).toBe('CHILDAGENT')
    expectNotFound(await inject('GET', `/configuration/agents/${id}`, stranger.admin), `Agent not found [ID:${id}]`)
    expectForbidden(await inject('POST', '/configuration/agents', child.admin, agentBody({ clientId: parent.clientId })))
    expectForbidden(await inject('POST', '/configuration/agents', parent.admin, agentBody({ clientId: stranger.clientId })))
    expect(await listAll(stranger)).toEqual([])
  })
})

describe('Read Agent', () => {
  it('answers the seed\'s 404 body for an unknown id, another client\'s agent and a malformed id', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const res = await inject('GET', '/configuration/agents/111111', c.admin)
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ code: 203, message: 'Agent not found [ID:111111]', errorCode: 203, errorMessage: 'Agent not found [ID:111111]' })
    const foreign = await createAgent(t, other.admin)
    expectNotFound(await inject('GET', `/configuration/agents/${foreign}`, c.admin), `Agent not found [ID:${foreign}]`)
    expectNotFound(await inject('GET', '/configuration/agents/12abc', c.admin), /^Not found/)
    expectNotFound(await inject('GET', '/configuration/agents/99999999999999999', c.admin), /^Not found/)
  })

  it('shows a Manager only the agent\'s Services it may see', async () => {
    const c = await createTestClient(t)
    const s = await servicesOf(c)
    const id = await createAgent(t, c.admin, { assignedService: [{ id: s.inbound }, { id: s.manual }, { id: s.hci }] })
    const manager = await userSession(t, c, 'MANAGER', { powers: ['ADMINISTER_AGENTS'], serviceIds: [s.manual] })
    expect((await inject('GET', `/configuration/agents/${id}`, manager.headers)).json().assignedService).toEqual([{ id: s.manual }])
    expect((await inject('GET', `/configuration/agents/${id}/related`, manager.headers)).json()).toEqual({ callCenter: [{ id: s.cc2 }], service: [{ id: s.manual }] })
    expect((await readAgent(c, id)).assignedService).toHaveLength(3)
  })
})

describe('List Agents and Get Agent List Info', () => {
  it('pages in loginId order with the product\'s next link, lastLogin keys only after a login', async () => {
    const c = await createTestClient(t)
    const loginIds = ['AGENT-ONE', 'AGENT#.?', 'zed', 'AGENT!', 'AGENT-ANINDITA', 'AGENT2', 'AGENT1']
    const ids: Record<string, number> = {}
    for (const loginId of loginIds) ids[loginId.toUpperCase()] = await createAgent(t, c.admin, { loginId, firstName: 'agent', lastName: loginId.toLowerCase(), phone: '5553504512' })
    const sorted = Object.keys(ids).sort()
    const page = await inject('GET', `/configuration/agents?count=4&client=${c.clientId}&offset=2`, c.admin)
    expect(page.statusCode).toBe(200)
    expect(page.json()).toEqual({
      agent: sorted.slice(2, 6).map((loginId) => ({ id: ids[loginId], loginId, firstName: 'agent', lastName: loginId.toLowerCase(), phone: '5553504512', active: true })),
      next: `configuration/agents?count=4&client=${c.clientId}&offset=6`,
    })
    const last = await inject('GET', '/configuration/agents?count=4&offset=6', c.admin)
    expect(last.json()).toEqual({ agent: [expect.objectContaining({ loginId: 'ZED' })], next: null })

    await t.app.inject({ method: 'POST', url: '/session/login', headers: { 'lv-access': c.token, 'x-forwarded-for': '187.237.14.230, 10.0.0.1' }, payload: { clientName: c.code, userName: 'agent!', password: AGENT_PASSWORD, agent: true } })
    const first = (await inject('GET', '/configuration/agents?count=1&offset=0', c.admin)).json()
    expect(first).toEqual({
      agent: [{ id: ids['AGENT!'], loginId: 'AGENT!', firstName: 'agent', lastName: 'agent!', phone: '5553504512', active: true, lastLogin: t.clock.now(), lastLoginIp: '127.0.0.1' }],
      next: 'configuration/agents?count=1&offset=1',
    })
  })

  it('answers an empty list and size 0 for another client, and paging errors as 400', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    await createAgent(t, other.admin)
    expect((await inject('GET', `/configuration/agents?client=${other.clientId}&count=10&offset=0`, c.admin)).json()).toEqual({ agent: [], next: null })
    expect((await inject('GET', `/configuration/agents/info?client=${other.clientId}`, c.admin)).json()).toEqual({ size: 0 })
    expectInvalid(await inject('GET', '/configuration/agents?offset=0', c.admin), 'Missing required field [count]')
    expectInvalid(await inject('GET', '/configuration/agents?count=0&offset=0', c.admin), /^Invalid input \[count/)
    expectInvalid(await inject('GET', '/configuration/agents?count=5', c.admin), 'Missing required field [offset]')
  })

  it('counts the client\'s agents and tracks the last change of the list', async () => {
    const c = await createTestClient(t)
    expect((await inject('GET', '/configuration/agents/info', c.admin)).json()).toEqual({ size: 0 })
    const created = t.clock.now()
    const a = await createAgent(t, c.admin)
    await createAgent(t, c.admin)
    const res = await inject('GET', `/configuration/agents/info?client=${c.clientId}`, c.admin)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ size: 2, lastModified: created })
    t.clock.advance(60_000)
    await inject('PUT', `/configuration/agents/${a}`, c.admin, { unlock: true })
    expect((await inject('GET', '/configuration/agents/info', c.admin)).json()).toEqual({ size: 2, lastModified: created })
    await inject('PUT', `/configuration/agents/${a}`, c.admin, { lastName: 'Renamed' })
    expect((await inject('GET', '/configuration/agents/info', c.admin)).json()).toEqual({ size: 2, lastModified: t.clock.now() })
    t.clock.advance(60_000)
    await inject('DELETE', `/configuration/agents/${a}`, c.admin)
    expect((await inject('GET', '/configuration/agents/info', c.admin)).json()).toEqual({ size: 1, lastModified: t.clock.now() })
  })
})

describe('Find Matching Agents', () => {
  async function people(c: TestClient) {
    const specs = [
      ['JJAMISON', 'Jamison', '(202) 346-7763'], ['AJAMES', 'James', '202.346.7764'], ['RRAJAM', 'Rajam', '2023467765'],
      ['SSMITH', 'Smith', '2023467763'], ['PCT', '50%_off', '555'], ['AGENTONE', 'One', '6783734060'],
    ]
    const ids: Record<string, number> = {}
    for (const [loginId, lastName, phone] of specs) ids[loginId!] = await createAgent(t, c.admin, { loginId, lastName, phone, firstName: 'Agent' })
    return ids
  }
  const search = (c: TestClient, body: unknown, query = 'count=10&offset=0') => inject('POST', `/configuration/agents/search?${query}`, c.admin, body)
  const loginIdsOf = (res: { json(): { agent: { loginId: string }[] } }) => res.json().agent.map((a) => a.loginId)

  it('matches lastName partially and case-insensitively, ordered by loginId (seed: jam finds Jamison, James, Rajam)', async () => {
    const c = await createTestClient(t)
    const ids = await people(c)
    const res = await search(c, { lastName: 'jAm' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      agent: [
        { id: ids.AJAMES, loginId: 'AJAMES', firstName: 'Agent', lastName: 'James', phone: '202.346.7764', active: true },
        { id: ids.JJAMISON, loginId: 'JJAMISON', firstName: 'Agent', lastName: 'Jamison', phone: '(202) 346-7763', active: true },
        { id: ids.RRAJAM, loginId: 'RRAJAM', firstName: 'Agent', lastName: 'Rajam', phone: '2023467765', active: true },
      ],
      next: null,
    })
    expect((await search(c, { lastName: 'One' }, `client=${c.clientId}&offset=0&count=4`)).json()).toEqual({
      agent: [{ id: ids.AGENTONE, loginId: 'AGENTONE', firstName: 'Agent', lastName: 'One', phone: '6783734060', active: true }], next: null,
    })
  })

  it('matches loginId partially and case-insensitively; LIKE wildcards are plain text', async () => {
    const c = await createTestClient(t)
    await people(c)
    expect(loginIdsOf(await search(c, { loginId: 'jam' }))).toEqual(['AJAMES', 'JJAMISON', 'RRAJAM'])
    expect(loginIdsOf(await search(c, { loginId: 'Mis' }))).toEqual(['JJAMISON'])
    expect(loginIdsOf(await search(c, { lastName: '%_' }))).toEqual(['PCT'])
    expect(loginIdsOf(await search(c, { lastName: '_' }))).toEqual(['PCT'])
    expect(loginIdsOf(await search(c, { loginId: 'nobody' }))).toEqual([])
  })

  it('matches phone numbers on their digits, under phoneNumber or its alias phone', async () => {
    const c = await createTestClient(t)
    await people(c)
    expect(loginIdsOf(await search(c, { phoneNumber: '2023467763' }))).toEqual(['JJAMISON', 'SSMITH'])
    expect(loginIdsOf(await search(c, { phone: '202-346-7764' }))).toEqual(['AJAMES'])
    expect(loginIdsOf(await search(c, { phoneNumber: 2023467765 }))).toEqual(['RRAJAM'])
    expect(loginIdsOf(await search(c, { phoneNumber: '346' }))).toEqual([])
    expect(loginIdsOf(await search(c, { phoneNumber: 'n/a' }))).toEqual([])
  })

  it('answers the seed\'s 400 unless exactly one criterion is given', async () => {
    const c = await createTestClient(t)
    const message = 'Invalid input [exactly one of phone, loginId or lastName is required]'
    const seed = await inject('POST', `/configuration//agents/search?count=10&client=${c.clientId}&offset=0`, c.admin, { loginId: 'BobJones23', lastName: 'Jones' })
    expect(seed.statusCode).toBe(400)
    expect(seed.json()).toEqual({ code: 202, message, errorCode: 202, errorMessage: message })
    for (const body of [{}, { lastName: '' }, { phone: '1', phoneNumber: '1' }, { loginId: 'A', phone: '1' }, { lastName: null }]) {
      expectInvalid(await search(c, body), message)
    }
    expectInvalid(await search(c, { lastName: 'x' }, 'offset=0'), 'Missing required field [count]')
  })

  it('pages the matches and answers nothing for another client', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    await people(c)
    await people(other)
    const first = await search(c, { lastName: 'a' }, `count=2&client=${c.clientId}&offset=0`)
    expect(first.json()).toEqual({ agent: [expect.objectContaining({ loginId: 'AJAMES' }), expect.objectContaining({ loginId: 'JJAMISON' })], next: `configuration/agents/search?count=2&client=${c.clientId}&offset=2` })
    expect(loginIdsOf(await search(c, { lastName: 'a' }, `count=2&client=${c.clientId}&offset=2`))).toEqual(['RRAJAM'])
    expect((await search(c, { lastName: 'a' }, `count=10&client=${other.clientId}&offset=0`)).json()).toEqual({ agent: [], next: null })
  })
})

describe('Update Agent', () => {
  it('accepts the seed\'s body with its trailing comma and changes only the keys sent', async () => {
    const c = await createTestClient(t)
    const id = await createAgent(t, c.admin, { phone: '5550000000', active: false })
    const before = await readAgent(c, id)
    const res = await t.app.inject({ method: 'PUT', url: `/configuration/agents/${id}`, headers: { ...c.admin, 'content-type': 'application/json' }, payload: '{\n   "phone": "2023467763",\n   "active": true,\n}' })
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    expect(await readAgent(c, id)).toEqual({ ...before, phone: '2023467763', active: true })
  })

  it('changes every updatable key and ignores loginId, Services and skills', async () => {
    const c = await createTestClient(t)
    const s = await servicesOf(c)
    const id = await createAgent(t, c.admin, { loginId: 'keep', assignedService: [{ id: s.inbound }] })
    const res = await inject('PUT', `/configuration/agents/${id}`, c.admin, {
      firstName: 'Ann', lastName: 'Lee', phone: '(678) 373-4060', wrapUpTime: 45, homeAgent: false, active: false,
      loginId: 'CHANGED', assignedService: [{ id: s.manual }], assignedAgentSkill: [], firstNameExtra: 'x', unlock: false,
    })
    expect(res.statusCode).toBe(204)
    expect(await readAgent(c, id)).toEqual({
      assignedService: [{ id: s.inbound }], assignedAgentSkill: [], loginId: 'KEEP', firstName: 'Ann', lastName: 'Lee',
      phone: '(678) 373-4060', wrapUpTime: 45, homeAgent: false, active: false, locked: false, passwordLastModified: t.clock.now(),
    })
    const found = (await inject('POST', '/configuration/agents/search?count=5&offset=0', c.admin, { phoneNumber: '6783734060' })).json()
    expect(found.agent.map((a: { id: number }) => a.id)).toEqual([id])
  })

  it('needs at least one updatable key; null means no change', async () => {
    const c = await createTestClient(t)
    const id = await createAgent(t, c.admin)
    const before = await readAgent(c, id)
    for (const body of [{}, { loginId: 'X' }, { assignedService: [] }, { firstName: null }]) {
      expectInvalid(await inject('PUT', `/configuration/agents/${id}`, c.admin, body), 'Invalid input [at least one field is required]')
    }
    expectInvalid(await t.app.inject({ method: 'PUT', url: `/configuration/agents/${id}`, headers: c.admin }), 'Invalid input [at least one field is required]')
    expect((await inject('PUT', `/configuration/agents/${id}`, c.admin, { firstName: null, lastName: 'Kept' })).statusCode).toBe(204)
    expect(await readAgent(c, id)).toEqual({ ...before, lastName: 'Kept' })
  })

  it('validates values: empty names, wrapUpTime, and the seed\'s short password', async () => {
    const c = await createTestClient(t)
    const id = await createAgent(t, c.admin)
    const before = await readAgent(c, id)
    expectInvalid(await inject('PUT', `/configuration/agents/${id}`, c.admin, { firstName: '' }), 'Missing required field [firstName]')
    expectInvalid(await inject('PUT', `/configuration/agents/${id}`, c.admin, { wrapUpTime: -5 }), /^Invalid input \[wrapUpTime /)
    expectInvalid(await inject('PUT', `/configuration/agents/${id}`, c.admin, { active: 'maybe' }), /^Invalid input \[active /)
    const res = await inject('PUT', `/configuration/agents/${id}`, c.admin, { password: '1234567' })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({
      code: 202, message: 'Invalid password [Password must be at least 8 characters long]',
      errorCode: 202, errorMessage: 'Invalid password [Password must be at least 8 characters long]',
    })
    expectInvalid(await inject('PUT', `/configuration/agents/${id}`, c.admin, { password: '' }), 'Missing required field [password]')
    expectInvalid(await inject('PUT', `/configuration/agents/${id}`, c.admin, { password: 'nodigitshere', phone: '1' }), 'Invalid password [Password must contain at least 1 digit]')
    expect(await readAgent(c, id)).toEqual(before)
  })

  it('refuses the current and the previous 4 passwords, and accepts an older one', async () => {
    const c = await createTestClient(t)
    const id = await createAgent(t, c.admin)
    const message = 'Invalid password [Password cannot match any of the previous 4 passwords]'
    expectInvalid(await inject('PUT', `/configuration/agents/${id}`, c.admin, { password: AGENT_PASSWORD }), message)
    for (const password of ['Second222', 'Third3333', 'Fourth444']) {
      expect((await inject('PUT', `/configuration/agents/${id}`, c.admin, { password })).statusCode).toBe(204)
    }
    expectInvalid(await inject('PUT', `/configuration/agents/${id}`, c.admin, { password: AGENT_PASSWORD }), message)
    expect((await inject('PUT', `/configuration/agents/${id}`, c.admin, { password: 'Fifth5555' })).statusCode).toBe(204)
    expectInvalid(await inject('PUT', `/configuration/agents/${id}`, c.admin, { password: 'Second222' }), message)
    expect((await inject('PUT', `/configuration/agents/${id}`, c.admin, { password: AGENT_PASSWORD })).statusCode).toBe(204)
  })

  it('answers 404 for an unknown or another client\'s agent, before looking at the password history', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const foreign = await createAgent(t, other.admin, { lastName: 'Theirs' })
    expectNotFound(await inject('PUT', '/configuration/agents/111111', c.admin, { phone: '1' }), 'Agent not found [ID:111111]')
    expectNotFound(await inject('PUT', `/configuration/agents/${foreign}`, c.admin, { lastName: 'Mine', password: 'Other1234' }), `Agent not found [ID:${foreign}]`)
    expect((await readAgent(other, foreign)).lastName).toBe('Theirs')
  })
})

describe('Delete Agent', () => {
  it('deletes the agent with its assignments and sessions; a second delete is 404', async () => {
    const c = await createTestClient(t)
    const s = await servicesOf(c)
    const skill = await createSkill(t, c.admin)
    const agent = await apiAgentSession(t, c, { assignedService: [{ id: s.inbound }], assignedAgentSkill: [{ id: skill, proficiency: 2 }] })
    expect((await inject('GET', `/configuration/agents/${agent.agentId}`, agent.headers)).statusCode).toBe(200)
    const res = await inject('DELETE', `/configuration/agents/${agent.agentId}`, c.admin)
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    expectNotFound(await inject('GET', `/configuration/agents/${agent.agentId}`, c.admin), `Agent not found [ID:${agent.agentId}]`)
    expectNotFound(await inject('DELETE', `/configuration/agents/${agent.agentId}`, c.admin), `Agent not found [ID:${agent.agentId}]`)
    expect((await inject('GET', `/configuration/agents/skills/${skill}`, c.admin)).json().agent).toEqual([])
    expect(await t.db.selectFrom('agent_services').selectAll().where('client_id', '=', c.clientId).execute()).toEqual([])
    expectError(await inject('GET', '/configuration/agents?count=1&offset=0', agent.headers), 401, 201, /^Unauthorized/)
    await createAgent(t, c.admin, { loginId: agent.loginId })
  })

  it('answers 404 for another client\'s agent and leaves it alone', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const foreign = await createAgent(t, other.admin)
    expectNotFound(await inject('DELETE', `/configuration/agents/${foreign}`, c.admin), `Agent not found [ID:${foreign}]`)
    expect((await inject('GET', `/configuration/agents/${foreign}`, other.admin)).statusCode).toBe(200)
  })
})

describe('Get Agent Related Objects', () => {
  it('answers the agent\'s Services and their distinct Call Centers, ascending', async () => {
    const c = await createTestClient(t)
    const s = await servicesOf(c)
    const id = await createAgent(t, c.admin, { assignedService: [{ id: s.hci }, { id: s.manual }, { id: s.inbound }] })
    const res = await inject('GET', `/configuration/agents/${id}/related`, c.admin)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      callCenter: [{ id: s.cc1 }, { id: s.cc2 }],
      service: [s.inbound, s.manual, s.hci].sort((a, b) => a - b).map((sid) => ({ id: sid })),
    })
    const bare = await createAgent(t, c.admin)
    expect((await inject('GET', `/configuration/agents/${bare}/related`, c.admin)).json()).toEqual({ callCenter: [], service: [] })
  })

  it('answers 404 for an unknown or another client\'s agent', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const foreign = await createAgent(t, other.admin)
    expectNotFound(await inject('GET', `/configuration/agents/${foreign}/related`, c.admin), `Agent not found [ID:${foreign}]`)
    expectNotFound(await inject('GET', '/configuration/agents/111111/related', c.admin), 'Agent not found [ID:111111]')
  })
})

describe('Update Agent Add Service / Remove Service', () => {
  it('assigns an ACD Service once, and the agent\'s own session sees it at once', async () => {
    const c = await createTestClient(t)
    const s = await servicesOf(c)
    const agent = await apiAgentSession(t, c)
    expect((await inject('GET', `/configuration/agents/${agent.agentId}/related`, agent.headers)).json()).toEqual({ callCenter: [], service: [] })
    for (let i = 0; i < 2; i++) {
      const res = await inject('PUT', `/configuration/agents/${agent.agentId}/services/${s.manual}`, c.admin)
      expect(res.statusCode).toBe(204)
      expect(res.body).toBe('')
    }
    expect((await readAgent(c, agent.agentId)).assignedService).toEqual([{ id: s.manual }])
    expect((await inject('GET', `/configuration/agents/${agent.agentId}/related`, agent.headers)).json()).toEqual({ callCenter: [{ id: s.cc2 }], service: [{ id: s.manual }] })
  })

  it('refuses a non-ACD Service with the seed\'s error', async () => {
    const c = await createTestClient(t)
    const s = await servicesOf(c)
    const id = await createAgent(t, c.admin)
    for (const bad of [s.noAcd, s.dmt]) {
      const res = await inject('PUT', `/configuration/agents/${id}/services/${bad}`, c.admin)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual({ code: 202, message: 'Cannot assign service [incorrect service type]', errorCode: 202, errorMessage: 'Cannot assign service [incorrect service type]' })
    }
    expect((await readAgent(c, id)).assignedService).toEqual([])
  })

  it('answers 404 for unknown or foreign agents and Services, and 403 for a Service the Manager may not see', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const s = await servicesOf(c)
    const foreign = await servicesOf(other)
    const id = await createAgent(t, c.admin)
    const foreignAgent = await createAgent(t, other.admin)
    expectNotFound(await inject('PUT', `/configuration/agents/111111/services/${s.manual}`, c.admin), 'Agent not found [ID:111111]')
    expectNotFound(await inject('PUT', `/configuration/agents/${foreignAgent}/services/${s.manual}`, c.admin), `Agent not found [ID:${foreignAgent}]`)
    expectNotFound(await inject('PUT', `/configuration/agents/${id}/services/${foreign.manual}`, c.admin), `Service not found [ID:${foreign.manual}]`)
    expectNotFound(await inject('PUT', `/configuration/agents/${id}/services/987654321`, c.admin), 'Service not found [ID:987654321]')
    const manager = await userSession(t, c, 'MANAGER', { powers: ['ADMINISTER_AGENTS'], serviceIds: [s.inbound] })
    expectForbidden(await inject('PUT', `/configuration/agents/${id}/services/${s.manual}`, manager.headers))
    expect((await inject('PUT', `/configuration/agents/${id}/services/${s.inbound}`, manager.headers)).statusCode).toBe(204)
    expect((await readAgent(c, id)).assignedService).toEqual([{ id: s.inbound }])
  })

  it('removes an assignment; a Service not assigned is 404, and the agent\'s session loses it at once', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const s = await servicesOf(c)
    const agent = await apiAgentSession(t, c, { assignedService: [{ id: s.manual }, { id: s.inbound }] })
    const res = await inject('DELETE', `/configuration/agents/${agent.agentId}/services/${s.manual}`, c.admin)
    expect(res.statusCode).toBe(204)
    expect((await readAgent(c, agent.agentId)).assignedService).toEqual([{ id: s.inbound }])
    expect((await inject('GET', `/configuration/agents/${agent.agentId}/related`, agent.headers)).json().service).toEqual([{ id: s.inbound }])
    expectNotFound(await inject('DELETE', `/configuration/agents/${agent.agentId}/services/${s.manual}`, c.admin), `Service not assigned [ID:${s.manual}]`)
    expectNotFound(await inject('DELETE', `/configuration/agents/${agent.agentId}/services/987654321`, c.admin), 'Service not found [ID:987654321]')
    const foreignAgent = await createAgent(t, other.admin)
    expectNotFound(await inject('DELETE', `/configuration/agents/${foreignAgent}/services/${s.inbound}`, c.admin), `Agent not found [ID:${foreignAgent}]`)
    const manager = await userSession(t, c, 'MANAGER', { powers: ['ADMINISTER_AGENTS'], serviceIds: [s.manual] })
    expectForbidden(await inject('DELETE', `/configuration/agents/${agent.agentId}/services/${s.inbound}`, manager.headers))
    expect((await readAgent(c, agent.agentId)).assignedService).toEqual([{ id: s.inbound }])
  })
})

describe('Update Agent Add Agent Skill / Remove Agent Skill', () => {
  it('assigns a skill with its proficiency and changes the proficiency of an assigned one', async () => {
    const c = await createTestClient(t)
    const id = await createAgent(t, c.admin)
    const gold = await createSkill(t, c.admin, 'GOLD')
    const res = await inject('PUT', `/configuration/agents/${id}/skills/${gold}?proficiency=4`, c.admin)
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    expect((await readAgent(c, id)).assignedAgentSkill).toEqual([{ id: gold, proficiency: 4 }])
    expect((await inject('PUT', `/configuration/agents/${id}/skills/${gold}?proficiency=1`, c.admin)).statusCode).toBe(204)
    expect((await readAgent(c, id)).assignedAgentSkill).toEqual([{ id: gold, proficiency: 1 }])
    expect((await inject('GET', `/configuration/agents/skills/${gold}`, c.admin)).json().agent).toEqual([{ id, proficiency: 1 }])
  })

  it('requires a proficiency between 1 and 5 before anything else', async () => {
    const c = await createTestClient(t)
    const id = await createAgent(t, c.admin)
    const skill = await createSkill(t, c.admin)
    expectInvalid(await inject('PUT', `/configuration/agents/${id}/skills/${skill}`, c.admin), 'Missing required field [proficiency]')
    for (const p of [0, 6]) expectInvalid(await inject('PUT', `/configuration/agents/${id}/skills/${skill}?proficiency=${p}`, c.admin), 'Invalid input [proficiency must be between 1 and 5]')
    expectInvalid(await inject('PUT', `/configuration/agents/111111/skills/${skill}?proficiency=9`, c.admin), 'Invalid input [proficiency must be between 1 and 5]')
    expectInvalid(await inject('PUT', `/configuration/agents/${id}/skills/${skill}?proficiency=high`, c.admin), /^Invalid input \[proficiency/)
    expect((await readAgent(c, id)).assignedAgentSkill).toEqual([])
  })

  it('answers 404 for unknown or foreign agents and skills', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const id = await createAgent(t, c.admin)
    const skill = await createSkill(t, c.admin)
    const foreignSkill = await createSkill(t, other.admin)
    const foreignAgent = await createAgent(t, other.admin)
    expectNotFound(await inject('PUT', `/configuration/agents/${id}/skills/${foreignSkill}?proficiency=2`, c.admin), `Agent skill not found [ID:${foreignSkill}]`)
    expectNotFound(await inject('PUT', `/configuration/agents/${foreignAgent}/skills/${skill}?proficiency=2`, c.admin), `Agent not found [ID:${foreignAgent}]`)
    expectNotFound(await inject('DELETE', `/configuration/agents/${id}/skills/${foreignSkill}`, c.admin), `Agent skill not found [ID:${foreignSkill}]`)
    expectNotFound(await inject('DELETE', `/configuration/agents/${foreignAgent}/skills/${skill}`, c.admin), `Agent not found [ID:${foreignAgent}]`)
    expect((await inject('GET', `/configuration/agents/skills/${foreignSkill}`, other.admin)).json().agent).toEqual([])
  })

  it('removes an assignment; a skill the agent does not have is 404', async () => {
    const c = await createTestClient(t)
    const a = await createSkill(t, c.admin)
    const b = await createSkill(t, c.admin)
    const id = await createAgent(t, c.admin, { assignedAgentSkill: [{ id: a, proficiency: 2 }, { id: b, proficiency: 5 }] })
    const res = await inject('DELETE', `/configuration/agents/${id}/skills/${a}`, c.admin)
    expect(res.statusCode).toBe(204)
    expect((await readAgent(c, id)).assignedAgentSkill).toEqual([{ id: b, proficiency: 5 }])
    expectNotFound(await inject('DELETE', `/configuration/agents/${id}/skills/${a}`, c.admin), `Agent skill not assigned [ID:${a}]`)
  })
})
