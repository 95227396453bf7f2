import fastJson from 'fast-json-stringify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient, userSession, type TestClient } from '../../../../test/fixtures.ts'
import { FindMatchingContactResponse } from './contact-search.schemas.ts'
import { insertContactRows, type ContactFixture } from './search.fixtures.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const DAY = 86_400_000
const NOW = Date.UTC(2026, 0, 15, 15, 0, 0) // 10:00 in New York, ManualClock's start

async function search(headers: Record<string, string>, body: unknown, query = 'count=100&offset=0') {
  return t.app.inject({ method: 'POST', url: `/contact/contacts/search?${query}`, headers, payload: body as object })
}

/** Accounts of a successful search, in answer order. */
async function accounts(c: TestClient, body: unknown, query?: string): Promise<string[]> {
  const res = await search(c.admin, body, query)
  expect(res.statusCode, res.body).toBe(200)
  return res.json().findMatchingContactsDetails.map((x: { account: string }) => x.account)
}

const cond = (field: string, condition: string, criteria: string, isNegated?: boolean) =>
  ({ field, condition, criteria, ...(isNegated === undefined ? {} : { isNegated }) })
const rule = (op: 'AND' | 'OR', left: object, right: object, isNegated?: boolean) =>
  ({ rule: op, left, right, ...(isNegated === undefined ? {} : { isNegated }) })

async function clientWith(fixtures: ContactFixture[]): Promise<TestClient> {
  const c = await createTestClient(t)
  await insertContactRows(t.db, c.clientId, NOW, fixtures)
  return c
}

/** README §3.1: Contact API errors are exactly {code, message}. */
function errorOf(code: number, message: string) {
  return { code, message }
}

