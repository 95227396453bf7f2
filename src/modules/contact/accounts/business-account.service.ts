import type { Db } from '../../../db/database.ts'
import { pageSize } from '../../../http/paging.ts'
import { MAX_ID, type Paging } from '../../../http/schemas.ts'
import type { RequestContext } from '../../access/context.ts'
import { contactIdExists, findContactIdByAccount } from '../contacts/contact.repository.ts'
import { contactNotFound } from '../contacts/contact.service.ts'
import type { BusinessAccountRow } from '../contacts/contact.table.ts'
import { listContactBusinessAccounts } from './business-account.repository.ts'

/**
 * List Accounts' `contactId` is "the ID of the contact in Contact Manager" while the seed
 * example passes `qa123`: a number naming a contact id of the client is that contact, anything
 * else is an account (contacts.md [decision]).
 */
async function resolveContact(db: Db, clientId: number, contactId: string): Promise<number> {
  if (/^\d{1,16}$/.test(contactId)) {
    const id = Number(contactId)
    if (id >= 1 && id <= MAX_ID && (await contactIdExists(db, clientId, id))) return id
  }
  const id = await findContactIdByAccount(db, clientId, contactId)
  if (id === undefined) throw contactNotFound()
  return id
}

const address = (street: string | null, city: string | null, state: string | null, postalCode: string | null, country: string | null) =>
  ({ street, city, state, postalCode, country })

function toBusinessAccount(row: BusinessAccountRow) {
  return {
    name: row.name, description: row.description, industry: row.industry, annualRevenue: row.annual_revenue,
    phoneFax: row.phone_fax,
    billingAddress: address(row.billing_street, row.billing_city, row.billing_state, row.billing_postal_code, row.billing_country),
    rating: row.rating, phoneOffice: row.phone_office, phoneAlternate: row.phone_alternate, website: row.website,
    ownershipType: row.ownership_type, numOfEmployees: row.num_of_employees, tickerSymbol: row.ticker_symbol,
    shippingAddress: address(row.shipping_street, row.shipping_city, row.shipping_state, row.shipping_postal_code, row.shipping_country),
    campaignId: row.campaign_id, accountNumber: row.account_number, originalAccountNumber: row.original_account_number,
    agentId: row.agent_id, agentTeamId: row.agent_team_id, location: row.location, accountSource: row.account_source,
    sicCode: row.sic_code, sicDesc: row.sic_desc, classificationId: row.classification_id, typeId: row.type_id,
    customFields: JSON.parse(row.custom_fields) as { field: string; value: string }[],
    id: row.id, createdDate: row.created_at, createdBy: row.created_by, modifiedDate: row.modified_at, modifiedBy: row.modified_by,
    classificationName: row.classification_name, typeName: row.type_name, agentTeamName: row.agent_team_name,
  }
}

export async function listAccountsOfContact({ db, principal }: RequestContext, contactId: string, paging: Paging) {
  const id = await resolveContact(db, principal.clientId, contactId)
  const rows = await listContactBusinessAccounts(db, principal.clientId, id, pageSize(paging) + 1, paging.offset)
  return rows.map(toBusinessAccount)
}
