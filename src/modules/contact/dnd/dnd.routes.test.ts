import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient, login, PASSWORD } from '../../../../test/fixtures.ts'
import { call, createContact, readContact } from '../../../../test/support/contact.ts'
import { expectError, expectInvalidPrefix, expectNoRecord } from '../../../../test/support/errors.ts'
import { UpdateMultipleContactsDndBody } from './dnd.schemas.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const STATES = ['NONE', 'DAILY', 'PERMANENT', 'BOTH'] as const
const ACTIONS = ['DAILY', 'PERMANENT', 'BOTH', 'NONE', 'DAILY_OFF', 'PERMANENT_OFF'] as const

/** contacts.md §1.1, row = current state, column = action. */
const TRANSITIONS: Record<(typeof STATES)[number], string[]> = {
  NONE: ['DAILY', 'PERMANENT', 'BOTH', 'NONE', 'NONE', 'NONE'],
  DAILY: ['DAILY', 'BOTH', 'BOTH', 'NONE', 'NONE', 'DAILY'],
  PERMANENT: ['BOTH', 'PERMANENT', 'BOTH', 'NONE', 'PERMANENT', 'NONE'],
  BOTH: ['BOTH', 'BOTH', 'BOTH', 'NONE', 'PERMANENT', 'DAILY'],
}

/** The state a contact is created in: an action applied to NONE gives each state directly. */
const createAction = (state: (typeof STATES)[number]) => (state === 'NONE' ? undefined : state)

