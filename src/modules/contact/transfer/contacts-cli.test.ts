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
    const summary = JSON.parse(await ok(['contacts', 'import', '--client', 'CLI1', csv]))
    expect(summary).toEqual({
      records: 6, created: 2, rejected: 4,
      rejections: [
        { record: 3, message: 'Contact already exists!' },
        { record: 4, message: 'Missing required field [account]' },
        { record: 5, message: 'Invalid input [dueDate must be epoch milliseconds or CCYY-MM-DD]' },
        { record: 6, message: 'Invalid input [balance must be number]' },
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
      const keep = header!.map((h, i) => (systemHeaders.has(h) ? -1 : i)).filter((i) => i >= 0)
      return [header, ...data].map((r) => keep.map((i) => r![i]))
    }
    expect(strip(second)).toEqual(strip(readFileSync(first, 'utf8')))
    expect(strip(second)[1]).toContain('UNITED_STATES_OF_AMERICA')
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
