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
}, { examples: [{ sessionId: '38de9bcc-7425-4392-b821-99026632c369', clientId: 4199, userId: 1001 }] })
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

export const SessionItem = Type.Object({
  sessionId: Type.String(),
  userId: Id(),
  userName: Type.String(),
  agent: Type.Boolean(),
  createdDate: Millis(),
  lastAccessDate: Millis(),
})

export const SessionList = Type.Object({
  session: Type.Array(SessionItem),
  next: NextLink,
}, { examples: [{ session: [{ sessionId: '38de9bcc-7425-4392-b821-99026632c369', userId: 1001, userName: 'apiSysAdmin', agent: false, createdDate: 1768489200000, lastAccessDate: 1768489260000 }], next: null }] })

export const SessionDetails = Type.Object({
  sessionId: Type.String(),
  clientId: Id(),
  userId: Id(),
  userName: Type.String(),
  agent: Type.Boolean(),
  createdDate: Millis(),
  lastAccessDate: Millis(),
  expiresDate: Millis(),
})
