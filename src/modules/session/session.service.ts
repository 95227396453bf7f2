import { createHash, randomUUID } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import type { Db } from '../../db/database.ts'
import { inTransaction } from '../../db/transaction.ts'
import { ApiError, Errors, forbidden, missingField, notFound } from '../../http/errors.ts'
import { pageSize } from '../../http/paging.ts'
import type { Paging } from '../../http/schemas.ts'
import { sha256Hex, type VerifiedSecrets } from '../../lib/secrets.ts'
import type { AbuseLimiter } from './abuse-limits.ts'
import type { RequestContext } from '../access/context.ts'
import type { ChangePasswordBodyType, LoginBodyType, LoginResponseType } from './session.schemas.ts'
import {
  deleteSession, findReusableSession, findSession, insertSession,
  listSessions, touchSession,
} from './session.repository.ts'
import { findClientByCode } from '../configuration/clients/client.repository.ts'
import type { ClientRow } from '../configuration/clients/client.table.ts'
import {
  findAccessTokensByDigest, findLoginPrincipal, listLegacyAccessTokens, readLogin,
  recordRememberedLogin, recordSuccessfulLogin, recordUnknownLoginFailure, upgradeLegacyAccessToken, type LoginPrincipal, type LoginRead,
} from './login.repository.ts'
import { changedCredentials, writeCredentials } from '../identity/credentials.ts'
import { isLoginLocked, lockWhenLimitReached, reserveLoginAttempt, resetLoginAttempts, returnLoginAttempt } from '../identity/lockout.ts'
import type { PrincipalRef, PrincipalType } from '../identity/principal.ts'
import { deletePrincipalSessions, endPrincipalSessions, evictSessions } from '../identity/session-eviction.ts'
import { isAccessTokenFormat } from './access-token.service.ts'
import { passwordExpired, SESSION_IDLE_MS, TOUCH_INTERVAL_MS, type SessionStore } from './session.store.ts'

/**
 * The unauthenticated methods (Login, Logout, Validate, Change Password) have no principal yet; they
 * get the request context's other parts (access/context.ts) and the credential checks' tools.
 */
export interface SessionDeps extends Omit<RequestContext, 'principal' | 'sessions' | 'boundedRead'> {
  sessions: SessionStore
  secrets: VerifiedSecrets
  abuse: AbuseLimiter
}

const DAY_MS = 86_400_000

/**
 * session.md "Secrecy": the handle by which other principals see a session. A hash of the id, so
 * stable on every instance and unusable as LV-Session (it has not the id's form and the id cannot
 * be recovered from it). Migration 0008 derives the keys of existing sessions the same way.
 */
export function sessionKeyOf(sessionId: string): string {
  return createHash('sha256').update(`lvapi session key\0${sessionId}`).digest('base64url').slice(0, 22)
}

/**
 * README §2.2: the LV-Access token of the named client, found by its SHA-256 in one index probe.
 * A token that is not the named client's answers "invalid access token" whether or not that client
 * exists, so a wrong token tells nothing about client codes (issue 10 item 8); only a token valid
 * for some other client meets "invalid credentials" for an unknown one, as session.md lists.
 */
async function resolveAccessToken(deps: SessionDeps, accessToken: string, digest: string, found: LoginRead | undefined): Promise<{ client?: ClientRow; tokenId: number }> {
  if (!found) {
    const owners = await findAccessTokensByDigest(deps.db, digest)
    if (owners.length === 0) throw new ApiError(Errors.InvalidAccessToken)
    return { tokenId: owners[0].id }
  }
  const { client, tokenId: ownTokenId } = found
  if (ownTokenId !== null) return { client, tokenId: ownTokenId }
  let withoutLegacy = clientsWithoutLegacyTokens.get(deps.db)
  if (!withoutLegacy) clientsWithoutLegacyTokens.set(deps.db, withoutLegacy = new Set())
  if (withoutLegacy.has(client.id)) throw new ApiError(Errors.InvalidAccessToken)
  // Tokens provisioned before migration 0008 are salted scrypt hashes, which no digest can be
  // derived from without the token. They are upgraded lazily: while a client still has such rows,
  // a token not found by digest is verified against them (slow, but through the bounded HashGate
  // and the abuse limits), and the first match stores its digest and drops the hash, so from then
  // on that token costs one index probe. A client whose tokens have all been used once never pays
  // scrypt again; `lvapi token list` shows which are still legacy.
  const legacyTokens = await listLegacyAccessTokens(deps.db, client.id)
  if (legacyTokens.length === 0) withoutLegacy.add(client.id)
  for (const legacy of legacyTokens) {
    if (await deps.secrets.verify(accessToken, legacy.legacy_hash)) {
      await upgradeLegacyAccessToken(deps.db, client.id, legacy.id, digest)
      return { client, tokenId: legacy.id }
    }
  }
  throw new ApiError(Errors.InvalidAccessToken)
}

