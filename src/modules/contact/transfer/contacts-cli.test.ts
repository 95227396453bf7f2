import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../../app.ts'
import { loadConfig } from '../../../config.ts'
import { createDb } from '../../../db/database.ts'
import { ManualClock } from '../../../lib/clock.ts'
import { lvapi as runCli } from '../../../../test/cli.ts'
import { csvRecord } from './csv-writer.ts'

/**
 * `lvapi contacts import|export` as an operator runs them (test/cli.ts), on a temporary SQLite file; results
 * are checked through the API of an app opened on the same file.
 */
let dir: string
let databaseUrl: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lvapi-contacts-cli-'))
  databaseUrl = `sqlite:${join(dir, 'lvapi.db')}`
})
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

const lvapi = (args: string[]) => runCli(args, { DATABASE_URL: databaseUrl, LV_DEMO_DATA: '0' })

async function ok(args: string[]): Promise<string> {
  const res = await lvapi(args)
  expect(res, args.join(' ')).toMatchObject({ code: 0, stderr: '' })
  return res.stdout
}

async function fails(args: string[], message: RegExp): Promise<void> {
  const res = await lvapi(args)
  expect(res.code, args.join(' ')).not.toBe(0)
  expect(res.stdout).toBe('')
  expect(res.stderr.trimEnd().split('\n')).toHaveLength(1)
  expect(res.stderr).toMatch(message)
}

const file = (name: string, text: string): string => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

/** Logs in as the client's Sysadmin on an app over the CLI's database and runs fn. */
async function withApi<T>(client: string, fn: (call: (method: 'GET' | 'POST', url: string, payload?: object) => Promise<{ status: number; body: string }>) => Promise<T>): Promise<T> {
  const dbHandle = createDb(databaseUrl)
  const app = await buildApp({ config: loadConfig({}, { LV_DEMO_DATA: '0' }), dbHandle, clock: new ManualClock(Date.now()), logger: false })
  try {
    const token = JSON.parse(await ok(['token', 'add', '--client', client])).token as string
    const login = await app.inject({ method: 'POST', url: '/session/login', headers: { 'lv-access': token }, payload: { clientName: client, userName: 'admin', password: 'Secret123' } })
    const headers = { 'lv-session': login.json().sessionId as string }
    return await fn(async (method, url, payload) => {
      const res = await app.inject({ method, url, headers, payload })
      return { status: res.statusCode, body: res.body }
    })
  } finally {
    await app.close()
  }
}

async function provision(code: string): Promise<void> {
  await ok(['client', 'add', '--code', code, '--name', code])
  await ok(['user', 'add', '--client', code, '--user', 'admin', '--password', 'Secret123', '--role', 'sysadmin'])
}

