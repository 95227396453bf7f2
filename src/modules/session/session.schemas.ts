import { Type, type Static } from '@sinclair/typebox'
import { Id, Millis, NextLink, RequiredStr } from '../../http/schemas.ts'

const AgentFlag = Type.Optional(Type.Boolean({ description: 'true = Agent credentials (default: LiveVox User)' }))

export const LoginBody = Type.Object({
  clientName: RequiredStr(64, { description: 'Client Code (case-insensitive), e.g. CAVALRY' }),
  userName: RequiredStr(128, { description: 'login id; case-insensitive for agents' }),
  password: RequiredStr(256),
  agent: AgentFlag,
  isAgent: Type.Optional(Type.Boolean({ description: 'alias of agent (C# client spelling)' })),
}, { examples: [{ clientName: 'CAVALRY', userName: 'apiSysAdmin', password: 'Secret123' }] })
export type LoginBodyType = Static<typeof LoginBody>

export const LoginResponse = Type.Object({
  sessionId: Type.String(),
  clientId: Id(),
  userId: Id(),
  daysUntilPasswordExpires: Type.Optional(Type.Integer({ minimum: 0 })),
}, { title: 'LoginResponse', examples: [{ sessionId: '38de9bcc-7425-4392-b821-99026632c369', clientId: 4199, userId: 1001 }] })
export type LoginResponseType = Static<typeof LoginResponse>

export const ChangePasswordBody = Type.Object({
  clientName: RequiredStr(64),
  userName: RequiredStr(128),
  password: RequiredStr(256, { description: 'current password' }),
  newPassword: RequiredStr(256),
  agent: AgentFlag,
  isAgent: Type.Optional(Type.Boolean()),
}, { examples: [{ clientName: 'CAVALRY', userName: 'AGENT1', password: 'Secret123', newPassword: 'Secret456', agent: true }] })
export type ChangePasswordBodyType = Static<typeof ChangePasswordBody>

const SessionIdValue = Type.String({ minLength: 1, maxLength: 64 })

export const SessionIdParams = Type.Object({ sessionId: SessionIdValue })
export const OptionalSessionIdParams = Type.Object({ sessionId: Type.Optional(SessionIdValue) })
export const SessionIdQuery = Type.Object({ sessionId: Type.Optional(SessionIdValue) })

/**
 * session.md "Secrecy": a session id is a bearer secret, so it appears only on the caller's own
 * session; every session carries `sessionKey`, a non-secret stable handle that Get Session Details
 * accepts and LV-Session does not.
 */
const OwnSessionId = Type.Optional(Type.String({ description: "present only on the caller's own session" }))
const SessionKey = Type.String({ minLength: 22, maxLength: 22, description: 'non-secret stable handle of the session; not usable as LV-Session' })

export const SessionItem = Type.Object({
  sessionId: OwnSessionId,
  sessionKey: SessionKey,
  userId: Id(),
  userName: Type.String(),
  agent: Type.Boolean(),
  createdDate: Millis(),
  lastAccessDate: Millis(),
}, { title: 'SessionListItem' })

export const SessionList = Type.Object({
  session: Type.Array(SessionItem),
  next: NextLink,
}, {
  examples: [{
    session: [
      { sessionId: '38de9bcc-7425-4392-b821-99026632c369', sessionKey: 'q8Xc3m0T1bV4yZk7LwP2aA', userId: 1001, userName: 'apiSysAdmin', agent: false, createdDate: 1768489200000, lastAccessDate: 1768489260000 },
      { sessionKey: 'Yh2dN6rJ0sKe9uQ1xW5tBg', userId: 1002, userName: 'AGENT1', agent: true, createdDate: 1768489230000, lastAccessDate: 1768489250000 },
    ],
    next: null,
  }],
})

export const SessionDetails = Type.Object({
  sessionId: OwnSessionId,
  sessionKey: SessionKey,
  clientId: Id(),
  userId: Id(),
  userName: Type.String(),
  agent: Type.Boolean(),
  createdDate: Millis(),
  lastAccessDate: Millis(),
  expiresDate: Millis(),
}, { title: 'Session' })