/**
 * Clients known to hold no legacy (scrypt) token, per database: a client never gains one after
 * migration 0008, so once seen empty it is not asked again and a wrong token costs one statement.
 */
const clientsWithoutLegacyTokens = new WeakMap<Db, Set<number>>()

/** Client internal settings (clients.md): wrong passwords allowed before the lock, 0 = no lockout. */
function lockoutLimit(client: ClientRow, type: PrincipalType): number {
  return type === 'AGENT' ? client.max_failed_acd_login_attempts : client.max_failed_ccs_login_attempts
}

/** Longest back-off step while every attempt of a principal is being checked (about 2 s in all). */
const RESERVE_MAX_WAIT_MS = 640

/**
 * session.md Login rule 2, atomic: an attempt is reserved (counted as a failure) before the
 * password is checked, so however many arrive at once, at most `limit` wrong passwords are checked
 * before the lock. When the allowance is taken by checks still running, the attempt waits for them
 * to end: a lock (→ [account locked], without checking this password) or a right password (→ the
 * count starts again). A wrong password that reaches the limit locks the account and ends its
 * sessions at once; a right one that finds the account locked meanwhile is refused all the same.
 */
async function checkPassword(deps: SessionDeps, client: ClientRow, type: PrincipalType, principal: LoginPrincipal, password: string): Promise<void> {
  const limit = lockoutLimit(client, type)
  const ref: PrincipalRef = { clientId: client.id, type, id: principal.id }
  for (let wait = 5; !(await reserveLoginAttempt(deps.db, ref, limit)); wait *= 2) {
    if (await isLoginLocked(deps.db, ref)) throw new ApiError(Errors.AccountLocked)
    if (wait > RESERVE_MAX_WAIT_MS) throw new ApiError(Errors.RateLimited, undefined, { 'retry-after': '1' })
    await delay(wait * (1 + Math.random()))
  }
  let ok: boolean
  try {
    ok = await deps.secrets.verify(password, principal.passwordHash)
  } catch (error) {
    // Not checked (hash queue full): the attempt must not count against the account.
    await returnLoginAttempt(deps.db, ref)
    throw error
  }
  if (!ok) {
    const locked = await lockWhenLimitReached(deps.db, ref, limit, deps.clock.now())
    if (locked) await endPrincipalSessions(deps.db, deps.sessions, ref)
    throw new ApiError(locked ? Errors.AccountLocked : Errors.InvalidCredentials)
  }
  if (!(await resetLoginAttempts(deps.db, ref))) throw new ApiError(Errors.AccountLocked)
}

/**
 * Lockout limits for a Client Code that names no client: those provisionClient gives a new client,
 * so an unknown client behaves like a freshly made one.
 */
const UNKNOWN_CLIENT_LIMITS: Record<PrincipalType, number> = { USER: 5, AGENT: 0 }

/**
 * Issue 10 item 8: an unknown client or login name answers as a wrong password does, with the same
 * message, about the same time (one scrypt against a dummy hash), and after as many failures as the
 * client's limit, the same [account locked] (counted in login_failures, atomically like a real
 * account). So no answer tells which names exist, while a real locked account still answers
 * [account locked] to its right password, as session.md requires.
 */
async function refuseUnknownName(deps: SessionDeps, clientName: string, client: ClientRow | undefined, type: PrincipalType, userName: string, password: string): Promise<never> {
  const limit = client ? lockoutLimit(client, type) : UNKNOWN_CLIENT_LIMITS[type]
  let failures: number | null = 0
  if (limit > 0) {
    const key = { clientKey: clientName.toUpperCase(), type, loginKey: type === 'AGENT' ? userName.toUpperCase() : userName }
    failures = await recordUnknownLoginFailure(deps.db, key, limit, deps.clock.now())
    // Already at the limit: a locked account answers before any hash, and so does this name.
    if (failures === null) throw new ApiError(Errors.AccountLocked)
  }
  await deps.secrets.verifyDummy(password)
  throw new ApiError(limit > 0 && failures >= limit ? Errors.AccountLocked : Errors.InvalidCredentials)
}

