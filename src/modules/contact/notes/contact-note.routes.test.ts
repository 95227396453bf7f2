import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient, type TestClient } from '../../../../test/fixtures.ts'
import { call, createContact } from '../../../../test/support/contact.ts'
import { expectError, expectNoRecord } from '../../../../test/support/errors.ts'
import { insertContactNotes } from './contact-note.repository.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

/** Notes are written by calls (fixture data): straight through the repository the demo uses. */
async function addNotes(c: TestClient, contactId: number, notes: string[]): Promise<number[]> {
  await insertContactNotes(t.db, notes.map((note, i) => ({
    client_id: c.clientId, contact_id: contactId, note, session_id: 'U1FF238B4736@10.201.17.196',
    transaction_id: 5534420908 + i, created_at: 1502285778000 + i, modified_at: 1502285778000 + i,
  })))
  const rows = await t.db.selectFrom('contact_notes').select('id').where('client_id', '=', c.clientId).where('contact_id', '=', contactId).orderBy('id').execute()
  return rows.slice(-notes.length).map((r) => Number(r.id))
}

describe('Contact Notes', () => {
  it('lists the contact\'s notes by id and reads one in full', async () => {
    const c = await createTestClient(t)
    const contactId = await createContact(t, c.admin, { account: '123456' })
    const otherContact = await createContact(t, c.admin, { account: 'other' })
    const [first, second] = await addNotes(c, contactId, ['LV_SH1: Contact was hostile', 'Do not accept check payments from this account.'])
    await addNotes(c, otherContact, ['Someone else'])
    const list = await call(t, c.admin, 'GET', '/contact/contacts/123456/notes/')
    expect(list.statusCode).toBe(200)
    expect(list.json()).toEqual({ listContactNotes: [{ id: first, note: 'LV_SH1: Contact was hostile' }, { id: second, note: 'Do not accept check payments from this account.' }] })
    const read = await call(t, c.admin, 'GET', `/contact/contacts/123456/notes/${first}`)
    expect(read.statusCode).toBe(200)
    expect(read.json()).toEqual({
      id: first, note: 'LV_SH1: Contact was hostile', transactionId: 5534420908, sessionId: 'U1FF238B4736@10.201.17.196',
      createDate: 1502285778000, modifiedDate: 1502285778000,
    })
  })

  it('answers an empty list for a contact without notes', async () => {
    const c = await createTestClient(t)
    await createContact(t, c.admin, { account: 'quiet' })
    expect((await call(t, c.admin, 'GET', '/contact/contacts/quiet/notes')).json()).toEqual({ listContactNotes: [] })
  })

  it('answers 404 for an unknown account, another client\'s contact, or a note of another contact', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    const theirs = await createContact(t, other.admin, { account: 'theirs' })
    const [theirNote] = await addNotes(other, theirs, ['private'])
    const mine = await createContact(t, c.admin, { account: 'mine' })
    const sibling = await createContact(t, c.admin, { account: 'sibling' })
    const [siblingNote] = await addNotes(c, sibling, ['sibling note'])
    expectNoRecord(await call(t, c.admin, 'GET', '/contact/contacts/theirs/notes'))
    expectNoRecord(await call(t, c.admin, 'GET', `/contact/contacts/theirs/notes/${theirNote}`))
    expectNoRecord(await call(t, c.admin, 'GET', '/contact/contacts/nobody/notes'))
    expectError(await call(t, c.admin, 'GET', `/contact/contacts/mine/notes/${siblingNote}`), 404, 203, `Contact note not found [ID:${siblingNote}]`)
    expectError(await call(t, c.admin, 'GET', '/contact/contacts/mine/notes/999999'), 404, 203, 'Contact note not found [ID:999999]')
    void mine
  })

  it('removes the notes with their contact', async () => {
    const c = await createTestClient(t)
    const id = await createContact(t, c.admin, { account: 'gone' })
    await addNotes(c, id, ['a', 'b'])
    expect((await call(t, c.admin, 'DELETE', '/contact/contacts/gone')).statusCode).toBe(204)
    const left = await t.db.selectFrom('contact_notes').select('id').where('contact_id', '=', id).execute()
    expect(left).toEqual([])
  })
})
