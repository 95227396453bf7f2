import type { Db } from '../../db/database.ts'
import type { Principal, Role, SessionResolver } from '../../http/auth.ts'
import type { Clock } from '../../lib/clock.ts'
import { effectivePowers } from '../configuration/users/user.powers.ts'
import { deleteUnknownLoginFailuresBefore } from './login.repository.ts'
import {
  deleteSessionsIdleSince, findPrincipalState, findSession, listClientSubtree, listGrantedServiceIds, touchSession,
} from './session.repository.ts'

/** README §2.3: a session lives while used at least once in every rolling 2-hour window. */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000
/** The last-use time is written at most this often: a session check must not be a write. */
export const TOUCH_INTERVAL_MS = 60 * 1000
/**
 * How long a loaded session is trusted before the database is asked again. It bounds how late
 * a logout on another instance, a password change or a permission change is seen (the
 * multi-instance tests require under one second; the vendor promises five minutes).
 */
export const SESSION_CACHE_MS = 500
/**
 * How long failures on a login name that matches no principal are remembered (login_failures): the
 * table cannot grow without bound, and a month is far longer than any guessing run goes unnoticed.
 */
export const UNKNOWN_NAME_MEMORY_MS = 30 * 86_400_000

export function passwordExpired(passwordLastModified: number, expirationDays: number, now: number): boolean {
  return expirationDays > 0 && now >= passwordLastModified + expirationDays * 86_400_000
}

interface Entry {
  principal: Principal
  loadedAt: number
  /** Last use seen by this instance, and the value last written to the database. */
  lastAccessAt: number
  storedLastAccessAt: number
}

/** A loaded entry still trusted without asking the database (a clock set back counts as stale). */
function isFresh(entry: Entry | undefined, now: number): entry is Entry {
  return entry !== undefined && now - entry.loadedAt < SESSION_CACHE_MS && now >= entry.loadedAt
}

/** Session checks served from memory, backed by the sessions table that every instance shares. */
export class SessionStore implements SessionResolver {
  private readonly entries = new Map<string, Entry>()
  /**
   * Loads in progress, one per session: when a cached session expires under load, every request
   * in flight for it would otherwise run the same three or four statements at once (50
   * connections: ~200 statements per session every SESSION_CACHE_MS, each a round trip on
   * PostgreSQL). The requests that arrive during a load wait for that load instead, unless
   * something changed since it started (logout, eviction, a repeat login: `generation`), in which
   * case they load afresh as they always did.
   */
  private readonly loading = new Map<string, { generation: number; entry: Promise<Entry | null> }>()
  private generation = 0

  constructor(private readonly db: Db, private readonly clock: Clock) {}

  /**
   * resolve() without waiting, when it would not touch the database: the principal of a session
   * loaded less than SESSION_CACHE_MS ago whose last use needs no write; otherwise undefined (call
   * resolve). Nearly every request of a busy session takes this path, and without a promise.
   */
  resolveLoaded(sessionId: string): Principal | undefined {
    const now = this.clock.now()
    const entry = this.entries.get(sessionId)
    if (!isFresh(entry, now)) return undefined
    if (now - entry.lastAccessAt > SESSION_IDLE_MS || now - entry.storedLastAccessAt >= TOUCH_INTERVAL_MS) return undefined
    entry.lastAccessAt = now
    return entry.principal
  }

  async resolve(sessionId: string): Promise<Principal | null> {
    const now = this.clock.now()
    let entry = this.entries.get(sessionId)
    if (!isFresh(entry, now)) {
      let pending = this.loading.get(sessionId)
      if (pending?.generation !== this.generation) {
        const started: { generation: number; entry: Promise<Entry | null> } = {
          generation: this.generation,
          entry: this.load(sessionId, now, entry).finally(() => {
            if (this.loading.get(sessionId) === started) this.loading.delete(sessionId)
          }),
        }
        pending = started
        this.loading.set(sessionId, started)
      }
      const loadedFor = pending.generation
      entry = (await pending.entry) ?? undefined
      // A load that began before a logout or eviction still answers the request that started it,
      // but must not put the session back into the cache for the requests that come after.
      const current = loadedFor === this.generation
      if (!entry) {
        if (current) this.entries.delete(sessionId)
        return null
      }
      if (current) this.entries.set(sessionId, entry)
    }
    if (now - entry.lastAccessAt > SESSION_IDLE_MS) {
      this.entries.delete(sessionId)
      return null
    }
    entry.lastAccessAt = now
    if (now - entry.storedLastAccessAt >= TOUCH_INTERVAL_MS) {
      entry.storedLastAccessAt = now
      await touchSession(this.db, sessionId, now)
    }
    return entry.principal
  }