/** session.md Login. */
export async function login(deps: SessionDeps, body: LoginBodyType, accessToken: string | undefined, ip: string, address: string): Promise<LoginResponseType> {
  const agent = Boolean(body.agent ?? body.isAgent)
  const release = deps.abuse.reserve(address, { clientName: body.clientName, userName: body.userName, agent })
  if (!accessToken || !isAccessTokenFormat(accessToken)) throw new ApiError(Errors.InvalidAccessToken)
  const type: PrincipalType = agent ? 'AGENT' : 'USER'
  const digest = sha256Hex(accessToken)
  const found = await readLogin(deps.db, body.clientName, digest, type, body.userName)
  const { client, tokenId } = await resolveAccessToken(deps, accessToken, digest, found)
  const principal = client && found?.principal
  if (!client || !principal) return refuseUnknownName(deps, body.clientName, client, type, body.userName, body.password)
  let now = deps.clock.now()
  // A password this process already verified against this very hash (a new password has a new
  // hash) needs no check, so no attempt is reserved for it: one conditional write admits it where
  // the reservation would have been granted (recordRememberedLogin). Repeated logins of one
  // principal then neither wait on each other's reservations nor build the checked path's writes.
  // An inactive or expired account takes the checked path, which answers in its own order.
  const remembered = principal.active && !passwordExpired(principal.passwordLastModified, client.password_expiration_days, now)
    && deps.secrets.remembers(body.password, principal.passwordHash)
    && await recordRememberedLogin(deps.db, client.id, type, principal.id, lockoutLimit(client, type), now, ip)
  if (remembered) {
    release()
  } else {
    await checkPassword(deps, client, type, principal, body.password)
    release()
    now = deps.clock.now()
    if (!principal.active) throw new ApiError(Errors.AccountInactive)
    if (passwordExpired(principal.passwordLastModified, client.password_expiration_days, now)) {
      throw new ApiError(Errors.PasswordExpired)
    }
    await recordSuccessfulLogin(deps.db, client.id, type, principal.id, now, ip)
  }

  // The session read with the token is the one to reuse unless a legacy token was upgraded meanwhile.
  const existing = found?.tokenId === tokenId ? found.session : await findReusableSession(deps.db, client.id, type, principal.id, tokenId)
  const sessionId = await reuseOrCreateSession(deps, client.id, type, principal, tokenId, existing, now)
  const response: LoginResponseType = { sessionId, clientId: client.id, userId: principal.id }
  if (client.password_expiration_days > 0) {
    const elapsedDays = Math.floor((now - principal.passwordLastModified) / DAY_MS)
    response.daysUntilPasswordExpires = Math.max(0, client.password_expiration_days - elapsedDays)
  }
  return response
}

async function reuseOrCreateSession(
  deps: SessionDeps, clientId: number, type: 'USER' | 'AGENT', principal: LoginPrincipal, tokenId: number,
  existing: LoginRead['session'], now: number,
): Promise<string> {
  if (existing && now - existing.last_access_at <= SESSION_IDLE_MS && existing.password_stamp === principal.passwordLastModified) {
    // A repeat login resets the 2-hour window like any use of the session, under the same rule: a
    // use is not a write, the stored last use is brought up to date at most once a minute. Logins
    // repeated back to back then cost no session write.
    if (now - existing.last_access_at >= TOUCH_INTERVAL_MS) await touchSession(deps.db, existing.id, now)
    // It also refreshes the permission snapshot at once (README §2.3).
    deps.sessions.renew(existing.id, now)
    return existing.id
  }
  if (existing) await deleteSession(deps.db, existing.id)
  const id = randomUUID()
  await insertSession(deps.db, {
    id, client_id: clientId, principal_type: type, principal_id: principal.id, access_token_id: tokenId,
    created_at: now, last_access_at: now, password_stamp: principal.passwordLastModified, session_key: sessionKeyOf(id),
  })
  return id
}

/** session.md Logout: the id comes from the path, the query or the LV-Session header. */
export async function logout(deps: SessionDeps, sessionId: string | undefined): Promise<void> {
  if (!sessionId) throw missingField('sessionId')
  const row = await findSession(deps.db, sessionId)
  const alive = row && deps.clock.now() - row.last_access_at <= SESSION_IDLE_MS && (await deps.sessions.isValid(sessionId))
  if (row) await deleteSession(deps.db, sessionId)
  deps.sessions.evict(sessionId)
  if (!alive) throw notFound('Session', sessionId)
}

