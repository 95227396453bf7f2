import type { Db } from '../../../db/database.ts'
import type { Principal } from '../../../http/auth.ts'
import type { RequestContext } from '../../access/context.ts'
import { notFound } from '../../../http/errors.ts'
import { findContactIdByAccount } from '../contacts/contact.repository.ts'
import { contactNotFound } from '../contacts/contact.service.ts'
import { findContactNote, listContactNoteRows } from './contact-note.repository.ts'

async function contactId(db: Db, principal: Principal, account: string): Promise<number> {
  const id = await findContactIdByAccount(db, principal.clientId, account)
  if (id === undefined) throw contactNotFound()
  return id
}

export async function listContactNotes({ db, principal }: RequestContext, account: string) {
  return listContactNoteRows(db, principal.clientId, await contactId(db, principal, account))
}

export async function readContactNote({ db, principal }: RequestContext, account: string, id: number) {
  const row = await findContactNote(db, principal.clientId, await contactId(db, principal, account), id)
  if (!row) throw notFound('Contact note', id)
  return {
    id: row.id, note: row.note, sessionId: row.session_id, transactionId: row.transaction_id,
    createDate: row.created_at, modifiedDate: row.modified_at,
  }
}
