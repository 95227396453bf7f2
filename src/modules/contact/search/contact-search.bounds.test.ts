import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient, type TestClient } from '../../../../test/fixtures.ts'
import { insertContactRows } from './search.fixtures.ts'
import { MAX_CONDITIONS, MAX_DEPTH } from './search-tree.ts'

// Issue 10 items 7 and 9: the work one Find Matching Contact request may ask for is bounded, and
// an oversized tree is refused up front with 400/202, never a RangeError or a 500.
let t: TestApp
let c: TestClient
beforeAll(async () => {
  // 20,000 levels below is ~1.8 MB, over the default 1 MiB body limit, which would answer 413 first.
  t = await buildTestApp({ config: { LV_BODY_LIMIT: 4 * 1024 * 1024 } })
  c = await createTestClient(t)
  await insertContactRows(t.db, c.clientId, Date.UTC(2026, 0, 15), [{ account: 'A1' }, { account: 'B2' }])
})
afterAll(async () => { await t.close() })

const condition = (criteria: string) => ({ field: 'account', criteria, condition: 'CONTAINS' })

/** n conditions OR'ed as a left-deep chain: n levels deep. */
function chain(n: number): object {
  let node: object = condition('A')
  for (let i = 1; i < n; i++) node = { rule: 'OR', left: node, right: condition(`x${i}`) }
  return node
}

/** A rule nested `levels` deep by its left side only, written as text (JSON.stringify would recurse too). */
function nestedText(levels: number): string {
  const leaf = JSON.stringify(condition('A'))
  return `{"search":${'{"rule":"AND","left":'.repeat(levels)}${leaf}${`,"right":${leaf}}`.repeat(levels)}}`
}

async function search(payload: object | string) {
  const res = await t.app.inject({
    method: 'POST', url: '/contact/contacts/search?count=10&offset=0', headers: { ...c.admin, 'content-type': 'application/json' },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  })
  return { status: res.statusCode, body: res.json() }
}

describe('Find Matching Contact: bounds of the search tree', () => {
  it(`runs ${MAX_CONDITIONS} OR'ed conditions, the largest tree admitted`, async () => {
    const res = await search({ search: chain(MAX_CONDITIONS) })
    expect(res.status).toBe(200)
    expect(res.body.findMatchingContactsDetails.map((x: { account: string }) => x.account)).toEqual(['A1'])
  })

  it('refuses one condition more up front', async () => {
    expect(await search({ search: chain(MAX_CONDITIONS + 1) })).toEqual({
      status: 400, body: expect.objectContaining({ code: 202, message: `Invalid input [search: nested more than ${MAX_DEPTH} levels]` }),
    })
  })

  it('refuses a balanced tree of more conditions than the limit', async () => {
    const balanced = (n: number): object => (n === 1 ? condition('A') : { rule: 'AND', left: balanced(Math.floor(n / 2)), right: balanced(n - Math.floor(n / 2)) })
    expect(await search({ search: balanced(128) })).toEqual({
      status: 400, body: expect.objectContaining({ code: 202, message: `Invalid input [search: more than ${MAX_CONDITIONS} conditions]` }),
    })
  })

  it('refuses a tree nested 20,000 levels with 400, not a stack overflow', async () => {
    expect(await search(nestedText(20_000))).toEqual({
      status: 400, body: expect.objectContaining({ code: 202, message: `Invalid input [search: nested more than ${MAX_DEPTH} levels]` }),
    })
  })
})
