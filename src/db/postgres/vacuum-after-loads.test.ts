import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { createTestDatabaseUrl } from '../../../test/database.ts'
import { vacuumAfterLoads } from './vacuum-after-loads.ts'

const onPostgres = process.env.TEST_DIALECT === 'postgres'

interface Counts { relname: string; vacuum_count: string; analyze_count: string }

describe.skipIf(!onPostgres)('VACUUM (ANALYZE) after bulk loads (PostgreSQL)', () => {
  it('vacuums and analyzes a table once a load into it has ended, and leaves small writes to autovacuum', async () => {
    const pool = new pg.Pool({ connectionString: await createTestDatabaseUrl(), max: 2 })
    const maintenance = vacuumAfterLoads(pool, { intervalMs: 100, minRows: 1000 })
    try {
      // Autovacuum kept out, so every VACUUM counted is this one's.
      await pool.query('create table loaded (id bigint primary key, v text) with (autovacuum_enabled = false)')
      await pool.query('create table touched (id bigint primary key, v text) with (autovacuum_enabled = false)')
      await pool.query("insert into loaded select i, 'x' from generate_series(1, 5000) i")
      await pool.query("insert into touched select i, 'x' from generate_series(1, 10) i")
      const counts = async () => (await pool.query<Counts>(
        "select relname, vacuum_count, analyze_count from pg_stat_user_tables where relname in ('loaded', 'touched') order by relname",
      )).rows.map((r) => ({ table: r.relname, vacuums: Number(r.vacuum_count), analyzes: Number(r.analyze_count) }))
      // Statistics reach pg_stat_user_tables within about a second of each write; wait for the VACUUM.
      for (let i = 0; i < 200 && (await counts())[0]!.vacuums === 0; i++) await new Promise((r) => setTimeout(r, 100))
      expect(await counts()).toEqual([
        { table: 'loaded', vacuums: 1, analyzes: 1 },
        { table: 'touched', vacuums: 0, analyzes: 0 },
      ])
    } finally {
      await maintenance.stop()
      await pool.end()
    }
  })
})
