import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient } from '../../../../test/fixtures.ts'
import { importContacts } from './contact-import.ts'

/**
 * importContacts itself, in small transactions so that records span several of them (on
 * PostgreSQL the next transaction's records are read while the previous one is written).
 */
describe('importContacts across transactions', () => {
  let t: TestApp
  beforeAll(async () => { t = await buildTestApp() })
  afterAll(async () => { await t.close() })

  const csv = (lines: string[]) => Readable.from([`${lines.join('\n')}\n`])

  it('creates the first of two records with the same account, counts and numbers the rest', async () => {
    const c = await createTestClient(t)
    const lines = ['Account,First Name']
    for (let i = 1; i <= 12; i++) lines.push(`ACC-${i},first-${i}`)
    lines.push('ACC-3,again', ',no account', 'ACC-13,last')
    let commits = 0
    const summary = await importContacts(t.db, c.clientId, csv(lines), {
      now: Date.UTC(2026, 0, 15), user: 'lvapi-import', transactionSize: 4, batchSize: 2, onCommit: () => { commits++ },
    })
    expect(summary).toMatchObject({ records: 15, created: 13, rejected: 2, ignoredColumns: [], unknownColumns: [] })
    expect(summary.rejections.map((r) => r.record)).toEqual([13, 14])
    expect(summary.rejections[0].message).toBe('Contact already exists!')
    expect(commits).toBe(4)
    const rows = await t.db.selectFrom('contacts').select(['account', 'first_name']).where('client_id', '=', c.clientId).orderBy('account').execute()
    expect(rows).toHaveLength(13)
    expect(rows.find((r) => r.account === 'ACC-3')!.first_name).toBe('first-3')
    expect(rows.find((r) => r.account === 'ACC-13')!.first_name).toBe('last')
  })

  it('refuses rows of the wrong width where they are, numbers every rejection by record and line, in file order', async () => {
    const c = await createTestClient(t)
    const lines = ['Account,First Name', 'W-1,a', 'W-2', 'W-3,"two', 'lines"', '', 'W-1,again', 'W-4,b,extra', 'W-5,c', 'W-6,d', ',none', 'W-7,e,,']
    const summary = await importContacts(t.db, c.clientId, csv(lines), { now: Date.UTC(2026, 0, 15), user: 'lvapi-import', transactionSize: 2, batchSize: 1 })
    expect(summary).toEqual({
      records: 9, created: 4, rejected: 5, duplicates: 1,
      rejections: [
        { record: 2, line: 3, message: 'Invalid input [1 column, the header has 2]' },
        { record: 4, line: 7, message: 'Contact already exists!' },
        { record: 5, line: 8, message: 'Invalid input [3 columns, the header has 2]' },
        { record: 8, line: 11, message: 'Missing required field [account]' },
        { record: 9, line: 12, message: 'Invalid input [4 columns, the header has 2]' },
      ],
      ignoredColumns: [], unknownColumns: [],
    })
    const rows = await t.db.selectFrom('contacts').select(['account', 'first_name']).where('client_id', '=', c.clientId).orderBy('account').execute()
    expect(rows).toEqual([
      { account: 'W-1', first_name: 'a' }, { account: 'W-3', first_name: 'two\nlines' }, { account: 'W-5', first_name: 'c' }, { account: 'W-6', first_name: 'd' },
    ])
  })
})
