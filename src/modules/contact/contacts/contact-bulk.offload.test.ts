import type { Worker } from 'node:worker_threads'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient, type TestClient } from '../../../../test/fixtures.ts'
import { call, updateCustomFields } from '../../../../test/support/contact.ts'
import { JOURNAL_BODY_LIMIT } from '../../../sandbox/journal/journal.ts'
import { bodyOfReading, readBulkBody } from './contact-bulk.body.ts'
import { BulkBodyWorker, WORKER_BODY_CHARS } from './contact-bulk.offload.ts'
import { bulkCreatePreparedContacts } from './contact.bulk.ts'
import { prepareContactBatch } from './contact.rows.ts'

/** Every worker thread started in this file, to stop one from outside. */
const started = vi.hoisted(() => [] as Worker[])
vi.mock('node:worker_threads', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:worker_threads')>()
  class RecordedWorker extends actual.Worker {
    constructor(...args: ConstructorParameters<typeof actual.Worker>) {
      super(...args)
      started.push(this)
    }
  }
  return { ...actual, Worker: RecordedWorker }
})

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })
afterEach(() => { vi.restoreAllMocks() })

/**
 * The same body twice, once as sent (parsed on the event loop) and once followed by enough
 * whitespace to be read by the worker: JSON ignores the whitespace, so the answers and what each
 * leaves in its own client must be the same.
 */
async function bothWays(text: string, setUp: (c: TestClient) => Promise<void> = async () => {}) {
  expect(text.length).toBeLessThanOrEqual(WORKER_BODY_CHARS)
  const read = vi.spyOn(BulkBodyWorker.prototype, 'read')
  const results = []
  for (const body of [text, text + ' '.repeat(WORKER_BODY_CHARS)]) {
    const c = await createTestClient(t)
    await setUp(c)
    const res = await t.app.inject({ method: 'POST', url: '/contact/contacts/bulk', headers: { ...c.admin, 'content-type': 'application/json' }, payload: body })
    const rows = await t.db.selectFrom('contacts').selectAll().where('client_id', '=', c.clientId).orderBy('account').execute()
    const answer = String(res.headers['content-type']).startsWith('application/json') ? res.json() : res.body
    results.push({ status: res.statusCode, body: answer, contacts: rows.map(({ id: _id, client_id: _client, ...row }) => row) })
  }
  expect(read).toHaveBeenCalledTimes(1)
  expect(await read.mock.results[0].value).not.toBeNull()
  read.mockRestore()
  expect(results[1]).toEqual(results[0])
  return results[0]
}

const bulk = (items: unknown): string => JSON.stringify({ createContactDetails: items })

