import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient, type TestClient } from '../../../../test/fixtures.ts'
import { call, createContact, emptyView, readContact, seedCreateDetails, seedUpdateDetails, updateCustomFields } from '../../../../test/support/contact.ts'
import { expectError, expectInvalidPrefix, expectNoRecord } from '../../../../test/support/errors.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const HOUR = 3_600_000

/** The seed's Create Contact example, read back in full view (contacts.md §2.3). */
function seedView(id: number, at: number): Record<string, unknown> {
  return {
    id,
    person: { firstName: 'James', lastName: '22', dateOfBirth: 621057600000, email: 'example@liveox.com', ssn: '123DonotChange', zipCode: '560001' },
    guarantor: { firstName: 'aa', lastName: 'bbb' },
    phone: [{ phone: '6503517500', ordinal: 1, phoneBlock: 'NONE', smsConsent: true, cellConsent: true }],
    customFields: [{ field: 'COL1', value: '123' }],
    account: '1234556', active: true, balance: 100, accountBlock: 'NONE', accountToSpeak: '123DonotChange',
    originalAccountNumber: 'oan123', address1: 'ABC', address2: 'XYZ', city: 'San Francisco', state: 'CA',
    country: 'UNITED_STATES_OF_AMERICA', amountToSpeak: 100, dueDate: 1641963600000, groupId: 12371, primaryEmailConsent: true,
    agentId: 0, department: null, salutation: null, title: null, description: null, happinessIndex: null,
    callAttemptsToday: 0, callAttemptsTotal: 0, callAttemptsLifetime: 0, initialLoad: 0, lastLoad: null,
    createDate: at, createdDate: at, modifyDate: at, modifiedDate: at,
  }
}

async function listAll(c: TestClient): Promise<Record<string, any>[]> {
  const res = await call(t, c.admin, 'GET', '/contact/contacts?count=1000&offset=0')
  expect(res.statusCode).toBe(200)
  return res.json().listContactDetails
}

