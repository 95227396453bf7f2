/**
 * The served OpenAPI document as generators and linters see it (issue 14, http/openapi.ts): every
 * example valid against its schema, security declared on every operation, named component schemas
 * for the resources, and /openapi.json and /docs served compressed and cacheable.
 */
import { Ajv2020 } from 'ajv/dist/2020.js'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { finishDocument } from '../../src/http/openapi.ts'
import { buildTestApp, type TestApp } from '../app.ts'
import { createTestClient } from '../fixtures.ts'

type Json = Record<string, any>

let t: TestApp
let doc: Json
beforeAll(async () => {
  t = await buildTestApp()
  doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json()
})
afterAll(async () => { await t.close() })

const METHODS = ['get', 'put', 'post', 'delete', 'patch']
const operations = () => Object.entries(doc.paths as Json).flatMap(([path, item]) =>
  Object.entries(item as Json).filter(([method]) => METHODS.includes(method)).map(([method, op]) => ({ path, method, op: op as Json })))
const refName = (schema: Json | undefined) => /^#\/components\/schemas\/(\w+)$/.exec(String(schema?.$ref))?.[1]

describe('OpenAPI examples', () => {
  it('every example validates against the schema it illustrates (the vendor examples\' strings included)', () => {
    // Components by absolute id, so a $ref resolves without the rest of the document.
    const BASE = 'https://lvapi.invalid/schemas/'
    const absolute = (value: unknown): unknown => JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', `"${BASE}`))
    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true })
    for (const [name, schema] of Object.entries(doc.components.schemas as Json)) ajv.addSchema({ ...(absolute(schema) as Json), $id: `${BASE}${name}` })

    const checks: Array<{ where: string; schema: unknown; example: unknown }> = []
    for (const [name, schema] of Object.entries(doc.components.schemas as Json)) {
      for (const example of (schema as Json).examples ?? []) checks.push({ where: `components.schemas.${name}`, schema: { $ref: `${BASE}${name}` }, example })
    }
    for (const { path, method, op } of operations()) {
      const media = [
        ...Object.entries(op.requestBody?.content ?? {}).map(([type, m]) => [`request ${type}`, m] as const),
        ...Object.entries(op.responses ?? {}).flatMap(([status, r]) => Object.entries((r as Json).content ?? {}).map(([type, m]) => [`${status} ${type}`, m] as const)),
      ]
      for (const [what, m] of media as Array<readonly [string, Json]>) {
        const examples = [...(m.example !== undefined ? [m.example] : []), ...Object.values(m.examples ?? {}).map((e) => (e as Json).value)]
        for (const example of examples) checks.push({ where: `${method.toUpperCase()} ${path} ${what}`, schema: absolute(m.schema), example })
      }
    }
    // The document carries the seeds' examples: hundreds of them, the failing ones included before.
    expect(checks.length).toBeGreaterThan(300)
    const failures = checks.flatMap(({ where, schema, example }) => {
      const validate = ajv.compile(schema as Json)
      return validate(example) ? [] : [`${where}: ${ajv.errorsText(validate.errors)}`]
    })
    expect(failures).toEqual([])
  })

  it('describes the strings the server accepts for numbers and booleans, as the vendor\'s Create Contact example sends them', () => {
    const body = doc.components.schemas[refName(doc.paths['/contact/contacts'].post.requestBody.content['application/json'].schema)!]
    const details = body.properties.createContactDetails.properties
    expect(details.active).toMatchObject({ type: ['boolean', 'string'], enum: [true, false, 'true', 'false'] })
    expect(details.balance).toMatchObject({ type: ['number', 'string'], pattern: '^-?[0-9]+(\\.[0-9]+)?$' })
    expect(details.groupId).toMatchObject({ type: ['integer', 'string'], pattern: '^[0-9]+$' })
  })

  it('accepts those strings indeed: the documented widening describes validation, it does not change it', async () => {
    const c = await createTestClient(t)
    const res = await t.app.inject({
      method: 'POST', url: '/contact/contacts', headers: { ...c.admin, 'content-type': 'application/json' },
      payload: { createContactDetails: { account: 'OPENAPI-1', active: 'true', balance: '1000.00' } },
    })
    expect(res.statusCode).toBe(201)
    const read = await t.app.inject({ method: 'GET', url: '/contact/contacts/OPENAPI-1', headers: c.admin })
    expect(read.json().readContactDetails).toMatchObject({ active: true, balance: 1000 })
  })
})

describe('OpenAPI security', () => {
  it('declares security on every operation: none on public ones, LV-Access (required) on Login, LV-Session elsewhere', () => {
    for (const { path, method, op } of operations()) {
      const where = `${method.toUpperCase()} ${path}`
      expect(op.security, where).toBeDefined()
      if (op['x-roles']?.length) expect(op.security, where).toEqual([{ session: [] }])
    }
    for (const path of ['/session/login', '/session/login/agent']) {
      const login = doc.paths[path].post
      expect(login.security).toEqual([{ access: [] }])
      expect(login.parameters.filter((p: Json) => p.in === 'header')).toEqual([expect.objectContaining({ name: 'LV-Access', required: true })])
    }
    for (const [path, method] of [['/health', 'get'], ['/session/validate/{sessionId}', 'get'], ['/session/logout', 'delete'], ['/session/password', 'put']]) {
      expect(doc.paths[path][method].security, `${method} ${path}`).toEqual([])
    }
    expect(doc.paths['/_lvapi/clock'].get.security).toEqual([{}, { sandboxKey: [] }])
    // Every scheme is used somewhere.
    const used = new Set(operations().flatMap(({ op }) => (op.security as Json[]).flatMap((s) => Object.keys(s))))
    expect([...used].sort()).toEqual(Object.keys(doc.components.securitySchemes).sort())
  })

  it('names a server and a license', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })])
    expect(doc.info.license).toEqual({ name: 'MIT', identifier: 'MIT' })
  })
})

