import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { CreatedId, Enum, Id, MAX_ID, Millis, NextLink, Nullable, PagingQuery, RequiredStr, Str } from '../../../http/schemas.ts'
import { DND_ACTIONS, DND_STATES } from '../dnd/dnd-state.ts'
import { CONTACT_FIELDS, isAlwaysSet, type ContactField, type Unset } from './contact.fields.ts'

/**
 * Input schemas of Create / Update, and the two views, built from the field table
 * (contact.fields.ts). A JSON null means "not supplied" / "no change" (README §4); every null key
 * is dropped before validation (json-body.ts dropNullFields), so inputs declare plain types and
 * Ajv never coerces a null into "", 0 or false; a custom field's value is Nullable, as there null
 * clears. parseContactDetails (contact.input.ts) applies the rules that a schema cannot state.
 */
const describe = (text: string | undefined) => (text ? { description: text } : {})

/**
 * README §4 DateTime: epoch millis (number or digit string, coerced by the first branch; negative
 * before 1970, as dates of birth need) or CCYY-MM-DD.
 */
const DateTime = (description = 'date') => Type.Union([
  Type.Integer({ minimum: -62135596800000, maximum: 253402300799999 }),
  Str(10, { pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
], { description: `${description}: epoch milliseconds (number or digit string) or CCYY-MM-DD (New York day)` })
const DndAction = (description: string) => Enum(DND_ACTIONS, { description: `${description} (DND action, contacts.md §1.1)` })
const INT32 = { minimum: -2147483648, maximum: 2147483647 }

function inputSchema(field: ContactField): TSchema {
  const d = describe(field.description)
  switch (field.type) {
    case 'account': case 'text': case 'country': return Str(255, d)
    case 'flag': return Type.Boolean(d)
    case 'decimal': return Type.Number(d)
    case 'int32': return Type.Integer({ ...INT32, ...d })
    case 'ref': return Type.Integer({ minimum: 0, maximum: MAX_ID, ...d })
    case 'day': return DateTime(field.description)
    case 'dnd': return DndAction(field.description ?? 'DND')
    default: throw new Error(`contact field ${field.column} (${field.type}) takes no input`)
  }
}

/**
 * Properties of the fields of `fields` in table order, each group (person, guarantor) as one
 * object where its first field stands, and `parts` (phones, custom fields) after the groups.
 */
function detailsShape(fields: readonly ContactField[], schemaOf: (f: ContactField) => TSchema | null,
  group: (name: string, properties: Record<string, TSchema>) => TSchema, parts: Record<string, TSchema> = {}): Record<string, TSchema> {
  const top: Record<string, TSchema> = {}
  const groups = new Map<string, Record<string, TSchema>>()
  let partsPlaced = Object.keys(parts).length === 0
  for (const field of fields) {
    const schema = schemaOf(field)
    if (schema === null) continue
    if (field.group) {
      let properties = groups.get(field.group)
      if (!properties) groups.set(field.group, (properties = {}))
      properties[field.key!] = schema
      continue
    }
    if (!partsPlaced && groups.size > 0) {
      for (const [name, properties] of groups) top[name] = group(name, properties)
      Object.assign(top, parts)
      partsPlaced = true
    }
    top[field.key!] = schema
  }
  return top
}

export const PhoneItem = Type.Object({
  phone: Str(255, { description: 'phone number; on Update "" empties the slot' }),
  ordinal: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, description: 'slot 1-10; without it: the slot holding that number, else the first empty slot' })),
  phoneBlock: Type.Optional(DndAction('phone-level DND')),
  smsConsent: Type.Optional(Type.Boolean({ description: 'consent to SMS this number' })),
  cellConsent: Type.Optional(Type.Boolean({ description: 'consent to dial this cell number' })),
})

const CustomFieldValue = Type.Object({
  field: Str(6, { description: 'COL1 … COL100' }),
  // Ajv's coercion turns numbers and booleans into their text. Nullable, because here null is a
  // value (it clears, contacts.md §1.2), not "not supplied" (README §4, json-body.ts dropNullFields).
  value: Nullable(Str(255, { description: 'any scalar, stored as a string and checked against the field type; null or "" clears' })),
})