describe('Create Contact', () => {
  it('creates the seed example and Read returns every value it was given', async () => {
    const c = await createTestClient(t)
    const res = await call(t, c.admin, 'POST', '/contact/contacts/', { createContactDetails: seedCreateDetails() })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body).toEqual({ id: expect.any(Number) })
    expect(await readContact(t, c.admin, '1234556')).toEqual(seedView(body.id, t.clock.now()))
  })

  it('accepts the seed\'s string forms of booleans, decimals, ordinals and dates', async () => {
    const c = await createTestClient(t)
    await createContact(t, c.admin, {
      account: '1246583', active: 'true', balance: '1000.00', accountBlock: 'NONE', originalAccountNumber: '987654',
      city: 'San Francisco', state: 'CA', country: 'United States of America',
      person: { firstName: 'john', lastName: 'doe', dateOfBirth: '621057600000' },
      phone: [{ phone: 4085553593, ordinal: '1', phoneBlock: 'NONE', smsConsent: 'false', cellConsent: 'true' }],
      dueDate: '2022-01-12', groupId: '0', agentId: '657530671', happinessIndex: '-3',
    })
    const view = await readContact(t, c.admin, '1246583')
    expect(view).toMatchObject({
      active: true, balance: 1000, country: 'UNITED_STATES_OF_AMERICA', groupId: 0, agentId: 657530671, happinessIndex: -3,
      // CCYY-MM-DD is that day's midnight in New York (README §4): 2022-01-12T05:00Z.
      dueDate: Date.UTC(2022, 0, 12, 5),
      person: { firstName: 'john', lastName: 'doe', dateOfBirth: 621057600000, email: null, ssn: null, zipCode: null },
      phone: [{ phone: '4085553593', ordinal: 1, phoneBlock: 'NONE', smsConsent: false, cellConsent: true }],
    })
  })

  it('applies the defaults: inactive, accountToSpeak = account, DND actions from NONE', async () => {
    const c = await createTestClient(t)
    const id = await createContact(t, c.admin, { account: 'bare' })
    expect(await readContact(t, c.admin, 'bare')).toEqual(emptyView(id, 'bare', t.clock.now()))
    await createContact(t, c.admin, {
      account: 'blocked', accountBlock: 'BOTH',
      phone: [{ phone: '1111111111', phoneBlock: 'PERMANENT' }, { phone: '2222222222', phoneBlock: 'DAILY' }, { phone: '3333333333', phoneBlock: 'PERMANENT_OFF' }],
    })
    const view = await readContact(t, c.admin, 'blocked')
    expect(view.accountBlock).toBe('BOTH')
    expect(view.phone).toEqual([
      { phone: '1111111111', ordinal: 1, phoneBlock: 'PERMANENT', smsConsent: false, cellConsent: false },
      { phone: '2222222222', ordinal: 2, phoneBlock: 'DAILY', smsConsent: false, cellConsent: false },
      { phone: '3333333333', ordinal: 3, phoneBlock: 'NONE', smsConsent: false, cellConsent: false },
    ])
  })

  it('places phones without ordinal in the first free slots, around the ordinals given', async () => {
    const c = await createTestClient(t)
    await createContact(t, c.admin, {
      account: 'slots',
      phone: [{ phone: '5550000001' }, { phone: '5550000002', ordinal: 1 }, { phone: '5550000003', ordinal: 3 }, { phone: '5550000004' }],
    })
    const view = await readContact(t, c.admin, 'slots')
    expect(view.phone.map((p: { phone: string; ordinal: number }) => [p.ordinal, p.phone])).toEqual([
      [1, '5550000002'], [2, '5550000001'], [3, '5550000003'], [4, '5550000004'],
    ])
  })

  it('refuses an account the client already has with the seed\'s 400/202 and changes nothing', async () => {
    const c = await createTestClient(t)
    const id = await createContact(t, c.admin, { account: '1246583', city: 'Boston' })
    const res = await call(t, c.admin, 'POST', '/contact/contacts/', { createContactDetails: { account: '1246583', city: 'San Francisco' } })
    expectError(res, 400, 202, 'Contact already exists!')
    expect(await listAll(c)).toEqual([expect.objectContaining({ id, account: '1246583', city: 'Boston' })])
  })

  it('treats accounts as case-sensitive and per client', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    await createContact(t, c.admin, { account: 'MF1234' })
    await createContact(t, c.admin, { account: 'mf1234' })
    await createContact(t, other.admin, { account: 'MF1234' })
    expect((await listAll(c)).map((v) => v.account)).toEqual(['MF1234', 'mf1234'])
    expect((await listAll(other)).map((v) => v.account)).toEqual(['MF1234'])
  })

  it('normalizes List Countries names and keeps other countries as given', async () => {
    const c = await createTestClient(t)
    await createContact(t, c.admin, { account: 'c1', country: 'united_kingdom' })
    await createContact(t, c.admin, { account: 'c2', country: ' new zealand ' })
    await createContact(t, c.admin, { account: 'c3', country: 'uk' })
    expect((await listAll(c)).map((v) => v.country)).toEqual(['united_kingdom', 'NEW_ZEALAND', 'UK'])
  })

  it('reads JSON null as "not supplied"', async () => {
    const c = await createTestClient(t)
    const id = await createContact(t, c.admin, { account: 'nulls', city: null, active: null, person: { firstName: null }, phone: null, customFields: null })
    expect(await readContact(t, c.admin, 'nulls')).toEqual(emptyView(id, 'nulls', t.clock.now()))
  })

  it('stores custom field values as strings checked against their definitions', async () => {
    const c = await createTestClient(t)
    await updateCustomFields(t, c.admin, [
      { field: 'COL2', label: 'Score', dataType: 'NUMBER' },
      { field: 'COL3', label: 'Paid', dataType: 'BOOLEAN' },
      { field: 'COL4', label: 'Since', dataType: 'DATE' },
      { field: 'COL5', label: 'Color', dataType: 'LIST', listValues: ['blue', 'green', 'red'] },
    ])
    await createContact(t, c.admin, {
      account: 'cf',
      customFields: [
        { field: 'COL2', value: 12.5 }, { field: 'col3', value: 'TRUE' }, { field: 'COL4', value: '2020-01-01' },
        { field: 'COL5', value: 'green' }, { field: 'COL100', value: 'free text' }, { field: 'COL6', value: '' },
      ],
    })
    expect((await readContact(t, c.admin, 'cf')).customFields).toEqual([
      { field: 'COL2', value: '12.5' }, { field: 'COL3', value: 'true' }, { field: 'COL4', value: '2020-01-01' },
      { field: 'COL5', value: 'green' }, { field: 'COL100', value: 'free text' },
    ])
    for (const [field, value] of [['COL2', 'abc'], ['COL3', 'yes'], ['COL4', '01/02/2020'], ['COL5', 'Blue']] as const) {
      const res = await call(t, c.admin, 'POST', '/contact/contacts', { createContactDetails: { account: `bad-${field}`, customFields: [{ field, value }] } })
      expectError(res, 400, 202, `Invalid input [customFields: ${field}]`)
    }
    const res = await call(t, c.admin, 'POST', '/contact/contacts', { createContactDetails: { account: 'bad-name', customFields: [{ field: 'COL101', value: 'x' }] } })
    expectInvalidPrefix(res, 'Invalid input [customFields[0].field')
    expect((await listAll(c)).map((v) => v.account)).toEqual(['cf'])
  })

  it('answers 400/202 for invalid details and writes nothing', async () => {
    const c = await createTestClient(t)
    const post = (payload: unknown) => call(t, c.admin, 'POST', '/contact/contacts', payload)
    expectError(await post({}), 400, 202, 'Missing required field [createContactDetails]')
    expectError(await post({ createContactDetails: { city: 'Boston' } }), 400, 202, 'Missing required field [account]')
    expectError(await post({ createContactDetails: { account: '' } }), 400, 202, 'Missing required field [account]')
    expectError(await post({ createContactDetails: { account: 'x', phone: [{ phone: '1', ordinal: 1 }, { phone: '2', ordinal: 1 }] } }), 400, 202, 'Invalid input [ordinal]')
    expectInvalidPrefix(await post({ createContactDetails: { account: 'x', phone: [{ ordinal: 1 }] } }), 'Missing required field [createContactDetails.phone[0].phone]')
    expectError(await post({ createContactDetails: { account: 'x', phone: [{ phone: '', ordinal: 1 }] } }), 400, 202, 'Missing required field [phone[0].phone]')
    expectInvalidPrefix(await post({ createContactDetails: { account: 'x', phone: [{ phone: '1', ordinal: 11 }] } }), 'Invalid input [createContactDetails.phone[0].ordinal')
    expectInvalidPrefix(await post({ createContactDetails: { account: 'x', phone: Array.from({ length: 11 }, (_, i) => ({ phone: String(i) })) } }), 'Invalid input [createContactDetails.phone')
    expectInvalidPrefix(await post({ createContactDetails: { account: 'x', accountBlock: 'SOMETIMES' } }), 'Invalid input [createContactDetails.accountBlock must be one of DAILY, PERMANENT, BOTH, NONE, DAILY_OFF, PERMANENT_OFF]')
    expectInvalidPrefix(await post({ createContactDetails: { account: 'x', city: 'x'.repeat(256) } }), 'Invalid input [createContactDetails.city')
    expectInvalidPrefix(await post({ createContactDetails: { account: 'x', balance: 'lots' } }), 'Invalid input [createContactDetails.balance')
    expectInvalidPrefix(await post({ createContactDetails: { account: 'x', dueDate: 'tomorrow' } }), 'Invalid input [createContactDetails.dueDate')
    expectInvalidPrefix(await post({ createContactDetails: { account: 'x', active: 'maybe' } }), 'Invalid input [createContactDetails.active')
    expectInvalidPrefix(await post({ createContactDetails: 'x' }), 'Invalid input [createContactDetails')
    expectError(await post([]), 400, 202, 'Invalid input [body must be a JSON object]')
    expect(await listAll(c)).toEqual([])
  })
})

