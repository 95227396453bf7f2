import type { Compilable, Kysely } from 'kysely'
import type { Database, Db } from '../../db/database.ts'
import { isUniqueViolation } from '../../db/db-errors.ts'
import { flag } from '../../db/dialect.ts'
import { preparedQuery, type Param } from '../../db/prepared.ts'
import type { ClientRow } from '../configuration/clients/client.table.ts'

/**
 * Data access for Login and Change Password over users and agents alike. The lockout counters and
 * password columns are the identity module's (modules/identity/lockout.ts, credentials.ts).
 */

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

/**
 * What Login reads, in one statement: the client named by the Client Code, its token with this
 * SHA-256 (README §2.2: a wrong token for an existing client costs this one statement), the User
 * or Agent with this login name (as findLoginPrincipal), and the session that principal already
 * has through that token (as findReusableSession). Login's statements are compiled once
 * (db/prepared.ts), and one round trip instead of three matters on PostgreSQL, where each
 * statement costs a network round trip and its syscalls.
 */
export interface LoginRead {
  client: ClientRow
  tokenId: number | null
  principal: LoginPrincipal | undefined
  /** The principal's latest session through this token (tokenId), when there is one. */
  session: { id: string; last_access_at: number; password_stamp: number } | undefined
}

export async function readLogin(db: Db, clientName: string, digest: string, type: 'USER' | 'AGENT', userName: string): Promise<LoginRead | undefined> {
  const loginId = type === 'USER' ? userName : userName.toUpperCase()
  const [row] = await loginReadQuery[type](db, clientName.toUpperCase(), digest, loginId)
  if (!row) return undefined
  const { token_id, p_id, p_password_hash, p_password_history, p_password_last_modified, p_active, p_locked, s_id, s_last_access_at, s_password_stamp, ...client } = row
  return {
    client,
    tokenId: token_id,
    principal: p_id === null ? undefined : {
      id: p_id, passwordHash: p_password_hash!, passwordHistory: p_password_history!,
      passwordLastModified: p_password_last_modified!, active: p_active === 1, locked: p_locked === 1,
    },
    session: s_id === null ? undefined : { id: s_id, last_access_at: s_last_access_at!, password_stamp: s_password_stamp! },
  }
}

interface LoginReadRow extends ClientRow {
  token_id: number | null
  p_id: number | null
  p_password_hash: string | null
  p_password_history: string | null
  p_password_last_modified: number | null
  p_active: number | null
  p_locked: number | null
  s_id: string | null
  s_last_access_at: number | null
  s_password_stamp: number | null
}

const loginReadOf = (table: 'users' | 'agents', type: 'USER' | 'AGENT') => preparedQuery((
  db: Kysely<Database>, codeKey: Param<string>, digest: Param<string>, loginId: Param<string>,
): Compilable<LoginReadRow> => db.selectFrom('clients')
  .leftJoin('access_tokens as t', (j) => j.onRef('t.client_id', '=', 'clients.id').on('t.token_digest', '=', digest))
  // Agents have the same id, client_id, login_id and credential columns as users.
  .leftJoin(`${table} as p` as 'users as p', (j) => j.onRef('p.client_id', '=', 'clients.id').on('p.login_id', '=', loginId))
  .leftJoin('sessions as s', (j) => j.on((eb) => eb('s.id', '=', eb.selectFrom('sessions as r').select('r.id')
    .whereRef('r.client_id', '=', 'clients.id').where('r.principal_type', '=', type)
    .whereRef('r.principal_id', '=', 'p.id').whereRef('r.access_token_id', '=', 't.id')
    .orderBy('r.last_access_at', 'desc').limit(1))))
  .selectAll('clients')
  .select([
    't.id as token_id', 'p.id as p_id', 'p.password_hash as p_password_hash', 'p.password_history as p_password_history',
    'p.password_last_modified as p_password_last_modified', 'p.active as p_active', 'p.locked as p_locked',
    's.id as s_id', 's.last_access_at as s_last_access_at', 's.password_stamp as s_password_stamp',
  ])
  .where('clients.code_key', '=', codeKey))
const loginReadQuery = { USER: loginReadOf('users', 'USER'), AGENT: loginReadOf('agents', 'AGENT') }

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