/** session.md Validate Session: never extends the 2-hour window. */
export async function validateSession(deps: SessionDeps, sessionId: string | undefined): Promise<void> {
  if (!sessionId) throw missingField('sessionId')
  if (!(await deps.sessions.isValid(sessionId))) throw notFound('Session', sessionId)
}

/** session.md Change Password. */
export async function changePassword(deps: SessionDeps, body: ChangePasswordBodyType, address: string): Promise<void> {
  const type: PrincipalType = (body.agent ?? body.isAgent) ? 'AGENT' : 'USER'
  const release = deps.abuse.reserve(address, { clientName: body.clientName, userName: body.userName, agent: type === 'AGENT' })
  const client = await findClientByCode(deps.db, body.clientName)
  const principal = client && await findLoginPrincipal(deps.db, client.id, type, body.userName)
  if (!client || !principal) return refuseUnknownName(deps, body.clientName, client, type, body.userName, body.password)
  // session.md "Guessing protection": this door needs no token, so it counts failures and locks
  // exactly as Login does; a locked account answers 401 whatever is sent.
  await checkPassword(deps, client, type, principal, body.password)
  release()
  // Only a verified current password reaches the answers below: an inactive account's, or the
  // new password's rules, would otherwise tell a guesser that the current password was right.
  if (!principal.active) throw new ApiError(Errors.AccountInactive)
  const ref: PrincipalRef = { clientId: client.id, type, id: principal.id }
  const credentials = await changedCredentials(body.newPassword, {
    password_history: principal.passwordHistory, password_last_modified: principal.passwordLastModified,
  }, deps.clock.now(), 'newPassword')
  await inTransaction(deps.db, async (trx) => {
    await writeCredentials(trx, ref, credentials)
    await deletePrincipalSessions(trx, ref)
  })
  evictSessions(deps.sessions, ref)
}

interface SessionView {
  sessionId?: string
  sessionKey: string
  userId: number
  userName: string
  agent: boolean
  createdDate: number
  lastAccessDate: number
}

/** session.md List Active Sessions (Superusers do not see Sysadmins' sessions). */
export async function listActiveSessions({ db, clock, principal }: RequestContext, paging: Paging): Promise<SessionView[]> {
  const rows = await listSessions(db, principal.clientId, clock.now() - SESSION_IDLE_MS, {
    hideSysadmins: principal.role === 'SUPERUSER', limit: pageSize(paging) + 1, offset: paging.offset,
  })
  // session.md "Secrecy": another principal's session is shown by its key, never by its id.
  return rows.map((r) => ({
    ...(r.id === principal.sessionId ? { sessionId: r.id } : {}), sessionKey: r.session_key, userId: r.principal_id, userName: r.user_name ?? '', agent: r.principal_type === 'AGENT',
    createdDate: r.created_at, lastAccessDate: r.last_access_at,
  }))
}

/**
 * session.md Get Session Details, by the caller's own sessionId or by a sessionKey ("Secrecy"):
 * another principal's session id is not accepted, so a listed key never turns back into an id.
 */
export async function getSessionDetails({ db, clock, principal }: RequestContext, idOrKey: string) {
  const own = idOrKey === principal.sessionId || idOrKey === sessionKeyOf(principal.sessionId)
  if (!own && !['SYSADMIN', 'SUPERUSER', 'IT_USER'].includes(principal.role)) throw forbidden('role')
  const now = clock.now()
  const rows = await listSessions(db, principal.clientId, now - SESSION_IDLE_MS, {
    hideSysadmins: principal.role === 'SUPERUSER' && !own, limit: 1, offset: 0,
    ...(own ? { sessionId: principal.sessionId } : { sessionKey: idOrKey }),
  })
  const row = rows[0]
  if (!row) throw notFound('Session', idOrKey)
  const lastAccessDate = own ? now : row.last_access_at
  return {
    ...(own ? { sessionId: row.id } : {}), sessionKey: row.session_key, clientId: principal.clientId, userId: row.principal_id, userName: row.user_name ?? '',
    agent: row.principal_type === 'AGENT', createdDate: row.created_at, lastAccessDate,
    expiresDate: lastAccessDate + SESSION_IDLE_MS,
  }
}