describe('OpenAPI components', () => {
  it('names each resource the API returns, and each API\'s error body', () => {
    const answer = (path: string, method: string, status = '200') => refName(doc.paths[path][method].responses[status].content['application/json'].schema)
    expect({
      agent: answer('/configuration/agents/{id}', 'get'),
      agentSkill: answer('/configuration/agents/skills/{id}', 'get'),
      callCenter: answer('/configuration/callCenters/{id}', 'get'),
      client: answer('/configuration/clients/{id}/settings', 'get'),
      service: answer('/configuration/services/{id}', 'get'),
      user: answer('/configuration/users/{id}', 'get'),
      contactGroup: answer('/contact/contactGroups/{id}', 'get'),
      session: answer('/session/sessions/{sessionId}', 'get'),
      configurationError: answer('/configuration/agents/{id}', 'get', '404'),
      contactError: answer('/contact/contacts', 'post', '400'),
      sessionError: answer('/session/login', 'post', '401'),
    }).toEqual({
      agent: 'Agent', agentSkill: 'AgentSkill', callCenter: 'CallCenter', client: 'Client', service: 'Service', user: 'User',
      contactGroup: 'ContactGroup', session: 'Session',
      configurationError: 'ErrorBody', contactError: 'ContactErrorBody', sessionError: 'SessionErrorBody',
    })
    const readContact = doc.paths['/contact/contacts/{account}'].get.responses['200'].content['application/json'].schema
    expect(refName(readContact.properties.readContactDetails)).toBe('Contact')
    // Request bodies are named too, so a client has a type for each.
    expect(refName(doc.paths['/configuration/agents'].post.requestBody.content['application/json'].schema)).toBe('CreateAgentRequest')
  })

  it('refuses two different schemas under one title rather than documenting one of them wrongly', () => {
    const schema = (type: string) => ({ title: 'Thing', type: 'object', properties: { a: { type } } })
    const answer = (type: string) => ({ responses: { 200: { content: { 'application/json': { schema: schema(type) } } } } })
    const request = (type: string) => ({ operationId: 'putThing', requestBody: { content: { 'application/json': { schema: schema(type) } } } })
    expect(() => finishDocument({ paths: { '/a': { get: answer('string') }, '/b': { get: answer('null') } } })).toThrow(/two different schemas are titled Thing/)
    const same = finishDocument({ paths: { '/a': { get: answer('string') }, '/b': { get: answer('string') } } })
    expect(Object.keys(same.components!.schemas!)).toEqual(['Thing'])
    // A request form differs from its answer once widened (README §4): it gets its own name.
    const sides = finishDocument({ paths: { '/a': { get: answer('integer'), put: request('integer') } } })
    expect(sides.components!.schemas).toEqual({
      Thing: { title: 'Thing', type: 'object', properties: { a: { type: 'integer' } } },
      ThingInput: { title: 'ThingInput', type: 'object', properties: { a: { type: ['integer', 'string'], pattern: '^-?[0-9]+$' } } },
    })
  })
})

describe('docs and document delivery', () => {
  it('serves /openapi.json gzip-compressed when accepted, cacheable, with an ETag that answers 304', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/openapi.json' })
    expect(plain.headers['content-encoding']).toBeUndefined()
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json', headers: { 'accept-encoding': 'gzip' } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.headers['cache-control']).toBe('public, max-age=3600')
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/)
    expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 5)
    expect(JSON.parse(gunzipSync(res.rawPayload).toString())).toEqual(plain.json())
    const again = await t.app.inject({ method: 'GET', url: '/openapi.json', headers: { 'accept-encoding': 'gzip', 'if-none-match': String(res.headers.etag) } })
    expect(again.statusCode).toBe(304)
    expect(again.rawPayload.length).toBe(0)
  })

  it('serves the Swagger UI assets compressed and cacheable, under an lvapi title; API answers stay no-store', async () => {
    const asset = await t.app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js', headers: { 'accept-encoding': 'gzip' } })
    expect(asset.statusCode).toBe(200)
    expect(asset.headers['content-encoding']).toBe('gzip')
    expect(asset.headers['cache-control']).toBe('public, max-age=3600')
    expect(asset.headers.etag).toBeDefined()
    const page = await t.app.inject({ method: 'GET', url: '/docs/' })
    expect(page.headers['cache-control']).toBe('public, max-age=3600')
    expect(page.body).toMatch(/<title>lvapi [^<]*<\/title>/)
    const health = await t.app.inject({ method: 'GET', url: '/health', headers: { 'accept-encoding': 'gzip' } })
    expect(health.headers['cache-control']).toBe('no-store')
    expect(health.headers['content-encoding']).toBeUndefined()
    expect(health.headers.etag).toBeUndefined()
  })
})
