import type { Generated, Insertable, Selectable } from 'kysely'

/**
 * An API access token (LV-Access). Only its SHA-256 is kept (README §2.2: a random secret, looked
 * up in O(1)); rows from before migration 0008 hold a salted scrypt hash instead until first used.
 */
export interface AccessTokenTable {
  id: Generated<number>
  client_id: number
  token_digest: string | null
  /** scrypt hash of a token provisioned before 0008; null once upgraded to token_digest. */
  legacy_hash: string | null
  created_at: number
}
export type AccessTokenRow = Selectable<AccessTokenTable>

export interface SessionTable {
  /** Random UUID (122 bits from crypto.randomUUID): unguessable, and the LV-Session value. */
  id: string
  client_id: number
  principal_type: 'USER' | 'AGENT'
  principal_id: number
  access_token_id: number
  created_at: number
  last_access_at: number
  /** passwordLastModified of the principal at login; a later change ends the session. */
  password_stamp: number
  /** Non-secret handle derived from id, shown to other principals instead of the id (session.md "Secrecy"). */
  session_key: string
}
export type SessionRow = Selectable<SessionTable>
export type NewSessionRow = Insertable<SessionTable>

/**
 * Failed attempts on a login name that matches no User or Agent (issue 10 item 8): such names lock
 * like real ones, so "account locked" does not tell which names exist. client_key is the upper-case
 * Client Code as sent (the client need not exist either), login_key the name as Login matches it.
 */
export interface LoginFailureTable {
  client_key: string
  principal_type: 'USER' | 'AGENT'
  login_key: string
  failures: number
  last_failure_at: number
}

export interface SessionTables {
  access_tokens: AccessTokenTable
  sessions: SessionTable
  login_failures: LoginFailureTable
}
