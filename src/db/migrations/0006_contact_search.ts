import { sql } from 'kysely'
import { dialectOf, type AnyKysely } from '../dialect.ts'

/** Contacts per client and in the table that the starting statistics describe. */
const TABLE_ROWS = 1_000_000
const CLIENT_ROWS = 100_000

/**
 * Find Matching Contact on SQLite: starting planner statistics for the `contacts` indexes.
 *
 * Without sqlite_stat1 SQLite assumes `client_id = ?` picks about ten rows, so for every search
 * it walks the client's (client_id, id) index and never serves an OR of phone slots or of first
 * and last name from their indexes (1,000,000 contacts: phone EQUALS 630 ms that way, 0.05 ms
 * through the ten partial indexes). These rows state the shape the indexes were designed for
 * (docs/contacts-design.md): many contacts per client, accounts unique, a name shared by ~100
 * contacts, phones nearly unique. ANALYZE or `PRAGMA optimize` replaces them with measured
 * figures. PostgreSQL gathers its own statistics (autovacuum), so there is nothing to do there.
 */
export async function up(db: AnyKysely): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return
  // Creates sqlite_stat1 when missing without analysing any table.
  await sql`analyze sqlite_schema`.execute(db)
  const existing = await sql<{ n: number }>`select count(*) as n from sqlite_stat1 where tbl = 'contacts'`.execute(db)
  if (Number(existing.rows[0].n) > 0) return

  const indexes = await sql<{ name: string }>`select name from sqlite_schema where type = 'index' and tbl_name = 'contacts'`.execute(db)
  const stats: Array<[string | null, string]> = [[null, String(TABLE_ROWS)]]
  for (const { name } of indexes.rows) {
    const columns = (await sql<{ name: string }>`select name from pragma_index_info(${name}) order by seqno`.execute(db)).rows.map((r) => r.name)
    if (columns[0] !== 'client_id') continue
    const second = columns[1]
    let perValue: number
    let rows = TABLE_ROWS
    if (second === 'id' || second === 'account_key') perValue = 1
    else if (second === 'first_name_key' || second === 'last_name_key') perValue = 100
    else if (second === 'modified_at') perValue = 10
    else if (/^phone\d+$/.test(second)) {
      perValue = 1
      rows = TABLE_ROWS / 5 // partial: only filled slots have entries
    } else continue
    const perClient = Math.round(CLIENT_ROWS * (rows / TABLE_ROWS))
    const rest = columns.slice(2).map(() => '1')
    stats.push([name, [rows, perClient, perValue, ...rest].join(' ')])
  }
  for (const [idx, stat] of stats) {
    await sql`insert into sqlite_stat1 (tbl, idx, stat) values ('contacts', ${idx}, ${stat})`.execute(db)
  }
  // Makes this connection load the rows just written (others read them when they open).
  await sql`analyze sqlite_schema`.execute(db)
}
