import { Type, type Static } from '@sinclair/typebox'
import { ClientQuery, Id, Millis, NextLink, PagingQuery, RequiredStr, Str } from '../../../http/schemas.ts'

/** The portal allows 20 characters; the API only bounds what it stores (inconsistencies E11). */
const LOGIN_ID_MAX = 64
const NAME_MAX = 64
const PHONE_MAX = 32
const PASSWORD_MAX = 256
/** Arrays in bodies are bounded like strings: far above any real agent's assignments. */
const ASSIGNMENTS_MAX = 1000
/**
 * Seconds; -1 = Unlimited. The upper bound is the 32-bit column's, so no value reaches the
 * database that it would refuse with a 5xx.
 */
const WrapUpTime = Type.Integer({ minimum: -1, maximum: 2_147_483_647, description: 'seconds of after-call work; -1 = Unlimited' })
/** Checked by the service so the message is the spec's `proficiency must be between 1 and 5`. */
const Proficiency = Type.Integer({ description: '1 to 5 inclusive' })

export const AgentIdParams = Type.Object({ id: Id({ description: 'agent id' }) })
export const AgentSkillAssignmentParams = Type.Object({ agent: Id({ description: 'agent id' }), id: Id({ description: 'agent skill id' }) })
export const AgentServiceParams = Type.Object({ agent: Id({ description: 'agent id' }), id: Id({ description: 'service id (ACD Services only)' }) })

export const ProficiencyQuery = Type.Object({ proficiency: Proficiency })

const seedCreateBody = {
  clientId: 4199, loginId: 'BobJohnson1', firstName: 'Bob', lastName: 'Johnson', password: 'A12345678',
  phone: '2023467763', wrapUpTime: -1, homeAgent: true, active: true,
  assignedService: [{ id: 40789 }, { id: 17798 }],
  assignedAgentSkill: [{ id: 1021, proficiency: 3 }, { id: 1022, proficiency: 1 }, { id: 1023, proficiency: 5 }],
}

export const CreateAgentBody = Type.Object({
  clientId: Type.Optional(Id({ description: 'client to create the agent in; default the session\'s client' })),
  loginId: RequiredStr(LOGIN_ID_MAX, { description: 'stored upper-case; unique within the client' }),
  firstName: RequiredStr(NAME_MAX),
  lastName: RequiredStr(NAME_MAX),
  password: RequiredStr(PASSWORD_MAX, { description: 'at least 8 characters with at least one digit' }),
  phone: RequiredStr(PHONE_MAX),
  wrapUpTime: WrapUpTime,
  homeAgent: Type.Boolean(),
  active: Type.Boolean(),
  assignedService: Type.Optional(Type.Array(Type.Object({ id: Id() }), { maxItems: ASSIGNMENTS_MAX, description: 'ACD Services visible to the caller' })),
  assignedAgentSkill: Type.Optional(Type.Array(Type.Object({ id: Id(), proficiency: Proficiency }), { maxItems: ASSIGNMENTS_MAX })),
}, { examples: [seedCreateBody] })
export type CreateAgentBodyType = Static<typeof CreateAgentBody>

export const UpdateAgentBody = Type.Object({
  firstName: Type.Optional(RequiredStr(NAME_MAX)),
  lastName: Type.Optional(RequiredStr(NAME_MAX)),
  password: Type.Optional(Str(PASSWORD_MAX, { description: 'must not be one of the previous 4 passwords' })),
  phone: Type.Optional(RequiredStr(PHONE_MAX)),
  wrapUpTime: Type.Optional(WrapUpTime),
  homeAgent: Type.Optional(Type.Boolean()),
  active: Type.Optional(Type.Boolean()),
  unlock: Type.Optional(Type.Boolean({ description: 'true clears a lockout and the failed-login count; false has no effect' })),
}, { examples: [{ phone: '2023467763', active: true }, { unlock: true }] })
export type UpdateAgentBodyType = Static<typeof UpdateAgentBody>

export const AgentListQuery = Type.Object({ ...ClientQuery.properties, ...PagingQuery.properties })
export type AgentListQueryType = Static<typeof AgentListQuery>

