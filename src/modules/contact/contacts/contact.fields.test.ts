import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { resolveSort } from '../search/search-sort.ts'
import { SEARCHABLE_FIELDS } from '../search/search-compiler.ts'
import { STANDARD_EXPORT_FIELDS } from '../transfer/export-fields.ts'
import { ALL_FIELDS_ORDER, CONTACT_FIELDS, CUSTOM_FIELD_COUNT, PHONE_SLOT_FIELDS } from './contact.fields.ts'
import { INSERT_COLUMNS } from './contact.rows.ts'

/** The field table (contact.fields.ts) against the database and its consumers. */
describe('contact field table', () => {
  let t: TestApp
  beforeAll(async () => { t = await buildTestApp() })
  afterAll(async () => { await t.close() })

  it('declares every column of contacts, and the row of a new contact writes each but the id', async () => {
    const tables = await t.db.introspection.getTables()
    const columns = tables.find((table) => table.name === 'contacts')!.columns.map((c) => c.name)
    expect(columns).toHaveLength(INSERT_COLUMNS.length + 1)
    expect([...INSERT_COLUMNS, 'id'].sort()).toEqual([...columns].sort())
  })

  it('orders allFields over every exported field exactly once', () => {
    const exported = [...CONTACT_FIELDS, ...PHONE_SLOT_FIELDS].flatMap((f) => (f.export ? [f.export.name] : []))
    expect(STANDARD_EXPORT_FIELDS.map((f) => f.name).sort()).toEqual([...exported].sort())
    expect(new Set(ALL_FIELDS_ORDER).size).toBe(ALL_FIELDS_ORDER.length)
    expect(new Set(exported.map((n) => n.toLowerCase())).size).toBe(exported.length)
  })

  it('gives each search name and sort name to one field only', () => {
    const fields = [...CONTACT_FIELDS, ...PHONE_SLOT_FIELDS]
    const search = fields.flatMap((f) => (f.search ?? []).map((s) => (typeof s === 'string' ? s : s.name)))
    const sort = fields.flatMap((f) => f.sort ?? [])
    expect(new Set(search).size).toBe(search.length)
    expect(new Set(sort).size).toBe(sort.length)
    for (const name of search) expect(SEARCHABLE_FIELDS).toContain(name)
    for (const name of [...sort, `COL${CUSTOM_FIELD_COUNT}`]) expect(() => resolveSort([{ field: name }], 0)).not.toThrow()
  })

  it('keys every input and view field, grouped keys unique within their group', () => {
    const keyed = CONTACT_FIELDS.filter((f) => f.input !== undefined || f.view !== undefined)
    for (const f of keyed) expect(f.key, f.column).toBeTruthy()
    const inputKeys = keyed.filter((f) => f.input).map((f) => `${f.group ?? ''}.${f.key!}`)
    expect(new Set(inputKeys).size).toBe(inputKeys.length)
  })
})
