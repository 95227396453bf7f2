/** The OpenAPI document lists the 25 Clients, Agents and Agent Skills methods with the seeds' example bodies. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'

let t: TestApp
let doc: { paths: Record<string, Record<string, Operation>> }
beforeAll(async () => {
  t = await buildTestApp()
  doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json()
})
afterAll(async () => { await t.close() })

interface Media { example?: unknown; examples?: Record<string, { value: unknown }> }
interface Operation {
  operationId: string
  summary: string
  tags: string[]
  description?: string
  requestBody?: { content: Record<string, Media> }
  responses: Record<string, { content?: Record<string, Media> }>
}

const examplesOf = (media: Media | undefined): unknown[] =>
  media === undefined ? [] : media.example !== undefined ? [media.example] : Object.values(media.examples ?? {}).map((e) => e.value)

/** [summary, method, path, status, example the seed shows for the request body, for the response body] */
const methods: [string, string, string, number, unknown, unknown][] = [
  ['Read Client Internal Settings', 'get', '/configuration/clients/{id}/internal', 200, undefined, { maxDailyAttempts: 0, callRecordingDays: 30, encryptCcsPassword: true, maxFailedCcsLoginAttempts: 5, encryptAcdPassword: true, maxFailedAcdLoginAttempts: 0, passwordExpirationDays: 0 }],
  ['Read Client General Settings', 'get', '/configuration/clients/{id}/settings', 200, undefined, expect.objectContaining({ displayName: 'Demo', clientCode: 'CAVALRY', lcidPackageId: 1256 })],
  ['Read Client Messaging Settings', 'get', '/configuration/clients/{id}/messaging', 200, undefined, expect.objectContaining({ defaultInputFilterId: 21572 })],
  ['Read Client Voice Pool Settings', 'get', '/configuration/clients/{id}/voicePool', 200, undefined, { voice: [{ id: 1 }, { id: 5 }, { id: 2 }, { id: 3 }] }],
  ['Update Client Add Voice', 'post', '/configuration/clients/{client}/voicePool/{id}', 204, undefined, undefined],
  ['Update Client Remove Voice', 'delete', '/configuration/clients/{client}/voicePool/{id}', 204, undefined, undefined],
  ['List Countries', 'get', '/configuration/clients/countries', 200, undefined, expect.arrayContaining([{ countryCode: '54', name: 'ARGENTINA', id: 7 }])],
  ['Create Agent', 'post', '/configuration/agents', 201, expect.objectContaining({ loginId: 'BobJohnson1', assignedService: [{ id: 40789 }, { id: 17798 }] }), { id: 311918 }],
  ['Delete Agent', 'delete', '/configuration/agents/{id}', 204, undefined, undefined],
  ['Find Matching Agents', 'post', '/configuration/agents/search', 200, { lastName: 'One' }, expect.objectContaining({ agent: [expect.objectContaining({ loginId: 'AGENTONE' })] })],
  ['Get Agent List Info', 'get', '/configuration/agents/info', 200, undefined, { size: 153, lastModified: 1369249675000 }],
  ['Get Agent Related Objects', 'get', '/configuration/agents/{id}/related', 200, undefined, expect.objectContaining({ service: [{ id: 17798 }, { id: 17885 }, { id: 40789 }, { id: 43131 }] })],
  ['List Agents', 'get', '/configuration/agents', 200, undefined, expect.objectContaining({ agent: expect.arrayContaining([expect.objectContaining({ loginId: 'AGENT#.?' })]) })],
  ['Read Agent', 'get', '/configuration/agents/{id}', 200, undefined, expect.objectContaining({ loginId: 'AGENT3', lastLoginIp: '189.146.225.138' })],
  ['Update Agent', 'put', '/configuration/agents/{id}', 204, { unlock: true }, undefined],
  ['Update Agent Add Agent Skill', 'put', '/configuration/agents/{agent}/skills/{id}', 204, undefined, undefined],
  ['Update Agent Add Service', 'put', '/configuration/agents/{agent}/services/{id}', 204, undefined, undefined],
  ['Update Agent Remove Agent Skill', 'delete', '/configuration/agents/{agent}/skills/{id}', 204, undefined, undefined],
  ['Update Agent Remove Service', 'delete', '/configuration/agents/{agent}/services/{id}', 204, undefined, undefined],
  ['Create Agent Skill', 'post', '/configuration/agents/skills', 201, { name: 'Docs', description: 'documentation' }, { id: 74281 }],
  ['Delete Agent Skill', 'delete', '/configuration/agents/skills/{id}', 204, undefined, undefined],
  ['Get Agent Skill List Info', 'get', '/configuration/agents/skills/info', 200, undefined, { size: 5, lastModified: 1369249675000 }],
  ['List Agent Skills', 'get', '/configuration/agents/skills', 200, undefined, expect.objectContaining({ agentSkill: expect.arrayContaining([{ id: 8945, name: 'SPANISH' }]) })],
  ['Read Agent Skill', 'get', '/configuration/agents/skills/{id}', 200, undefined, expect.objectContaining({ name: 'SPANISH', description: 'Spanish Speaking Agents', clientId: 4199 })],
  ['Update Agent Skill', 'put', '/configuration/agents/skills/{id}', 204, { name: 'Docs', description: 'documentation' }, undefined],
]

