import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../app.ts'
import { createTestClient, userSession, type TestClient } from '../fixtures.ts'
import { apiOfPath, errorBody } from '../../src/http/errors.ts'

/** Cross-cutting error classes and routing rules (README §1.3, §1.4, §3). */
let t: TestApp
let c: TestClient
beforeAll(async () => {
  t = await buildTestApp({ bodyLimit: 2048 })
  c = await createTestClient(t)
})
afterAll(async () => { await t.close() })

const err = (code: number, message: string) => ({ code, message, errorCode: code, errorMessage: message })
/** README §3.1: the error shape of the API the path belongs to. */
const errorFor = (url: string, code: number, message: string) => errorBody(code, message, apiOfPath(url))
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'

async function raw(method: Method, url: string, options: { headers?: Record<string, string>; body?: string } = {}) {
  const res = await t.app.inject({ method, url, headers: { ...c.admin, ...options.headers }, ...(options.body !== undefined ? { payload: options.body } : {}) })
  return { status: res.statusCode, body: res.body === '' ? undefined : res.json(), headers: res.headers }
}
const json = { 'content-type': 'application/json' }

describe('error body', () => {
  it('carries both key pairs and the JSON content type on every Configuration API error status', async () => {
    const cases: [Method, string, Record<string, string>, number][] = [
      ['GET', '/configuration/users?count=0&offset=0', {}, 400],
      ['GET', '/configuration/users/info', { 'lv-session': 'nope' }, 401],
      ['GET', '/configuration/users/99999999', {}, 404],
      ['PATCH', '/configuration/users', {}, 405],
    ]
    for (const [method, url, headers, status] of cases) {
      const res = await raw(method, url, { headers })
      expect(res.status, url).toBe(status)
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
      expect(Object.keys(res.body)).toEqual(['code', 'message', 'errorCode', 'errorMessage'])
      expect(res.body.errorCode).toBe(res.body.code)
      expect(res.body.errorMessage).toBe(res.body.message)
    }
  })

  // Issue 11 item 2: a public script compares a duplicate create's answer byte for byte.
  it('is exactly {"code","message"} on the Contact and Session APIs, on every error path', async () => {
    const itUser = await userSession(t, c, 'IT_USER')
    const contact = { createContactDetails: { account: 'SHAPE-1' } }
    expect((await raw('POST', '/contact/contacts', { headers: json, body: JSON.stringify(contact) })).status).toBe(201)
    const cases: [Method, string, Record<string, string>, string | undefined, number, string][] = [
      ['POST', '/contact/contacts', json, JSON.stringify(contact), 400, '{"code":202,"message":"Contact already exists!"}'],
      ['POST', '/contact/contacts', json, '{}', 400, '{"code":202,"message":"Missing required field [createContactDetails]"}'],
      ['POST', '/contact/contacts', json, '{"a":', 400, '{"code":202,"message":"Invalid input [malformed JSON]"}'],
      ['GET', '/contact/contacts?count=1&offset=0', { 'lv-session': 'nope' }, undefined, 401, '{"code":201,"message":"Unauthorized [invalid or expired session]"}'],
      ['GET', '/contact/contacts?count=1&offset=0', itUser.headers, undefined, 403, '{"code":201,"message":"Forbidden [role]"}'],
      ['GET', '/contact/contactGroups/99999999', {}, undefined, 404, '{"code":203,"message":"Contact group with 99999999 not found"}'],
      ['PATCH', '/contact/contacts', {}, undefined, 405, '{"code":204,"message":"Method not allowed [allowed: GET, POST]"}'],
      ['PUT', '/contact/contacts/SHAPE-1', json, JSON.stringify({ updateContactDetails: { comments: 'x'.repeat(4096) } }), 413, '{"code":202,"message":"Invalid input [request body too large]"}'],
      ['POST', '/session/login', json, '{}', 400, '{"code":202,"message":"Missing required field [clientName]"}'],
      ['GET', '/session/sessions?count=1&offset=0', { 'lv-session': 'nope' }, undefined, 401, '{"code":201,"message":"Unauthorized [invalid or expired session]"}'],
      ['GET', '/session/validate/nope', {}, undefined, 404, '{"code":203,"message":"Session not found [ID:nope]"}'],
      ['GET', '/session/login', {}, undefined, 405, '{"code":204,"message":"Method not allowed [allowed: POST]"}'],
      ['POST', '/session/login', json, JSON.stringify({ clientName: 'x'.repeat(4096) }), 413, '{"code":202,"message":"Invalid input [request body too large]"}'],
    ]
    for (const [method, url, headers, body, status, expected] of cases) {
      const res = await t.app.inject({ method, url, headers: { ...c.admin, ...headers }, ...(body === undefined ? {} : { payload: body }) })
      expect({ status: res.statusCode, body: res.body }, `${method} ${url}`).toEqual({ status, body: expected })
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    }
  })

  it('keeps the Configuration shape for a request that matches no route, whatever its path', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/contact/nothing' })
    expect(res.body).toBe('{"code":203,"message":"Not found [GET /contact/nothing]","errorCode":203,"errorMessage":"Not found [GET /contact/nothing]"}')
  })

  it('answers an unexpected failure with 500/100 in the API\'s shape', async () => {
    const broken = await buildTestApp()
    try {
      const session = (await createTestClient(broken)).admin
      await broken.db.destroy()
      const contactRes = await broken.app.inject({ method: 'GET', url: '/contact/contacts?count=1&offset=0', headers: session })
      expect({ status: contactRes.statusCode, body: contactRes.body }).toEqual({ status: 500, body: '{"code":100,"message":"Internal server error"}' })
      const configRes = await broken.app.inject({ method: 'GET', url: '/configuration/users/info', headers: session })
      expect({ status: configRes.statusCode, body: configRes.json() }).toEqual({ status: 500, body: err(100, 'Internal server error') })
    } finally {
      await broken.app.close().catch(() => undefined)
    }
  })

  it('documents each API\'s error shape in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json()
    // Each API's error body is a named component (http/openapi.ts): follow the $ref.
    const errorOf = (path: string, method: string, status: string) => {
      const media = doc.paths[path][method].responses[status].content['application/json']
      const name = /^#\/components\/schemas\/(\w+)$/.exec(media.schema.$ref)![1]
      return { ...media, name, schema: doc.components.schemas[name] }
    }
    const contactError = errorOf('/contact/contacts', 'post', '400')
    expect(contactError.name).toBe('ContactErrorBody')
    expect(Object.keys(contactError.schema.properties)).toEqual(['code', 'message'])
    expect(contactError.schema.additionalProperties).toBe(false)
    for (const example of Object.values(contactError.examples ?? {}).map((e: any) => e.value).concat(contactError.schema.examples ?? [])) {
      expect(Object.keys(example)).toEqual(['code', 'message'])
    }
    expect(Object.keys(errorOf('/session/login', 'post', '401').schema.properties)).toEqual(['code', 'message'])
    expect(errorOf('/session/login', 'post', '401').name).toBe('SessionErrorBody')
    expect(Object.keys(errorOf('/configuration/users', 'post', '400').schema.properties)).toEqual(['code', 'message', 'errorCode', 'errorMessage'])
    expect(errorOf('/configuration/users', 'post', '400').name).toBe('ErrorBody')
  })
})

