import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/app.ts'
import { createTestClient } from '../../../../test/fixtures.ts'
import { insertContactRows } from '../search/search.fixtures.ts'
import { openExport, planExport } from './contact-export.ts'
import { copySyntheticRows } from '../../../../bench/synthetic-contacts.ts'

/**
 * PostgreSQL writes the download's CSV itself (COPY … TO STDOUT, postgres-copy.ts). The CSV is
 * checked against the database by contact-export.routes.test.ts on both dialects; this file
 * covers what only the COPY path has: its server-side query and its row count.
 */
describe.skipIf(process.env.TEST_DIALECT !== 'postgres')('Bulk Contact Download through COPY', () => {
  let t: TestApp
  beforeAll(async () => { t = await buildTestApp() })
  afterAll(async () => { await t.close() })
  const NOW = Date.UTC(2026, 0, 15, 15, 0, 0)

  const activeCopies = async () => (await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE query LIKE 'COPY (select %' AND state = 'active' AND datname = current_database()`.execute(t.db)).rows[0].n

  it('ends the query on the server when the download is abandoned', async () => {
    const c = await createTestClient(t)
    const pool = t.app.dbHandle.pgPool!
    const loader = await pool.connect()
    try {
      await copySyntheticRows(loader, c.clientId, 0, 100_000, NOW)
    } finally {
      loader.release()
    }
    const chunks = await openExport(t.app.dbHandle, c.clientId, planExport({ exportableFields: ['allFields'] }), NOW)
    const first = await chunks.next()
    expect(first.value!.toString('utf8')).toMatch(/^Account,Account Due Date,/)
    expect(await activeCopies()).toBe(1)
    await chunks.return()
    let running = 1
    for (let i = 0; i < 100 && running > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      running = await activeCopies()
    }
    expect(running).toBe(0)
    const count = await t.db.selectFrom('contacts').select(sql<number>`count(*)::int`.as('n')).where('client_id', '=', c.clientId).executeTakeFirstOrThrow()
    expect(count.n).toBe(100_000)
  }, 60_000)

  it('reports the exact number of contacts written, line breaks inside fields included', async () => {
    const c = await createTestClient(t)
    await insertContactRows(t.db, c.clientId, NOW, [
      { account: 'NL-1', city: 'two\nlines' }, { account: 'NL-2', city: 'three\r\nlines\n' }, { account: 'NL-3' },
    ])
    let written = -1
    const chunks = await openExport(t.app.dbHandle, c.clientId, planExport({ exportableFields: ['account', 'city'] }), NOW, (n) => { written = n })
    let csv = ''
    for await (const chunk of chunks) csv += chunk.toString('utf8')
    expect(csv).toBe('Account,City\nNL-1,"two\nlines"\nNL-2,"three\r\nlines\n"\nNL-3,\n')
    expect(written).toBe(3)
  })
})
