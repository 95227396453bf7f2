import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient, type TestClient } from '../../../../test/fixtures.ts'
import type { NewBusinessAccountRow } from '../contacts/contact.table.ts'
import { call, createContact } from '../../../../test/support/contact.ts'
import { expectInvalidPrefix, expectNoRecord } from '../../../../test/support/errors.ts'
import { insertBusinessAccounts, linkBusinessAccounts } from './business-account.repository.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

function accountRow(clientId: number, name: string, extra: Partial<NewBusinessAccountRow> = {}): NewBusinessAccountRow {
  return {
    client_id: clientId, name, description: null, industry: null, annual_revenue: null, phone_fax: null,
    billing_street: null, billing_city: null, billing_state: null, billing_postal_code: null, billing_country: null,
    rating: null, phone_office: null, phone_alternate: null, website: null, ownership_type: null, num_of_employees: null,
    ticker_symbol: null, shipping_street: null, shipping_city: null, shipping_state: null, shipping_postal_code: null,
    shipping_country: null, campaign_id: null, account_number: null, original_account_number: null, agent_id: null,
    agent_team_id: null, agent_team_name: null, location: null, account_source: null, sic_code: null, sic_desc: null,
    classification_id: null, classification_name: null, type_id: null, type_name: null, custom_fields: '[]',
    created_by: 'apiSysAdmin', modified_by: 'apiSysAdmin', created_at: 1594635589054, modified_at: 1595322442540, ...extra,
  }
}

/** The seed example's second account, field for field. */
const DOC123X: Partial<NewBusinessAccountRow> = {
  description: 'Test for Doc', industry: 'Telecom Software', annual_revenue: 5000, phone_fax: '8456911158',
  billing_street: 'MG Road', billing_city: 'Bangalore', billing_state: 'Karnataka', billing_postal_code: '560005', billing_country: 'India',
  rating: 'Excellent', phone_office: '9176754178', phone_alternate: '6178498807 ', website: 'www.livevox.com', ownership_type: 'Private',
  num_of_employees: 450, ticker_symbol: 'LV', shipping_street: 'Trinity Circle', shipping_city: 'Banagalore', shipping_state: 'Karnataka',
  shipping_postal_code: '560006', shipping_country: 'India', campaign_id: 28571101, account_number: 'DOC1231', original_account_number: 'ONA12',
  agent_id: 595348, agent_team_id: 16001, location: 'Bangalore', account_source: 'Advertisement', sic_code: 'qa12345678', sic_desc: 'qa12345678',
  classification_id: 172, classification_name: 'Gold', type_id: 48, type_name: 'Hospital', agent_team_name: 'apitest',
  custom_fields: JSON.stringify([{ field: 'COL1', value: '15' }]),
}

async function linkAccounts(c: TestClient, contactId: number, rows: NewBusinessAccountRow[]): Promise<number[]> {
  const ids = await insertBusinessAccounts(t.db, rows)
  await linkBusinessAccounts(t.db, ids.map((id) => ({ client_id: c.clientId, contact_id: contactId, business_account_id: id })))
  return ids
}

