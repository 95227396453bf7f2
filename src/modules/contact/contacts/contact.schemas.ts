import { Type, type Static } from '@sinclair/typebox'
import { CreatedId, Enum, Id, MAX_ID, Millis, NextLink, Nullable, PagingQuery, RequiredStr, Str } from '../../../http/schemas.ts'
import { DND_ACTIONS, DND_STATES } from '../dnd/dnd-state.ts'

/**
 * Input schemas of Create / Update. A JSON null means "not supplied" / "no change" (README §4);
 * every null key is dropped before validation (json-body.ts dropNullFields), so these declare plain
 * types and Ajv never coerces a null into "", 0 or false; a custom field's value is Nullable, as
 * there null clears. parseContactDetails (contact.input.ts) applies the rules that a schema
 * cannot state.
 */
const Text = (description?: string) => Str(255, description ? { description } : {})
const Flag = (description?: string) => Type.Boolean(description ? { description } : {})
const Decimal = (description?: string) => Type.Number(description ? { description } : {})
const IdOrZero = (description: string) => Type.Integer({ minimum: 0, maximum: MAX_ID, description })
/**
 * README §4 DateTime: epoch millis (number or digit string, coerced by the first branch; negative
 * before 1970, as dates of birth need) or CCYY-MM-DD.
 */
const DateTime = (description: string) => Type.Union([
  Type.Integer({ minimum: -62135596800000, maximum: 253402300799999 }),
  Str(10, { pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
], { description: `${description}: epoch milliseconds (number or digit string) or CCYY-MM-DD (New York day)` })
const DndAction = (description: string) => Enum(DND_ACTIONS, { description: `${description} (DND action, contacts.md §1.1)` })

export const PhoneItem = Type.Object({
  phone: Text('phone number; on Update "" empties the slot'),
  ordinal: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, description: 'slot 1-10; without it: the slot holding that number, else the first empty slot' })),
  phoneBlock: Type.Optional(DndAction('phone-level DND')),
  smsConsent: Type.Optional(Flag('consent to SMS this number')),
  cellConsent: Type.Optional(Flag('consent to dial this cell number')),
})

const CustomFieldValue = Type.Object({
  field: Str(6, { description: 'COL1 … COL100' }),
  // Ajv's coercion turns numbers and booleans into their text. Nullable, because here null is a
  // value (it clears, contacts.md §1.2), not "not supplied" (README §4, json-body.ts dropNullFields).
  value: Nullable(Str(255, { description: 'any scalar, stored as a string and checked against the field type; null or "" clears' })),
})

/** Also the contacts of a sandbox fixture (src/sandbox/fixtures/fixture.schemas.ts). */
export const contactDetailsProperties = {
  account: Type.Optional(Text('account from the system of record; required on Create, unique within the client')),
  active: Type.Optional(Flag('dialable; default false on Create')),
  balance: Type.Optional(Decimal('payment balance')),
  accountBlock: Type.Optional(DndAction('account-level DND')),
  person: Type.Optional(Type.Object({
    firstName: Type.Optional(Text()),
    lastName: Type.Optional(Text()),
    dateOfBirth: Type.Optional(DateTime('date of birth')),
    email: Type.Optional(Text()),
    ssn: Type.Optional(Text()),
    zipCode: Type.Optional(Text()),
  })),
  guarantor: Type.Optional(Type.Object({ firstName: Type.Optional(Text()), lastName: Type.Optional(Text()) })),
  phone: Type.Optional(Type.Array(PhoneItem, { maxItems: 10, description: 'up to 10 phones, by ordinal' })),
  customFields: Type.Optional(Type.Array(CustomFieldValue, { maxItems: 100 })),
  accountToSpeak: Type.Optional(Text('spoken by TTS; defaults to account')),
  originalAccountNumber: Type.Optional(Text()),
  address1: Type.Optional(Text()),
  address2: Type.Optional(Text()),
  city: Type.Optional(Text()),
  state: Type.Optional(Text()),
  country: Type.Optional(Text('a List Countries name (case, spaces and underscores ignored), stored upper-case with underscores')),
  amountToSpeak: Type.Optional(Decimal('amount spoken by TTS')),
  dueDate: Type.Optional(DateTime('date the balance is due')),
  groupId: Type.Optional(IdOrZero('contact group; 0 = none')),
  primaryEmailConsent: Type.Optional(Flag()),
  agentId: Type.Optional(IdOrZero('owning agent; 0 = none')),
  department: Type.Optional(Text()),
  salutation: Type.Optional(Text()),
  title: Type.Optional(Text()),
  description: Type.Optional(Text()),
  happinessIndex: Type.Optional(Type.Integer({ minimum: -2147483648, maximum: 2147483647 })),
}

