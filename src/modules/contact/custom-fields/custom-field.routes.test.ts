import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient } from '../../../../test/fixtures.ts'
import { call, createContact, readContact, updateCustomFields } from '../../../../test/support/contact.ts'
import { expectError, expectInvalidPrefix } from '../../../../test/support/errors.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

describe('Custom Fields', () => {
  it('reads an unconfigured field as label null, STRING, by its COLn name in any case', async () => {
    const c = await createTestClient(t)
    for (const name of ['COL7', 'col7', 'Col7']) {
      const res = await call(t, c.admin, 'GET', `/contact/contacts/customFields/${name}`)
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ label: null, field: 'COL7', dataType: 'STRING' })
    }
    expect((await call(t, c.admin, 'GET', '/contact/contacts/customFields')).json()).toEqual({ customFields: [] })
  })

  it('updates labels, types and LIST values; List shows labelled fields by number; Read answers the field asked for', async () => {
    const c = await createTestClient(t)
    const res = await call(t, c.admin, 'PUT', '/contact/contacts/customFields', { customFields: [{ field: 'COL11', label: 'Balance Due After Date' }] })
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    await updateCustomFields(t, c.admin, [
      { field: 'COL30', label: 'Test', dataType: 'LIST', listValues: ['blue', 'green', 'red'] },
      { field: 'col9', label: 'Company' },
      { field: 'COL24', label: 'Score Type', dataType: 'NUMBER' },
      { field: 'COL50', dataType: 'DATE' },
    ])
    expect((await call(t, c.admin, 'GET', '/contact/contacts/customFields/COL30')).json())
      .toEqual({ listValues: ['blue', 'green', 'red'], field: 'COL30', label: 'Test', dataType: 'LIST' })
    expect((await call(t, c.admin, 'GET', '/contact/contacts/customFields/COL50')).json()).toEqual({ label: null, field: 'COL50', dataType: 'DATE' })
    expect((await call(t, c.admin, 'GET', '/contact/contacts/customFields')).json()).toEqual({
      customFields: [
        { field: 'COL9', label: 'Company', dataType: 'STRING' },
        { field: 'COL11', label: 'Balance Due After Date', dataType: 'STRING' },
        { field: 'COL24', label: 'Score Type', dataType: 'NUMBER' },
        { listValues: ['blue', 'green', 'red'], field: 'COL30', label: 'Test', dataType: 'LIST' },
      ],
    })
    // A later update keeps what it does not mention; "" removes the label; another type drops the list.
    await updateCustomFields(t, c.admin, [{ field: 'COL30', listValues: ['blue', 'yellow'] }, { field: 'COL9', label: '' }, { field: 'COL24', label: null }])
    expect((await call(t, c.admin, 'GET', '/contact/contacts/customFields')).json()).toEqual({
      customFields: [
        { field: 'COL11', label: 'Balance Due After Date', dataType: 'STRING' },
        { field: 'COL24', label: 'Score Type', dataType: 'NUMBER' },
        { listValues: ['blue', 'yellow'], field: 'COL30', label: 'Test', dataType: 'LIST' },
      ],
    })
    await updateCustomFields(t, c.admin, [{ field: 'COL30', dataType: 'STRING' }])
    expect((await call(t, c.admin, 'GET', '/contact/contacts/customFields/COL30')).json()).toEqual({ label: 'Test', field: 'COL30', dataType: 'STRING' })
  })

  it('never touches the values stored in contacts', async () => {
    const c = await createTestClient(t)
    await createContact(t, c.admin, { account: 'v', customFields: [{ field: 'COL3', value: 'not a number' }] })
    await updateCustomFields(t, c.admin, [{ field: 'COL3', label: 'Score', dataType: 'NUMBER' }])
    expect((await readContact(t, c.admin, 'v')).customFields).toEqual([{ field: 'COL3', value: 'not a number' }])
    // New writes are checked against the new type.
    expectError(await call(t, c.admin, 'PUT', '/contact/contacts/v', { updateContactDetails: { customFields: [{ field: 'COL3', value: 'still not' }] } }), 400, 202, 'Invalid input [customFields: COL3]')
  })

  it('keeps every definition of a failed update unchanged', async () => {
    const c = await createTestClient(t)
    await updateCustomFields(t, c.admin, [{ field: 'COL1', label: 'Before' }])
    const put = (customFields: unknown) => call(t, c.admin, 'PUT', '/contact/contacts/customFields', { customFields })
    expectError(await put([{ field: 'COL1', label: 'After' }, { field: 'COL2', dataType: 'LIST' }]), 400, 202, 'Invalid input [listValues required for LIST]')
    expectError(await put([{ field: 'COL1', label: 'After' }, { field: 'COL2', dataType: 'LIST', listValues: [] }]), 400, 202, 'Invalid input [listValues required for LIST]')
    expectError(await put([{ field: 'COL1', label: 'After' }, { field: 'COL101', label: 'x' }]), 400, 202, 'Invalid input [customFields[1].field: COL101]')
    expectError(await put([{ field: 'COL1', label: 'After' }, { field: 'Balance', label: 'x' }]), 400, 202, 'Invalid input [customFields[1].field: Balance]')
    expectInvalidPrefix(await put([{ field: 'COL1', dataType: 'MONEY' }]), 'Invalid input [customFields[0].dataType must be one of NUMBER, STRING, DATE, BOOLEAN, LIST]')
    expectError(await put([{ field: 'COL1', listValues: ['a'] }]), 400, 202, 'Invalid input [customFields[0].listValues only apply to LIST fields]')
    expectError(await put([{ label: 'x' }]), 400, 202, 'Missing required field [customFields[0].field]')
    expectInvalidPrefix(await put([]), 'Invalid input [customFields must NOT have fewer than 1 items')
    expectError(await call(t, c.admin, 'PUT', '/contact/contacts/customFields', {}), 400, 202, 'Missing required field [customFields]')
    expect((await call(t, c.admin, 'GET', '/contact/contacts/customFields')).json()).toEqual({ customFields: [{ field: 'COL1', label: 'Before', dataType: 'STRING' }] })
  })

  it('answers 404 for a name outside COL1 … COL100 and keeps clients apart', async () => {
    const c = await createTestClient(t)
    const other = await createTestClient(t)
    await updateCustomFields(t, other.admin, [{ field: 'COL1', label: 'Theirs' }])
    for (const name of ['COL0', 'COL101', 'Company', 'COL1x']) {
      expectError(await call(t, c.admin, 'GET', `/contact/contacts/customFields/${name}`), 404, 203, `Custom field not found [${name}]`)
    }
    expect((await call(t, c.admin, 'GET', '/contact/contacts/customFields/COL1')).json()).toEqual({ label: null, field: 'COL1', dataType: 'STRING' })
    expect((await call(t, c.admin, 'GET', '/contact/contacts/customFields')).json()).toEqual({ customFields: [] })
  })
})