describe('Bulk Create bodies read by the worker (contact-bulk.body.ts)', () => {
  it('create, skip and refuse exactly as the event loop does', async () => {
    const items: unknown[] = [
      { account: 'a1', active: 'TRUE', balance: '12.50', person: { firstName: 'Ann', lastName: null, dateOfBirth: '1980-02-29' }, city: null },
      { account: 'a2', phone: [{ phone: '6175550100', ordinal: 2, smsConsent: 'true' }, { phone: '5085550100' }], accountBlock: 'PERMANENT' },
      null,
      'not an object',
      { account: 'a1' },
      { account: 'old' },
      { account: 'a3', customFields: [{ field: 'COL2', value: 'x' }] },
      { account: 'a4', customFields: [{ field: 'COL2', value: '42' }], country: 'united states of america', dueDate: 1700000000000 },
      { account: 'a5', dueDate: 'soon' },
      { account: 'a6', __proto__: { polluted: true }, constructor: { prototype: 1 } },
      ...Array.from({ length: 150 }, (_, i) => ({ account: `n${i}`, person: { firstName: `F${i}`, email: `n${i}@example.com` }, phone: [{ phone: String(6170000000 + i), ordinal: 1 }] })),
    ]
    const result = await bothWays(bulk(items), async (c) => {
      await updateCustomFields(t, c.admin, [{ field: 'COL2', label: 'Score', dataType: 'NUMBER' }])
      expect((await call(t, c.admin, 'POST', '/contact/contacts', { createContactDetails: { account: 'old' } })).statusCode).toBe(201)
    })
    expect(result.status).toBe(200)
    expect(result.body).toEqual({ message: 'Successfully updated contacts 154' })
    expect(result.contacts).toHaveLength(155)
  })

  it('keeps trailing commas and null keys inside items as the route does', async () => {
    const text = `{"createContactDetails":[{"account":"t1","city":null,"person":{"firstName":"A",},},{"account":"t2",},],}`
    expect((await bothWays(text)).body).toEqual({ message: 'Successfully updated contacts 2' })
  })

  it('gives the same error for a body the route refuses, and writes nothing', async () => {
    const fine = Array.from({ length: 5 }, (_, i) => ({ account: `e${i}` }))
    const refused = [
      `{"createContactDetails":[{"account":"x"}]} trailing`,
      bulk([...fine, { account: 'nul', city: 'a\u0000b' }]),
      `{"createContactDetails":[${fine.map((f) => JSON.stringify(f)).join(',')},{"account":"big","balance":1e999}]}`,
      `{"createContactDetails":[{"account":"o","person":{"zipCode":1e999}},1e999,{"account":"p"}]}`,
      bulk(Array.from({ length: 1001 }, (_, i) => ({ account: `m${i}` }))),
      bulk([]),
      JSON.stringify({ createContactDetails: fine, exportableFields: ['account'] }),
      JSON.stringify({ createContactDetails: null }),
      JSON.stringify({ createContactDetails: { account: 'x' } }),
      JSON.stringify([{ account: 'x' }]),
    ]
    for (const text of refused) {
      const result = await bothWays(text)
      expect(result.status, text.slice(0, 80)).toBe(400)
      expect(result.contacts).toEqual([])
    }
  })

  it('downloads as before when the large body asks for a download', async () => {
    const result = await bothWays(JSON.stringify({ exportableFields: ['account', 'city'] }), async (c) => {
      await call(t, c.admin, 'POST', '/contact/contacts/bulk', { createContactDetails: [{ account: 'd1', city: 'Here' }] })
    })
    expect(result.status).toBe(200)
  })

  it('reads the body on the event loop when the worker cannot serve', async () => {
    vi.spyOn(BulkBodyWorker.prototype, 'read').mockResolvedValue(null)
    const c = await createTestClient(t)
    const body = bulk([{ account: 'w1' }, { account: 'w1' }, { account: 'w2' }]) + ' '.repeat(WORKER_BODY_CHARS)
    const res = await t.app.inject({ method: 'POST', url: '/contact/contacts/bulk', headers: { ...c.admin, 'content-type': 'application/json' }, payload: body })
    expect(res.json()).toEqual({ message: 'Successfully updated contacts 2' })
  })

  it('answers null once closed, so that the route parses the body itself', async () => {
    const worker = new BulkBodyWorker(t.app.log)
    await worker.close()
    expect(await worker.read({ text: '{}', defs: new Map(), clientId: 1, now: 0, user: 'u', maxItems: 1000 })).toBeNull()
  })

  it('starts a new worker at the next body when the one serving has died', async () => {
    const worker = new BulkBodyWorker(t.app.log)
    const task = { text: bulk([{ account: 'r1' }]), defs: new Map(), clientId: 1, now: 0, user: 'u', maxItems: 1000 }
    expect(await worker.read(task)).toMatchObject({ items: { length: 1 } })
    const first = started.at(-1)!
    await first.terminate()
    await new Promise((resolve) => setImmediate(resolve))
    expect(await worker.read(task)).toMatchObject({ items: { length: 1 } })
    expect(started.at(-1)).not.toBe(first)
    await worker.close()
  })

  it('prepares the items again when the custom fields changed after the worker checked them', async () => {
    const c = await createTestClient(t)
    await updateCustomFields(t, c.admin, [{ field: 'COL2', label: 'Score', dataType: 'NUMBER' }])
    const items = [{ account: 'c1', customFields: [{ field: 'COL2', value: 'not a number' }] }, { account: 'c2' }]
    const options = { now: t.clock.now(), user: 'admin' }
    // Checked while COL2 was still a STRING: c1 was fine then.
    const stale = new Map()
    const prepared = { batch: prepareContactBatch(items, stale, c.clientId, options), defs: stale, items: () => items }
    expect(prepared.batch.rows).toHaveLength(2)
    expect(await bulkCreatePreparedContacts(t.db, c.clientId, prepared, options))
      .toEqual({ created: 1, rejected: [{ index: 0, message: 'Invalid input [customFields: COL2]' }] })
  })

  it('keeps the placeholder body the shape the route validates', () => {
    const task = { defs: new Map(), clientId: 1, now: 0, user: 'u', maxItems: 3 }
    const reading = readBulkBody({ ...task, text: '{"startDate":"2020-01-01","createContactDetails":[{"a":1},7,{"b":{"c":1e999}},{"d":{"e":1e999}}]}' })
    expect(reading).toMatchObject({ items: { length: 4, kept: [[1, 7], [2, { b: { c: Infinity } }]], batch: null } })
    const body = bodyOfReading(reading, '', new Map()) as Record<string, unknown>
    expect(body).toEqual({ startDate: '2020-01-01', createContactDetails: [{}, 7, { b: { c: Infinity } }, {}] })
    expect(Object.keys(body)).toEqual(['startDate', 'createContactDetails'])
  })

  it('never reads a body the sandbox journal keeps', () => {
    // The journal copies the bodies it keeps as the route saw them, and a body read by the worker
    // reaches the route with placeholder items.
    expect(WORKER_BODY_CHARS).toBeGreaterThanOrEqual(JOURNAL_BODY_LIMIT)
  })
})