describe('Read Contact', () => {
  it('cannot address an account spelled like a route literal (inconsistencies.md F27), though Create accepts it', async () => {
    const c = await createTestClient(t)
    await createContact(t, c.admin, { account: 'dnd' })
    expectError(await call(t, c.admin, 'GET', '/contact/contacts/dnd'), 405, 204, 'Method not allowed [allowed: POST]')
    expect((await listAll(c)).map((v) => v.account)).toEqual(['dnd'])
  })

  it('finds an account with URL-significant characters', async () => {
    const c = await createTestClient(t)
    await createContact(t, c.admin, { account: 'A/B 7?x', city: 'Reno' })
    expect((await readContact(t, c.admin, 'A/B 7?x')).city).toBe('Reno')
  })

  it('answers No Record Found for an unknown account and for another client\'s account', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    await createContact(t, other.admin, { account: 'theirs' })
    expectNoRecord(await call(t, c.admin, 'GET', '/contact/contacts/theirs'))
    expectNoRecord(await call(t, c.admin, 'GET', '/contact/contacts/1234567'))
    expectNoRecord(await call(t, c.admin, 'GET', '/contact/contacts/THEIRS'))
  })
})

describe('List Contact', () => {
  it('pages the client\'s contacts by id with README §5 next links', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    await createContact(t, other.admin, { account: 'not mine' })
    const ids = []
    for (const account of ['z', 'a', 'm']) ids.push(await createContact(t, c.admin, { account }))
    const first = await call(t, c.admin, 'GET', '/contact/contacts?offset=0&count=2')
    expect(first.statusCode).toBe(200)
    expect(first.json()).toEqual({
      listContactDetails: [emptyView(ids[0], 'z', t.clock.now()), emptyView(ids[1], 'a', t.clock.now())],
      next: 'contact/contacts?offset=2&count=2',
    })
    const second = await call(t, c.admin, 'GET', '/contact/v17.0/contacts?offset=2&count=2')
    expect(second.json()).toEqual({ listContactDetails: [emptyView(ids[2], 'm', t.clock.now())], next: null })
  })

  it('answers an empty page for a client without contacts, and 400 without paging', async () => {
    const c = await createTestClient(t)
    expect((await call(t, c.admin, 'GET', '/contact/contacts?count=10&offset=0')).json()).toEqual({ listContactDetails: [], next: null })
    expectError(await call(t, c.admin, 'GET', '/contact/contacts?offset=0'), 400, 202, 'Missing required field [count]')
    expectError(await call(t, c.admin, 'GET', '/contact/contacts?count=10'), 400, 202, 'Missing required field [offset]')
    expectInvalidPrefix(await call(t, c.admin, 'GET', '/contact/contacts?count=0&offset=0'), 'Invalid input [count')
  })
})