describe('List Accounts Associated with the Contact', () => {
  it('lists the linked accounts by name in both keys, by account or by contact id, with paging', async () => {
    const c = await createTestClient(t)
    const contactId = await createContact(t, c.admin, { account: 'qa123' })
    const [doc, , zeta] = await linkAccounts(c, contactId, [accountRow(c.clientId, 'DOC123x', DOC123X), accountRow(c.clientId, '2q041220032454'), accountRow(c.clientId, 'zeta')])
    const res = await call(t, c.admin, 'GET', '/contact/contacts/qa123/accounts?offset=0&count=2')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.next).toBe('contact/contacts/qa123/accounts?offset=2&count=2')
    expect(body.listAccounts).toEqual(body.listAccount)
    expect(body.listAccounts.map((a: { name: string }) => a.name)).toEqual(['2q041220032454', 'DOC123x'])
    expect(body.listAccounts[1]).toEqual({
      name: 'DOC123x', description: 'Test for Doc', industry: 'Telecom Software', annualRevenue: 5000, phoneFax: '8456911158',
      billingAddress: { street: 'MG Road', city: 'Bangalore', state: 'Karnataka', postalCode: '560005', country: 'India' },
      rating: 'Excellent', phoneOffice: '9176754178', phoneAlternate: '6178498807 ', website: 'www.livevox.com', ownershipType: 'Private',
      numOfEmployees: 450, tickerSymbol: 'LV',
      shippingAddress: { street: 'Trinity Circle', city: 'Banagalore', state: 'Karnataka', postalCode: '560006', country: 'India' },
      campaignId: 28571101, accountNumber: 'DOC1231', originalAccountNumber: 'ONA12', agentId: 595348, agentTeamId: 16001,
      location: 'Bangalore', accountSource: 'Advertisement', sicCode: 'qa12345678', sicDesc: 'qa12345678', classificationId: 172,
      typeId: 48, customFields: [{ field: 'COL1', value: '15' }], id: doc, createdDate: 1594635589054, createdBy: 'apiSysAdmin',
      modifiedDate: 1595322442540, modifiedBy: 'apiSysAdmin', classificationName: 'Gold', typeName: 'Hospital', agentTeamName: 'apitest',
    })
    const byId = await call(t, c.admin, 'GET', `/contact/contacts/${contactId}/accounts?offset=2&count=2`)
    expect(byId.json()).toMatchObject({ next: null, listAccounts: [{ id: zeta, name: 'zeta' }], listAccount: [{ id: zeta }] })
  })

  it('answers the seed example request as printed (POST, literal :account segment)', async () => {
    const c = await createTestClient(t)
    const contactId = await createContact(t, c.admin, { account: 'qa123' })
    await linkAccounts(c, contactId, [accountRow(c.clientId, 'a'), accountRow(c.clientId, 'b'), accountRow(c.clientId, 'c')])
    const res = await call(t, c.admin, 'POST', '/contact/contacts/qa123/:account/accounts?offset=0&count=2')
    expect(res.statusCode).toBe(200)
    expect(res.json().next).toBe('contact/contacts/qa123/accounts?offset=2&count=2')
    expect(res.json().listAccount.map((a: { name: string }) => a.name)).toEqual(['a', 'b'])
    expect((await call(t, c.admin, 'POST', '/contact/contacts/qa123/accounts?offset=0&count=5')).json().listAccounts).toHaveLength(3)
  })

  it('prefers a contact id over an account spelled the same, and falls back to the account', async () => {
    const c = await createTestClient(t)
    const numeric = await createContact(t, c.admin, { account: '999999' })
    await linkAccounts(c, numeric, [accountRow(c.clientId, 'of-999999')])
    const res = await call(t, c.admin, 'GET', '/contact/contacts/999999/accounts?offset=0&count=5')
    expect(res.json().listAccounts.map((a: { name: string }) => a.name)).toEqual(['of-999999'])
  })

  it('answers an empty page for a contact without accounts', async () => {
    const c = await createTestClient(t)
    await createContact(t, c.admin, { account: 'none' })
    expect((await call(t, c.admin, 'GET', '/contact/contacts/none/accounts?offset=0&count=5')).json()).toEqual({ next: null, listAccounts: [], listAccount: [] })
  })

  it('answers 404 for unknown contacts and other clients\' contacts, and 400 without paging', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const theirs = await createContact(t, other.admin, { account: 'theirs' })
    await linkAccounts(other, theirs, [accountRow(other.clientId, 'private')])
    expectNoRecord(await call(t, c.admin, 'GET', '/contact/contacts/theirs/accounts?offset=0&count=5'))
    expectNoRecord(await call(t, c.admin, 'GET', `/contact/contacts/${theirs}/accounts?offset=0&count=5`))
    expectNoRecord(await call(t, c.admin, 'GET', '/contact/contacts/nobody/accounts?offset=0&count=5'))
    await createContact(t, c.admin, { account: 'mine' })
    expectInvalidPrefix(await call(t, c.admin, 'GET', '/contact/contacts/mine/accounts?offset=0'), 'Missing required field [count]')
  })
})
