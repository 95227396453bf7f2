import { Type } from '@sinclair/typebox'
import { Id, Millis, NextLink, Nullable, PagingQuery, RequiredStr } from '../../../http/schemas.ts'

export const ContactIdParams = Type.Object({
  contactId: RequiredStr(255, { description: 'contact id (LV Account ID), or else the contact\'s account (the seed passes qa123)' }),
})

export const ListAccountsQuery = PagingQuery

const OutText = Nullable(Type.String())
const OutInt = Nullable(Type.Integer())
const Address = Type.Object({ street: OutText, city: OutText, state: OutText, postalCode: OutText, country: OutText })

export const BusinessAccount = Type.Object({
  name: Type.String(),
  description: OutText,
  industry: OutText,
  annualRevenue: Nullable(Type.Number()),
  phoneFax: OutText,
  billingAddress: Address,
  rating: OutText,
  phoneOffice: OutText,
  phoneAlternate: OutText,
  website: OutText,
  ownershipType: OutText,
  numOfEmployees: OutInt,
  tickerSymbol: OutText,
  shippingAddress: Address,
  campaignId: OutInt,
  accountNumber: OutText,
  originalAccountNumber: OutText,
  agentId: OutInt,
  agentTeamId: OutInt,
  location: OutText,
  accountSource: OutText,
  sicCode: OutText,
  sicDesc: OutText,
  classificationId: OutInt,
  typeId: OutInt,
  customFields: Type.Array(Type.Object({ field: Type.String(), value: Type.String() })),
  id: Id(),
  createdDate: Millis(),
  createdBy: Type.String(),
  modifiedDate: Millis(),
  modifiedBy: Type.String(),
  classificationName: OutText,
  typeName: OutText,
  agentTeamName: OutText,
}, { title: 'BusinessAccount' })

const example = {
  name: 'DOC123x', description: 'Test for Doc', industry: 'Telecom Software', annualRevenue: 5000, phoneFax: '8456911158',
  billingAddress: { street: 'MG Road', city: 'Bangalore', state: 'Karnataka', postalCode: '560005', country: 'India' },
  rating: 'Excellent', phoneOffice: '9176754178', phoneAlternate: '6178498807 ', website: 'www.livevox.com', ownershipType: 'Private',
  numOfEmployees: 450, tickerSymbol: 'LV',
  shippingAddress: { street: 'Trinity Circle', city: 'Banagalore', state: 'Karnataka', postalCode: '560006', country: 'India' },
  campaignId: 28571101, accountNumber: 'DOC1231', originalAccountNumber: 'ONA12', agentId: 595348, agentTeamId: 16001,
  location: 'Bangalore', accountSource: 'Advertisement', sicCode: 'qa12345678', sicDesc: 'qa12345678', classificationId: 172,
  typeId: 48, customFields: [{ field: 'COL1', value: '15' }], id: 604423, createdDate: 1594635589054, createdBy: 'apiSysAdmin',
  modifiedDate: 1595322442540, modifiedBy: 'apiSysAdmin', classificationName: 'Gold', typeName: 'Hospital', agentTeamName: 'apitest',
}

export const BusinessAccountList = Type.Object({
  next: NextLink,
  listAccounts: Type.Array(BusinessAccount, { description: 'accounts by name' }),
  listAccount: Type.Array(BusinessAccount, { description: 'the same array under the seed example\'s key (README §10)' }),
}, { examples: [{ next: 'contact/contacts/qa123/accounts?offset=2&count=2', listAccounts: [example], listAccount: [example] }] })
