import type { Db } from '../../db/database.ts'
import { flag } from '../../db/dialect.ts'
import { principalTable, type PrincipalRef } from './principal.ts'

/**
 * session.md Login rule 2: failed_login_attempts and locked, on users and agents alike. The Session
 * API counts and locks (Login, Change Password); Update Agent / Update LiveVox User `unlock` and
 * `lvapi user set-password` unlock.
 */

/** The columns that unlock a principal and start its count again. */
export function unlockedColumns(): { locked: number; failed_login_attempts: number } {
  return { locked: flag(false), failed_login_attempts: 0 }
}

/**
 * Takes one attempt from the principal's allowance before its password is checked, counting it as
 * a failure until the check says otherwise. One conditional UPDATE, so however many attempts
 * arrive at once, on however many instances, at most `limit` (0 = no limit) are ever let through
 * to a password check while the account is unlocked. false: none left.
 */
export async function reserveLoginAttempt(db: Db, principal: PrincipalRef, limit: number): Promise<boolean> {
  const result = await db.updateTable(principalTable(principal.type))
    .set((eb) => ({ failed_login_attempts: eb('failed_login_attempts', '+', 1) }))
    .where('client_id', '=', principal.clientId).where('id', '=', principal.id).where('locked', '=', flag(false))
    .$if(limit > 0, (qb) => qb.where('failed_login_attempts', '<', limit))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Gives a reserved attempt back when its check could not run (the hash queue was full). */
export async function returnLoginAttempt(db: Db, principal: PrincipalRef): Promise<void> {
  await db.updateTable(principalTable(principal.type))
    .set((eb) => ({ failed_login_attempts: eb('failed_login_attempts', '-', 1) }))
    .where('client_id', '=', principal.clientId).where('id', '=', principal.id).where('failed_login_attempts', '>', 0)
    .execute()
}

/** A right password: the count starts again. false when the account was locked meanwhile. */
export async function resetLoginAttempts(db: Db, principal: PrincipalRef): Promise<boolean> {
  const result = await db.updateTable(principalTable(principal.type))
    .set({ failed_login_attempts: 0 })
    .where('client_id', '=', principal.clientId).where('id', '=', principal.id).where('locked', '=', flag(false))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** A wrong password whose reservation reached the limit locks the account; true for the one call that locked it. */
export async function lockWhenLimitReached(db: Db, principal: PrincipalRef, limit: number, now: number): Promise<boolean> {
  if (limit <= 0) return false
  const result = await db.updateTable(principalTable(principal.type))
    .set({ locked: flag(true), modified_at: now })
    .where('client_id', '=', principal.clientId).where('id', '=', principal.id)
    .where('locked', '=', flag(false)).where('failed_login_attempts', '>=', limit)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Locked, or gone meanwhile. */
export async function isLoginLocked(db: Db, principal: PrincipalRef): Promise<boolean> {
  const row = await db.selectFrom(principalTable(principal.type)).select('locked')
    .where('client_id', '=', principal.clientId).where('id', '=', principal.id).executeTakeFirst()
  return !row || row.locked === 1
}
