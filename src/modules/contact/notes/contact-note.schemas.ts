import { Type } from '@sinclair/typebox'
import { Id, Millis, RequiredStr } from '../../../http/schemas.ts'

export const ContactNoteParams = Type.Object({
  account: RequiredStr(255, { description: 'the contact\'s account' }),
  id: Id({ description: 'contact note id' }),
})

export const ContactNoteList = Type.Object({
  listContactNotes: Type.Array(Type.Object({ id: Id(), note: Type.String() })),
}, {
  examples: [{
    listContactNotes: [
      { id: 234567, note: 'Do not accept check payments from this account.' },
      { id: 1489384, note: 'Caller was hostile' },
    ],
  }],
})

export const ContactNote = Type.Object({
  id: Id(),
  note: Type.String(),
  sessionId: Type.String({ description: 'session of the call the note was made in' }),
  transactionId: Type.Integer({ minimum: 0 }),
  createDate: Millis(),
  modifiedDate: Millis(),
}, {
  title: 'ContactNote',
  examples: [{
    id: 1489384, note: 'LV_SH1: Contact was hostile', transactionId: 5534420908, sessionId: 'U1FF238B4736@10.201.17.196',
    createDate: 1502285778000, modifiedDate: 1502285778000,
  }],
})