describe('Update Contact', () => {
  it('applies the seed example to the seed contact', async () => {
    const c = await createTestClient(t)
    const id = await createContact(t, c.admin, seedCreateDetails({ account: 'DOC1625198460001' }))
    const created = t.clock.now()
    t.clock.advance(60_000)
    const res = await call(t, c.admin, 'PUT', '/contact/contacts/DOC1625198460001', { updateContactDetails: seedUpdateDetails() })
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    const now = t.clock.now()
    expect(await readContact(t, c.admin, 'DOC1625198460001')).toEqual({
      ...seedView(id, created),
      account: 'DOC1625198460001',
      person: { firstName: 'Jame', lastName: '222', dateOfBirth: 621057600000, email: 'example@liveox.com', ssn: '1234DonotChange', zipCode: '560002' },
      guarantor: { firstName: 'aaa', lastName: 'bbab' },
      phone: [{ phone: '6503517501', ordinal: 1, phoneBlock: 'NONE', smsConsent: false, cellConsent: false }],
      customFields: [{ field: 'COL1', value: 'true' }],
      active: false, balance: 101, accountToSpeak: '1234DonotChange', originalAccountNumber: 'oan1234', amountToSpeak: 101,
      groupId: 6460, primaryEmailConsent: false, modifyDate: now, modifiedDate: now,
    })
  })

  it('changes only what is sent: absent and null keys stay, person merges, "" clears', async () => {
    const c = await createTestClient(t)
    await createContact(t, c.admin, seedCreateDetails())
    const before = await readContact(t, c.admin, '1234556')
    const res = await call(t, c.admin, 'PUT', '/contact/contacts/1234556', {
      updateContactDetails: { account: 'ignored', person: { lastName: 'Bond', email: null }, city: '', state: null, balance: 0, active: 'false' },
    })
    expect(res.statusCode).toBe(204)
    expect(await readContact(t, c.admin, '1234556')).toEqual({
      ...before, person: { ...before.person, lastName: 'Bond' }, city: null, balance: 0, active: false,
    })
    expectNoRecord(await call(t, c.admin, 'GET', '/contact/contacts/ignored'))
  })

  it('addresses phones by ordinal, else by number, else the first empty slot; "" empties a slot', async () => {
    const c = await createTestClient(t)
    await createContact(t, c.admin, {
      account: 'ph',
      phone: [{ phone: '1000000001', ordinal: 1, phoneBlock: 'PERMANENT' }, { phone: '1000000003', ordinal: 3, smsConsent: true }],
    })
    const res = await call(t, c.admin, 'PUT', '/contact/contacts/ph', {
      updateContactDetails: {
        phone: [
          { phone: '1000000003', cellConsent: true },
          { phone: '1000000009', phoneBlock: 'DAILY' },
          { phone: '', ordinal: 1 },
          { phone: '1000000007', ordinal: 7 },
        ],
      },
    })
    expect(res.statusCode).toBe(204)
    expect((await readContact(t, c.admin, 'ph')).phone).toEqual([
      { phone: '1000000009', ordinal: 2, phoneBlock: 'DAILY', smsConsent: false, cellConsent: false },
      { phone: '1000000003', ordinal: 3, phoneBlock: 'NONE', smsConsent: true, cellConsent: true },
      { phone: '1000000007', ordinal: 7, phoneBlock: 'NONE', smsConsent: false, cellConsent: false },
    ])
  })

  it('starts a slot fresh when it receives a different number', async () => {
    const c = await createTestClient(t)
    await createContact(t, c.admin, { account: 'fresh', phone: [{ phone: '1000000001', ordinal: 1, phoneBlock: 'BOTH', smsConsent: true }] })
    await call(t, c.admin, 'PUT', '/contact/contacts/fresh', { updateContactDetails: { phone: [{ phone: '2000000002', ordinal: 1 }] } })
    expect((await readContact(t, c.admin, 'fresh')).phone).toEqual([{ phone: '2000000002', ordinal: 1, phoneBlock: 'NONE', smsConsent: false, cellConsent: false }])
  })

  it('sets and clears custom field values one by one, leaving the others', async () => {
    const c = await createTestClient(t)
    await createContact(t, c.admin, { account: 'cf', customFields: [{ field: 'COL1', value: 'a' }, { field: 'COL2', value: 'b' }, { field: 'COL3', value: 'c' }] })
    await call(t, c.admin, 'PUT', '/contact/contacts/cf', { updateContactDetails: { customFields: [{ field: 'COL1', value: null }, { field: 'COL2', value: '' }, { field: 'COL9', value: 9 }] } })
    expect((await readContact(t, c.admin, 'cf')).customFields).toEqual([{ field: 'COL3', value: 'c' }, { field: 'COL9', value: '9' }])
    await call(t, c.admin, 'PUT', '/contact/contacts/cf', { updateContactDetails: { customFields: [{ field: 'COL3', value: null }, { field: 'COL9', value: null }] } })
    expect((await readContact(t, c.admin, 'cf')).customFields).toBeNull()
  })

  it('is a no-op without updateContactDetails (204, modifyDate kept)', async () => {
    const c = await createTestClient(t)
    await createContact(t, c.admin, { account: 'same' })
    const before = await readContact(t, c.admin, 'same')
    t.clock.advance(HOUR)
    for (const payload of [undefined, {}, { updateContactDetails: null }]) {
      expect((await call(t, c.admin, 'PUT', '/contact/contacts/same', payload)).statusCode).toBe(204)
    }
    expect(await readContact(t, c.admin, 'same')).toEqual(before)
  })

  it('answers 404 No Record Found for an unknown or another client\'s account, and 400 for invalid input without writing', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    await createContact(t, other.admin, { account: '1234567', city: 'Their city' })
    const seedBody = { updateContactDetails: { person: { firstName: 'mike', lastName: 'bonds' }, phone: [{ phone: '4565553748', ordinal: '2', phoneBlock: 'DAILY' }] } }
    expectNoRecord(await call(t, c.admin, 'PUT', '/contact/contacts/1234567', seedBody))
    expect((await readContact(t, other.admin, '1234567')).person.firstName).toBeNull()

    await createContact(t, c.admin, { account: 'mine', city: 'Boston' })
    const before = await readContact(t, c.admin, 'mine')
    expectInvalidPrefix(await call(t, c.admin, 'PUT', '/contact/contacts/mine', { updateContactDetails: { city: 'x', balance: 'much' } }), 'Invalid input [updateContactDetails.balance')
    expectError(await call(t, c.admin, 'PUT', '/contact/contacts/mine', { updateContactDetails: { city: 'x', phone: [{ phone: '' }] } }), 400, 202, 'Missing required field [phone[0].ordinal]')
    expectError(await call(t, c.admin, 'PUT', '/contact/contacts/mine', { updateContactDetails: { city: 'x', customFields: [{ field: 'COL1' }] } }), 400, 202, 'Missing required field [updateContactDetails.customFields[0].value]')
    const full = { phone: Array.from({ length: 10 }, (_, i) => ({ phone: `90000000${i}`, ordinal: i + 1 })) }
    expect((await call(t, c.admin, 'PUT', '/contact/contacts/mine', { updateContactDetails: full })).statusCode).toBe(204)
    const filled = await readContact(t, c.admin, 'mine')
    expectError(await call(t, c.admin, 'PUT', '/contact/contacts/mine', { updateContactDetails: { city: 'x', phone: [{ phone: '5555555555' }] } }), 400, 202, 'Invalid input [ordinal]')
    expect(await readContact(t, c.admin, 'mine')).toEqual(filled)
    expect(filled.city).toBe(before.city)
  })
})