describe('Update Contact DND', () => {
  it('applies the transition table to the account DND', async () => {
    const c = await createTestClient(t)
    for (const state of STATES) {
      for (const [i, action] of ACTIONS.entries()) {
        const account = `acct-${state}-${action}`
        await createContact(t, c.admin, { account, accountBlock: createAction(state) })
        const res = await call(t, c.admin, 'PUT', `/contact/contacts/${account}/dnd`, { accountBlock: action })
        expect(res.statusCode).toBe(204)
        expect({ state, action, result: (await readContact(t, c.admin, account)).accountBlock })
          .toEqual({ state, action, result: TRANSITIONS[state][i] })
      }
    }
  })

  it('applies the transition table to phone DND', async () => {
    const c = await createTestClient(t)
    for (const state of STATES) {
      await createContact(t, c.admin, {
        account: `phone-${state}`,
        phone: ACTIONS.map((_, i) => ({ phone: `55500000${i}`, ordinal: i + 1, phoneBlock: createAction(state) })),
      })
      const res = await call(t, c.admin, 'PUT', `/contact/contacts/phone-${state}/dnd`, {
        updateContactDND: ACTIONS.map((action, i) => ({ phone: `55500000${i}`, ordinal: String(i + 1), phoneBlock: action })),
      })
      expect(res.statusCode).toBe(204)
      const view = await readContact(t, c.admin, `phone-${state}`)
      expect({ state, results: view.phone.map((p: { phoneBlock: string }) => p.phoneBlock) }).toEqual({ state, results: TRANSITIONS[state] })
    }
  })

  it('runs the seed example: the slot takes the number sent, with its DND and consents', async () => {
    const c = await createTestClient(t)
    await createContact(t, c.admin, { account: 'DOC1625198460001', phone: [{ phone: '6503517501', ordinal: 1, phoneBlock: 'PERMANENT' }] })
    t.clock.advance(1000)
    const res = await call(t, c.admin, 'PUT', '/contact / contacts/DOC1625198460001/dnd'.replace(/ /g, ''), {
      updateContactDND: [{ phone: '6505551234', ordinal: 1, phoneBlock: 'BOTH', smsConsent: true, cellConsent: true }],
    })
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    const view = await readContact(t, c.admin, 'DOC1625198460001')
    expect(view.phone).toEqual([{ phone: '6505551234', ordinal: 1, phoneBlock: 'BOTH', smsConsent: true, cellConsent: true }])
    expect(view.modifyDate).toBe(t.clock.now())
  })

  it('finds the slot by number when no ordinal is sent, else uses the first empty one', async () => {
    const c = await createTestClient(t)
    await createContact(t, c.admin, { account: 'by-number', phone: [{ phone: '1', ordinal: 1 }, { phone: '4', ordinal: 4 }] })
    await call(t, c.admin, 'PUT', '/contact/contacts/by-number/dnd', { updateContactDND: [{ phone: '4', phoneBlock: 'PERMANENT' }, { phone: '9', phoneBlock: 'DAILY' }] })
    expect((await readContact(t, c.admin, 'by-number')).phone.map((p: { phone: string; ordinal: number; phoneBlock: string }) => [p.ordinal, p.phone, p.phoneBlock]))
      .toEqual([[1, '1', 'NONE'], [2, '9', 'DAILY'], [4, '4', 'PERMANENT']])
  })

  it('changes nothing for an empty body', async () => {
    const c = await createTestClient(t)
    await createContact(t, c.admin, { account: 'quiet', accountBlock: 'PERMANENT' })
    const before = await readContact(t, c.admin, 'quiet')
    t.clock.advance(1000)
    expect((await call(t, c.admin, 'PUT', '/contact/contacts/quiet/dnd', {})).statusCode).toBe(204)
    expect((await call(t, c.admin, 'PUT', '/contact/contacts/quiet/dnd')).statusCode).toBe(204)
    expect(await readContact(t, c.admin, 'quiet')).toEqual(before)
  })

  it('answers the seed\'s 404 for an unknown or another client\'s account, and 400 for invalid input', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    await createContact(t, other.admin, { account: '5555555', accountBlock: 'NONE' })
    expectNoRecord(await call(t, c.admin, 'PUT', '/contact/contacts/5555555/dnd', { updateContactDND: [{ phone: '4085550384', ordinal: '1', phoneBlock: 'DAILY' }] }))
    expect((await readContact(t, other.admin, '5555555')).phone).toEqual([])
    await createContact(t, c.admin, { account: 'mine' })
    const before = await readContact(t, c.admin, 'mine')
    expectInvalidPrefix(await call(t, c.admin, 'PUT', '/contact/contacts/mine/dnd', { accountBlock: 'NEVER' }), 'Invalid input [accountBlock must be one of')
    expectError(await call(t, c.admin, 'PUT', '/contact/contacts/mine/dnd', { accountBlock: 'DAILY', updateContactDND: [{ ordinal: 1 }] }), 400, 202, 'Missing required field [updateContactDND[0].phone]')
    expectInvalidPrefix(await call(t, c.admin, 'PUT', '/contact/contacts/mine/dnd', { accountBlock: 'DAILY', updateContactDND: [{ phone: '1', ordinal: 0 }] }), 'Invalid input [updateContactDND[0].ordinal')
    expect(await readContact(t, c.admin, 'mine')).toEqual(before)
  })

  it('ends daily DND at the next midnight in New York; permanent DND stays', async () => {
    const c = await createTestClient(t)
    // The test clock starts at 2026-01-15 15:00 UTC, 10:00 in New York (EST, UTC-5).
    await createContact(t, c.admin, { account: 'daily', accountBlock: 'BOTH', phone: [{ phone: '1', ordinal: 1, phoneBlock: 'DAILY' }] })
    const midnight = Date.UTC(2026, 0, 16, 5)
    t.clock.advance(midnight - 1 - t.clock.now())
    let headers = await login(t.app, c, 'admin', PASSWORD)
    let view = await readContact(t, headers, 'daily')
    expect([view.accountBlock, view.phone[0].phoneBlock]).toEqual(['BOTH', 'DAILY'])
    t.clock.advance(1)
    view = await readContact(t, headers, 'daily')
    expect([view.accountBlock, view.phone[0].phoneBlock]).toEqual(['PERMANENT', 'NONE'])
    // Setting DAILY again lasts until the following midnight.
    await call(t, headers, 'PUT', '/contact/contacts/daily/dnd', { accountBlock: 'DAILY' })
    t.clock.advance(86_400_000 - 1)
    headers = await login(t.app, c, 'admin', PASSWORD)
    expect((await readContact(t, headers, 'daily')).accountBlock).toBe('BOTH')
    t.clock.advance(1)
    expect((await readContact(t, headers, 'daily')).accountBlock).toBe('PERMANENT')
  })
})

