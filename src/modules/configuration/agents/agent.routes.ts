import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { contextOf } from '../../access/context.ts'
import { toPage } from '../../../http/paging.ts'
import { ClientQuery, CreatedId, errorResponses, ListInfo, NoContent, seedError } from '../../../http/schemas.ts'
import { agentAdmin, agentRead } from './agent.access.ts'
import {
  AgentDetails, AgentIdParams, AgentList, AgentListQuery, AgentRelatedObjects, AgentServiceParams,
  AgentSkillAssignmentParams, CreateAgentBody, FindMatchingAgentsBody, MatchingAgentList, ProficiencyQuery,
  UpdateAgentBody,
} from './agent.schemas.ts'
import * as agentService from './agent.service.ts'

const tags = ['Agents']
const agentNotFound = seedError(404, 203, 'Agent not found [ID:111111]')

export async function agentRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.post('/configuration/agents', {
    config: { access: agentAdmin },
    schema: {
      operationId: 'createAgent', summary: 'Create Agent', tags,
      description: 'Creates an Agent with optional ACD Service and Agent Skill assignments; any error creates nothing. '
        + 'loginId is stored upper-case and must be unique within the client.',
      body: CreateAgentBody,
      response: {
        201: Type.Object(CreatedId.properties, { examples: [{ id: 311918 }] }),
        ...errorResponses(401, 403),
        ...seedError(400, 202, 'Missing required field [password]'),
      },
    },
  }, async (request, reply) => {
    reply.code(201)
    return agentService.createAgent(contextOf(request), request.body)
  })

  app.get('/configuration/agents', {
    config: { access: agentRead },
    schema: {
      operationId: 'listAgents', summary: 'List Agents', tags,
      description: 'Agents of the client, ordered by loginId.',
      querystring: AgentListQuery,
      response: { 200: AgentList, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const page = toPage(request, request.query, await agentService.listAgents(contextOf(request), request.query))
    return { agent: page.items, next: page.next }
  })

  app.get('/configuration/agents/info', {
    config: { access: agentAdmin },
    schema: {
      operationId: 'getAgentListInfo', summary: 'Get Agent List Info', tags,
      description: 'Size and last modification of the list List Agents would return.',
      querystring: ClientQuery,
      response: { 200: Type.Object(ListInfo.properties, { examples: [{ size: 153, lastModified: 1369249675000 }] }), ...errorResponses(400, 401, 403) },
    },
  }, async (request) => agentService.agentListInfo(contextOf(request), request.query.client))

  app.post('/configuration/agents/search', {
    config: { access: agentRead },
    schema: {
      operationId: 'findMatchingAgents', summary: 'Find Matching Agents', tags,
      description: 'Agents matching exactly one criterion: loginId or lastName (partial, case-insensitive) or '
        + 'phoneNumber (alias phone; the digits must match exactly). Ordered by loginId.',
      querystring: AgentListQuery,
      body: FindMatchingAgentsBody,
      response: {
        200: MatchingAgentList,
        ...errorResponses(401, 403),
        ...seedError(400, 202, 'Invalid input [exactly one of phone, loginId or lastName is required]'),
      },
    },
  }, async (request) => {
    const rows = await agentService.findMatchingAgents(contextOf(request), request.query, request.body)
    const page = toPage(request, request.query, rows)
    return { agent: page.items, next: page.next }
  })

  app.get('/configuration/agents/:id', {
    config: { access: agentRead },
    schema: {
      operationId: 'readAgent', summary: 'Read Agent', tags,
      description: 'An Agent with its assigned Services (those the session may see) and Agent Skills.',
      params: AgentIdParams,
      response: { 200: AgentDetails, ...errorResponses(401, 403), ...agentNotFound },
    },
  }, async (request) => agentService.readAgent(contextOf(request), request.params.id))

  app.put('/configuration/agents/:id', {
    config: { access: agentAdmin },
    schema: {
      operationId: 'updateAgent', summary: 'Update Agent', tags,
      description: 'Changes the keys sent (at least one). loginId, Services and skills are not changed here. '
        + '`unlock: true` clears a lockout. A new password ends the agent\'s sessions.',
      params: AgentIdParams,
      body: UpdateAgentBody,
      response: {
        204: NoContent,
        ...errorResponses(401, 403),
        ...seedError(400, 202, 'Invalid password [Password must be at least 8 characters long]'),
        ...agentNotFound,
      },
    },
  }, async (request, reply) => {
    await agentService.updateAgent(contextOf(request), request.params.id, request.body)
    reply.code(204)
  })

  app.delete('/configuration/agents/:id', {
    config: { access: agentAdmin },
    schema: {
      operationId: 'deleteAgent', summary: 'Delete Agent', tags,
      description: 'Deletes an Agent with its assignments; its sessions end.',
      params: AgentIdParams,
      response: { 204: NoContent, ...errorResponses(401, 403), ...agentNotFound },
    },
  }, async (request, reply) => {
    await agentService.deleteAgent(contextOf(request), request.params.id)
    reply.code(204)
  })

  app.get('/configuration/agents/:id/related', {
    config: { access: agentRead },
    schema: {
      operationId: 'getAgentRelatedObjects', summary: 'Get Agent Related Objects', tags,
      description: 'The agent\'s Services and the Call Centers they belong to, ascending ids.',
      params: AgentIdParams,
      response: { 200: AgentRelatedObjects, ...errorResponses(401, 403), ...agentNotFound },
    },
  }, async (request) => agentService.agentRelatedObjects(contextOf(request), request.params.id))

  app.put('/configuration/agents/:agent/skills/:id', {
    config: { access: agentAdmin },
    schema: {
      operationId: 'updateAgentAddAgentSkill', summary: 'Update Agent Add Agent Skill', tags,
      description: 'Assigns an Agent Skill with a proficiency 1-5, or changes the proficiency of an assigned one.',
      params: AgentSkillAssignmentParams,
      querystring: ProficiencyQuery,
      response: {
        204: NoContent,
        ...errorResponses(401, 403, 404),
        ...seedError(400, 202, 'Invalid input [proficiency must be between 1 and 5]'),
      },
    },
  }, async (request, reply) => {
    await agentService.addAgentSkill(contextOf(request), request.params.agent, request.params.id, request.query.proficiency)
    reply.code(204)
  })

  app.delete('/configuration/agents/:agent/skills/:id', {
    config: { access: agentAdmin },
    schema: {
      operationId: 'updateAgentRemoveAgentSkill', summary: 'Update Agent Remove Agent Skill', tags,
      description: 'Removes an Agent Skill assignment; a skill the agent does not have is not found.',
      params: AgentSkillAssignmentParams,
      response: { 204: NoContent, ...errorResponses(401, 403, 404) },
    },
  }, async (request, reply) => {
    await agentService.removeAgentSkill(contextOf(request), request.params.agent, request.params.id)
    reply.code(204)
  })

  app.put('/configuration/agents/:agent/services/:id', {
    config: { access: agentAdmin },
    schema: {
      operationId: 'updateAgentAddService', summary: 'Update Agent Add Service', tags,
      description: 'Assigns an ACD Service the session may see; assigning an assigned Service changes nothing. '
        + 'The agent\'s sessions see it at once.',
      params: AgentServiceParams,
      response: {
        204: NoContent,
        ...errorResponses(401, 403, 404),
        ...seedError(400, 202, 'Cannot assign service [incorrect service type]'),
      },
    },
  }, async (request, reply) => {
    await agentService.addAgentService(contextOf(request), request.params.agent, request.params.id)
    reply.code(204)
  })

  app.delete('/configuration/agents/:agent/services/:id', {
    config: { access: agentAdmin },
    schema: {
      operationId: 'updateAgentRemoveService', summary: 'Update Agent Remove Service', tags,
      description: 'Removes a Service assignment; a Service the agent does not have is not found.',
      params: AgentServiceParams,
      response: { 204: NoContent, ...errorResponses(401, 403, 404) },
    },
  }, async (request, reply) => {
    await agentService.removeAgentService(contextOf(request), request.params.agent, request.params.id)
    reply.code(204)
  })
}