describe('validation', () => {
  it('names the failing field, nested ones with their path', async () => {
    const base = { loginId: 'v1', firstName: 'A', lastName: 'B', password: 'Secret123', role: 'MANAGER' }
    const cases: [unknown, string][] = [
      [{ ...base, role: 'BOSS' }, 'Invalid input [role must be one of SYSADMIN, SUPERUSER, IT_USER, MANAGER]'],
      [{ ...base, assignedService: [{ id: 1 }, { id: 'x' }] }, 'Invalid input [assignedService[1].id must be integer]'],
      [{ ...base, assignedService: [{}] }, 'Missing required field [assignedService[0].id]'],
      [{ ...base, lastName: undefined }, 'Missing required field [lastName]'],
      [{ ...base, firstName: 'x'.repeat(65) }, 'Invalid input [firstName must NOT have more than 64 characters]'],
    ]
    for (const [body, message] of cases) {
      const res = await raw('POST', '/configuration/users', { headers: json, body: JSON.stringify(body) })
      expect(res.status).toBe(400)
      expect(res.body).toEqual(err(202, message))
    }
  })

  it('coerces digit strings and "true"/"false" as the seeds send them, and ignores unknown keys', async () => {
    const res = await raw('POST', `/configuration/users?client=${String(c.clientId)}`, {
      headers: json,
      body: JSON.stringify({ loginId: 'coerced', firstName: 'A', lastName: 'B', password: 'Secret123', role: 'MANAGER', active: 'false', clientId: String(c.clientId), colour: 'blue' }),
    })
    expect(res.status).toBe(201)
    expect((await raw('GET', `/configuration/users/${res.body.id}`)).body).toMatchObject({ active: false, clientId: c.clientId })
  })
})