export const FindMatchingAgentsBody = Type.Object({
  loginId: Type.Optional(Str(LOGIN_ID_MAX, { description: 'partial, case-insensitive' })),
  lastName: Type.Optional(Str(NAME_MAX, { description: 'partial, case-insensitive' })),
  phoneNumber: Type.Optional(Str(PHONE_MAX, { description: 'exact match on the digits' })),
  phone: Type.Optional(Str(PHONE_MAX, { description: 'alias of phoneNumber (inconsistencies E5)' })),
}, { description: 'Exactly one criterion.', examples: [{ lastName: 'One' }] })
export type FindMatchingAgentsBodyType = Static<typeof FindMatchingAgentsBody>

export const AgentListItem = Type.Object({
  id: Id(),
  loginId: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  phone: Type.String(),
  active: Type.Boolean(),
  lastLogin: Type.Optional(Millis({ description: 'absent until the first login' })),
  lastLoginIp: Type.Optional(Type.String()),
}, { title: 'AgentListItem' })
export type AgentListItemType = Static<typeof AgentListItem>

export const AgentList = Type.Object({ agent: Type.Array(AgentListItem), next: NextLink }, {
  examples: [{
    agent: [
      { id: 521091, loginId: 'AGENT!', firstName: 'agent', lastName: 'bond', phone: '5553504512', active: true, lastLogin: 1470340861000, lastLoginIp: '187.237.14.230' },
      { id: 521092, loginId: 'AGENT#.?', firstName: 'agent', lastName: 'bourne', phone: '5553504512', active: true, lastLogin: 1470341109000, lastLoginIp: '187.237.14.230' },
      { id: 513804, loginId: 'AGENT-ANINDITA', firstName: 'Anindita', lastName: 'password123', phone: '6503517454', active: true, lastLogin: 1481699421000, lastLoginIp: '182.75.26.194' },
      { id: 523329, loginId: 'AGENT-ONE', firstName: 'AGENT', lastName: 'ONE', phone: '6503517454', active: true, lastLogin: 1471943167000, lastLoginIp: '182.75.26.194' },
    ],
    next: 'configuration/agents?count=4&client=49551&offset=6',
  }],
})

export const MatchingAgentList = Type.Object({ agent: Type.Array(AgentListItem), next: NextLink }, {
  examples: [{
    agent: [{ id: 1018655, loginId: 'AGENTONE', firstName: 'Agent', lastName: 'One', phone: '6783734060', active: true, lastLogin: 1547671690000, lastLoginIp: '200.76.215.11' }],
    next: null,
  }],
})

export const AgentDetails = Type.Object({
  assignedService: Type.Array(Type.Object({ id: Id() })),
  assignedAgentSkill: Type.Array(Type.Object({ id: Id(), proficiency: Type.Integer({ minimum: 1, maximum: 5 }) })),
  loginId: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  phone: Type.String(),
  wrapUpTime: Type.Integer({ minimum: -1 }),
  homeAgent: Type.Boolean(),
  active: Type.Boolean(),
  locked: Type.Boolean(),
  passwordLastModified: Millis(),
  lastLogin: Type.Optional(Millis()),
  lastLoginIp: Type.Optional(Type.String()),
}, {
  title: 'Agent',
  examples: [{
    assignedService: [{ id: 49551 }, { id: 49552 }, { id: 49553 }, { id: 49555 }, { id: 49561 }, { id: 72491 }],
    assignedAgentSkill: [{ id: 12366, proficiency: 2 }, { id: 12367, proficiency: 1 }, { id: 12370, proficiency: 1 }],
    loginId: 'AGENT3', firstName: 'AGENT', lastName: 'THREE', phone: '5553231212', wrapUpTime: -1, homeAgent: true,
    active: true, locked: false, passwordLastModified: 1495233693000, lastLogin: 1495234211000, lastLoginIp: '189.146.225.138',
  }],
})
export type AgentDetailsType = Static<typeof AgentDetails>

export const AgentRelatedObjects = Type.Object({
  callCenter: Type.Array(Type.Object({ id: Id() })),
  service: Type.Array(Type.Object({ id: Id() })),
}, {
  examples: [{
    callCenter: [{ id: 695 }, { id: 429 }, { id: 2829 }, { id: 428 }],
    service: [{ id: 17798 }, { id: 17885 }, { id: 40789 }, { id: 43131 }],
  }],
})
export type AgentRelatedObjectsType = Static<typeof AgentRelatedObjects>