const inputShape = (accepted: ContactField['input']) => detailsShape(
  CONTACT_FIELDS,
  (f) => (f.input === accepted ? Type.Optional(inputSchema(f)) : null),
  (_name, properties) => Type.Optional(Type.Object(properties)),
  accepted === 'documented' ? {
    phone: Type.Optional(Type.Array(PhoneItem, { maxItems: 10, description: 'up to 10 phones, by ordinal' })),
    customFields: Type.Optional(Type.Array(CustomFieldValue, { maxItems: 100 })),
  } : {},
)

/** Create / Update details (contacts.md §2.1); also the contacts of a sandbox fixture (src/sandbox/fixtures/fixture.schemas.ts). */
export const contactDetailsProperties = inputShape('documented')
/** Keys parsed but not in the route schema: export columns, so a downloaded CSV or fixture dump loads back whole. */
export const acceptedDetailsProperties = inputShape('accepted')

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

const DateValue = (description: string) => Type.Union([Str(32), Type.Integer({ minimum: 0, maximum: MAX_ID })], {
  description: `${description}: "CCYY-MM-DD" or epoch milliseconds`,
})

/**
 * contacts.md "Routing notes": Bulk Contact Download and Bulk Create Contact share
 * `POST /contact/contacts/bulk` and are told apart by the body: `exportableFields` → download,
 * `createContactDetails` → create. Both keys are declared here; each handler checks its own.
 */
export const BulkContactBody = Type.Object({
  createContactDetails: Type.Optional(BulkCreateContactBody.properties.createContactDetails),
  exportableFields: Type.Optional(Type.Array(Str(64), {
    maxItems: 1000, description: 'Bulk Contact Download: columns in output order (contacts.md §1.7)',
  })),
  startDate: Type.Optional(DateValue('Bulk Contact Download: only contacts modified on or after')),
  endDate: Type.Optional(DateValue('Bulk Contact Download: only contacts modified on or before')),
}, {
  examples: [
    ...(BulkCreateContactBody.examples as unknown[]),
    { exportableFields: ['account', 'dueDate'] },
    { startDate: '2019-05-01', endDate: '2020-01-13', exportableFields: ['account', 'dueDate'] },
  ],
})
export type BulkContactBodyType = Static<typeof BulkContactBody>

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

// ---- Views: full (contacts.md §2.3, every key always present) and search (§2.4, sparse) ----

const DndState = Enum(DND_STATES, { description: 'DND state (contacts.md §1.1)' })

function viewSchema(field: ContactField): TSchema {
  const d = describe(field.view?.note)
  switch (field.type) {
    case 'id': return Id(d)
    case 'account': case 'text': case 'country': return Type.String(d)
    case 'flag': return Type.Boolean(d)
    case 'dnd': return DndState
    case 'decimal': return Type.Number(d)
    case 'int32': return Type.Integer(d)
    case 'ref': case 'count': return Type.Integer({ minimum: 0, ...d })
    case 'day': return Type.Integer(d)
    case 'instant': case 'stamp': return Millis(d)
    case 'dailyUntil': throw new Error(`contact field ${field.column} is not shown`)
  }
}

/** The schema of a field in one view, by what it shows when unset; null: not in that view. */
function inView(field: ContactField, unset: Unset): TSchema | null {
  if (!field.view || unset === 'hidden') return null
  const schema = viewSchema(field)
  if (isAlwaysSet(field.type) || unset === 0 || unset === '') return schema
  return unset === null ? Nullable(schema) : Type.Optional(schema)
}

export const ContactPhone = Type.Object({
  phone: Type.String(),
  ordinal: Type.Integer({ minimum: 1, maximum: 10 }),
  phoneBlock: DndState,
  smsConsent: Type.Boolean(),
  cellConsent: Type.Boolean(),
})

export const ContactView = Type.Object(detailsShape(
  CONTACT_FIELDS,
  (f) => inView(f, f.view?.full ?? null),
  (_name, properties) => Type.Object(properties),
  {
    phone: Type.Array(ContactPhone, { description: 'existing phones only, by ordinal' }),
    customFields: Nullable(Type.Array(Type.Object({ field: Type.String(), value: Type.String() }), { description: 'fields with a value; null when none' })),
  },
), { title: 'Contact' })
export type ContactViewType = Static<typeof ContactView>

/** The search view's properties (search/contact-search.schemas.ts), with its phone slots and custom fields. */
export const searchViewProperties = (parts: Record<string, TSchema>) => detailsShape(
  CONTACT_FIELDS,
  (f) => inView(f, f.view?.search ?? 'omit'),
  (_name, properties) => Type.Optional(Type.Object(properties)),
  parts,
)

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
