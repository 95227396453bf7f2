import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Type, type TSchema } from '@sinclair/typebox'
import { loadConfig } from '../../src/config.ts'
import { parseJsonBody, scanJson, withoutTrailingCommas } from '../../src/http/json-body.ts'
import { contactDetailsProperties } from '../../src/modules/contact/contacts/contact.schemas.ts'
import { DndPhoneItem } from '../../src/modules/contact/dnd/dnd.schemas.ts'
import { buildTestApp, type TestApp } from '../app.ts'
import { createTestClient, type TestClient } from '../fixtures.ts'

/** Issue 10 item 1: body limits by route, and a trailing-comma pass that is linear. */

/** The largest value a schema accepts: every string at maxLength, every array at maxItems. */
function largest(schema: TSchema): unknown {
  const s = schema as Record<string, any>
  if (s.anyOf) return largest(s.anyOf[0])
  if (s.enum) return (s.enum as Array<string | null>).filter((v) => v !== null).reduce((a, b) => (b.length > a.length ? b : a))
  // Nullable() writes a type list (['string', 'null']): the largest value is of the other type.
  switch (Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : s.type) {
    case 'string': return 'x'.repeat(s.maxLength)
    case 'integer': return s.minimum < 0 ? s.minimum : s.maximum
    case 'number': return -1.2345678901234567e-300
    case 'boolean': return false
    case 'array': return Array.from({ length: s.maxItems }, () => largest(s.items))
    case 'object': return Object.fromEntries(Object.entries(s.properties as Record<string, TSchema>).map(([k, v]) => [k, largest(v)]))
  }
  throw new Error(`no largest value for ${JSON.stringify(s)}`)
}

const largestContact = largest(Type.Object(contactDetailsProperties)) as Record<string, unknown>
const largestBodies = {
  bulkCreate: { createContactDetails: Array.from({ length: 1000 }, () => largestContact) },
  bulkUpdate: { updateContactDetails: Array.from({ length: 1000 }, () => ({ id: Number.MAX_SAFE_INTEGER, ...largestContact })) },
  dnd: { contactDnd: Array.from({ length: 1000 }, () => ({ account: 'x'.repeat(255), accountBlock: 'DAILY_OFF', updateContactDND: largest(Type.Array(DndPhoneItem, { maxItems: 10 })) })) },
}

describe('default limits', () => {
  it('take the largest valid 1,000-item bulk body, compact or indented, and keep ordinary bodies to 1 MiB', () => {
    const defaults = loadConfig({})
    expect(defaults.LV_BODY_LIMIT).toBe(1024 * 1024)
    for (const [name, body] of Object.entries(largestBodies)) {
      const compact = Buffer.byteLength(JSON.stringify(body))
      const indented = Buffer.byteLength(JSON.stringify(body, null, 2))
      expect(indented, name).toBeLessThanOrEqual(defaults.LV_BULK_BODY_LIMIT)
      if (name !== 'dnd') expect(compact, name).toBeGreaterThan(defaults.LV_BODY_LIMIT)
    }
  })

  it('are configurable from the environment', () => {
    const config = loadConfig({ LV_BODY_LIMIT: '4096', LV_BULK_BODY_LIMIT: '65536' })
    expect([config.LV_BODY_LIMIT, config.LV_BULK_BODY_LIMIT]).toEqual([4096, 65536])
  })
})

