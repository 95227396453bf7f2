import type { FastifyRequest } from 'fastify'
import type { BoundedRead } from '../../db/bounded-read.ts'
import type { Db } from '../../db/database.ts'
import type { Principal } from '../../http/auth.ts'
import type { Clock } from '../../lib/clock.ts'
import type { SessionCache } from '../identity/session-eviction.ts'

/**
 * What a service needs besides the request's input, passed the same way to every service function
 * of an authenticated route: `(ctx, ...input)`. The clock is the app's (tests move a ManualClock,
 * the sandbox its own), never Date.now(); `sessions` lets a change end or refresh cached sessions.
 */
export interface RequestContext {
  db: Db
  /** A read whose cost the request chooses (Find Matching Contact): time-limited (db/bounded-read.ts). */
  boundedRead: BoundedRead
  clock: Clock
  sessions: SessionCache
  principal: Principal
}

/** The context of an authenticated request (the auth hook has set request.principal). */
export function contextOf(request: FastifyRequest): RequestContext {
  const app = request.server
  return { db: app.db, boundedRead: app.dbHandle.boundedRead, clock: app.clock, sessions: app.sessions, principal: request.principal }
}
