import type { Db } from '../db/database.ts'
import { SESSION_IDLE_MS } from '../modules/session/session.store.ts'

/**
 * Sessions still inside their rolling window, across clients: one aggregate over a table the
 * sweeper keeps to live sessions (app.ts), so a scrape every few seconds costs little.
 */
export async function countActiveSessions(db: Db, now: number): Promise<number> {
  const row = await db.selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('last_access_at', '>', now - SESSION_IDLE_MS)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
