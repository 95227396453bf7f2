import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient } from '../../../../test/fixtures.ts'
import { insertContactRows } from '../search/search.fixtures.ts'
import { MAX_EXPORT_COLUMNS, STANDARD_EXPORT_FIELDS } from './export-fields.ts'

// Issue 10 item 6: a 13 KB body of 1,000 × "allFields" made every row 117,000 cells.
let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const NOW = Date.UTC(2026, 0, 15, 15, 0, 0)

async function download(exportableFields: string[]) {
  const c = await createTestClient(t)
  await insertContactRows(t.db, c.clientId, NOW, [{ account: 'A-1', city: 'Boston' }])
  return t.app.inject({ method: 'POST', url: '/contact/contacts/bulk', headers: c.admin, payload: { exportableFields } })
}

describe('Bulk Contact Download column bounds', () => {
  it('writes a column named twice once, in its first place', async () => {
    const res = await download(['city', 'account', 'city', 'account'])
    expect(res.statusCode).toBe(200)
    expect(res.body).toBe('City,Account\nBoston,A-1\n')
  })

  it('writes allFields once, whatever else repeats it', async () => {
    const res = await download(['account', 'allFields', 'allFields', 'COL3', 'city', 'COL3'])
    expect(res.statusCode).toBe(200)
    const [header] = parse(res.body) as string[][]
    expect(header).toEqual([...STANDARD_EXPORT_FIELDS.map((f) => f.header), 'COL3'])
  })

  it('accepts every distinct column once', async () => {
    const all = [...STANDARD_EXPORT_FIELDS.map((f) => f.name), ...Array.from({ length: 100 }, (_, i) => `COL${i + 1}`)]
    expect(all).toHaveLength(MAX_EXPORT_COLUMNS)
    const res = await download(all)
    expect(res.statusCode).toBe(200)
    expect((parse(res.body) as string[][])[0]).toHaveLength(MAX_EXPORT_COLUMNS)
  })

  it('refuses more entries than there are distinct columns', async () => {
    const res = await download(Array.from({ length: 1000 }, () => 'allFields'))
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 202, message: `Invalid input [exportableFields: more than ${MAX_EXPORT_COLUMNS} entries]` })
    const justOver = await download(Array.from({ length: MAX_EXPORT_COLUMNS + 1 }, () => 'account'))
    expect(justOver.statusCode).toBe(400)
  })
})
