import { Type, type Static } from '@sinclair/typebox'
import { ClientQuery, Id, NextLink, PagingQuery, RequiredStr, Str } from '../../../http/schemas.ts'

const NAME_MAX = 128
const DESCRIPTION_MAX = 1024

export const AgentSkillIdParams = Type.Object({ id: Id({ description: 'agent skill id' }) })

export const CreateAgentSkillBody = Type.Object({
  name: RequiredStr(NAME_MAX, { description: 'need not be unique' }),
  description: Type.Optional(Str(DESCRIPTION_MAX)),
}, { examples: [{ name: 'Docs', description: 'documentation' }] })
export type CreateAgentSkillBodyType = Static<typeof CreateAgentSkillBody>

export const UpdateAgentSkillBody = Type.Object({
  name: Type.Optional(RequiredStr(NAME_MAX)),
  description: Type.Optional(Str(DESCRIPTION_MAX)),
}, { examples: [{ name: 'Docs', description: 'documentation' }] })
export type UpdateAgentSkillBodyType = Static<typeof UpdateAgentSkillBody>

export const AgentSkillListQuery = Type.Object({ ...ClientQuery.properties, ...PagingQuery.properties })
export type AgentSkillListQueryType = Static<typeof AgentSkillListQuery>

export const AgentSkillList = Type.Object({
  agentSkill: Type.Array(Type.Object({ id: Id(), name: Type.String() })),
  next: NextLink,
}, {
  examples: [{
    agentSkill: [{ id: 1021, name: 'SILVER' }, { id: 1022, name: 'GOLD' }, { id: 1023, name: 'PLATINUM' }, { id: 8945, name: 'SPANISH' }],
    next: null,
  }],
})

export const AgentSkillDetails = Type.Object({
  agent: Type.Array(Type.Object({ id: Id(), proficiency: Type.Integer({ minimum: 1, maximum: 5 }) })),
  name: Type.String(),
  description: Type.String({ description: '"" when none was given' }),
  clientId: Id(),
}, {
  title: 'AgentSkill',
  examples: [{
    agent: [{ id: 178745, proficiency: 1 }, { id: 179884, proficiency: 5 }, { id: 191007, proficiency: 1 }, { id: 142908, proficiency: 1 }],
    name: 'SPANISH',
    description: 'Spanish Speaking Agents',
    clientId: 4199,
  }],
})
export type AgentSkillDetailsType = Static<typeof AgentSkillDetails>
