import type { Db } from '../../db/database.ts'
import { flag } from '../../db/dialect.ts'
import { isUniqueViolation } from '../../db/db-errors.ts'

/** Data access for credential checks (Login, Change Password), over users and agents alike. */

/** Tokens with this SHA-256, whatever their client: one index probe (README §2.2). */
export async function findAccessTokensByDigest(db: Db, digest: string): Promise<Array<{ id: number; client_id: number }>> {
  return db.selectFrom('access_tokens').select(['id', 'client_id']).where('token_digest', '=', digest).execute()
}

/** A client's tokens still stored as scrypt hashes (provisioned before migration 0008). */
export async function listLegacyAccessTokens(db: Db, clientId: number): Promise<Array<{ id: number; legacy_hash: string }>> {
  const rows = await db.selectFrom('access_tokens').select(['id', 'legacy_hash'])
    .where('client_id', '=', clientId).where('legacy_hash', 'is not', null).orderBy('id').execute()
  return rows as Array<{ id: number; legacy_hash: string }>
}

/** Replaces a verified legacy hash by the token's digest. */
export async function upgradeLegacyAccessToken(db: Db, clientId: number, id: number, digest: string): Promise<void> {
  try {
    await db.updateTable('access_tokens').set({ token_digest: digest, legacy_hash: null })
      .where('client_id', '=', clientId).where('id', '=', id).where('legacy_hash', 'is not', null).execute()
  } catch (error) {
    // The same value provisioned twice before 0008: the other row already holds the digest and
    // answers every later login, this one stays legacy (and harmless) until revoked.
    if (!isUniqueViolation(error)) throw error
  }
}

export interface LoginPrincipal {
  id: number
  passwordHash: string
  passwordHistory: string
  passwordLastModified: number
  active: boolean
  locked: boolean
}

/** Agent login ids are stored upper-case and matched case-insensitively; user login ids exactly. */
export async function findLoginPrincipal(db: Db, clientId: number, type: 'USER' | 'AGENT', userName: string): Promise<LoginPrincipal | undefined> {
  const table = type === 'USER' ? 'users' : 'agents'
  const loginId = type === 'USER' ? userName : userName.toUpperCase()
  const row = await db.selectFrom(table)
    .select(['id', 'password_hash', 'password_history', 'password_last_modified', 'active', 'locked'])
    .where('client_id', '=', clientId).where('login_id', '=', loginId)
    .executeTakeFirst()
  return row && {
    id: row.id, passwordHash: row.password_hash, passwordHistory: row.password_history,
    passwordLastModified: row.password_last_modified, active: row.active === 1, locked: row.locked === 1,
  }
}

/**
 * Counts a wrong password and locks the account when the count reaches the client's limit
 * (0 = never). The increment is one UPDATE so concurrent attempts on several instances all count.
 */
export async function recordFailedLogin(db: Db, clientId: number, type: 'USER' | 'AGENT', id: number, limit: number, now: number): Promise<boolean> {
  const table = type === 'USER' ? 'users' : 'agents'
  await db.updateTable(table)
    .set((eb) => ({ failed_login_attempts: eb('failed_login_attempts', '+', 1) }))
    .where('client_id', '=', clientId).where('id', '=', id)
    .execute()
  if (limit <= 0) return false
  const result = await db.updateTable(table)
    .set({ locked: flag(true), modified_at: now })
    .where('client_id', '=', clientId).where('id', '=', id).where('failed_login_attempts', '>=', limit)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export async function recordSuccessfulLogin(db: Db, clientId: number, type: 'USER' | 'AGENT', id: number, now: number, ip: string): Promise<void> {
  const table = type === 'USER' ? 'users' : 'agents'
  await db.updateTable(table)
    .set({ failed_login_attempts: 0, last_login: now, last_login_ip: ip })
    .where('client_id', '=', clientId).where('id', '=', id)
    .execute()
}

export async function setPrincipalPassword(db: Db, clientId: number, type: 'USER' | 'AGENT', id: number, hash: string, history: string, now: number): Promise<void> {
  const table = type === 'USER' ? 'users' : 'agents'
  await db.updateTable(table)
    .set({ password_hash: hash, password_history: history, password_last_modified: now, modified_at: now })
    .where('client_id', '=', clientId).where('id', '=', id)
    .execute()
}