describe('Delete Contact', () => {
  it('deletes by account; the account is then unknown; another client\'s contact is not reachable', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    await createContact(t, c.admin, { account: '123456789' })
    await createContact(t, other.admin, { account: 'keep' })
    const res = await call(t, c.admin, 'DELETE', '/contact/contacts/123456789')
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    expectNoRecord(await call(t, c.admin, 'GET', '/contact/contacts/123456789'))
    expectNoRecord(await call(t, c.admin, 'DELETE', '/contact/contacts/123456789'))
    expectNoRecord(await call(t, c.admin, 'DELETE', '/contact/contacts/keep'))
    expect((await readContact(t, other.admin, 'keep')).account).toBe('keep')
  })

  it('lets the account be created again afterwards', async () => {
    const c = await createTestClient(t)
    const first = await createContact(t, c.admin, { account: 'again' })
    await call(t, c.admin, 'DELETE', '/contact/contacts/again')
    const second = await createContact(t, c.admin, { account: 'again' })
    expect(second).not.toBe(first)
  })
})

describe('Bulk Create Contact', () => {
  it('creates the seed example and answers with the seed\'s message', async () => {
    const c = await createTestClient(t)
    const res = await call(t, c.admin, 'POST', '/contact/contacts/bulk', {
      createContactDetails: [
        seedCreateDetails({ account: 'Doc1', department: 'APIDEPT', salutation: 'Mr', title: 'Mr', country: 'United States of America' }),
        { person: { firstName: 'Joe', lastName: 'Williams', dateOfBirth: '621057600000', email: 'xyz@example.com', ssn: 'B123456', zipCode: '10011' }, account: 'Doc2' },
        { person: { firstName: 'Sally', lastName: 'Yam' }, account: 'Doc3', groupId: '83195', primaryEmailConsent: true, agentId: '657530671', department: 'APIDEPT' },
      ],
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ message: 'Successfully updated contacts 3' })
    const doc1 = await readContact(t, c.admin, 'Doc1')
    expect(doc1).toEqual({ ...seedView(doc1.id, t.clock.now()), account: 'Doc1', department: 'APIDEPT', salutation: 'Mr', title: 'Mr' })
    expect(await readContact(t, c.admin, 'Doc3')).toMatchObject({ groupId: 83195, agentId: 657530671, primaryEmailConsent: true, person: { firstName: 'Sally', lastName: 'Yam' } })
  })

  it('processes items independently and counts only the contacts created', async () => {
    const c = await createTestClient(t)
    await createContact(t, c.admin, { account: 'exists', city: 'Old' })
    await updateCustomFields(t, c.admin, [{ field: 'COL5', label: 'Score', dataType: 'NUMBER' }])
    const res = await call(t, c.admin, 'POST', '/contact/contacts/bulk', {
      createContactDetails: [
        { account: 'ok1' },
        { account: 'exists', city: 'New' },
        { account: 'ok2', phone: [{ phone: '1', ordinal: 1 }] },
        { account: 'ok1', city: 'second ok1' },
        'not an object',
        { city: 'no account' },
        { account: 'bad-ordinal', phone: [{ phone: '1', ordinal: 12 }] },
        { account: 'bad-field', customFields: [{ field: 'COL5', value: 'twelve' }] },
        { account: 'bad-enum', accountBlock: 'ALWAYS' },
        { account: 'ok3', active: 'true', customFields: [{ field: 'COL5', value: '12' }] },
      ],
    })
    expect(res.json()).toEqual({ message: 'Successfully updated contacts 3' })
    const all = await listAll(c)
    expect(all.map((v) => [v.account, v.city])).toEqual([['exists', 'Old'], ['ok1', null], ['ok2', null], ['ok3', null]])
    expect(all[3]).toMatchObject({ active: true, customFields: [{ field: 'COL5', value: '12' }] })
  })

  it('creates 1000 contacts in one request', async () => {
    const c = await createTestClient(t)
    const items = Array.from({ length: 1000 }, (_, i) => ({
      account: `B${i}`, person: { firstName: `F${i}`, lastName: 'Bulk' },
      phone: [{ phone: String(6500000000 + i), ordinal: 1 }, { phone: String(4150000000 + i) }],
      customFields: [{ field: 'COL1', value: i }],
    }))
    const res = await call(t, c.admin, 'POST', '/contact/contacts/bulk', { createContactDetails: items })
    expect(res.json()).toEqual({ message: 'Successfully updated contacts 1000' })
    const page = (await call(t, c.admin, 'GET', '/contact/contacts?count=1000&offset=0')).json()
    expect(page.listContactDetails).toHaveLength(1000)
    expect(page.listContactDetails[999]).toMatchObject({
      account: 'B999', person: { firstName: 'F999', lastName: 'Bulk' }, customFields: [{ field: 'COL1', value: '999' }],
      phone: [{ phone: '6500000999', ordinal: 1 }, { phone: '4150000999', ordinal: 2 }],
    })
    const again = await call(t, c.admin, 'POST', '/contact/contacts/bulk', { createContactDetails: items.slice(0, 10) })
    expect(again.json()).toEqual({ message: 'Successfully updated contacts 0' })
  })

  it('fails the request only for a missing, empty, oversized or non-array list, or both bodies', async () => {
    const c = await createTestClient(t)
    const post = (payload: unknown) => call(t, c.admin, 'POST', '/contact/contacts/bulk', payload)
    expectError(await post({}), 400, 202, 'Missing required field [exportableFields]')
    expectError(await post({ createContactDetails: [{ account: 'a' }], exportableFields: ['account'] }), 400, 202,
      'Invalid input [exportableFields and createContactDetails are mutually exclusive]')
    expectInvalidPrefix(await post({ createContactDetails: [] }), 'Invalid input [createContactDetails')
    expectInvalidPrefix(await post({ createContactDetails: Array.from({ length: 1001 }, (_, i) => ({ account: `x${i}` })) }), 'Invalid input [createContactDetails')
    expectInvalidPrefix(await post({ createContactDetails: { account: 'a' } }), 'Invalid input [createContactDetails')
    expect(await listAll(c)).toEqual([])
  })
})

