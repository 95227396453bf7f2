import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient } from '../../../../test/fixtures.ts'
import { readContact, updateCustomFields } from '../../../../test/support/contact.ts'
import { sql } from 'kysely'
import { dialectOf } from '../../../db/dialect.ts'
import { bulkCreateContacts } from './contact.bulk.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const countContacts = async (clientId: number): Promise<number> => Number((await t.db.selectFrom('contacts')
  .select((eb) => eb.fn.countAll().as('n')).where('client_id', '=', clientId).executeTakeFirstOrThrow()).n)

describe('bulkCreateContacts (Bulk Create and the CLI import)', () => {
  it('reports every item it did not create, by index, with the vendor message', async () => {
    const c = await createTestClient(t)
    await updateCustomFields(t, c.admin, [{ field: 'COL2', label: 'Score', dataType: 'NUMBER' }])
    await bulkCreateContacts(t.db, c.clientId, [{ account: 'old' }], { now: t.clock.now(), user: 'import' })
    const result = await bulkCreateContacts(t.db, c.clientId, [
      { account: 'a', person: { firstName: 'Ann' } },
      { account: 'old' },
      null,
      { account: 'a' },
      { account: 'b', customFields: [{ field: 'COL2', value: 'x' }] },
      { account: 'c', phone: [{ phone: '1', ordinal: '1' }, { phone: '2', ordinal: 1 }] },
      { account: 'd', dueDate: 'soon' },
      { account: 'e' },
    ], { now: t.clock.now(), user: 'import' })
    expect(result).toEqual({
      created: 2,
      rejected: [
        { index: 1, message: 'Contact already exists!' },
        { index: 2, message: 'Invalid input [contact details must be an object]' },
        { index: 3, message: 'Contact already exists!' },
        { index: 4, message: 'Invalid input [customFields: COL2]' },
        { index: 5, message: 'Invalid input [ordinal]' },
        { index: 6, message: 'Invalid input [dueDate must be epoch milliseconds or CCYY-MM-DD]' },
      ],
    })
    expect((await readContact(t, c.admin, 'a')).person.firstName).toBe('Ann')
  })

  it('takes batches of any size (the CLI passes 10,000) in one transaction', async () => {
    const c = await createTestClient(t)
    const items = Array.from({ length: 2537 }, (_, i) => ({ account: `N${i}`, phone: [{ phone: String(5550000000 + i) }] }))
    expect(await bulkCreateContacts(t.db, c.clientId, items, { now: t.clock.now(), user: 'import' })).toEqual({ created: 2537, rejected: [] })
    expect(await countContacts(c.clientId)).toBe(2537)
    expect(await readContact(t, c.admin, 'N2536')).toMatchObject({ phone: [{ phone: '5550002536', ordinal: 1 }] })
  })

  it('joins the caller\'s transaction, so an interrupted import leaves nothing behind', async () => {
    const c = await createTestClient(t)
    const items = Array.from({ length: 1500 }, (_, i) => ({ account: `T${i}` }))
    await expect(t.db.transaction().execute(async (trx) => {
      expect((await bulkCreateContacts(trx, c.clientId, items, { now: t.clock.now(), user: 'import' })).created).toBe(1500)
      throw new Error('interrupted')
    })).rejects.toThrow('interrupted')
    expect(await countContacts(c.clientId)).toBe(0)
  })

  it('keeps clients apart: the same account may exist in two clients', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    await bulkCreateContacts(t.db, other.clientId, [{ account: 'shared', city: 'Theirs' }], { now: t.clock.now(), user: 'import' })
    expect(await bulkCreateContacts(t.db, c.clientId, [{ account: 'shared', city: 'Mine' }], { now: t.clock.now(), user: 'import' }))
      .toEqual({ created: 1, rejected: [] })
    expect((await readContact(t, c.admin, 'shared')).city).toBe('Mine')
    expect((await readContact(t, other.admin, 'shared')).city).toBe('Theirs')
  })

  it('tells accounts apart exactly within a batch: another case, or another client\'s account, is a new contact', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    await bulkCreateContacts(t.db, c.clientId, [{ account: 'Case' }, { account: 'kept' }], { now: t.clock.now(), user: 'import' })
    await bulkCreateContacts(t.db, other.clientId, [{ account: 'theirs' }, { account: 'also' }], { now: t.clock.now(), user: 'import' })
    expect(await bulkCreateContacts(t.db, c.clientId, [{ account: 'CASE' }, { account: 'kept' }, { account: 'theirs' }, { account: 'Case' }], { now: t.clock.now(), user: 'import' }))
      .toEqual({ created: 2, rejected: [{ index: 1, message: 'Contact already exists!' }, { index: 3, message: 'Contact already exists!' }] })
    expect(await countContacts(c.clientId)).toBe(4)
    expect(await countContacts(other.clientId)).toBe(2)
  })

  it('skips an account another writer creates while the batch is being written', async () => {
    const c = await createTestClient(t)
    let release!: () => void
    const gate = new Promise<void>((resolve) => { release = resolve })
    let inserted!: () => void
    const firstInserted = new Promise<void>((resolve) => { inserted = resolve })
    const first = t.db.transaction().execute(async (trx) => {
      await bulkCreateContacts(trx, c.clientId, [{ account: 'X', city: 'First' }, { account: 'Z' }], { now: t.clock.now(), user: 'one' })
      inserted()
      await gate
    })
    await firstInserted
    const second = bulkCreateContacts(t.db, c.clientId, [{ account: 'Y' }, { account: 'X', city: 'Second' }], { now: t.clock.now(), user: 'two' })
    if (dialectOf(t.db) === 'postgres') {
      // The second batch did not see X, uncommitted, and waits on the unique index for the first.
      const waiting = async () => Number((await sql<{ n: string }>`select count(*) as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(t.db)).rows[0].n)
      while (await waiting() === 0) await new Promise((resolve) => setTimeout(resolve, 10))
    }
    release()
    await first
    expect(await second).toEqual({ created: 1, rejected: [{ index: 1, message: 'Contact already exists!' }] })
    expect((await readContact(t, c.admin, 'X')).city).toBe('First')
    expect(await countContacts(c.clientId)).toBe(3)
  })
})