describe('JSON bodies', () => {
  it('refuses malformed JSON', async () => {
    for (const body of ['{"lastName": "X"', '{lastName: "X"}', '{"lastName": "X"}}', 'not json', '{"a":1,,}']) {
      const res = await raw('PUT', `/configuration/users/${c.adminUserId}`, { headers: json, body })
      expect(res.status, body).toBe(400)
      expect(res.body).toEqual(err(202, 'Invalid input [malformed JSON]'))
    }
  })

  it('tolerates a trailing comma before } or ], as in the seed\'s Update Agent example', async () => {
    const res = await raw('PUT', `/configuration/users/${c.adminUserId}`, {
      headers: json, body: '{"lastName": "Comma", "optionalExcludedPowers": ["acd",], "active": true,}',
    })
    expect(res.status).toBe(204)
    expect((await raw('GET', `/configuration/users/${c.adminUserId}`)).body).toMatchObject({ lastName: 'Comma', optionalExcludedPowers: ['acd'] })
    const inString = await raw('PUT', `/configuration/users/${c.adminUserId}`, { headers: json, body: '{"lastName": "a,}",}' })
    expect(inString.status).toBe(204)
    expect((await raw('GET', `/configuration/users/${c.adminUserId}`)).body.lastName).toBe('a,}')
  })

  it('parses the body as JSON whatever the Content-Type says', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/vnd.lv+json']) {
      const res = await raw('PUT', `/configuration/users/${c.adminUserId}`, { headers: { 'content-type': type }, body: '{"firstName":"Typed"}' })
      expect(res.status, type).toBe(204)
    }
  })

  it('accepts a bodiless request with Content-Type json and validates it as {}', async () => {
    const search = await raw('POST', '/configuration/users/search?count=1&offset=0', { headers: json })
    expect(search.status).toBe(400)
    expect(search.body).toEqual(err(202, 'Invalid input [exactly one of phone, loginId or lastName is required]'))
    const update = await raw('PUT', `/configuration/users/${c.adminUserId}`, { headers: json, body: '' })
    expect(update.body).toEqual(err(202, 'Invalid input [at least one field is required]'))
    const logout = await t.app.inject({ method: 'POST', url: '/session/logout', headers: json })
    expect(logout.json()).toEqual(errorFor('/session/logout', 202, 'Missing required field [sessionId]'))
  })

  it('refuses a body that is valid JSON but not an object', async () => {
    const targets: [Method, string][] = [
      ['POST', '/configuration/users'],
      ['PUT', `/configuration/users/${c.adminUserId}`],
      ['POST', '/configuration/users/search?count=1&offset=0'],
      ['POST', '/session/login'],
      ['PUT', '/session/password'],
    ]
    for (const [method, url] of targets) {
      for (const body of ['[]', '[{"lastName":"X"}]', 'null', '"text"', '42', 'true']) {
        const res = await raw(method, url, { headers: { ...json, 'lv-access': c.token }, body })
        expect(res.status, `${method} ${url} ${body}`).toBe(400)
        expect(res.body).toEqual(errorFor(url, 202, 'Invalid input [body must be a JSON object]'))
      }
    }
  })

  it('refuses a body over the limit with 413 JSON', async () => {
    const res = await raw('PUT', `/configuration/users/${c.adminUserId}`, { headers: json, body: JSON.stringify({ lastName: 'x'.repeat(4096) }) })
    expect(res.status).toBe(413)
    expect(res.body).toEqual(err(202, 'Invalid input [request body too large]'))
  })

  it('drops __proto__ keys instead of polluting objects', async () => {
    const res = await raw('PUT', `/configuration/users/${c.adminUserId}`, { headers: json, body: '{"__proto__":{"role":"SUPERUSER"},"lastName":"Proto"}' })
    expect(res.status).toBe(204)
    expect((await raw('GET', `/configuration/users/${c.adminUserId}`)).body).toMatchObject({ lastName: 'Proto', role: 'SYSADMIN' })
  })
})

