import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/app.ts'
import { copyQueryToCsv, copyRowsIn, inlineParameters, withPgTransaction } from './copy.ts'

const onPostgres = process.env.TEST_DIALECT === 'postgres'

describe('inlineParameters', () => {
  it('writes every value as a quoted literal, as pg sends untyped text parameters', () => {
    expect(inlineParameters({
      sql: 'select * from "t" where "a" = $1 and "b" in ($2, $3) and "c" = any($4) and "d" is $5 and "e" = $10',
      parameters: [7, "O'Brien", 'back\\slash', ['x', 'y"z', null], null, 0, 0, 0, 0, true],
    })).toBe(`select * from "t" where "a" = '7' and "b" in ('O''Brien',  E'back\\\\slash') and "c" = any( E'{"x","y\\\\"z",NULL}') and "d" is NULL and "e" = 'true'`)
  })

  it('leaves dollar signs inside strings, identifiers, dollar quotes and comments alone', () => {
    expect(inlineParameters({
      sql: `select '$1', "col$1", $tag$ $1 $tag$, x$1 -- $1\n, $1 /* $1 */`,
      parameters: ['v'],
    })).toBe(`select '$1', "col$1", $tag$ $1 $tag$, x$1 -- $1\n, 'v' /* $1 */`)
  })

  it('refuses a placeholder without a value', () => {
    expect(() => inlineParameters({ sql: 'select $2', parameters: [1] })).toThrow('no value for $2')
  })
})

describe.skipIf(!onPostgres)('PostgreSQL COPY routes', () => {
  let t: TestApp
  const pool = () => t.app.dbHandle.pgPool!

  beforeAll(async () => {
    t = await buildTestApp()
    await sql`CREATE TABLE copy_probe (id integer PRIMARY KEY, label text, amount numeric, flag integer)`.execute(t.db)
  })
  afterAll(async () => { await t?.close() })

  const nasty = ['tab\there', 'line\nbreak', 'carriage\rreturn', 'back\\slash \\N', 'quote " and , comma', 'ünïcødé ✓', '', null]

  it('loads rows with every awkward character in one transaction', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [i + 1, nasty[i % nasty.length], i / 4, i % 2])
    const copied = await withPgTransaction(pool(), (client) => copyRowsIn(client, 'copy_probe', ['id', 'label', 'amount', 'flag'], rows))
    expect(copied).toBe(20_000)
    const back = await sql<{ id: number; label: string | null; amount: number; flag: number }>`
      SELECT id, label, amount, flag FROM copy_probe WHERE id <= 16 ORDER BY id`.execute(t.db)
    expect(back.rows).toEqual(rows.slice(0, 16).map(([id, label, amount, flag]) => ({ id, label, amount, flag })))
  })

  it('keeps nothing when a row fails', async () => {
    const rows = [[900_001, 'fine', 1, 1], [900_002, 'bad', 'not a number', 1]]
    await expect(withPgTransaction(pool(), async (client) => {
      await client.query(`INSERT INTO copy_probe (id, label) VALUES (900000, 'before')`)
      return copyRowsIn(client, 'copy_probe', ['id', 'label', 'amount', 'flag'], rows)
    })).rejects.toThrow(/invalid input syntax/)
    const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM copy_probe WHERE id >= 900000`.execute(t.db)
    expect(left.rows[0]!.n).toBe(0)
  })

  async function text(stream: NodeJS.ReadableStream): Promise<string> {
    const chunks: Buffer[] = []
    for await (const chunk of stream) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  }

  it('streams a parameterised query out as CSV with vendor headers', async () => {
    const query = t.db.selectFrom('copy_probe' as never)
      .select([sql`id`.as('Account'), sql`NULLIF(label, '')`.as('Account Label')])
      .where(sql`id`, '<=', 8).where(sql`label`, 'is distinct from', "O'Neil")
      .orderBy(sql`id`)
      .compile()
    const csv = await text(copyQueryToCsv(pool(), query, { header: true }))
    expect(csv).toBe([
      'Account,Account Label',
      '1,tab\there',
      '2,"line\nbreak"',
      '3,"carriage\rreturn"',
      '4,back\\slash \\N',
      '5,"quote "" and , comma"',
      '6,ünïcødé ✓',
      '7,',
      '8,',
      '',
    ].join('\n'))
  })

  it('ends the COPY on the server when the reader goes away', async () => {
    // A join of two small series streams (one big series would be materialised before the first row).
    const query = t.db.selectFrom(sql`generate_series(1, 100000) a, generate_series(1, 100000)`.as('b'))
      .select(sql`a`.as('n')).compile()
    const stream = copyQueryToCsv(pool(), query)
    await new Promise<void>((resolve) => stream.once('data', () => resolve()))
    stream.destroy()
    const deadline = Date.now() + 5000
    let running = 1
    while (running > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      const active = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'COPY (select a%' AND state = 'active'`.execute(t.db)
      running = active.rows[0]!.n
    }
    expect(running).toBe(0)
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM copy_probe`.execute(t.db)
    expect(after.rows[0]!.n).toBe(20_000)
  })
})