describe('OpenAPI document', () => {
  it('lists all 25 methods', () => {
    expect(methods).toHaveLength(25)
  })

  for (const [summary, method, path, status, body, response] of methods) {
    it(`documents ${summary} with its roles, statuses and the seed's examples`, () => {
      const op = doc.paths[path]?.[method]
      expect(op, `${method.toUpperCase()} ${path}`).toBeDefined()
      expect(op!.summary.startsWith(summary)).toBe(true)
      expect(op!.operationId).toMatch(/^[a-z][A-Za-z]+$/)
      expect(op!.description).toMatch(/Roles: /)
      expect(Object.keys(op!.responses)).toEqual(expect.arrayContaining([String(status), '401', '403']))
      if (body !== undefined) expect(examplesOf(op!.requestBody?.content['application/json'])).toContainEqual(body)
      if (response !== undefined) expect(examplesOf(op!.responses[String(status)]!.content?.['application/json'])).toContainEqual(response)
    })
  }

  it('carries the seeds\' error examples', () => {
    const errorExample = (path: string, method: string, status: string) => examplesOf(doc.paths[path]![method]!.responses[status]!.content!['application/json'])
    expect(errorExample('/configuration/agents', 'post', '400')).toContainEqual(expect.objectContaining({ message: 'Missing required field [password]' }))
    expect(errorExample('/configuration/agents/{id}', 'get', '404')).toContainEqual(expect.objectContaining({ code: 203, message: 'Agent not found [ID:111111]' }))
    expect(errorExample('/configuration/agents/skills/{id}', 'get', '404')).toContainEqual(expect.objectContaining({ message: 'Agent skill not found [ID:111111]' }))
    expect(errorExample('/configuration/agents/search', 'post', '400')).toContainEqual(expect.objectContaining({ errorMessage: 'Invalid input [exactly one of phone, loginId or lastName is required]' }))
    expect(errorExample('/configuration/agents/{agent}/services/{id}', 'put', '400')).toContainEqual(expect.objectContaining({ message: 'Cannot assign service [incorrect service type]' }))
    expect(errorExample('/configuration/agents/{id}', 'put', '400')).toContainEqual(expect.objectContaining({ message: 'Invalid password [Password must be at least 8 characters long]' }))
  })

  it('documents the forms without a client id too', () => {
    for (const path of ['internal', 'settings', 'messaging', 'voicePool']) expect(doc.paths[`/configuration/clients/${path}`]?.get).toBeDefined()
    expect(doc.paths['/configuration/clients/voicePool/{id}']?.post).toBeDefined()
    expect(doc.paths['/configuration/clients/voicePool/{id}']?.delete).toBeDefined()
  })
})
