import type { Db } from '../../db/database.ts'
import type { PrincipalRef } from './principal.ts'

/**
 * What ending a principal's sessions needs from the session cache (modules/session/session.store.ts
 * SessionStore has it). Declared here so the modules that end sessions (users, agents) need not
 * import the Session API module, nor it them.
 */
export interface SessionCache {
  evictPrincipal(clientId: number, type: PrincipalRef['type'], id: number): void
}

/**
 * Deletes every stored session of a principal (password change, lock, deactivation, delete). In a
 * transaction, call `evictSessions` after it commits; other instances drop their cached copies
 * within SESSION_CACHE_MS because the row is gone.
 */
export async function deletePrincipalSessions(db: Db, principal: PrincipalRef): Promise<void> {
  await db.deleteFrom('sessions')
    .where('client_id', '=', principal.clientId)
    .where('principal_type', '=', principal.type)
    .where('principal_id', '=', principal.id)
    .execute()
}

/** This instance forgets the principal's cached sessions at once (README §2.3). */
export function evictSessions(cache: SessionCache, principal: PrincipalRef): void {
  cache.evictPrincipal(principal.clientId, principal.type, principal.id)
}

/** Ends a principal's sessions everywhere at once, outside a transaction (lock on a wrong password). */
export async function endPrincipalSessions(db: Db, cache: SessionCache, principal: PrincipalRef): Promise<void> {
  await deletePrincipalSessions(db, principal)
  evictSessions(cache, principal)
}
