import { sql } from 'kysely'
import type { DemoContext } from '../../../demo/demo-context.ts'
import { insertBusinessAccounts, linkBusinessAccounts } from '../accounts/business-account.repository.ts'
import { upsertCustomFieldRow } from '../custom-fields/custom-field.repository.ts'
import type { CustomFieldType } from '../custom-fields/custom-field.model.ts'
import { insertContactGroup } from '../groups/contact-group.repository.ts'
import { insertContactNotes } from '../notes/contact-note.repository.ts'
import { bulkCreateContacts } from './contact.bulk.ts'
import type { NewBusinessAccountRow, NewContactCallResultRow, NewContactNoteRow } from './contact.table.ts'

export const DEMO_CONTACT_COUNT = 6000
const DAY = 86_400_000

/** Configured custom fields; every other COLn stays label null, STRING (contacts.md §1.2). */
const CUSTOM_FIELDS: { field: number; label: string; dataType: CustomFieldType; listValues?: string[] }[] = [
  { field: 1, label: 'Company', dataType: 'STRING' },
  { field: 2, label: 'Credit Score', dataType: 'NUMBER' },
  { field: 3, label: 'Last Payment Date', dataType: 'DATE' },
  { field: 4, label: 'Autopay Enrolled', dataType: 'BOOLEAN' },
  { field: 5, label: 'Segment', dataType: 'LIST', listValues: ['Gold', 'Silver', 'Bronze'] },
  { field: 6, label: 'Preferred Language', dataType: 'LIST', listValues: ['English', 'Spanish', 'French'] },
  { field: 8, label: 'Phone 1 Status Description', dataType: 'STRING' },
  { field: 11, label: 'Balance Due After Date', dataType: 'DATE' },
  { field: 24, label: 'Score Type', dataType: 'NUMBER' },
  { field: 25, label: 'Last Agent Routing', dataType: 'STRING' },
  { field: 30, label: 'Favorite Color', dataType: 'LIST', listValues: ['blue', 'green', 'red'] },
  { field: 100, label: 'Notes Reference', dataType: 'STRING' },
]

const GROUPS = ['Early Stage', 'Late Stage', 'Client BOA', 'Client BOA', 'Hardship', 'VIP Retention']

const FIRST_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William',
  'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Carlos', 'Karen', 'Wei', 'Nancy', 'Ahmed',
  'Lisa', 'Daniel', 'Betty', 'Matthew', 'Sandra', 'Anthony', 'Ashley', 'Priya', 'Sofia', 'Kenji', 'Amara',
]
const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez',
  'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Bond', 'Shelley', 'Micawber',
]
const PLACES: [city: string, state: string, zip: string, area: string][] = [
  ['San Francisco', 'CA', '94105', '415'], ['Los Angeles', 'CA', '90012', '213'], ['New York', 'NY', '10010', '212'],
  ['Brooklyn', 'NY', '11201', '718'], ['Austin', 'TX', '78701', '512'], ['Dallas', 'TX', '75201', '214'],
  ['Chicago', 'IL', '60601', '312'], ['Miami', 'FL', '33101', '305'], ['Atlanta', 'GA', '30303', '404'],
  ['Seattle', 'WA', '98101', '206'], ['Denver', 'CO', '80202', '303'], ['Boston', 'MA', '02108', '617'],
]
const STREETS = ['Main St', 'Oak Ave', 'Maple Dr', 'Market St', 'Route 66', 'Elm St', 'Cedar Ln', 'Park Blvd']
const COMPANIES = ['Acme Corp', 'Globex', 'Initech', 'Umbrella', 'Stark Industries', 'Wayne Enterprises', 'Hooli']
const NOTES = [
  'Caller was hostile', 'Do not accept check payments from this account.', 'Promised payment by Friday',
  'Requested a call back after 5 PM', 'Disputes the balance; sent validation letter', 'Prefers Spanish',
  'Wrong number on phone 2', 'Set up a payment plan', 'Asked to be contacted by email only',
]
const CALL_RESULTS = ['PAYMENT', 'PROMISE_TO_PAY', 'NO_ANSWER', 'BUSY', 'LEFT_MESSAGE', 'WRONG_NUMBER', 'REFUSED']
const INDUSTRIES = ['Telecom Software', 'Grocery', 'Hospital', 'Banking', 'Retail', 'Logistics']

/**
 * The Contact API part of the demo tenant: custom field definitions, contact groups, 6,000
 * contacts with phones, DND states, custom field values and load history, notes, business
 * accounts and recent call results. Contacts go through bulkCreateContacts, the same path as
 * Bulk Create and the CLI import, in batches of 1000; fixture-only columns (attempt counters,
 * load dates) are then set with a few set-based UPDATEs.
 */
