import { parse } from 'csv-parse/sync'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient, userSession, type TestClient } from '../../../../test/fixtures.ts'
import { insertContactRows, type ContactFixture } from '../search/search.fixtures.ts'
import { STANDARD_EXPORT_FIELDS } from './export-fields.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const NOW = Date.UTC(2026, 0, 15, 15, 0, 0)
const DAY = 86_400_000

function download(headers: Record<string, string>, body: unknown) {
  return t.app.inject({ method: 'POST', url: '/contact/contacts/bulk', headers, payload: body as object })
}

async function clientWith(fixtures: ContactFixture[]): Promise<TestClient> {
  const c = await createTestClient(t)
  await insertContactRows(t.db, c.clientId, NOW, fixtures)
  return c
}

// README §3.1: Contact API errors are exactly {code, message}.
const errorOf = (code: number, message: string) => ({ code, message })

describe('Bulk Contact Download', () => {
  it('answers the seed example as text/csv', async () => {
    const c = await clientWith([{ account: 'MF1234', due_date: Date.UTC(2018, 7, 27, 16) }, { account: '101243' }])
    const res = await download(c.admin, { exportableFields: ['account', 'dueDate'] })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.body).toBe('Account,Account Due Date\nMF1234,08/27/2018\n101243,\n')
  })

  it('writes every standard field for allFields, as stored', async () => {
    const created = Date.UTC(2025, 6, 4, 16, 5, 9) // 12:05:09 in New York (EDT)
    const c = await clientWith([{
      account: 'ALL-1', due_date: Date.UTC(2026, 1, 1, 17), account_to_speak: 'A L L', address1: '1 Main St', address2: 'Apt 2',
      agent_id: 77, agent_team_id: 8, amount_to_speak: 19.5, active: 1, call_attempts_total: 9, call_attempts_today: 2,
      city: 'Boston', country: 'UNITED_STATES_OF_AMERICA', created_at: created, modified_at: created + DAY, create_user: 'admin',
      modify_user: 'ops', department: 'Collections', description: 'has, comma', date_of_birth: Date.UTC(1980, 4, 6, 12),
      dnd_permanent: 1, dnd_daily_until: NOW + 3_600_000, email_block: 1, email: 'ada@example.com', first_name: 'Ada',
      group_id: 12371, guarantor_first_name: 'Gus', guarantor_last_name: 'Grant', initial_load_campaign_id: 5,
      initial_load_at: created, last_load_campaign_id: 6, last_load_at: created + 2 * DAY, last_name: 'Lovelace',
      original_account_number: 'OAN-1', balance: 1000.25, zip_code: '02101', primary_email_consent: 1, salutation: 'Ms',
      primary_sms_consent: 0, ssn: '123-45-6789', state: 'MA', title: 'Dr',
      phone1: '6175550100', phone1_attempts_total: 4, phone1_attempts_today: 1, phone1_cell_consent: 1, phone1_dnd: 1,
      phone1_dnd_daily_until: NOW - 1, phone1_sms_consent: 1,
      phone10: '2125550199', phone10_dnd_daily_until: NOW + 1,
    }])
    const [row] = await t.db.selectFrom('contacts').select(['id', 'client_id']).where('client_id', '=', c.clientId).execute()
    const res = await download(c.admin, { exportableFields: ['allFields'] })
    const [header, values, ...rest] = parse(res.body) as string[][]
    expect(rest).toEqual([])
    expect(header).toEqual(STANDARD_EXPORT_FIELDS.map((f) => f.header))
    const byHeader = Object.fromEntries(header.map((h, i) => [h, values[i]]))
    const emptyPhone = (n: number) => ({
      [`Phone ${n}`]: '', [`Phone ${n} Attempts Lifetime`]: '0', [`Phone ${n} Attempts Today`]: '0', [`Phone ${n} Cell Consent`]: 'false',
      [`Phone ${n} DND`]: 'false', [`Phone ${n} DND Daily`]: 'false', [`Phone ${n} SMS Consent`]: 'false',
    })
    expect(byHeader).toEqual({
      Account: 'ALL-1', 'Account Due Date': '02/01/2026', 'Account To Speak': 'A L L', 'Address 1': '1 Main St', 'Address 2': 'Apt 2',
      'Agent ID': '77', 'Agent Team ID': '8', 'Amount To Speak': '19.5', 'B Active': 'true', 'Call Attempts Lifetime': '9',
      'Call Attempts Today': '2', City: 'Boston', 'Client ID': String(row.client_id), Country: 'UNITED_STATES_OF_AMERICA',
      'Create Date': '07/04/2025 12:05:09', 'Create User': 'admin', Department: 'Collections', Description: 'has, comma',
      DOB: '05/06/1980', 'Do Not Dial': 'true', 'Do Not Dial Daily': 'true', 'Email Do Not Contact': 'true', Email: 'ada@example.com',
      'First Name': 'Ada', 'Group ID': '12371', 'Guarantor First Name': 'Gus', 'Guarantor Last Name': 'Grant',
      'Initial Load Campaign ID': '5', 'Initial Load Date': '07/04/2025 12:05:09', 'Last Load Campaign ID': '6',
      'Last Load Date': '07/06/2025 12:05:09', 'Last Name': 'Lovelace', 'LV Account ID': String(row.id),
      'Modify Date': '07/05/2025 12:05:09', 'Modify User': 'ops', 'Original Account Number': 'OAN-1', 'Payment Balance': '1000.25',
      ...Object.assign({}, ...Array.from({ length: 10 }, (_, i) => emptyPhone(i + 1))),
      'Phone 1': '6175550100', 'Phone 1 Attempts Lifetime': '4', 'Phone 1 Attempts Today': '1', 'Phone 1 Cell Consent': 'true',
      'Phone 1 DND': 'true', 'Phone 1 DND Daily': 'false', 'Phone 1 SMS Consent': 'true',
      'Phone 10': '2125550199', 'Phone 10 DND Daily': 'true',
      'Zip/Postal Code': '02101', 'Primary Email Consent': 'true', Salutation: 'Ms', 'Primary SMS Consent': 'false',
      SSN: '123-45-6789', State: 'MA', Title: 'Dr',
    })
    expect(header.slice(header.indexOf('Payment Balance') + 1, header.indexOf('Payment Balance') + 8)).toEqual([
      'Phone 1', 'Phone 1 Attempts Lifetime', 'Phone 1 Attempts Today', 'Phone 1 Cell Consent', 'Phone 1 DND', 'Phone 1 DND Daily', 'Phone 1 SMS Consent',
    ])
  })

  it('quotes per RFC 4180 and matches the database row for row, plain and gzipped', async () => {
    const hostile = ['comma, inside', 'quote " inside', 'line\nbreak', 'crlf\r\nbreak', '"', '', 'plain', 'ümlaut ✓']
    const c = await clientWith(Array.from({ length: 2500 }, (_, i) => ({
      account: `Q${String(i).padStart(5, '0')}`, city: hostile[i % hostile.length] || null, balance: i % 3 === 0 ? null : i / 4,
      col7: i % 5 === 0 ? `v${i}` : null,
    })))
    await t.db.insertInto('contact_custom_fields').values({ client_id: c.clientId, field: 7, label: 'Tier, "gold"', data_type: 'STRING', list_values: null, modified_at: NOW }).execute()
    const body = { exportableFields: ['lvAccountId', 'account', 'city', 'balance', 'COL7', 'COL8', 'account'] }
    const plain = await download(c.admin, body)
    const zipped = await download({ ...c.admin, 'accept-encoding': 'gzip, deflate' }, body)
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(zipped.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body)

    const rows = await t.db.selectFrom('contacts').select(['id', 'account', 'city', 'balance', 'col7'])
      .where('client_id', '=', c.clientId).orderBy('id').execute()
    expect(parse(plain.body)).toEqual([
      // The repeated `account` is written once (issue 10 item 6).
      ['LV Account ID', 'Account', 'City', 'Payment Balance', 'Tier, "gold"', 'COL8'],
      ...rows.map((r) => [String(r.id), r.account, r.city ?? '', r.balance === null ? '' : String(r.balance), r.col7 ?? '', '']),
    ])
    expect(plain.body).toContain('"comma, inside"')
    expect(plain.body).toContain('"quote "" inside"')
  })

  it('limits to the modifyDate window in both date forms, end day inclusive', async () => {
    const day = (d: number, hour = 12) => Date.UTC(2020, 0, d, hour + 5) // hour in New York (EST)
    const c = await clientWith([
      { account: 'before', modified_at: day(1, 23) + 3_599_999 }, // 2020-01-01 23:59:59.999
      { account: 'start', modified_at: day(2, 0) },
      { account: 'middle', modified_at: day(5) },
      { account: 'end', modified_at: day(10, 23) + 3_599_999 },
      { account: 'after', modified_at: day(11, 0) },
    ])
    const accounts = async (window: object) => {
      const res = await download(c.admin, { exportableFields: ['account'], ...window })
      expect(res.statusCode, res.body).toBe(200)
      return res.body.trim().split('\n').slice(1)
    }
    expect(await accounts({ startDate: '2020-01-02', endDate: '2020-01-10' })).toEqual(['start', 'middle', 'end'])
    expect(await accounts({ startDate: day(2, 0), endDate: String(day(10, 23) + 3_599_999) })).toEqual(['start', 'middle', 'end'])
    expect(await accounts({ startDate: String(day(5)) })).toEqual(['middle', 'end', 'after'])
    expect(await accounts({ endDate: '2020-01-01' })).toEqual(['before'])
    expect(await accounts({ startDate: '2020-01-05', endDate: '2020-01-05' })).toEqual(['middle'])
  })

  it('answers only the header line when nothing matches, and never another client\'s contacts', async () => {
    const mine = await clientWith([{ account: 'mine' }])
    await clientWith([{ account: 'theirs' }])
    expect((await download(mine.admin, { exportableFields: ['account'] })).body).toBe('Account\nmine\n')
    const empty = await createTestClient(t)
    const res = await download(empty.admin, { exportableFields: ['account', 'firstName'] })
    expect(res.body).toBe('Account,First Name\n')
    expect(gunzipSync((await download({ ...empty.admin, 'accept-encoding': 'gzip' }, { exportableFields: ['account'] })).rawPayload).toString()).toBe('Account\n')
  })

  it('is for Sysadmin and Superuser only', async () => {
    const c = await clientWith([{ account: 'r' }])
    const superuser = await userSession(t, c, 'SUPERUSER')
    expect((await download(superuser.headers, { exportableFields: ['account'] })).body).toBe('Account\nr\n')
    for (const role of ['MANAGER', 'IT_USER'] as const) {
      const { headers } = await userSession(t, c, role)
      const res = await download(headers, { exportableFields: ['account'] })
      expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 403, body: errorOf(201, 'Forbidden [role]') })
    }
    expect((await download({}, { exportableFields: ['account'] })).statusCode).toBe(401)
  })

  it('reports each documented error as JSON 400/202 and sends no CSV', async () => {
    const c = await clientWith([{ account: 'e' }])
    const cases: Array<[unknown, string]> = [
      [{}, 'Missing required field [exportableFields]'],
      [{ exportableFields: [] }, 'Missing required field [exportableFields]'],
      [{ exportableFields: ['account', 'shoeSize'] }, 'Invalid input [exportableFields: shoeSize]'],
      [{ exportableFields: ['COL101'] }, 'Invalid input [exportableFields: COL101]'],
      [{ exportableFields: ['account'], startDate: '2020-02-30' }, 'Invalid input [startDate: expected CCYY-MM-DD or epoch milliseconds]'],
      [{ exportableFields: ['account'], endDate: 'tomorrow' }, 'Invalid input [endDate: expected CCYY-MM-DD or epoch milliseconds]'],
      [{ exportableFields: ['account'], startDate: '2020-02-02', endDate: '2020-02-01' }, 'Invalid input [startDate is after endDate]'],
      [{ exportableFields: ['account'], createContactDetails: [{ account: 'x' }] }, 'Invalid input [exportableFields and createContactDetails are mutually exclusive]'],
    ]
    for (const [body, message] of cases) {
      const res = await download(c.admin, body)
      expect(res.headers['content-type'], JSON.stringify(body)).toBe('application/json; charset=utf-8')
      expect({ status: res.statusCode, body: res.json() }, JSON.stringify(body)).toEqual({ status: 400, body: errorOf(202, message) })
    }
  })
})
