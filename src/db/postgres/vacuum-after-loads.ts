import type pg from 'pg'

export interface VacuumAfterLoadsOptions {
  /** How often the table statistics are read. */
  intervalMs?: number
  /** Rows inserted (or dead) since the last VACUUM below which a table is left to autovacuum. */
  minRows?: number
}

/**
 * VACUUM (ANALYZE) of a table soon after a bulk load into it has ended, instead of up to a minute
 * later (autovacuum's naptime) or never for the planner (a table loaded in one go has no
 * statistics until autovacuum's ANALYZE). Until then a freshly loaded table has no visibility map,
 * so every index-only scan visits the heap for each entry (Find Matching Contact's account prefix
 * read 2,000 heap tuples for a page of 50), the planner estimates one row where there are
 * thousands, and the first reads of each page set its hint bits and write it again (the first
 * download after a load rewrote the table). bench/realistic-results.md has the plans.
 *
 * A table qualifies when the rows inserted or left dead since its last VACUUM reach `minRows` and
 * a tenth of its live rows, and its count has not moved for one interval (the load has ended, so
 * the table is not vacuumed again and again while it grows). SKIP_LOCKED: a table another instance
 * or autovacuum is already vacuuming is left to it. A failure only means autovacuum does it later.
 */
export function vacuumAfterLoads(pool: pg.Pool, options: VacuumAfterLoadsOptions = {}): { stop(): Promise<void> } {
  const intervalMs = options.intervalMs ?? 2000
  const minRows = options.minRows ?? 10_000
  const seen = new Map<string, number>()
  let running: Promise<void> | undefined
  let stopped = false

  const tick = async () => {
    const { rows } = await pool.query<{ relname: string; changed: string }>(
      `select relname, n_ins_since_vacuum + n_dead_tup as changed from pg_stat_user_tables
        where schemaname = current_schema() and n_ins_since_vacuum + n_dead_tup >= greatest($1::bigint, n_live_tup / 10)`,
      [minRows],
    )
    const previous = new Map(seen)
    seen.clear()
    for (const { relname, changed } of rows) {
      seen.set(relname, Number(changed))
      if (previous.get(relname) !== Number(changed) || stopped) continue
      const client = await pool.connect()
      try {
        await client.query(`VACUUM (ANALYZE, SKIP_LOCKED) ${client.escapeIdentifier(relname)}`)
      } finally {
        client.release()
      }
      seen.delete(relname)
    }
  }
  const timer = setInterval(() => {
    if (running) return
    running = tick().catch(() => {}).finally(() => { running = undefined })
  }, intervalMs)
  timer.unref()
  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