const createExample = {
  person: { firstName: 'James', lastName: '22', dateOfBirth: 621057600000, email: 'example@liveox.com', ssn: '123DonotChange', zipCode: '560001' },
  guarantor: { firstName: 'aa', lastName: 'bbb' },
  phone: [{ phone: '6503517500', ordinal: 1, phoneBlock: 'DAILY_OFF', smsConsent: true, cellConsent: true }],
  customFields: [{ field: 'COL1', value: 123 }],
  account: '1234556', active: true, balance: 100.0, accountBlock: 'DAILY_OFF', accountToSpeak: '123DonotChange',
  originalAccountNumber: 'oan123', address1: 'ABC', address2: 'XYZ', city: 'San Francisco', state: 'CA',
  country: 'UNITED_STATES_OF_AMERICA', amountToSpeak: 100.0, dueDate: 1641963600000, groupId: '12371', primaryEmailConsent: true,
}

export const CreateContactBody = Type.Object({
  createContactDetails: Type.Object(contactDetailsProperties, { description: 'contact details (contacts.md §2.1)' }),
}, {
  examples: [
    { createContactDetails: createExample },
    {
      createContactDetails: {
        account: '1246583', active: 'true', balance: '1000.00', accountBlock: 'NONE', originalAccountNumber: '987654',
        city: 'San Francisco', state: 'CA', country: 'UNITED_STATES_OF_AMERICA', person: { firstName: 'john', lastName: 'doe' },
        phone: [{ phone: '4085553593', ordinal: '1', phoneBlock: 'NONE' }],
      },
    },
  ],
})

export const CreateContactResponse = Type.Object(CreatedId.properties, { examples: [{ id: 3456782 }] })

export const UpdateContactBody = Type.Object({
  updateContactDetails: Type.Optional(Type.Object(contactDetailsProperties, {
    description: 'fields to change; absent or null keys stay (account is ignored: the path names the contact)',
  })),
}, {
  examples: [{
    updateContactDetails: {
      person: { firstName: 'Jame', lastName: '222', dateOfBirth: 621057600000, email: 'example@liveox.com', ssn: '1234DonotChange', zipCode: '560002' },
      guarantor: { firstName: 'aaa', lastName: 'bbab' },
      phone: [{ phone: '6503517501', ordinal: 1, phoneBlock: 'PERMANENT_OFF', smsConsent: false, cellConsent: false }],
      customFields: [{ field: 'COL1', value: true }],
      active: false, balance: 101.0, accountBlock: 'PERMANENT_OFF', accountToSpeak: '1234DonotChange', originalAccountNumber: 'oan1234',
      address1: 'ABC', address2: 'XYZ', city: 'San Francisco', state: 'CA', country: 'UNITED_STATES_OF_AMERICA',
      amountToSpeak: 101.0, dueDate: 1641963600000, groupId: '6460', primaryEmailConsent: false,
    },
  }],
})

/**
 * Bulk items are checked one by one by the service (an invalid item is skipped, not a 400 for
 * the whole request: contacts.md Bulk Create / Bulk Update), so the schema only bounds the array.
 */
const BulkItem = (description: string) => Type.Unknown({ description })

export const BulkCreateContactBody = Type.Object({
  createContactDetails: Type.Array(BulkItem('contact details as in Create Contact; an invalid item or an existing account is skipped'), {
    minItems: 1, maxItems: 1000,
  }),
}, {
  examples: [{
    createContactDetails: [
      { ...createExample, account: 'Doc1', department: 'APIDEPT', salutation: 'Mr', title: 'Mr' },
      { person: { firstName: 'Joe', lastName: 'Williams', dateOfBirth: '621057600000', email: 'xyz@example.com', ssn: 'B123456', zipCode: '10011' }, account: 'Doc2' },
      { person: { firstName: 'Sally', lastName: 'Yam' }, account: 'Doc3', groupId: '83195', primaryEmailConsent: true, agentId: '657530671', department: 'APIDEPT' },
    ],
  }],
})

export const BulkCreateContactResponse = Type.Object({
  message: Type.String({ description: '"Successfully updated contacts <n>", n = contacts actually created (seed wording)' }),
}, { examples: [{ message: 'Successfully updated contacts 3' }] })

export const BulkUpdateContactBody = Type.Object({
  updateContactDetails: Type.Array(BulkItem('contact details identified by account (or id); unknown or invalid items are skipped'), {
    minItems: 1, maxItems: 1000,
  }),
}, {
  examples: [{
    updateContactDetails: [
      { account: 'account10', active: true, balance: 100.0, accountBlock: 'PERMANENT', phone: [{ phone: '6503517500', ordinal: 1, phoneBlock: 'PERMANENT', smsConsent: true, cellConsent: true }] },
      { account: 'account9', active: true, balance: 100.0, accountBlock: 'PERMANENT' },
    ],
  }],
})

