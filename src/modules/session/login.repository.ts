import type { Kysely } from 'kysely'
import type { Database, Db } from '../../db/database.ts'
import { isUniqueViolation } from '../../db/db-errors.ts'
import { flag } from '../../db/dialect.ts'
import { preparedQuery, type Param } from '../../db/prepared.ts'
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
  return (await clientWithAccessTokenQuery(db, clientName.toUpperCase(), digest))[0]
}

// Login's statements run on every login: compiled once (db/prepared.ts) rather than built by
// Kysely per request, which cost a repeated login more CPU than executing them.
const clientWithAccessTokenQuery = preparedQuery((db: Kysely<Database>, codeKey: Param<string>, digest: Param<string>) =>
  db.selectFrom('clients')
    .leftJoin('access_tokens as t', (j) => j.onRef('t.client_id', '=', 'clients.id').on('t.token_digest', '=', digest))
    .selectAll('clients').select('t.id as token_id')
    .where('clients.code_key', '=', codeKey))

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
  const [row] = type === 'USER'
    ? await loginPrincipalQuery.users(db, clientId, userName)
    : await loginPrincipalQuery.agents(db, clientId, userName.toUpperCase())
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

const loginPrincipalOf = (table: 'users' | 'agents') => preparedQuery((db: Kysely<Database>, clientId: Param<number>, loginId: Param<string>) =>
  db.selectFrom(table)
    .select(['id', 'password_hash', 'password_history', 'password_last_modified', 'active', 'locked'])
    .where('client_id', '=', clientId).where('login_id', '=', loginId))
const loginPrincipalQuery = { users: loginPrincipalOf('users'), agents: loginPrincipalOf('agents') }

export async function recordSuccessfulLogin(db: Db, clientId: number, type: 'USER' | 'AGENT', id: number, now: number, ip: string): Promise<void> {
  const table = type === 'USER' ? 'users' : 'agents'
  await db.updateTable(table)
    .set({ failed_login_attempts: 0, last_login: now, last_login_ip: ip })
    .where('client_id', '=', clientId).where('id', '=', id)
    .execute()
}

/**
 * A login whose password this process has already verified against the stored hash
 * (VerifiedSecrets.remembers): Login's reservation of an attempt, the reset of the count after the
 * right password, and recordSuccessfulLogin, in one conditional UPDATE. It applies only where the
 * reservation would have been granted (unlocked and, with a limit, under it), so counts and locks
 * end exactly as if the password had been checked in no time; and no reservation stays open while
 * concurrent logins of the same principal wait on it. false: not applied, take the checked path
 * (which waits for checks in progress or answers [account locked]).
 */
export async function recordRememberedLogin(db: Db, clientId: number, type: 'USER' | 'AGENT', id: number, limit: number, now: number, ip: string): Promise<boolean> {
  const query = rememberedLoginQuery[type][limit > 0 ? 'limited' : 'unlimited']
  return (await query(db, clientId, id, now, ip, limit)).length > 0
}

const rememberedLoginOf = (table: 'users' | 'agents', limited: boolean) => preparedQuery((
  db: Kysely<Database>, clientId: Param<number>, id: Param<number>, now: Param<number>, ip: Param<string>, limit: Param<number>,
) => db.updateTable(table)
  .set({ failed_login_attempts: 0, last_login: now, last_login_ip: ip })
  .where('client_id', '=', clientId).where('id', '=', id).where('locked', '=', flag(false))
  .$if(limited, (qb) => qb.where('failed_login_attempts', '<', limit))
  .returning('id'))
const rememberedLoginQuery = {
  USER: { limited: rememberedLoginOf('users', true), unlimited: rememberedLoginOf('users', false) },
  AGENT: { limited: rememberedLoginOf('agents', true), unlimited: rememberedLoginOf('agents', false) },
}
