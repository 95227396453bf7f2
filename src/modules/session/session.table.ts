import type { Generated, Insertable, Selectable } from 'kysely'

/** An API access token (LV-Access); only a salted scrypt hash is kept. */
export interface AccessTokenTable {
  id: Generated<number>
  client_id: number
  token_hash: string
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
}
export type SessionRow = Selectable<SessionTable>
export type NewSessionRow = Insertable<SessionTable>

export interface SessionTables {
  access_tokens: AccessTokenTable
  sessions: SessionTable
}