export const AccountParams = Type.Object({ account: RequiredStr(255, { description: 'the contact\'s account (exact, case-sensitive)' }) })
export type AccountParamsType = Static<typeof AccountParams>

export const ListContactQuery = PagingQuery

// ---- Full view (contacts.md §2.3): every key always present ----

const OutText = Nullable(Type.String())
const DndState = Enum(DND_STATES, { description: 'DND state (contacts.md §1.1)' })

export const ContactPhone = Type.Object({
  phone: Type.String(),
  ordinal: Type.Integer({ minimum: 1, maximum: 10 }),
  phoneBlock: DndState,
  smsConsent: Type.Boolean(),
  cellConsent: Type.Boolean(),
})

export const ContactView = Type.Object({
  id: Id({ description: 'contact id (LV Account ID)' }),
  person: Type.Object({ firstName: OutText, lastName: OutText, dateOfBirth: Nullable(Type.Integer({ description: 'epoch millis; negative before 1970' })), email: OutText, ssn: OutText, zipCode: OutText }),
  guarantor: Type.Object({ firstName: OutText, lastName: OutText }),
  phone: Type.Array(ContactPhone, { description: 'existing phones only, by ordinal' }),
  customFields: Nullable(Type.Array(Type.Object({ field: Type.String(), value: Type.String() }), { description: 'fields with a value; null when none' })),
  account: Type.String(),
  active: Type.Boolean(),
  balance: Type.Number({ description: '0 when unset' }),
  accountBlock: DndState,
  accountToSpeak: OutText,
  originalAccountNumber: OutText,
  address1: OutText,
  address2: OutText,
  city: OutText,
  state: OutText,
  country: OutText,
  amountToSpeak: Type.Number({ description: '0 when unset' }),
  dueDate: Type.Integer({ description: 'epoch millis; 0 when unset' }),
  groupId: Type.Integer({ minimum: 0, description: '0 when none' }),
  primaryEmailConsent: Type.Boolean(),
  agentId: Type.Integer({ minimum: 0, description: '0 when none' }),
  department: OutText,
  salutation: OutText,
  title: OutText,
  description: OutText,
  happinessIndex: Nullable(Type.Integer()),
  callAttemptsToday: Type.Integer({ minimum: 0 }),
  callAttemptsTotal: Type.Integer({ minimum: 0 }),
  callAttemptsLifetime: Type.Integer({ minimum: 0, description: 'alias of callAttemptsTotal (README §10)' }),
  initialLoad: Millis({ description: '0 when unset' }),
  lastLoad: Nullable(Millis()),
  createDate: Millis(),
  createdDate: Millis({ description: 'alias of createDate (README §10)' }),
  modifyDate: Millis(),
  modifiedDate: Millis({ description: 'alias of modifyDate (README §10)' }),
}, { title: 'Contact' })
export type ContactViewType = Static<typeof ContactView>

const viewExample = {
  id: 1278281788,
  person: { firstName: 'Agent', lastName: 'One', dateOfBirth: 1187841600000, email: 'abc@xyz.com', ssn: '0095', zipCode: null },
  guarantor: { firstName: 'Gua', lastName: 'Tor' },
  phone: [
    { phone: '4158149720', ordinal: 1, phoneBlock: 'PERMANENT', smsConsent: false, cellConsent: false },
    { phone: '4042168962', ordinal: 2, phoneBlock: 'NONE', smsConsent: false, cellConsent: false },
  ],
  customFields: null, account: '2222', active: true, balance: 100, accountBlock: 'NONE', accountToSpeak: '2222',
  originalAccountNumber: 'ABC2222', address1: 'Route 66', address2: null, city: null, state: 'CA',
  country: 'UNITED_STATES_OF_AMERICA', amountToSpeak: 100, dueDate: 0, groupId: 0, primaryEmailConsent: false, agentId: 0,
  department: null, salutation: null, title: null, description: null, happinessIndex: null,
  callAttemptsToday: 0, callAttemptsTotal: 8, callAttemptsLifetime: 8, initialLoad: 0, lastLoad: null,
  createDate: 1500954412000, createdDate: 1500954412000, modifyDate: 1509550250000, modifiedDate: 1509550250000,
}

export const ContactList = Type.Object({
  listContactDetails: Type.Array(ContactView),
  next: NextLink,
}, { examples: [{ listContactDetails: [viewExample], next: 'contact/contacts?offset=10&count=10' }] })

export const ReadContactResponse = Type.Object({ readContactDetails: ContactView }, { examples: [{ readContactDetails: viewExample }] })