describe('Update Multiple Contacts\' DND', () => {
  it('runs the seed example and counts the contacts updated', async () => {
    const c = await createTestClient(t)
    await createContact(t, c.admin, { account: '31576555260000' })
    await createContact(t, c.admin, { account: '2q1578628860000', accountBlock: 'PERMANENT', phone: [{ phone: '4565553748', ordinal: 1 }] })
    // The documented example body (dnd.schemas.ts), which is the seed's.
    const res = await call(t, c.admin, 'POST', '/contact/contacts/dnd', (UpdateMultipleContactsDndBody.examples as unknown[])[0])
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ updated: 2 })
    const first = await readContact(t, c.admin, '31576555260000')
    expect(first.accountBlock).toBe('DAILY')
    expect(first.phone.map((p: { phone: string }) => p.phone)).toEqual(['4565553748', '9133333331', '9133342342'])
    const second = await readContact(t, c.admin, '2q1578628860000')
    expect([second.accountBlock, second.phone[0].phoneBlock]).toEqual(['NONE', 'DAILY'])
  })

  it('skips unknown accounts, other clients\' accounts and invalid entries without error', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    await createContact(t, other.admin, { account: 'theirs' })
    await createContact(t, c.admin, { account: 'mine' })
    expect((await call(t, c.admin, 'POST', '/contact/contacts/dnd', {
      contactDnd: [{ account: 'nyts0', accountBlock: 'NONE', updateContactDND: [{ phone: '4565553748', ordinal: '1', phoneBlock: 'DAILY' }] }],
    })).json()).toEqual({ updated: 0 })
    const res = await call(t, c.admin, 'POST', '/contact/contacts/dnd', {
      contactDnd: [
        { account: 'theirs', accountBlock: 'PERMANENT' },
        { account: 'mine', accountBlock: 'SOMETIMES' },
        { accountBlock: 'PERMANENT' },
        'mine',
        { account: 'mine', accountBlock: 'PERMANENT' },
        { account: 'mine', updateContactDND: [{ phone: '7', phoneBlock: 'DAILY' }] },
      ],
    })
    expect(res.json()).toEqual({ updated: 1 })
    const mine = await readContact(t, c.admin, 'mine')
    expect([mine.accountBlock, mine.phone]).toEqual(['PERMANENT', [{ phone: '7', ordinal: 1, phoneBlock: 'DAILY', smsConsent: false, cellConsent: false }]])
    expect((await readContact(t, other.admin, 'theirs')).accountBlock).toBe('NONE')
  })

  it('leaves a contact exactly as Update Contact DND would, entry by entry, other fields untouched', async () => {
    // The batch reads only the DND and phone columns and merges repeated accounts in place.
    const c = await createTestClient(t)
    const base = { firstName: 'Ada', lastName: 'Lovelace', city: 'London', accountBlock: 'DAILY', phone: [{ phone: '5550001', ordinal: 1 }, { phone: '5550002', ordinal: 3, phoneBlock: 'PERMANENT', smsConsent: true }] }
    await createContact(t, c.admin, { account: 'batch', ...base })
    await createContact(t, c.admin, { account: 'single', ...base })
    const entries = [
      { accountBlock: 'PERMANENT', updateContactDND: [{ phone: '5550002', phoneBlock: 'DAILY' }] },
      { updateContactDND: [{ phone: '5550009', phoneBlock: 'BOTH', cellConsent: true }, { phone: '5550001', ordinal: '1', phoneBlock: 'PERMANENT' }] },
      { accountBlock: 'DAILY_OFF' },
    ]
    const res = await call(t, c.admin, 'POST', '/contact/contacts/dnd', { contactDnd: entries.map((e) => ({ account: 'batch', ...e })) })
    expect([res.statusCode, res.json()]).toEqual([200, { updated: 1 }])
    for (const e of entries) expect((await call(t, c.admin, 'PUT', '/contact/contacts/single/dnd', e)).statusCode).toBe(204)
    const strip = ({ account: _a, accountToSpeak: _s, id: _i, ...rest }: Record<string, unknown>) => rest
    expect(strip(await readContact(t, c.admin, 'batch'))).toEqual(strip(await readContact(t, c.admin, 'single')))
  })

  it('fails the request only for a missing, empty, oversized or non-array list', async () => {
    const c = await createTestClient(t)
    const post = (payload: unknown) => call(t, c.admin, 'POST', '/contact/contacts/dnd', payload)
    expectError(await post({}), 400, 202, 'Missing required field [contactDnd]')
    expectInvalidPrefix(await post({ contactDnd: [] }), 'Invalid input [contactDnd')
    expectInvalidPrefix(await post({ contactDnd: Array.from({ length: 1001 }, () => ({ account: 'a' })) }), 'Invalid input [contactDnd')
    expectInvalidPrefix(await post({ contactDnd: { account: 'a' } }), 'Invalid input [contactDnd')
  })
})