describe('routing', () => {
  it('answers an unknown route with 404/203 JSON, before authentication', async () => {
    for (const url of ['/nope', '/configuration/nothing', '/configuration/users/1/nothing', '/contact/v17.0/nothing']) {
      const res = await t.app.inject({ method: 'GET', url })
      expect(res.statusCode, url).toBe(404)
      expect(res.json()).toEqual(err(203, `Not found [GET ${url.replace('/v17.0', '')}]`))
    }
  })

  it('answers a known path with another method 405/204 and Allow, before authentication', async () => {
    const cases: [Method, string, string][] = [
      ['PATCH', '/configuration/users', 'GET, POST'],
      ['DELETE', '/configuration/users/info', 'GET'],
      ['GET', '/configuration/users/search', 'POST'],
      ['POST', `/configuration/users/${c.adminUserId}`, 'DELETE, GET, PUT'],
      ['GET', '/session/login', 'POST'],
      ['PATCH', '/configuration/v6.0/users/', 'GET, POST'],
    ]
    for (const [method, url, allow] of cases) {
      const res = await t.app.inject({ method, url })
      expect(res.statusCode, `${method} ${url}`).toBe(405)
      expect(res.headers.allow).toBe(allow)
      expect(res.json()).toEqual(errorFor(url, 204, `Method not allowed [allowed: ${allow}]`))
    }
  })

  it('ignores a trailing slash, collapses slashes, matches literals case-insensitively and accepts version aliases', async () => {
    const id = c.adminUserId
    for (const url of [
      `/configuration/users/${id}/`, `//configuration//users//${id}`, `/Configuration/USERS/${id}`,
      `/configuration/v6.0/users/${id}`, `/configuration/v3/users/${id}/`, `/CONFIGURATION/V5.0/users/${id}`,
    ]) {
      const res = await raw('GET', url)
      expect(res.status, url).toBe(200)
      expect(res.body.id).toBe(id)
    }
    const login = await t.app.inject({
      method: 'POST', url: '/session/v5.0/login/', headers: { 'lv-access': c.token },
      payload: { clientName: c.code, userName: 'admin', password: 'Secret123' },
    })
    expect(login.statusCode).toBe(200)
    // Not a version segment: the path is unknown.
    expect((await raw('GET', `/configuration/v6x/users/${id}`)).status).toBe(404)
    expect((await raw('GET', `/configuration/users/v6.0/${id}`)).status).toBe(404)
  })

  it('keeps the case of path parameter values', async () => {
    const id = c.admin['lv-session']!
    expect((await t.app.inject({ method: 'GET', url: `/SESSION/Validate/${id}` })).statusCode).toBe(204)
    expect((await t.app.inject({ method: 'GET', url: `/session/validate/${id.toUpperCase()}` })).statusCode).toBe(404)
  })
})

describe('order of checks (README §3.3)', () => {
  it('authenticates (401) before authorizing (403) before validating (400) before looking up (404)', async () => {
    const m = await userSession(t, c, 'MANAGER')
    const bad = JSON.stringify({ role: 'BOSS' })
    expect((await t.app.inject({ method: 'PUT', url: '/configuration/users/99999999', headers: json, payload: bad })).json())
      .toEqual(err(201, 'Unauthorized [missing LV-Session header]'))
    expect((await raw('PUT', '/configuration/users/99999999', { headers: { ...json, 'lv-session': 'expired' }, body: bad })).body)
      .toEqual(err(201, 'Unauthorized [invalid or expired session]'))
    expect((await raw('PUT', '/configuration/users/99999999', { headers: { ...json, ...m.headers }, body: bad })).status).toBe(403)
    expect((await raw('PUT', '/configuration/users/99999999', { headers: json, body: bad })).status).toBe(400)
    expect((await raw('PUT', '/configuration/users/99999999', { headers: json, body: '{"lastName":"X"}' })).body)
      .toEqual(err(203, 'User not found [ID:99999999]'))
  })
})

describe('responses', () => {
  it('sends 204 without a body, ignores Accept, and echoes a request id', async () => {
    const res = await t.app.inject({
      method: 'PUT', url: `/configuration/users/${c.adminUserId}`, headers: { ...c.admin, accept: 'application/xml', 'x-request-id': 'trace-42' },
      payload: { firstName: 'Ada' },
    })
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    expect(res.headers['x-request-id']).toBe('trace-42')
    const read = await t.app.inject({ method: 'GET', url: `/configuration/users/${c.adminUserId}`, headers: { ...c.admin, accept: 'application/xml' } })
    expect(read.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(read.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })
})
