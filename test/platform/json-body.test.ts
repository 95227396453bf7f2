import { describe, expect, it } from 'vitest'
import { parseJsonBody } from '../../src/http/json-body.ts'
describe('parseJsonBody', () => {
  it('refuses NUL raw or escaped, accepts an escaped backslash before u0000', () => {
    expect(() => parseJsonBody('{"a":"x\\u0000"}')).toThrow('NUL')
    expect(() => parseJsonBody('{"a":"x\u0000"}')).toThrow('NUL')
    expect(parseJsonBody('{"a":"x\\\\u0000"}')).toEqual({ a: 'x\\u0000' })
    expect(parseJsonBody('{"a":[1,2,],}')).toEqual({ a: [1, 2] })
  })
})

describe('lowerCaseBooleans', async () => {
  const { lowerCaseBooleans } = await import('../../src/http/json-body.ts')
  it('lower-cases TRUE/False where the schema expects a Boolean, nested too, and nothing else', () => {
    const schema = {
      type: 'object',
      properties: {
        active: { type: 'boolean' },
        name: { type: 'string' },
        phones: { type: 'array', items: { type: 'object', properties: { dnd: { anyOf: [{ type: 'boolean' }, { type: 'null' }] } } } },
      },
    }
    const body = { active: 'TRUE', name: 'FALSE', phones: [{ dnd: 'False' }] }
    lowerCaseBooleans(schema, body)
    expect(body).toEqual({ active: 'true', name: 'FALSE', phones: [{ dnd: 'false' }] })
  })
})

describe('dropNullFields', async () => {
  const { dropNullFields } = await import('../../src/http/json-body.ts')
  it('drops nulls where the schema does not allow them, at every depth, and keeps those it allows', () => {
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        clear: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        person: { type: 'object', properties: { email: { type: 'string' } } },
        items: { type: 'array', items: {} },
      },
    }
    const body = {
      name: null, clear: null, person: { email: null, other: null },
      // Items of an open schema (Bulk Create's): their own nulls go, what is inside them stays.
      items: [{ account: 'a', city: null, person: { email: null } }, null, { phone: [null] }],
    }
    dropNullFields(schema, body)
    expect(body).toEqual({
      clear: null, person: {},
      items: [{ account: 'a', person: { email: null } }, null, { phone: [null] }],
    })
  })
})

describe('Boolean strings over HTTP (README §4)', async () => {
  const { buildTestApp } = await import('../app.ts')
  const { createTestClient, userSession } = await import('../fixtures.ts')
  it('accepts "FALSE" for a Boolean and reads it back as false', async () => {
    const t = await buildTestApp()
    try {
      const c = await createTestClient(t)
      const { userId } = await userSession(t, c, 'IT_USER')
      const res = await t.app.inject({ method: 'PUT', url: `/configuration/users/${userId}`, headers: c.admin, payload: { active: 'FALSE' } })
      expect(res.statusCode).toBe(204)
      const read = await t.app.inject({ method: 'GET', url: `/configuration/users/${userId}`, headers: c.admin })
      expect(read.json().active).toBe(false)
    } finally {
      await t.close()
    }
  })
})