export async function seedContactsDemo(ctx: DemoContext): Promise<void> {
  const { db, clientId, now, random } = ctx
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]
  const chance = (p: number): boolean => random() < p
  const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(random() * 10)).join('')

  for (const f of CUSTOM_FIELDS) {
    await upsertCustomFieldRow(db, {
      client_id: clientId, field: f.field, label: f.label, data_type: f.dataType,
      list_values: f.listValues ? JSON.stringify(f.listValues) : null, modified_at: now,
    })
  }

  const client = await db.selectFrom('clients').select('display_name').where('id', '=', clientId).executeTakeFirstOrThrow()
  const by = `${client.display_name}\\Administrator, System`
  const groupIds: number[] = []
  for (const [i, name] of GROUPS.entries()) {
    const at = now - (GROUPS.length - i) * 30 * DAY
    groupIds.push(await insertContactGroup(db, { client_id: clientId, name, created_by: by, modified_by: by, created_at: at, modified_at: at }))
  }
  const agentIds = (await db.selectFrom('agents').select('id').where('client_id', '=', clientId).execute()).map((r) => Number(r.id))

  const items: Record<string, unknown>[] = []
  for (let i = 0; i < DEMO_CONTACT_COUNT; i++) {
    const [city, state, zip, area] = pick(PLACES)
    const firstName = pick(FIRST_NAMES)
    const lastName = pick(LAST_NAMES)
    const phoneCount = chance(0.1) ? 0 : 1 + Math.floor(random() * 3)
    const phone = Array.from({ length: phoneCount }, (_, p) => ({
      phone: `${p === 0 ? area : pick(PLACES)[3]}${digits(7)}`,
      ordinal: p === 2 && chance(0.5) ? 7 : p + 1,
      phoneBlock: chance(0.05) ? 'PERMANENT' : chance(0.03) ? 'DAILY' : undefined,
      smsConsent: chance(0.4),
      cellConsent: chance(0.5),
    }))
    const balance = Math.round(random() * 500000) / 100
    const customFields = [
      { field: 'COL1', value: chance(0.3) ? pick(COMPANIES) : null },
      { field: 'COL2', value: 300 + Math.floor(random() * 550) },
      { field: 'COL3', value: chance(0.6) ? new Date(now - Math.floor(random() * 400) * DAY).toISOString().slice(0, 10) : null },
      { field: 'COL4', value: chance(0.35) },
      { field: 'COL5', value: pick(['Gold', 'Silver', 'Bronze']) },
      { field: 'COL6', value: chance(0.8) ? 'English' : pick(['Spanish', 'French']) },
      { field: 'COL30', value: chance(0.2) ? pick(['blue', 'green', 'red']) : null },
    ].filter((f) => f.value !== null)
    items.push({
      account: String(100000 + i * 7 + Math.floor(random() * 7)),
      active: chance(0.85),
      balance,
      amountToSpeak: balance,
      accountBlock: chance(0.03) ? 'PERMANENT' : chance(0.02) ? 'DAILY' : undefined,
      originalAccountNumber: chance(0.7) ? `OAN${digits(6)}` : undefined,
      person: {
        firstName, lastName,
        dateOfBirth: chance(0.8) ? Date.UTC(1940 + Math.floor(random() * 60), Math.floor(random() * 12), 1 + Math.floor(random() * 28), 12) : undefined,
        email: chance(0.6) ? `${firstName}.${lastName}${i}@example.com`.toLowerCase() : undefined,
        ssn: chance(0.5) ? digits(4) : undefined,
        zipCode: zip,
      },
      guarantor: chance(0.15) ? { firstName: pick(FIRST_NAMES), lastName } : undefined,
      phone,
      customFields,
      address1: `${1 + Math.floor(random() * 9999)} ${pick(STREETS)}`,
      address2: chance(0.2) ? `Apt ${1 + Math.floor(random() * 40)}` : undefined,
      city, state,
      country: chance(0.97) ? 'UNITED_STATES_OF_AMERICA' : pick(['CANADA', 'MEXICO', 'UK']),
      dueDate: now + Math.floor(random() * 90 - 30) * DAY,
      groupId: chance(0.6) ? pick(groupIds) : 0,
      agentId: agentIds.length > 0 && chance(0.2) ? pick(agentIds) : 0,
      primaryEmailConsent: chance(0.3),
      department: chance(0.3) ? 'Collections' : undefined,
      salutation: chance(0.2) ? pick(['Mr', 'Ms', 'Dr']) : undefined,
    })
  }
  for (let i = 0; i < items.length; i += 1000) {
    await bulkCreateContacts(db, clientId, items.slice(i, i + 1000), { now, user: 'demo' })
  }

  // Fixture-only history (contacts.md §2.2): spread creation over the last year, load dates and
  // attempt counters, so date and counter searches and sorts have something to find.
  await db.updateTable('contacts').set({
    created_at: sql`${now} - (id % 365) * ${DAY}`,
    modified_at: sql`${now} - (id % 30) * ${DAY}`,
    initial_load_at: sql`${now} - (id % 365) * ${DAY}`,
    initial_load_campaign_id: sql`28569800 + (id % 5)`,
    last_load_at: sql`${now} - (id % 30) * ${DAY}`,
    last_load_campaign_id: sql`28571100 + (id % 5)`,
    call_attempts_total: sql`id % 13`,
    call_attempts_today: sql`case when id % 11 = 0 then 1 + id % 3 else 0 end`,
    last_attempt_at: sql`case when id % 4 = 0 then null else ${now} - (id % 3) * ${DAY} end`,
    phone1_attempts_total: sql`case when phone1 is null then 0 else id % 9 end`,
    phone1_attempts_today: sql`case when phone1 is null or id % 11 <> 0 then 0 else 1 end`,
  }).where('client_id', '=', clientId).execute()

  const contactIds = (await db.selectFrom('contacts').select('id').where('client_id', '=', clientId).orderBy('id').execute()).map((r) => Number(r.id))

  const notes: NewContactNoteRow[] = []
  for (let i = 0; i < 1500; i++) {
    const at = now - Math.floor(random() * 200) * DAY - Math.floor(random() * DAY)
    notes.push({
      client_id: clientId, contact_id: pick(contactIds), note: pick(NOTES), session_id: `U${digits(4)}F238B${digits(4)}@10.201.17.${Math.floor(random() * 255)}`,
      transaction_id: Number(`55${digits(8)}`), created_at: at, modified_at: at,
    })
  }
  await insertContactNotes(db, notes)

  const accounts: NewBusinessAccountRow[] = Array.from({ length: 60 }, (_, i) => {
    const [city, state, zip] = pick(PLACES)
    const address = `${1 + Math.floor(random() * 9999)} ${pick(STREETS)}`
    const at = now - Math.floor(random() * 700) * DAY
    return {
      client_id: clientId, name: `${pick(COMPANIES)} ${pick(['Holdings', 'LLC', 'Inc', 'Group'])} ${i + 1}`, description: 'Demo business account',
      industry: pick(INDUSTRIES), annual_revenue: 100000 * (1 + Math.floor(random() * 500)), phone_fax: `415${digits(7)}`,
      billing_street: address, billing_city: city, billing_state: state, billing_postal_code: zip, billing_country: 'UNITED_STATES_OF_AMERICA',
      rating: pick(['Hot', 'Warm', 'Cold', 'Excellent']), phone_office: `415${digits(7)}`, phone_alternate: chance(0.5) ? `650${digits(7)}` : null,
      website: 'www.example.com', ownership_type: pick(['Private', 'Public']), num_of_employees: 10 * (1 + Math.floor(random() * 500)),
      ticker_symbol: chance(0.3) ? 'LV' : null, shipping_street: address, shipping_city: city, shipping_state: state,
      shipping_postal_code: zip, shipping_country: 'UNITED_STATES_OF_AMERICA', campaign_id: 28569800 + (i % 5),
      account_number: `BA${10000 + i}`, original_account_number: `OAN${digits(5)}`, agent_id: agentIds.length > 0 ? pick(agentIds) : null,
      agent_team_id: 16001, agent_team_name: 'Collections Team', location: city, account_source: pick(['Advertisement', 'Referral', 'Web']),
      sic_code: digits(4), sic_desc: pick(INDUSTRIES), classification_id: 170 + (i % 4), classification_name: pick(['Gold', 'Silver', 'Bronze']),
      type_id: 40 + (i % 9), type_name: pick(INDUSTRIES), custom_fields: JSON.stringify(chance(0.5) ? [{ field: 'COL1', value: String(i) }] : []),
      created_by: 'apiSysAdmin', modified_by: 'apiSysAdmin', created_at: at, modified_at: at + Math.floor(random() * 30) * DAY,
    }
  })
  const accountIds = await insertBusinessAccounts(db, accounts)
  const links = new Map<string, { client_id: number; contact_id: number; business_account_id: number }>()
  for (let i = 0; i < 900; i++) {
    const link = { client_id: clientId, contact_id: pick(contactIds), business_account_id: pick(accountIds) }
    links.set(`${link.contact_id}:${link.business_account_id}`, link)
  }
  await linkBusinessAccounts(db, [...links.values()])

  const results: NewContactCallResultRow[] = []
  for (let i = 0; i < 3000; i++) {
    results.push({ client_id: clientId, contact_id: pick(contactIds), result: pick(CALL_RESULTS), called_at: now - Math.floor(random() * 30 * DAY) })
  }
  for (let i = 0; i < results.length; i += 500) await db.insertInto('contact_call_results').values(results.slice(i, i + 500)).execute()
}