describe('Bulk Update Contact', () => {
  it('updates items by account or id and answers 204 without a body', async () => {
    const c = await createTestClient(t)
    const idA = await createContact(t, c.admin, { account: 'account10' })
    const idB = await createContact(t, c.admin, { account: 'account9' })
    const idC = await createContact(t, c.admin, { account: 'by-id' })
    t.clock.advance(1000)
    const res = await call(t, c.admin, 'PUT', '/contact/contacts/bulk', {
      updateContactDetails: [
        {
          account: 'account10', active: true, balance: 100.0, accountBlock: 'PERMANENT',
          person: { firstName: 'James', lastName: '22' },
          phone: [{ phone: '6503517500', ordinal: 1, phoneBlock: 'PERMANENT', smsConsent: true, cellConsent: true }],
        },
        { account: 'account9', active: true, balance: 100.0, accountBlock: 'PERMANENT' },
        { id: idC, city: 'By id' },
        { id: String(idA), account: 'account9', city: 'account wins' },
        { account: 'unknown', city: 'skipped' },
        { account: 'account10', balance: 'not a number' },
        { city: 'no identity' },
      ],
    })
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    const a = await readContact(t, c.admin, 'account10')
    expect(a).toMatchObject({
      id: idA, active: true, balance: 100, accountBlock: 'PERMANENT', city: null, modifyDate: t.clock.now(),
      person: { firstName: 'James', lastName: '22' },
      phone: [{ phone: '6503517500', ordinal: 1, phoneBlock: 'PERMANENT', smsConsent: true, cellConsent: true }],
    })
    expect(await readContact(t, c.admin, 'account9')).toMatchObject({ id: idB, active: true, accountBlock: 'PERMANENT', city: 'account wins' })
    expect(await readContact(t, c.admin, 'by-id')).toMatchObject({ id: idC, city: 'By id' })
    expectNoRecord(await call(t, c.admin, 'GET', '/contact/contacts/unknown'))
  })

  it('applies two items for one contact in order', async () => {
    const c = await createTestClient(t)
    await createContact(t, c.admin, { account: 'twice' })
    await call(t, c.admin, 'PUT', '/contact/contacts/bulk', {
      updateContactDetails: [{ account: 'twice', accountBlock: 'DAILY', city: 'first' }, { account: 'twice', accountBlock: 'PERMANENT' }],
    })
    expect(await readContact(t, c.admin, 'twice')).toMatchObject({ accountBlock: 'BOTH', city: 'first' })
  })

  // On PostgreSQL a batch is written through COPY, grouped by changed columns: the result must be
  // what Update Contact gives item by item, for every kind of value and for "" clearing.
  it('writes what Update Contact writes item by item, whatever the values', async () => {
    const c = await createTestClient(t)
    await updateCustomFields(t, c.admin, [{ field: 'COL2', label: 'Score', dataType: 'NUMBER' }, { field: 'COL4', label: 'Since', dataType: 'DATE' }])
    const start = {
      city: 'Boston', person: { firstName: 'Ann', email: 'ann@example.com' }, customFields: [{ field: 'COL7', value: 'keep' }],
      phone: [{ ordinal: 1, phone: '6175550101' }, { ordinal: 3, phone: '6175550103', phoneBlock: 'PERMANENT' }],
    }
    const updates: Record<string, unknown>[] = [
      { city: 'tab\there, line\nbreak, back\\slash, "quotes", \\N', balance: 1234.56, dueDate: '2031-02-03' },
      { person: { firstName: 'Zoë', lastName: "O'Brien", dateOfBirth: 621057600000 }, accountBlock: 'DAILY', active: false },
      { phone: [{ ordinal: 1, phone: '' }, { ordinal: 3, phone: '6175550103', phoneBlock: 'PERMANENT_OFF', smsConsent: true }, { ordinal: 10, phone: '2125550110', phoneBlock: 'BOTH' }] },
      { customFields: [{ field: 'COL2', value: -0.5 }, { field: 'COL4', value: '2020-02-29' }, { field: 'COL7', value: '' }], city: '' },
      { groupId: '42', accountBlock: 'PERMANENT', amountToSpeak: 0, guarantor: { firstName: 'G' } },
    ]
    for (let i = 0; i < updates.length; i++) {
      await createContact(t, c.admin, { account: `bulk-${i}`, ...start })
      await createContact(t, c.admin, { account: `single-${i}`, ...start })
    }
    t.clock.advance(1000)
    const res = await call(t, c.admin, 'PUT', '/contact/contacts/bulk', { updateContactDetails: updates.map((u, i) => ({ account: `bulk-${i}`, ...u })) })
    expect(res.statusCode).toBe(204)
    for (let i = 0; i < updates.length; i++) {
      const single = await call(t, c.admin, 'PUT', `/contact/contacts/single-${i}`, { updateContactDetails: updates[i] })
      expect(single.statusCode, single.body).toBe(204)
    }
    const sameish = (v: Record<string, unknown>) => ({ ...v, id: undefined, lvAccountId: undefined, account: undefined, accountToSpeak: undefined })
    for (let i = 0; i < updates.length; i++) {
      const bulk = await readContact(t, c.admin, `bulk-${i}`)
      expect(sameish(bulk), JSON.stringify(updates[i])).toEqual(sameish(await readContact(t, c.admin, `single-${i}`)))
      expect(bulk.modifyDate).toBe(t.clock.now())
    }
    expect((await readContact(t, c.admin, 'bulk-0')).city).toBe('tab\there, line\nbreak, back\\slash, "quotes", \\N')
  })

  it('does not reach another client\'s contacts, by account or by id', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const id = await createContact(t, other.admin, { account: 'theirs' })
    await call(t, c.admin, 'PUT', '/contact/contacts/bulk', { updateContactDetails: [{ account: 'theirs', city: 'x' }, { id, city: 'y' }] })
    expect((await readContact(t, other.admin, 'theirs')).city).toBeNull()
  })

  it('fails the request only for a missing, empty, oversized or non-array list', async () => {
    const c = await createTestClient(t)
    const put = (payload: unknown) => call(t, c.admin, 'PUT', '/contact/contacts/bulk', payload)
    expectError(await put({}), 400, 202, 'Missing required field [updateContactDetails]')
    expectInvalidPrefix(await put({ updateContactDetails: [] }), 'Invalid input [updateContactDetails')
    expectInvalidPrefix(await put({ updateContactDetails: Array.from({ length: 1001 }, () => ({ account: 'a' })) }), 'Invalid input [updateContactDetails')
    expectInvalidPrefix(await put({ updateContactDetails: { account: 'a' } }), 'Invalid input [updateContactDetails')
  })
})

describe('Bulk Contact Download through the shared route', () => {
  it('answers CSV for exportableFields, gzip-compressed when asked, with the session user as createUser', async () => {
    const c = await createTestClient(t)
    await createContact(t, c.admin, { account: 'MF1234', dueDate: '2018-08-27' })
    await createContact(t, c.admin, { account: '101243' })
    const res = await call(t, c.admin, 'POST', '/contact/contacts/bulk', { exportableFields: ['account', 'dueDate', 'createUser', 'modifyUser'] })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.body).toBe('Account,Account Due Date,Create User,Modify User\nMF1234,08/27/2018,admin,admin\n101243,,admin,admin\n')
    const gz = await t.app.inject({
      method: 'POST', url: '/contact/contacts/bulk', headers: { ...c.admin, 'accept-encoding': 'gzip' }, payload: { exportableFields: ['account'] },
    })
    expect(gz.headers['content-encoding']).toBe('gzip')
    const { gunzipSync } = await import('node:zlib')
    expect(gunzipSync(gz.rawPayload).toString()).toBe('Account\nMF1234\n101243\n')
  })
})