describe('limits by route', () => {
  let t: TestApp
  let c: TestClient
  beforeAll(async () => {
    t = await buildTestApp({ config: { LV_BODY_LIMIT: 4096, LV_BULK_BODY_LIMIT: 65536 } })
    c = await createTestClient(t)
  })
  afterAll(async () => { await t.close() })

  /** A body of exactly `size` bytes that is malformed JSON (it never parses, so nothing is written). */
  const malformed = (size: number) => `{"a":[${'1,'.repeat(Math.floor((size - 11) / 2))}1] x}`.padEnd(size, ' ')
  const send = (method: 'POST' | 'PUT', url: string, payload: string) =>
    t.app.inject({ method, url, headers: { ...c.admin, 'content-type': 'application/json' }, payload })

  it('answers 413 in the API\'s shape over the ordinary limit', async () => {
    const contact = await send('PUT', '/contact/contacts/ANY', malformed(4098))
    expect({ status: contact.statusCode, body: contact.body }).toEqual({ status: 413, body: '{"code":202,"message":"Invalid input [request body too large]"}' })
    const user = await send('PUT', `/configuration/users/${c.adminUserId}`, malformed(4098))
    expect({ status: user.statusCode, body: user.json() }).toEqual({
      status: 413, body: { code: 202, message: 'Invalid input [request body too large]', errorCode: 202, errorMessage: 'Invalid input [request body too large]' },
    })
  })

  it('lets the three bulk methods take bodies up to the bulk limit, and no further', async () => {
    for (const [method, url] of [['POST', '/contact/contacts/bulk'], ['PUT', '/contact/contacts/bulk'], ['POST', '/contact/contacts/dnd']] as const) {
      const within = await send(method, url, malformed(60000))
      expect({ status: within.statusCode, body: within.body }, `${method} ${url}`).toEqual({ status: 400, body: '{"code":202,"message":"Invalid input [malformed JSON]"}' })
      const over = await send(method, url, malformed(65538))
      expect({ status: over.statusCode, body: over.body }, `${method} ${url}`).toEqual({ status: 413, body: '{"code":202,"message":"Invalid input [request body too large]"}' })
    }
    const ordinary = await send('POST', '/contact/contacts', malformed(60000))
    expect(ordinary.statusCode).toBe(413)
  })
})

describe('trailing commas', () => {
  it('are dropped before } or ], outside strings only', () => {
    const cases: [string, string][] = [
      ['{"a":1,}', '{"a":1}'],
      ['[1, 2 ,\n\t ]', '[1, 2 \n\t ]'],
      ['{"a":[1,],"b":{"c":2,},}', '{"a":[1],"b":{"c":2}}'],
      ['{"s":"a,}","t":"b\\",]",}', '{"s":"a,}","t":"b\\",]"}'],
      ['{"a":1,"b":2}', '{"a":1,"b":2}'],
      // Not JSON either way: left as it is, and refused.
      ['{"a":1,,}', '{"a":1,,}'],
      ['[,]', '[,]'],
    ]
    for (const [text, expected] of cases) expect(withoutTrailingCommas(text), text).toBe(expected)
  })

  it('are found by a syntax check that refuses malformed JSON before anything is built', () => {
    const valid = ['{}', '[]', '""', '0', '-0.5e+10', 'true', 'null', ' {"a" : [1, -2.5E3, "x\\u00e9\\n", false, null, {}],} ', '[[[[1,],],],]', '"\\ud83d\\ude00"']
    for (const text of valid) {
      expect(scanJson(text), text).not.toBeNull()
      expect(parseJsonBody(text), text).toEqual(JSON.parse(withoutTrailingCommas(text)))
    }
    const invalid = ['{', '}', '[1 2]', '{"a"}', '{"a":}', '{a:1}', "{'a':1}", '01', '1.', '.5', '-', '1e', '+1', 'tru', 'nul', '"\\x"', '"\\u12G4"', '"a\nb"', '{} {}', '[1]]', '{"a":1 x}', '[,1]', '{,}', 'NaN', 'Infinity']
    for (const text of invalid) {
      expect(scanJson(text), text).toBeNull()
      expect(() => JSON.parse(withoutTrailingCommas(text)), text).toThrow()
    }
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    expect(scanJson(deep)).not.toBeNull()
  })

  it('handle a large body with many of them', () => {
    const text = `[${'[1,],'.repeat(500_000)}]`
    const relaxed = withoutTrailingCommas(text)
    expect(relaxed.length).toBe(text.length - 500_001)
    expect((JSON.parse(relaxed) as unknown[]).length).toBe(500_000)
  })
})
