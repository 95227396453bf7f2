import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient, type TestClient } from '../../../../test/fixtures.ts'
import { seededRandom } from '../../../demo/demo-data.ts'
import { call } from '../../../../test/support/contact.ts'
import { DEMO_CONTACT_COUNT, seedContactsDemo } from './contact.demo.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

async function demoClient(): Promise<TestClient> {
  const c = await createTestClient(t)
  await t.db.transaction().execute((trx) => seedContactsDemo({ db: trx, clientId: c.clientId, now: t.clock.now(), random: seededRandom(4199) }))
  return c
}

describe('Contacts demo data', () => {
  // Its speed is the bench's concern: start-up with all demo data, timed in `npm run bench`.
  it('builds 6,000 contacts with phones, custom fields, groups, notes and accounts, reproducibly', async () => {
    const c = await demoClient()
    const get = async (url: string) => {
      const res = await call(t, c.admin, 'GET', url)
      expect(res.statusCode, url).toBe(200)
      return res.json()
    }

    const page = await get('/contact/contacts?count=1000&offset=5000')
    expect(page.listContactDetails).toHaveLength(DEMO_CONTACT_COUNT - 5000)
    expect(page.next).toBeNull()
    const contacts = (await get('/contact/contacts?count=1000&offset=0')).listContactDetails as Record<string, any>[]
    expect(contacts.filter((v) => v.phone.length > 0).length).toBeGreaterThan(800)
    expect(contacts.filter((v) => v.customFields !== null).length).toBe(1000)
    expect(contacts.filter((v) => v.groupId !== 0).length).toBeGreaterThan(400)
    expect(new Set(contacts.map((v) => v.accountBlock))).toEqual(new Set(['NONE', 'PERMANENT', 'DAILY']))
    expect(contacts.some((v) => v.callAttemptsTotal > 0 && v.initialLoad > 0 && v.lastLoad !== null)).toBe(true)

    const fields = (await get('/contact/contacts/customFields')).customFields
    expect(fields).toHaveLength(12)
    expect(fields).toContainEqual({ field: 'COL5', label: 'Segment', dataType: 'LIST', listValues: ['Gold', 'Silver', 'Bronze'] })
    expect((await get('/contact/contactGroups?count=100&offset=0')).contactGroup.map((g: { name: string }) => g.name))
      .toEqual(['Early Stage', 'Late Stage', 'Client BOA', 'Client BOA', 'Hardship', 'VIP Retention'])

    const noted = await t.db.selectFrom('contact_notes').innerJoin('contacts', 'contacts.id', 'contact_notes.contact_id')
      .select(['contacts.account', 'contact_notes.id']).where('contact_notes.client_id', '=', c.clientId).executeTakeFirstOrThrow()
    expect((await get(`/contact/contacts/${noted.account}/notes`)).listContactNotes.length).toBeGreaterThan(0)
    expect((await get(`/contact/contacts/${noted.account}/notes/${noted.id}`)).id).toBe(Number(noted.id))
    const linked = await t.db.selectFrom('contact_business_accounts').innerJoin('contacts', 'contacts.id', 'contact_business_accounts.contact_id')
      .select('contacts.account').where('contact_business_accounts.client_id', '=', c.clientId).executeTakeFirstOrThrow()
    expect((await get(`/contact/contacts/${linked.account}/accounts?count=10&offset=0`)).listAccounts.length).toBeGreaterThan(0)

    const again = await demoClient()
    const first = (await call(t, again.admin, 'GET', '/contact/contacts?count=5&offset=100')).json().listContactDetails
    const original = contacts.slice(100, 105)
    // Ids differ between tenants, and so does the id-derived load history; the contacts do not.
    const strip = (v: Record<string, any>) => ({
      account: v.account, person: v.person, phone: v.phone, customFields: v.customFields, balance: v.balance,
      accountBlock: v.accountBlock, city: v.city, country: v.country, dueDate: v.dueDate,
    })
    expect(first.map(strip)).toEqual(original.map(strip))
  })
})
