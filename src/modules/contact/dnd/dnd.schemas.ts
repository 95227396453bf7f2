import { Type } from '@sinclair/typebox'
import { Enum, RequiredStr } from '../../../http/schemas.ts'
import { DND_ACTIONS } from './dnd-state.ts'

const Action = (description: string) => Enum(DND_ACTIONS, { description: `${description} (DND action, contacts.md §1.1)` })

export const DndPhoneItem = Type.Object({
  phone: RequiredStr(255, { description: 'phone number; the slot takes it when it holds another number or none' }),
  ordinal: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, description: 'slot 1-10; without it: the slot holding that number, else the first empty slot' })),
  phoneBlock: Type.Optional(Action('phone-level DND')),
  smsConsent: Type.Optional(Type.Boolean()),
  cellConsent: Type.Optional(Type.Boolean()),
})

export const UpdateContactDndBody = Type.Object({
  updateContactDND: Type.Optional(Type.Array(DndPhoneItem, { maxItems: 10, description: 'phones whose DND settings change' })),
  accountBlock: Type.Optional(Action('account-level DND')),
}, {
  examples: [
    { updateContactDND: [{ phone: '6505551234', ordinal: 1, phoneBlock: 'BOTH', smsConsent: true, cellConsent: true }] },
    { accountBlock: 'DAILY' },
  ],
})

export const UpdateMultipleContactsDndBody = Type.Object({
  contactDnd: Type.Array(Type.Unknown({
    description: '{account, accountBlock?, updateContactDND?} as in Update Contact DND; unknown accounts and invalid entries are skipped',
  }), { minItems: 1, maxItems: 1000 }),
}, {
  examples: [{
    contactDnd: [
      {
        account: '31576555260000', accountBlock: 'DAILY',
        updateContactDND: [
          { phone: '4565553748', ordinal: '1', phoneBlock: 'NONE' },
          { phone: '9133333331', ordinal: '2', phoneBlock: 'NONE' },
          { phone: '9133342342', ordinal: '3', phoneBlock: 'NONE' },
        ],
      },
      { account: '2q1578628860000', accountBlock: 'NONE', updateContactDND: [{ phone: '4565553748', ordinal: '1', phoneBlock: 'DAILY' }] },
    ],
  }],
})

export const UpdatedCount = Type.Object({
  updated: Type.Integer({ minimum: 0, description: 'contacts updated' }),
}, { examples: [{ updated: 2 }, { updated: 0 }] })
