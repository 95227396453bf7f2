import type { Db } from '../../db/database.ts'
import { isUniqueViolation } from '../../db/db-errors.ts'
import type { ClientRow } from '../configuration/clients/client.table.ts'

/**
 * Data access for Login and Change Password over users and agents alike. The lockout counters and
 * password columns are the identity module's (modules/identity/lockout.ts, credentials.ts).
 */

/**
 * The client named by a Client Code and, when it has one, its token with this SHA-256: a wrong
 * token for an existing client costs this one statement (README §2.2).
 */
export async function findClientWithAccessToken(db: Db, clientName: string, digest: string): Promise<(ClientRow & { token_id: number | null }) | undefined> {
  return db.selectFrom('clients')
    .leftJoin('access_tokens as t', (j) => j.onRef('t.client_id', '=', 'clients.id').on('t.token_digest', '=', digest))
    .selectAll('clients').select('t.id as token_id')
    .where('clients.code_key', '=', clientName.toUpperCase())
    .executeTakeFirst()
}

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
 * A failed attempt on a login name that is no User or Agent (issue 10 item 8), counted like a real
 * one in one statement on both dialects (upsert with a guard). Returns the count after this attempt,
 * or null when the name had already reached the limit (it answers as a locked account would).
 */
export async function recordUnknownLoginFailure(
  db: Db, key: { clientKey: string; type: 'USER' | 'AGENT'; loginKey: string }, limit: number, now: number,
): Promise<number | null> {
  const row = await db.insertInto('login_failures')
    .values({ client_key: key.clientKey, principal_type: key.type, login_key: key.loginKey, failures: 1, last_failure_at: now })
    .onConflict((oc) => oc.columns(['client_key', 'principal_type', 'login_key'])
      .doUpdateSet((eb) => ({ failures: eb('login_failures.failures', '+', 1), last_failure_at: now }))
      .where('login_failures.failures', '<', limit))
    .returning('failures')
    .executeTakeFirst()
  return row ? Number(row.failures) : null
}

/** Housekeeping: counts of unknown names not tried for a long time are forgotten. */
export async function deleteUnknownLoginFailuresBefore(db: Db, cutoff: number): Promise<void> {
  await db.deleteFrom('login_failures').where('last_failure_at', '<', cutoff).execute()
}

export async function recordSuccessfulLogin(db: Db, clientId: number, type: 'USER' | 'AGENT', id: number, now: number, ip: string): Promise<void> {
  const table = type === 'USER' ? 'users' : 'agents'
  await db.updateTable(table)
    .set({ failed_login_attempts: 0, last_login: now, last_login_ip: ip })
    .where('client_id', '=', clientId).where('id', '=', id)
    .execute()
}