describe('lvapi contacts import / export', () => {
  it('imports through Bulk Create\'s rules and exports exactly what Bulk Contact Download answers', async () => {
    await provision('CLI1')
    const csv = file('in.csv', [
      csvRecord(['Account', 'first name', 'Last Name', 'Phone 1', 'phone1SmsConsent', 'Phone 2', 'Phone 2 DND', 'Account Due Date', 'Do Not Dial',
        'Do Not Dial Daily', 'COL5', 'Payment Balance', 'LV Account ID', 'Shoe Size', 'city']),
      csvRecord(['A-1', 'Ada', 'Love, "lace"', '6175550100', 'true', '6175550101', 'true', '08/27/2018', 'true', 'false', 'gold', '12.5', '99', '42', 'multi\nline']),
      csvRecord(['A-2', 'Bob', '', '', '', '', '', '', '', '', '', '', '', '', '']),
      csvRecord(['A-1', 'Duplicate', '', '', '', '', '', '', '', '', '', '', '', '', '']),
      csvRecord(['', 'No account', '', '', '', '', '', '', '', '', '', '', '', '', '']),
      csvRecord(['A-3', 'Bad date', '', '', '', '', '', '13/45/2018', '', '', '', '', '', '', '']),
      csvRecord(['A-4', 'Bad balance', '', '', '', '', '', '', '', '', '', 'lots', '', '', '']),
    ].join(''))
    const res = await lvapi(['contacts', 'import', '--client', 'CLI1', '--allow-partial', csv])
    expect(res.code).toBe(0)
    expect(res.stderr).toBe('lvapi: 4 of 6 records not imported (1 duplicate account, 3 invalid or of the wrong column count); "rejections" in the summary lists them by line\n')
    expect(JSON.parse(res.stdout)).toEqual({
      records: 6, created: 2, rejected: 4, duplicates: 1,
      // A-1's multi-line city puts every later record a line further down.
      rejections: [
        { record: 3, line: 5, message: 'Contact already exists!' },
        { record: 4, line: 6, message: 'Missing required field [account]' },
        { record: 5, line: 7, message: 'Invalid input [dueDate must be MM/DD/YYYY, CCYY-MM-DD or epoch milliseconds]' },
        { record: 6, line: 8, message: 'Invalid input [balance must be number]' },
      ],
      ignoredColumns: ['LV Account ID'], unknownColumns: ['Shoe Size'], seconds: expect.any(Number),
    })

    const fields = ['account', 'firstName', 'lastName', 'phone1', 'phone1SmsConsent', 'phone2', 'phone2Block', 'dueDate', 'accountBlock',
      'accountBlockDaily', 'COL5', 'balance', 'city', 'createUser']
    const stdout = await ok(['contacts', 'export', '--client', 'CLI1', '--fields', fields.join(',')])
    expect(parse(stdout)).toEqual([
      ['Account', 'First Name', 'Last Name', 'Phone 1', 'Phone 1 SMS Consent', 'Phone 2', 'Phone 2 DND', 'Account Due Date', 'Do Not Dial',
        'Do Not Dial Daily', 'COL5', 'Payment Balance', 'City', 'Create User'],
      ['A-1', 'Ada', 'Love, "lace"', '6175550100', 'true', '6175550101', 'true', '08/27/2018', 'true', 'false', 'gold', '12.5', 'multi\nline', 'lvapi-import'],
      ['A-2', 'Bob', '', '', 'false', '', 'false', '', 'false', 'false', '', '', '', 'lvapi-import'],
    ])
    const zipped = join(dir, 'out.csv.gz')
    expect(JSON.parse(await ok(['contacts', 'export', '--client', 'CLI1', '--fields', fields.join(','), '--output', zipped, '--gzip'])))
      .toEqual({ file: zipped, contacts: 2 })
    expect(gunzipSync(readFileSync(zipped)).toString()).toBe(stdout)
    await withApi('CLI1', async (call) => {
      const download = await call('POST', '/contact/contacts/bulk', { exportableFields: fields })
      expect(download).toEqual({ status: 200, body: stdout })
    })
  })

  it('round-trips a full export into another client', async () => {
    await provision('CLI2')
    await provision('CLI3')
    const rows = [
      csvRecord(['Account', 'First Name', 'Email', 'Phone 3', 'Phone 3 Cell Consent', 'Phone 3 DND Daily', 'B Active', 'DOB', 'Country', 'Group ID', 'Primary SMS Consent']),
      csvRecord(['R-1', 'Rita', 'rita@example.com', '2125550199', 'true', 'true', 'true', '05/06/1980', 'United States of America', '12', 'true']),
      csvRecord(['R-2', 'Ravi', '', '', '', '', 'false', '', 'Atlantis', '', '']),
    ]
    await ok(['contacts', 'import', '--client', 'CLI2', file('r.csv', rows.join(''))])
    const first = join(dir, 'full.csv')
    expect(JSON.parse(await ok(['contacts', 'export', '--client', 'CLI2', '--output', first]))).toEqual({ file: first, contacts: 2 })
    const imported = JSON.parse(await ok(['contacts', 'import', '--client', 'CLI3', first]))
    expect(imported).toMatchObject({ records: 2, created: 2, rejected: 0 })
    expect(imported.ignoredColumns).toContain('LV Account ID')
    expect(imported.unknownColumns).toEqual([])
    const second = await ok(['contacts', 'export', '--client', 'CLI3'])
    // Everything but what the system assigns (ids, client, stamps) comes back as it was.
    const systemHeaders = new Set(['LV Account ID', 'Client ID', 'Create Date', 'Modify Date'])
    const strip = (text: string) => {
      const [header, ...data] = parse(text) as string[][]
      const keep = header.map((h, i) => (systemHeaders.has(h) ? -1 : i)).filter((i) => i >= 0)
      return [header, ...data].map((r) => keep.map((i) => r[i]))
    }
    expect(strip(second)).toEqual(strip(readFileSync(first, 'utf8')))
    expect(strip(second)[1]).toContain('UNITED_STATES_OF_AMERICA')
  })

  // Issue 11 item 6.
  it('fails with one line on stderr, no stack trace, for a missing file or a directory', async () => {
    await provision('ACME')
    await fails(['contacts', 'import', '--client', 'ACME', '/tmp/missing.csv'], /^lvapi: cannot read \/tmp\/missing\.csv: no such file or directory\n$/)
    await fails(['contacts', 'import', '--client', 'ACME', dir], /^lvapi: cannot read .+: is a directory\n$/)
  })

  it('refuses rows with too few or too many columns by line number, exits 3 unless --allow-partial', async () => {
    await provision('WIDTH')
    const csv = file('width.csv', 'Account,First Name,Last Name\nW-1,Ada,Lovelace\nW-2,Bob\nW-3,"Cy\nril",Smith\n\nW-4,Di,Ng,extra\nW-5,Eve,Adams\n')
    const res = await lvapi(['contacts', 'import', '--client', 'WIDTH', csv])
    expect(res.code).toBe(3)
    expect(res.stderr).toBe('lvapi: 2 of 5 records not imported (2 invalid or of the wrong column count); "rejections" in the summary lists them by line; --allow-partial accepts that\n')
    expect(JSON.parse(res.stdout)).toEqual({
      records: 5, created: 3, rejected: 2, duplicates: 0,
      rejections: [
        { record: 2, line: 3, message: 'Invalid input [2 columns, the header has 3]' },
        { record: 4, line: 7, message: 'Invalid input [4 columns, the header has 3]' },
      ],
      ignoredColumns: [], unknownColumns: [], seconds: expect.any(Number),
    })
    const exported = parse(await ok(['contacts', 'export', '--client', 'WIDTH', '--fields', 'account,firstName,lastName']))
    expect(exported).toEqual([['Account', 'First Name', 'Last Name'], ['W-1', 'Ada', 'Lovelace'], ['W-3', 'Cy\nril', 'Smith'], ['W-5', 'Eve', 'Adams']])

    await provision('WIDTH2')
    const partial = await lvapi(['contacts', 'import', '--client', 'WIDTH2', '--allow-partial', csv])
    expect(partial.code).toBe(0)
    expect(partial.stderr).toBe('lvapi: 2 of 5 records not imported (2 invalid or of the wrong column count); "rejections" in the summary lists them by line\n')
    expect(JSON.parse(partial.stdout)).toMatchObject({ records: 5, created: 3, rejected: 2 })
  })

  it('names every date form the import accepts', async () => {
    await provision('DATES')
    const csv = file('dates.csv', 'Account,Account Due Date,DOB\nD-1,08/27/2018,1980-05-06\nD-2,1535342400000,-631152000000\nD-3,2018-13-45,\nD-4,,27.08.2018\n')
    const res = await lvapi(['contacts', 'import', '--client', 'DATES', csv])
    expect(res.code).toBe(3)
    expect(JSON.parse(res.stdout)).toMatchObject({
      records: 4, created: 2, rejected: 2,
      rejections: [
        { record: 3, line: 4, message: 'Invalid input [dueDate must be MM/DD/YYYY, CCYY-MM-DD or epoch milliseconds]' },
        { record: 4, line: 5, message: 'Invalid input [person.dateOfBirth must be MM/DD/YYYY, CCYY-MM-DD or epoch milliseconds]' },
      ],
    })
  })

  it('says in one line that a re-imported file\'s accounts all exist (duplicates), exits 3, or 0 with --allow-partial', async () => {
    await provision('AGAIN')
    const csv = file('again.csv', 'Account,First Name\nG-1,Ada\nG-2,Bob\nG-3,Cy\n')
    expect(JSON.parse(await ok(['contacts', 'import', '--client', 'AGAIN', csv]))).toMatchObject({ records: 3, created: 3, rejected: 0, duplicates: 0 })
    const summary = {
      records: 3, created: 0, rejected: 3, duplicates: 3,
      rejections: [1, 2, 3].map((n) => ({ record: n, line: n + 1, message: 'Contact already exists!' })),
      ignoredColumns: [], unknownColumns: [], seconds: expect.any(Number),
    }
    const again = await lvapi(['contacts', 'import', '--client', 'AGAIN', csv])
    expect(again.code).toBe(3)
    expect(again.stderr).toBe('lvapi: nothing imported: all 3 accounts already exist (duplicates; was this file imported before?); --allow-partial accepts that\n')
    expect(JSON.parse(again.stdout)).toEqual(summary)
    const accepted = await lvapi(['contacts', 'import', '--client', 'AGAIN', '--allow-partial', csv])
    expect(accepted.code).toBe(0)
    expect(accepted.stderr).toBe('lvapi: nothing imported: all 3 accounts already exist (duplicates; was this file imported before?)\n')
    expect(JSON.parse(accepted.stdout)).toEqual(summary)
  })

  it('fails with one line on stderr for an unknown client, a file without Account, or a bad column', async () => {
    await fails(['contacts', 'import', '--client', 'NOPE', file('x.csv', 'Account\nA\n')], /client NOPE not found/)
    await provision('CLI4')
    await fails(['contacts', 'import', '--client', 'CLI4', file('y.csv', 'First Name\nAda\n')], /no Account column/)
    await fails(['contacts', 'import', '--client', 'CLI4', file('empty.csv', '')], /empty/)
    await fails(['contacts', 'export', '--client', 'CLI4', '--fields', 'account,shoeSize'], /Invalid input \[exportableFields: shoeSize\]/)
    await fails(['contacts', 'export', '--client', 'CLI4', '--start-date', 'yesterday'], /Invalid input \[startDate/)
  })
})
