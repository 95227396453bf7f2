import { Type, type Static } from '@sinclair/typebox'
import { Enum, NextLink, PagingQuery, Str } from '../../../http/schemas.ts'
import { searchViewProperties } from '../contacts/contact.schemas.ts'
import { CONDITION_OPERATORS, RULE_OPERATORS, type SearchNodeInput } from './search-tree.ts'

/**
 * One node of the Find Matching Contact filter (contacts.md): a rule (`rule`, `left`, `right`)
 * or a condition (`field`, `criteria`, `condition`). Which keys a node needs depends on its kind,
 * so the schema checks types and bounds and the parser (search-tree.ts) names what is missing.
 */
export const SearchNodeSchema = Type.Recursive((Node) => Type.Object({
  rule: Type.Optional(Enum(RULE_OPERATORS, { description: 'rule node: how `left` and `right` combine' })),
  left: Type.Optional(Node),
  right: Type.Optional(Node),
  isNegated: Type.Optional(Type.Boolean({
    description: 'on a rule: NOT(left rule right); on a condition inside a rule: NOT(condition); ignored on a lone top-level condition',
  })),
  field: Type.Optional(Str(255, { description: 'condition node: searchable field (contacts.md §1.5), case-insensitive; custom fields as COL1…COL100' })),
  criteria: Type.Optional(Str(255, { description: 'value compared with the field; numbers are accepted and converted' })),
  condition: Type.Optional(Enum(CONDITION_OPERATORS, { description: 'condition operator (contacts.md §1.4)' })),
}), { $id: 'ContactSearchNode', description: 'rule node or condition node' })

export const SortKey = Type.Object({
  field: Str(64, { minLength: 1, description: 'sort field (contacts.md §1.6) or a searchable-field name, case-insensitive' }),
  order: Type.Optional(Str(8, { description: 'ASC or DESC, case-insensitive; default ASC' })),
})

const singleConditionExample = {
  search: { field: 'account', criteria: '10', condition: 'STARTS_WITH' },
  sort: [{ field: 'account', order: 'ASC' }],
}
const severalConditionsExample = {
  search: {
    rule: 'OR',
    right: {
      rule: 'AND',
      right: { field: 'account', criteria: '10', condition: 'STARTS_WITH' },
      left: { field: 'postalcode', criteria: '10', condition: 'STARTS_WITH' },
    },
    left: {
      rule: 'AND',
      right: { field: 'paymentbalance', criteria: '100', condition: 'GREATER' },
      left: {
        rule: 'AND',
        left: { field: 'account', criteria: '123', condition: 'STARTS_WITH' },
        right: { field: 'postalcode', criteria: '10', condition: 'STARTS_WITH' },
      },
    },
  },
}

export const FindMatchingContactBody = Type.Object({
  search: SearchNodeSchema,
  sort: Type.Optional(Type.Array(SortKey, { maxItems: 20, description: 'sort keys, applied in order; ties end with contact id ascending' })),
}, { examples: [singleConditionExample, severalConditionsExample] })
/** The recursive node's static type is spelled out: TypeBox infers `unknown` through Type.Recursive here. */
export type FindMatchingContactBodyType = Omit<Static<typeof FindMatchingContactBody>, 'search'> & { search: SearchNodeInput }

export const FindMatchingContactQuery = PagingQuery
export type FindMatchingContactQueryType = Static<typeof FindMatchingContactQuery>

const Text = (description?: string) => Str(255, description ? { description } : {})
const Count = Type.Integer({ minimum: 0 })

/** §2.4: each of the 10 slots, with `phone` only when the slot holds a number. */
const SearchPhone = Type.Object({
  smsConsent: Type.Boolean(),
  cellConsent: Type.Boolean(),
  phone: Type.Optional(Text('phone number')),
  ordinal: Type.Integer({ minimum: 1, maximum: 10 }),
  position: Type.Integer({ minimum: 1, maximum: 10, description: 'same as ordinal' }),
  dnd: Type.Boolean({ description: 'permanent DND flag' }),
  dndDaily: Type.Boolean({ description: 'daily DND flag' }),
  callAttemptsTotal: Count,
  callAttemptsToday: Count,
})

/** Search view (contacts.md §2.4): sparse, unset keys omitted except where the field table says (contact.fields.ts). */
export const SearchContact = Type.Object(searchViewProperties({
  phone: Type.Array(SearchPhone, { minItems: 10, maxItems: 10 }),
  customFields: Type.Optional(Type.Array(Type.Object({ field: Str(8), value: Text() }), { maxItems: 100 })),
}), { title: 'ContactSearchMatch' })

const emptyPhones = Array.from({ length: 10 }, (_, i) => ({
  smsConsent: false, cellConsent: false, ordinal: i + 1, position: i + 1, dnd: false, dndDaily: false, callAttemptsTotal: 0, callAttemptsToday: 0,
}))

export const FindMatchingContactResponse = Type.Object({
  findMatchingContactsDetails: Type.Array(SearchContact),
  next: NextLink,
}, {
  examples: [{
    findMatchingContactsDetails: [{
      id: 1500034846256, phone: emptyPhones, account: '100', active: false, balance: 0.0, accountBlock: 'NONE', country: '',
      amountToSpeak: 0.0, groupId: 0, primaryEmailConsent: false, agentId: 723247,
      createdDate: 1700087145000, modifiedDate: 1700087145000, createDate: 1700087145000, modifyDate: 1700087145000,
      lastLoad: 1710237709000, callAttemptsToday: 0, callAttemptsLifetime: 0, callAttemptsTotal: 0,
    }],
    next: 'contact/contacts/search?offset=5&count=5',
  }],
})