describe('Find Matching Contact', () => {
  it('answers the seed single-condition example in search view', async () => {
    const c = await clientWith([
      { account: '100', agent_id: 723247, created_at: 1700087145000, modified_at: 1700087145000, last_load_at: 1710237709000 },
      {
        account: '1003', active: 1, city: 'California', first_name: 'Mary', last_name: 'Shelley', happiness_index: 0,
        phone1: '9742573688', phone1_sms_consent: 1, phone1_cell_consent: 1, created_at: 1635853113000, modified_at: 1637130335000,
        last_load_at: 1710237709000, initial_load_at: 1635853113000, zip_code: '10010', col3: 'gold', balance: 12.5,
      },
      { account: '2000' },
    ])
    const res = await search(c.admin, {
      search: { field: 'account', criteria: '10', condition: 'STARTS_WITH' }, sort: [{ field: 'account', order: 'ASC' }],
    }, 'offset=0&count=5')
    expect(res.statusCode).toBe(200)
    const slot = (n: number) => ({ smsConsent: false, cellConsent: false, ordinal: n, position: n, dnd: false, dndDaily: false, callAttemptsTotal: 0, callAttemptsToday: 0 })
    const body = res.json()
    expect(body.next).toBeNull()
    expect(body.findMatchingContactsDetails).toEqual([
      {
        id: expect.any(Number), phone: Array.from({ length: 10 }, (_, i) => slot(i + 1)),
        account: '100', active: false, balance: 0, accountBlock: 'NONE', country: '', amountToSpeak: 0, groupId: 0,
        primaryEmailConsent: false, agentId: 723247,
        createdDate: 1700087145000, modifiedDate: 1700087145000, createDate: 1700087145000, modifyDate: 1700087145000,
        lastLoad: 1710237709000, callAttemptsToday: 0, callAttemptsLifetime: 0, callAttemptsTotal: 0,
      },
      {
        id: expect.any(Number),
        person: { firstName: 'Mary', lastName: 'Shelley', zipCode: '10010' },
        phone: [{ ...slot(1), smsConsent: true, cellConsent: true, phone: '9742573688' }, ...Array.from({ length: 9 }, (_, i) => slot(i + 2))],
        account: '1003', active: true, balance: 12.5, accountBlock: 'NONE', city: 'California', country: '', postalCode: '10010',
        amountToSpeak: 0, groupId: 0, primaryEmailConsent: false, agentId: 0, happinessIndex: 0,
        customFields: [{ field: 'COL3', value: 'gold' }],
        createdDate: 1635853113000, modifiedDate: 1637130335000, createDate: 1635853113000, modifyDate: 1637130335000,
        initialLoad: 1635853113000, lastLoad: 1710237709000, callAttemptsToday: 0, callAttemptsLifetime: 0, callAttemptsTotal: 0,
      },
    ])
  })

  it('writes the answer as the schema serializer writes the same values (contact-search.view.ts)', async () => {
    // COL1 needs JSON escapes in the packed custom fields (search.dialect.ts packedValues).
    const oddValue = 'q "quoted" \\ back\\slash 😀 Zoë\u0001\ttab\u2028'
    const allCustom = { ...Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`col${i + 1}`, `v${i + 1}`])), col1: oddValue }
    const c = await clientWith([
      { account: 'W1' },
      {
        account: 'W2 "quoted" \\ back\tslash', first_name: 'Zoë 😀', last_name: 'O\'Brien\u0001', email: 'x'.repeat(60),
        date_of_birth: -631134000000, balance: 1234.56, amount_to_speak: 0.1, dnd_permanent: 1, dnd_daily_until: NOW + DAY,
        guarantor_first_name: 'Gua', address2: 'Apt "2"', department: 'Dép', happiness_index: -3, due_date: NOW + 2 * DAY,
        phone1: '6175550100', phone1_dnd: 1, phone1_dnd_daily_until: NOW + DAY, phone1_sms_consent: 1, phone1_cell_consent: 1,
        phone1_attempts_today: 2, phone1_attempts_total: 9, phone4_attempts_total: 3, phone7_dnd_daily_until: NOW - DAY,
        phone10: '5085550110', phone10_dnd: 1, call_attempts_today: 1, call_attempts_total: 12, agent_id: 77, group_id: 5,
        initial_load_at: NOW - DAY, last_load_at: NOW, ...allCustom,
      },
      { account: 'W3', last_name: 'Only', col50: 'x\ny', ssn: '0095', zip_code: '02110', country: 'USA', state: 'MA', city: 'Boston' },
    ])
    const serialize = fastJson(FindMatchingContactResponse as never)
    for (const query of ['count=100&offset=0', 'count=2&offset=0', 'offset=1&count=1']) {
      const res = await search(c.admin, { search: cond('account', 'STARTS_WITH', 'W') }, query)
      expect(res.statusCode, res.body).toBe(200)
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
      expect(serialize(res.json())).toBe(res.body)
    }
    const [, second] = (await search(c.admin, { search: cond('account', 'STARTS_WITH', 'W') })).json().findMatchingContactsDetails
    expect(second.person).toEqual({ firstName: 'Zoë 😀', lastName: 'O\'Brien\u0001', dateOfBirth: -631134000000, email: 'x'.repeat(60) })
    expect(second.guarantor).toEqual({ firstName: 'Gua' })
    expect(second.accountBlock).toBe('BOTH')
    expect(second.phone[0]).toEqual({
      smsConsent: true, cellConsent: true, phone: '6175550100', ordinal: 1, position: 1, dnd: true, dndDaily: true, callAttemptsTotal: 9, callAttemptsToday: 2,
    })
    expect(second.phone[3]).toMatchObject({ callAttemptsTotal: 3, dnd: false })
    expect(second.phone[3].phone).toBeUndefined()
    expect(second.phone[6].dndDaily).toBe(false)
    expect(second.customFields).toHaveLength(100)
    expect(second.customFields[99]).toEqual({ field: 'COL100', value: 'v100' })
    expect(second.customFields[0]).toEqual({ field: 'COL1', value: oddValue })
    const third = (await search(c.admin, { search: cond('account', 'EQUALS', 'W3') })).json().findMatchingContactsDetails[0]
    expect(third.customFields).toEqual([{ field: 'COL50', value: 'x\ny' }])
  })

  it('evaluates the seed several-conditions example', async () => {
    const c = await clientWith([
      { account: '1234', zip_code: '10001', balance: 150 }, // left branch
      { account: '1235', zip_code: '10001', balance: 50 }, // balance too low, account not 10…
      { account: '1050', zip_code: '10500' }, // right branch
      { account: '1051', zip_code: '20500' }, // neither
    ])
    expect(await accounts(c, {
      search: {
        rule: 'OR',
        right: { rule: 'AND', right: cond('account', 'STARTS_WITH', '10'), left: cond('postalcode', 'STARTS_WITH', '10') },
        left: {
          rule: 'AND', right: cond('paymentbalance', 'GREATER', '100'),
          left: { rule: 'AND', left: cond('account', 'STARTS_WITH', '123'), right: cond('postalcode', 'STARTS_WITH', '10') },
        },
      },
    })).toEqual(['1234', '1050'])
  })

  describe('string operators (account: case-insensitive, index-served)', () => {
    let c: TestClient
    beforeAll(async () => {
      c = await clientWith(['Apple', 'apricot', 'BANANA', 'Cherry', 'aPPle-2', 'Ümlaut'].map((account) => ({ account })))
    })
    const cases: Array<[string, string, string[]]> = [
      ['STARTS_WITH', 'ap', ['Apple', 'apricot', 'aPPle-2']],
      ['STARTS_WITH', 'APPLE', ['Apple', 'aPPle-2']],
      ['ENDS_WITH', 'RY', ['Cherry']],
      ['CONTAINS', 'an', ['BANANA']],
      ['EQUALS', 'apple', ['Apple']],
      ['LESS', 'b', ['Apple', 'apricot', 'aPPle-2']],
      ['GREATER', 'banana', ['Cherry', 'Ümlaut']],
      ['GREATER_EQUAL', 'banana', ['BANANA', 'Cherry', 'Ümlaut']],
      ['STARTS_WITH', 'ü', ['Ümlaut']],
    ]
    for (const [op, criteria, expected] of cases) {
      it(`${op} ${criteria}`, async () => {
        expect(await accounts(c, { search: cond('account', op, criteria) })).toEqual(expected)
      })
    }

    it('negates inside a rule, never on a lone condition', async () => {
      expect(await accounts(c, { search: cond('account', 'STARTS_WITH', 'ap', true) })).toEqual(['Apple', 'apricot', 'aPPle-2'])
      expect(await accounts(c, {
        search: rule('AND', cond('account', 'STARTS_WITH', 'ap', true), cond('account', 'CONTAINS', 'a')),
      })).toEqual(['BANANA', 'Ümlaut'])
    })
  })

  it('treats %, _, quotes and SQL text in criteria as data', async () => {
    const c = await clientWith([
      { account: '100%' }, { account: '1000' }, { account: 'a_b' }, { account: 'axb' }, { account: "O'Brien" },
      { account: 'x"; DROP TABLE contacts; --' }, { account: 'back\\slash' }, { account: 'backXslash' },
    ])
    expect(await accounts(c, { search: cond('account', 'CONTAINS', '%') })).toEqual(['100%'])
    expect(await accounts(c, { search: cond('account', 'STARTS_WITH', '100%') })).toEqual(['100%'])
    expect(await accounts(c, { search: cond('account', 'ENDS_WITH', '_b') })).toEqual(['a_b'])
    expect(await accounts(c, { search: cond('account', 'CONTAINS', '_') })).toEqual(['a_b'])
    expect(await accounts(c, { search: cond('account', 'EQUALS', "o'brien") })).toEqual(["O'Brien"])
    expect(await accounts(c, { search: cond('account', 'CONTAINS', "'") })).toEqual(["O'Brien"])
    expect(await accounts(c, { search: cond('account', 'CONTAINS', '"; DROP TABLE contacts; --') })).toEqual(['x"; DROP TABLE contacts; --'])
    expect(await accounts(c, { search: cond('account', 'EQUALS', "' OR '1'='1") })).toEqual([])
    expect(await accounts(c, { search: cond('city', 'EQUALS', "x' OR 1=1 --") })).toEqual([])
    expect(await accounts(c, { search: cond('account', 'CONTAINS', '\\') })).toEqual(['back\\slash'])
    expect(await accounts(c, { search: cond('name', 'CONTAINS', '%') })).toEqual([])
    expect(await accounts(c, { search: cond('account', 'STARTS_WITH', 'a') })).toEqual(['a_b', 'axb'])
  })

  it('compares numbers numerically and their decimal strings textually', async () => {
    const c = await clientWith([
      { account: 'a', balance: 100 }, { account: 'b', balance: 100.5 }, { account: 'c', balance: 99 },
      { account: 'd', balance: null }, { account: 'e', balance: 1000 },
    ])
    const run = (op: string, criteria: string, isNegated?: boolean) =>
      accounts(c, isNegated ? { search: rule('AND', cond('paymentbalance', op, criteria, true), cond('account', 'GREATER_EQUAL', 'a')) } : { search: cond('paymentbalance', op, criteria) })
    expect(await run('EQUALS', '100')).toEqual(['a'])
    expect(await run('EQUALS', '100.50')).toEqual(['b'])
    expect(await run('LESS', '100')).toEqual(['c'])
    expect(await run('GREATER', '100')).toEqual(['b', 'e'])
    expect(await run('GREATER_EQUAL', '100')).toEqual(['a', 'b', 'e'])
    expect(await run('STARTS_WITH', '100')).toEqual(['a', 'b', 'e'])
    expect(await run('ENDS_WITH', '.5')).toEqual(['b'])
    expect(await run('CONTAINS', '00')).toEqual(['a', 'b', 'e'])
    // LESS_EQUAL does not exist: GREATER negated. The unset balance never matches.
    expect(await run('GREATER', '100', true)).toEqual(['a', 'c'])
    expect(await run('EQUALS', '100', true)).toEqual(['b', 'c', 'e'])
  })

  it('compares dates as New York calendar days, in both date forms', async () => {
    const jan10 = Date.UTC(2026, 0, 10, 5) // midnight in New York
    const c = await clientWith([
      { account: 'first', due_date: jan10 },
      { account: 'late', due_date: jan10 + DAY - 1 },
      { account: 'next', due_date: jan10 + DAY },
      { account: 'before', due_date: jan10 - 1 },
      { account: 'none' },
    ])
    expect(await accounts(c, { search: cond('account_due_date', 'EQUALS', '2026-01-10') })).toEqual(['first', 'late'])
    expect(await accounts(c, { search: cond('account_due_date', 'EQUALS', String(jan10 + 3_600_000)) })).toEqual(['first', 'late'])
    expect(await accounts(c, { search: cond('account_due_date', 'LESS', '2026-01-10') })).toEqual(['before'])
    expect(await accounts(c, { search: cond('account_due_date', 'GREATER', '2026-01-10') })).toEqual(['next'])
    expect(await accounts(c, { search: cond('account_due_date', 'GREATER_EQUAL', '2026-01-10') })).toEqual(['first', 'late', 'next'])
    expect(await accounts(c, {
      search: rule('OR', cond('account_due_date', 'EQUALS', '2026-01-10', true), cond('account', 'EQUALS', 'zzz')),
    })).toEqual(['next', 'before'])
    // Today is 2026-01-15: due 5 days ago is -5.
    expect(await accounts(c, { search: cond('account_due_date_basedon_option', 'EQUALS', '-5') })).toEqual(['first', 'late'])
    expect(await accounts(c, { search: cond('account_due_date_basedon_option', 'GREATER', '-5') })).toEqual(['next'])
    expect(await accounts(c, { search: cond('account_due_date_basedon_option', 'LESS', '-5') })).toEqual(['before'])
  })

  it('matches true/false fields, including DND evaluated at the request time', async () => {
    const c = await clientWith([
      { account: 'perm', dnd_permanent: 1 },
      { account: 'daily', dnd_daily_until: NOW + 3_600_000 },
      { account: 'expired', dnd_daily_until: NOW - 1 },
      { account: 'sms', phone2: '5550002', phone2_sms_consent: 1, phone2_cell_consent: 1 },
      { account: 'orphan-consent', phone3_sms_consent: 1 },
      { account: 'dialled', call_attempts_today: 2, last_attempt_at: NOW - 3_600_000 },
      { account: 'yesterday', last_attempt_at: NOW - DAY },
      { account: 'email', primary_email_consent: 1 },
    ])
    expect(await accounts(c, { search: cond('do_not_dial', 'EQUALS', 'true') })).toEqual(['perm'])
    expect(await accounts(c, { search: cond('do_not_dial_daily', 'EQUALS', 'Y') })).toEqual(['daily'])
    expect(await accounts(c, { search: cond('DO_NOT_DIAL_DAILY', 'EQUALS', '0') })).toEqual(['perm', 'expired', 'sms', 'orphan-consent', 'dialled', 'yesterday', 'email'])
    expect(await accounts(c, { search: cond('sms', 'EQUALS', 'true') })).toEqual(['sms'])
    expect(await accounts(c, { search: cond('phone_cell_consent', 'EQUALS', 'true') })).toEqual(['sms'])
    expect(await accounts(c, { search: cond('phone2_sms_consent', 'EQUALS', 'true') })).toEqual(['sms'])
    expect(await accounts(c, { search: cond('phone3_sms_consent', 'EQUALS', 'true') })).toEqual([])
    expect(await accounts(c, { search: cond('phone2_cell_consent', 'EQUALS', 'false') })).toEqual([])
    expect(await accounts(c, { search: cond('account_dial_today', 'EQUALS', 'true') })).toEqual(['dialled'])
    expect(await accounts(c, { search: cond('account_dial_yesterday', 'EQUALS', 'true') })).toEqual(['yesterday'])
    expect(await accounts(c, { search: cond('primary_email_consent', 'EQUALS', 'true') })).toEqual(['email'])
    expect(await accounts(c, {
      search: rule('AND', cond('do_not_dial', 'EQUALS', 'true', true), cond('account', 'STARTS_WITH', 'd')),
    })).toEqual(['daily', 'dialled'])
  })

  it('searches names, phones, addresses, countries and the other text fields', async () => {
    const c = await clientWith([
      { account: 'a1', first_name: 'Mary', last_name: 'Shelley', email: 'Mary@Example.com', city: 'Boston', state: 'MA', zip_code: '02101', country: 'UNITED_STATES_OF_AMERICA' },
      { account: 'a2', first_name: 'Percy', last_name: 'Shelley', address2: '12 High Street', phone7: '6175550100', original_account_number: 'OAN-7' },
      { account: 'a3', first_name: 'Mary Ann', last_name: 'Evans', guarantor_first_name: 'George', guarantor_last_name: 'Eliot', phone1: '2125550199' },
      { account: 'a4', last_name: 'Solo', country: 'Atlantis' },
    ])
    expect(await accounts(c, { search: cond('name', 'EQUALS', 'shelley') })).toEqual(['a1', 'a2'])
    expect(await accounts(c, { search: cond('name', 'STARTS_WITH', 'mary') })).toEqual(['a1', 'a3'])
    expect(await accounts(c, { search: cond('name', 'EQUALS', 'Mary Shelley') })).toEqual(['a1'])
    expect(await accounts(c, { search: cond('name', 'STARTS_WITH', 'mary ann e') })).toEqual(['a3'])
    expect(await accounts(c, { search: rule('AND', cond('name', 'EQUALS', 'shelley', true), cond('account', 'STARTS_WITH', 'a')) })).toEqual(['a3', 'a4'])
    expect(await accounts(c, { search: cond('phone', 'STARTS_WITH', '617') })).toEqual(['a2'])
    expect(await accounts(c, { search: cond('phone', 'EQUALS', '2125550199') })).toEqual(['a3'])
    expect(await accounts(c, { search: cond('phone', 'ENDS_WITH', '0199') })).toEqual(['a3'])
    expect(await accounts(c, { search: rule('AND', cond('phone', 'STARTS_WITH', '617', true), cond('account', 'STARTS_WITH', 'a')) })).toEqual(['a3'])
    expect(await accounts(c, { search: cond('address', 'CONTAINS', 'high st') })).toEqual(['a2'])
    expect(await accounts(c, { search: cond('guarantor_name', 'EQUALS', 'george eliot') })).toEqual(['a3'])
    expect(await accounts(c, { search: cond('email', 'EQUALS', 'mary@example.COM') })).toEqual(['a1'])
    expect(await accounts(c, { search: cond('email_address', 'ENDS_WITH', 'example.com') })).toEqual(['a1'])
    expect(await accounts(c, { search: cond('city', 'EQUALS', 'BOSTON') })).toEqual(['a1'])
    expect(await accounts(c, { search: cond('state', 'EQUALS', 'ma') })).toEqual(['a1'])
    expect(await accounts(c, { search: cond('postalcode', 'STARTS_WITH', '021') })).toEqual(['a1'])
    expect(await accounts(c, { search: cond('country', 'EQUALS', 'United States of America') })).toEqual(['a1'])
    expect(await accounts(c, { search: cond('country', 'CONTAINS', 'united_states') })).toEqual(['a1'])
    expect(await accounts(c, { search: cond('country', 'EQUALS', 'atlantis') })).toEqual(['a4'])
    expect(await accounts(c, { search: cond('original_account_number', 'EQUALS', 'oan-7') })).toEqual(['a2'])
  })

  it('searches numbers of groups and attempts, and call results of today and of the last 30 days', async () => {
    const c = await clientWith([
      { account: 'g', group_id: 12371, call_attempts_total: 7 },
      { account: 'h', group_id: 5, call_attempts_today: 1, call_attempts_total: 3 },
      { account: 'i', amount_to_speak: 19.99 },
    ])
    const [g, h] = (await t.db.selectFrom('contacts').select(['id', 'account']).where('client_id', '=', c.clientId).orderBy('account').execute()).map((r) => r.id)
    await t.db.insertInto('contact_call_results').values([
      { client_id: c.clientId, contact_id: g, result: 'Agent - Sale', called_at: NOW - 3_600_000 },
      { client_id: c.clientId, contact_id: h, result: 'Agent - Sale', called_at: NOW - 10 * DAY },
      { client_id: c.clientId, contact_id: h, result: 'Busy', called_at: NOW - 40 * DAY },
    ]).execute()
    expect(await accounts(c, { search: cond('group', 'EQUALS', '12371') })).toEqual(['g'])
    expect(await accounts(c, { search: cond('group', 'STARTS_WITH', '123') })).toEqual(['g'])
    expect(await accounts(c, { search: cond('callattemptstoday', 'GREATER', '0') })).toEqual(['h'])
    expect(await accounts(c, { search: cond('callattemptslifetime', 'GREATER_EQUAL', '3') })).toEqual(['g', 'h'])
    expect(await accounts(c, { search: cond('amount_to_speak', 'EQUALS', '19.99') })).toEqual(['i'])
    expect(await accounts(c, { search: cond('accountForTodaysResult', 'EQUALS', 'agent - sale') })).toEqual(['g'])
    expect(await accounts(c, { search: cond('accountsFor30daysResult', 'STARTS_WITH', 'Agent') })).toEqual(['g', 'h'])
    expect(await accounts(c, { search: cond('accountsFor30daysResult', 'EQUALS', 'busy') })).toEqual([])
    expect(await accounts(c, { search: rule('AND', cond('accountForTodaysResult', 'EQUALS', 'Agent - Sale', true), cond('account', 'LESS', 'z')) })).toEqual(['h', 'i'])
  })

  it('searches custom fields by their configured type', async () => {
    const c = await clientWith([
      { account: 'n1', col1: '15', col2: 'Gold', col3: '2026-01-10', col4: 'true' },
      { account: 'n2', col1: '150', col2: 'silver', col3: String(Date.UTC(2026, 0, 10, 20)), col4: 'false' },
      { account: 'n3', col1: 'n/a', col3: '2026-02-01' },
      { account: 'n4', col1: '-2.5', col2: '50%' },
    ])
    await t.db.insertInto('contact_custom_fields').values([
      { client_id: c.clientId, field: 1, label: 'Score', data_type: 'NUMBER', list_values: null, modified_at: NOW },
      { client_id: c.clientId, field: 3, label: 'Promise', data_type: 'DATE', list_values: null, modified_at: NOW },
      { client_id: c.clientId, field: 4, label: 'VIP', data_type: 'BOOLEAN', list_values: null, modified_at: NOW },
    ]).execute()
    expect(await accounts(c, { search: cond('COL1', 'GREATER', '20') })).toEqual(['n2'])
    expect(await accounts(c, { search: cond('col1', 'LESS', '20') })).toEqual(['n1', 'n4'])
    expect(await accounts(c, { search: cond('COL1', 'STARTS_WITH', '15') })).toEqual(['n1', 'n2'])
    expect(await accounts(c, { search: cond('COL2', 'EQUALS', 'GOLD') })).toEqual(['n1'])
    expect(await accounts(c, { search: cond('COL2', 'CONTAINS', '%') })).toEqual(['n4'])
    expect(await accounts(c, { search: cond('COL3', 'EQUALS', '2026-01-10') })).toEqual(['n1', 'n2'])
    expect(await accounts(c, { search: cond('COL3', 'GREATER', '2026-01-10') })).toEqual(['n3'])
    expect(await accounts(c, { search: cond('COL4', 'EQUALS', 'Y') })).toEqual(['n1'])
    expect((await search(c.admin, { search: cond('COL1', 'GREATER', 'many') })).json())
      .toEqual(errorOf(202, 'Invalid input [search.criteria: not a number]'))
    expect((await search(c.admin, { search: cond('COL101', 'EQUALS', 'x') })).json())
      .toEqual(errorOf(202, 'Invalid input [search.field: COL101]'))
  })

  it('combines nested AND/OR with negation at several levels', async () => {
    const c = await clientWith([
      { account: 'a', city: 'Boston', balance: 10 },
      { account: 'b', city: 'Boston', balance: 500 },
      { account: 'c', city: 'Denver', balance: 10 },
      { account: 'd', city: 'Denver', balance: 500 },
      { account: 'e', balance: 500 },
    ])
    // NOT(city = Boston OR balance > 100) = city <> Boston AND balance <= 100 (e has no city: never satisfies)
    expect(await accounts(c, { search: rule('OR', cond('city', 'EQUALS', 'boston'), cond('paymentbalance', 'GREATER', '100'), true) })).toEqual(['c'])
    // (NOT(city = Boston AND NOT balance > 100)) AND account < e
    expect(await accounts(c, {
      search: rule('AND', rule('AND', cond('city', 'EQUALS', 'boston'), cond('paymentbalance', 'GREATER', '100', true), true), cond('account', 'LESS', 'e')),
    })).toEqual(['b', 'c', 'd'])
    // Double negation cancels.
    expect(await accounts(c, {
      search: rule('AND', rule('OR', cond('city', 'EQUALS', 'denver', true), cond('account', 'EQUALS', 'zzz'), true), cond('account', 'LESS', 'z')),
    })).toEqual(['c', 'd'])
  })

  it('sorts on several keys with nulls first ascending and last descending, ties by id', async () => {
    const c = await clientWith([
      { account: 's1', city: 'Boston', balance: 5 },
      { account: 's2', city: null, balance: 7 },
      { account: 's3', city: 'Austin', balance: 5 },
      { account: 's4', city: 'Boston', balance: 9 },
      { account: 's5', city: 'Austin', balance: null },
    ])
    const all = cond('account', 'STARTS_WITH', 's')
    expect(await accounts(c, { search: all, sort: [{ field: 'CITY', order: 'asc' }, { field: 'paymentbalance', order: 'DESC' }] }))
      .toEqual(['s2', 's3', 's5', 's4', 's1'])
    expect(await accounts(c, { search: all, sort: [{ field: 'city', order: 'DESC' }, { field: 'PAYMENTBALANCE' }] }))
      .toEqual(['s1', 's4', 's5', 's3', 's2'])
    expect(await accounts(c, { search: all, sort: [{ field: 'LVACCOUNT_ID', order: 'DESC' }] })).toEqual(['s5', 's4', 's3', 's2', 's1'])
    expect(await accounts(c, { search: all, sort: [{ field: 'paymentbalance', order: 'ASc' }] })).toEqual(['s5', 's1', 's3', 's2', 's4'])
  })

  it('pages with offset and count and links the next page', async () => {
    const c = await clientWith(Array.from({ length: 7 }, (_, i) => ({ account: `p${i}` })))
    const body = { search: cond('account', 'STARTS_WITH', 'p'), sort: [{ field: 'account', order: 'DESC' }] }
    const first = await search(c.admin, body, 'offset=0&count=3')
    expect(first.json().findMatchingContactsDetails.map((x: { account: string }) => x.account)).toEqual(['p6', 'p5', 'p4'])
    expect(first.json().next).toBe('contact/contacts/search?offset=3&count=3')
    const last = await search(c.admin, body, 'offset=6&count=3')
    expect(last.json()).toMatchObject({ findMatchingContactsDetails: [{ account: 'p0' }], next: null })
    expect((await search(c.admin, body, 'offset=3&count=3')).json().next).toBe('contact/contacts/search?offset=6&count=3')
    expect((await search(c.admin, body, 'offset=9&count=3')).json()).toEqual({ findMatchingContactsDetails: [], next: null })
  })

  it('answers another client\'s contacts as missing', async () => {
    const mine = await clientWith([{ account: 'shared-1' }])
    const other = await clientWith([{ account: 'shared-2' }])
    expect(await accounts(mine, { search: cond('account', 'STARTS_WITH', 'shared') })).toEqual(['shared-1'])
    expect(await accounts(other, { search: cond('account', 'STARTS_WITH', 'shared') })).toEqual(['shared-2'])
    expect(await accounts(mine, { search: cond('phone', 'EQUALS', '1') })).toEqual([])
  })

  it('lets Sysadmin, Superuser and Manager search; refuses IT User and no session', async () => {
    const c = await clientWith([{ account: 'r1' }])
    const body = { search: cond('account', 'EQUALS', 'r1') }
    for (const role of ['SUPERUSER', 'MANAGER'] as const) {
      const { headers } = await userSession(t, c, role)
      expect((await search(headers, body)).json().findMatchingContactsDetails).toHaveLength(1)
    }
    const it = await userSession(t, c, 'IT_USER')
    const denied = await search(it.headers, body)
    expect(denied.statusCode).toBe(403)
    expect(denied.json()).toEqual(errorOf(201, 'Forbidden [role]'))
    const anonymous = await search({}, body)
    expect(anonymous.statusCode).toBe(401)
  })

  it('reports each documented error as 400/202', async () => {
    const c = await createTestClient(t)
    const cases: Array<[unknown, string, string?]> = [
      [{}, 'Missing required field [search]'],
      [{ search: {} }, 'Invalid input [search]'],
      [{ search: { rule: 'AND', left: cond('account', 'EQUALS', 'x') } }, 'Missing required field [search.right]'],
      [{ search: { rule: 'XOR', left: cond('account', 'EQUALS', 'x'), right: cond('account', 'EQUALS', 'y') } }, 'Invalid input [search.rule must be one of AND, OR]'],
      [{ search: cond('shoe_size', 'EQUALS', '9') }, 'Invalid input [search.field: shoe_size]'],
      [{ search: cond('account', 'LIKE', 'x') }, 'Invalid input [search.condition must be one of STARTS_WITH, ENDS_WITH, EQUALS, LESS, GREATER, GREATER_EQUAL, CONTAINS]'],
      [{ search: rule('OR', cond('account', 'EQUALS', 'x'), { field: 'city', condition: 'EQUALS' }) }, 'Missing required field [search.right.criteria]'],
      [{ search: cond('dob', 'EQUALS', '31/12/2020') }, 'Invalid input [search.criteria: expected CCYY-MM-DD or epoch milliseconds]'],
      [{ search: cond('do_not_dial', 'CONTAINS', 'true') }, 'Invalid input [search.criteria: CONTAINS does not apply to a true/false field]'],
      [{ search: cond('account', 'EQUALS', 'x'), sort: [{ field: 'shoe_size' }] }, 'Invalid input [sort[0].field: shoe_size]'],
      [{ search: cond('account', 'EQUALS', 'x'), sort: [{ field: 'account', order: 'UP' }] }, 'Invalid input [sort[0].order: UP]'],
      [{ search: cond('account', 'EQUALS', 'x'.repeat(256)) }, 'Invalid input [search.criteria must NOT have more than 255 characters]'],
      [{ search: cond('account', 'EQUALS', 'x') }, 'Missing required field [count]', 'offset=0'],
      [{ search: cond('account', 'EQUALS', 'x') }, 'Invalid input [offset must be >= 0]', 'offset=-1&count=5'],
    ]
    for (const [body, message, query] of cases) {
      const res = await search(c.admin, body, query)
      expect({ status: res.statusCode, body: res.json() }, JSON.stringify(body)).toEqual({ status: 400, body: errorOf(202, message) })
    }
  })

  it('accepts criteria sent as a number and the version alias of the path', async () => {
    const c = await clientWith([{ account: 'num', balance: 42 }])
    const res = await t.app.inject({
      method: 'POST', url: '/contact/v17.0/contacts/search?count=5&offset=0', headers: c.admin,
      payload: { search: { field: 'paymentbalance', criteria: 42, condition: 'EQUALS' } },
    })
    expect(res.json().findMatchingContactsDetails.map((x: { account: string }) => x.account)).toEqual(['num'])
  })
})
