import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { contextOf } from '../../access/context.ts'
import { toPage } from '../../../http/paging.ts'
import { ClientQuery, CreatedId, errorResponses, ListInfo, NoContent, seedError } from '../../../http/schemas.ts'
import { agentAdmin } from '../agents/agent.access.ts'
import {
  AgentSkillDetails, AgentSkillIdParams, AgentSkillList, AgentSkillListQuery, CreateAgentSkillBody, UpdateAgentSkillBody,
} from './agent-skill.schemas.ts'
import * as agentSkillService from './agent-skill.service.ts'

const tags = ['Agent Skills']
const skillNotFound = seedError(404, 203, 'Agent skill not found [ID:111111]')

export async function agentSkillRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  // The seed's example sends `?=4199`: a parameter without a name is ignored (inconsistencies E4).
  app.post('/configuration/agents/skills', {
    config: { access: agentAdmin },
    schema: {
      operationId: 'createAgentSkill', summary: 'Create Agent Skill', tags,
      description: 'Creates an Agent Skill in the session\'s client, or in the client named by `client`.',
      querystring: ClientQuery,
      body: CreateAgentSkillBody,
      response: {
        201: Type.Object(CreatedId.properties, { examples: [{ id: 74281 }] }),
        ...errorResponses(400, 401, 403),
      },
    },
  }, async (request, reply) => {
    reply.code(201)
    return agentSkillService.createAgentSkill(contextOf(request), request.query.client, request.body)
  })

  // The seed's method line spells `Skills`; literal segments match case-insensitively (README §1.3).
  app.get('/configuration/agents/skills', {
    config: { access: agentAdmin },
    schema: {
      operationId: 'listAgentSkills', summary: 'List Agent Skills', tags,
      description: 'Agent Skills of the client, ascending id.',
      querystring: AgentSkillListQuery,
      response: { 200: AgentSkillList, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const page = toPage(request, request.query, await agentSkillService.listAgentSkills(contextOf(request), request.query))
    return { agentSkill: page.items, next: page.next }
  })

  app.get('/configuration/agents/skills/info', {
    config: { access: agentAdmin },
    schema: {
      operationId: 'getAgentSkillListInfo', summary: 'Get Agent Skill List Info', tags,
      description: 'Size and last modification of the list List Agent Skills would return.',
      querystring: ClientQuery,
      response: { 200: Type.Object(ListInfo.properties, { examples: [{ size: 5, lastModified: 1369249675000 }] }), ...errorResponses(400, 401, 403) },
    },
  }, async (request) => agentSkillService.agentSkillListInfo(contextOf(request), request.query.client))

  app.get('/configuration/agents/skills/:id', {
    config: { access: agentAdmin },
    schema: {
      operationId: 'readAgentSkill', summary: 'Read Agent Skill', tags,
      description: 'An Agent Skill with the agents that have it (ascending agent id) and their proficiency.',
      params: AgentSkillIdParams,
      response: { 200: AgentSkillDetails, ...errorResponses(401, 403), ...skillNotFound },
    },
  }, async (request) => agentSkillService.readAgentSkill(contextOf(request), request.params.id))

  app.put('/configuration/agents/skills/:id', {
    config: { access: agentAdmin },
    schema: {
      operationId: 'updateAgentSkill', summary: 'Update Agent Skill', tags,
      description: 'Changes the name and/or description; an empty body changes nothing.',
      params: AgentSkillIdParams,
      body: UpdateAgentSkillBody,
      response: { 204: NoContent, ...errorResponses(400, 401, 403), ...skillNotFound },
    },
  }, async (request, reply) => {
    await agentSkillService.updateAgentSkill(contextOf(request), request.params.id, request.body)
    reply.code(204)
  })

  app.delete('/configuration/agents/skills/:id', {
    config: { access: agentAdmin },
    schema: {
      operationId: 'deleteAgentSkill', summary: 'Delete Agent Skill', tags,
      description: 'Deletes an Agent Skill; it is removed from every agent that had it.',
      params: AgentSkillIdParams,
      response: { 204: NoContent, ...errorResponses(401, 403), ...skillNotFound },
    },
  }, async (request, reply) => {
    await agentSkillService.deleteAgentSkill(contextOf(request), request.params.id)
    reply.code(204)
  })
}