  /** Validate Session: the same checks as resolve, without counting as a use (session.md). */
  async isValid(sessionId: string): Promise<boolean> {
    const now = this.clock.now()
    const cached = this.entries.get(sessionId)
    if (isFresh(cached, now)) {
      return now - cached.lastAccessAt <= SESSION_IDLE_MS
    }
    const loadedFor = this.generation
    const entry = await this.load(sessionId, now, cached)
    if (loadedFor === this.generation) {
      if (entry) this.entries.set(sessionId, entry)
      else this.entries.delete(sessionId)
    }
    return entry !== null
  }

  /**
   * Housekeeping, every few minutes per instance: sessions idle past the 2-hour window are deleted
   * (they could never be used again) and this instance forgets entries it no longer trusts.
   */
  async sweep(): Promise<void> {
    const now = this.clock.now()
    for (const [key, entry] of this.entries) if (now - entry.loadedAt >= SESSION_CACHE_MS) this.entries.delete(key)
    await deleteSessionsIdleSince(this.db, now - SESSION_IDLE_MS)
    await deleteUnknownLoginFailuresBefore(this.db, now - UNKNOWN_NAME_MEMORY_MS)
  }

  /**
   * A repeat login into a live session: its permission snapshot is loaded again at the next use
   * (README §2.3), and the login counts as a use, kept here like any other (written by Login at
   * most once a minute, TOUCH_INTERVAL_MS).
   */
  renew(sessionId: string, at: number): void {
    const entry = this.entries.get(sessionId)
    if (!entry) return
    this.generation++
    entry.loadedAt = Number.NEGATIVE_INFINITY
    entry.lastAccessAt = Math.max(entry.lastAccessAt, at)
  }

  /** Forget a session here at once (logout, password change on this instance). */
  evict(sessionId: string): void {
    this.generation++
    this.entries.delete(sessionId)
  }

  /** Forget every session of these clients here at once (a sandbox tenant reset or deleted). */
  evictClients(clientIds: readonly number[]): void {
    this.generation++
    const ids = new Set(clientIds)
    for (const [key, entry] of this.entries) if (ids.has(entry.principal.clientId)) this.entries.delete(key)
  }

  evictPrincipal(clientId: number, type: 'USER' | 'AGENT', id: number): void {
    this.generation++
    for (const [key, entry] of this.entries) {
      const p = entry.principal
      if (p.clientId === clientId && p.type === type && p.id === id) this.entries.delete(key)
    }
  }

  private async load(sessionId: string, now: number, previous: Entry | undefined): Promise<Entry | null> {
    const row = await findSession(this.db, sessionId)
    if (!row) return null
    const lastAccessAt = Math.max(row.last_access_at, previous?.lastAccessAt ?? 0)
    if (now - lastAccessAt > SESSION_IDLE_MS) return null
    const state = await findPrincipalState(this.db, row.client_id, row.principal_type, row.principal_id)
    if (!state || state.active !== 1) return null
    if (state.passwordLastModified !== row.password_stamp) return null
    if (passwordExpired(state.passwordLastModified, state.passwordExpirationDays, now)) return null
    const role = state.role as Role
    const scoped = role === 'MANAGER' || role === 'AGENT'
    const serviceIds = scoped
      ? new Set(await listGrantedServiceIds(this.db, row.client_id, row.principal_type, row.principal_id))
      : null
    const clientIds = scoped ? [row.client_id] : await listClientSubtree(this.db, row.client_id)
    const principal: Principal = {
      sessionId,
      clientId: row.client_id,
      type: row.principal_type,
      id: row.principal_id,
      userName: state.loginId,
      role,
      powers: role === 'MANAGER' ? effectivePowers(JSON.parse(state.managerPowers) as string[], JSON.parse(state.excludedPowers) as string[]) : new Set(),
      serviceIds,
      clientIds,
    }
    return { principal, loadedAt: now, lastAccessAt, storedLastAccessAt: row.last_access_at }
  }
}
