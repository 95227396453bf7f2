/**
 * A principal is whoever logs in: a LiveVox User (users table) or an Agent (agents table). The
 * identity module keeps what both have the same way (password, lockout, sessions) in one place,
 * so Users, Agents, the Session API and the CLI share it instead of each writing it again.
 */
export type PrincipalType = 'USER' | 'AGENT'

/** One principal of one client. */
export interface PrincipalRef {
  clientId: number
  type: PrincipalType
  id: number
}

/** The table a principal kind is stored in; both have the same credential and lockout columns. */
export function principalTable(type: PrincipalType): 'users' | 'agents' {
  return type === 'USER' ? 'users' : 'agents'
}
