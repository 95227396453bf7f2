import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../test/app.ts'
import { rowObjectBuilder } from './row-objects.ts'

/**
 * Both drivers' rows are built by rowObjectBuilder (SQLite's ObjectRowStatement, the PostgreSQL
 * connection's array rows); they must stay the objects the drivers themselves made. Runs under
 * `npm test` (SQLite) and `npm run test:pg` (PostgreSQL).
 */
let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

describe('row objects', () => {
  it('keep column order, let a later column of the same name win, and take any name as a key', async () => {
    const { rows } = await sql<Record<string, unknown>>`select 1 as a, 'x' as "b""\\c", null as d, 3 as a`.execute(t.db)
    expect(rows).toEqual([{ a: 3, 'b"\\c': 'x', d: null }])
    expect(Object.keys(rows[0])).toEqual(['a', 'b"\\c', 'd'])
  })

  it('build one object per row and none for an empty result', async () => {
    const { rows } = await sql<{ n: number }>`select 1 as n union all select 2 union all select 3 order by 1`.execute(t.db)
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3])
    const none = await sql`select 1 as n where 1 = 0`.execute(t.db)
    expect(none.rows).toEqual([])
  })

  it('leave a column named __proto__ to the caller: no builder', () => {
    expect(rowObjectBuilder(['__proto__', 'x'])).toBeUndefined()
    expect(rowObjectBuilder(['x', 'y'])!([1, 2])).toEqual({ x: 1, y: 2 })
  })
})
