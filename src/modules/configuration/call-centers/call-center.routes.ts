import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { access } from '../../../http/auth.ts'
import { contextOf } from '../../access/context.ts'
import { toPage } from '../../../http/paging.ts'
import { ClientQuery, errorResponses, NoContent, seedError } from '../../../http/schemas.ts'
import {
  CallCenterList, CallCenterListInfo, CallCenterParams, CallCenterRelated, CallCenterSchema, CallCenterServiceParams,
  CreateCallCenterBody, CreateCallCenterQuery, CreatedCallCenter, ListCallCentersQuery, UpdateCallCenterBody,
} from './call-center.schemas.ts'
import * as callCenterService from './call-center.service.ts'

const tags = ['Call Centers']

/** Seed 000 role lines: writes by Sysadmin or IT User; reads also by Superuser (inconsistencies.md B1), Manager, Agent. */
const writers = access.roles('SYSADMIN', 'IT_USER')
const readers = access.roles('SYSADMIN', 'IT_USER', 'SUPERUSER', 'MANAGER', 'AGENT')

export async function callCenterRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.post('/configuration/callCenters', {
    config: { access: writers },
    schema: {
      operationId: 'createCallCenter', summary: 'Create Call Center', tags,
      description: 'Creates a Call Center, optionally moving Services into it. A Call Center without Services is not listed.',
      querystring: CreateCallCenterQuery, body: CreateCallCenterBody,
      response: { 201: CreatedCallCenter, ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const created = await callCenterService.createCallCenter(contextOf(request), request.query, request.body)
    reply.code(201)
    return created
  })

  app.delete('/configuration/callCenters/:id', {
    config: { access: writers },
    schema: {
      operationId: 'deleteCallCenter', summary: 'Delete Call Center', tags,
      description: 'Deletes a Call Center that holds no Services (move them first with Update Call Center Add Service).',
      params: CallCenterParams,
      response: {
        204: NoContent, ...errorResponses(401, 403, 404),
        ...seedError(400, 202, 'Cannot delete call centers with associated services'),
      },
    },
  }, async (request, reply) => {
    await callCenterService.deleteCallCenter(contextOf(request), request.params.id)
    reply.code(204)
  })

  app.get('/configuration/callCenters/info', {
    config: { access: readers },
    schema: {
      operationId: 'getCallCenterListInfo', summary: 'Get Call Center List Info', tags,
      description: 'Size and lastModified of the list List Call Centers returns; `{"size":0}` for a client the session cannot see.',
      querystring: ClientQuery,
      response: { 200: CallCenterListInfo, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => callCenterService.getCallCenterListInfo(contextOf(request), request.query.client))

  app.get('/configuration/callCenters/:id/related', {
    config: { access: readers },
    schema: {
      operationId: 'getCallCenterRelatedObjects', summary: 'Get Call Center Related Objects', tags,
      description: 'The Services of the Call Center the session can see, and the Agents assigned to them.',
      params: CallCenterParams,
      response: { 200: CallCenterRelated, ...errorResponses(401, 403, 404) },
    },
  }, async (request) => callCenterService.getCallCenterRelated(contextOf(request), request.params.id))

  app.get('/configuration/callCenters', {
    config: { access: readers },
    schema: {
      operationId: 'listCallCenters', summary: 'List Call Centers', tags,
      description: 'Call Centers holding at least one Service the session can see, ascending id.',
      querystring: ListCallCentersQuery,
      response: { 200: CallCenterList, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const page = toPage(request, request.query, await callCenterService.listCallCenters(contextOf(request), request.query))
    return { callCenter: page.items, next: page.next }
  })

  app.get('/configuration/callCenters/:id', {
    config: { access: readers },
    schema: {
      operationId: 'readCallCenter', summary: 'Read Call Center', tags,
      params: CallCenterParams,
      response: { 200: CallCenterSchema, ...errorResponses(401, 403, 404) },
    },
  }, async (request) => callCenterService.readCallCenter(contextOf(request), request.params.id))

  app.put('/configuration/callCenters/:id', {
    config: { access: writers },
    schema: {
      operationId: 'updateCallCenter', summary: 'Update Call Center', tags,
      description: 'Omitted or null keys are unchanged; an empty body is a no-op.',
      params: CallCenterParams, body: UpdateCallCenterBody,
      response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await callCenterService.updateCallCenter(contextOf(request), request.params.id, request.body)
    reply.code(204)
  })

  app.put('/configuration/callCenters/:id/services/:service', {
    config: { access: writers },
    schema: {
      operationId: 'updateCallCenterAddService', summary: 'Update Call Center Add Service', tags,
      description: 'Moves a Service into the Call Center; its previous Call Center may become empty.',
      params: CallCenterServiceParams,
      response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await callCenterService.addServiceToCallCenter(contextOf(request), request.params.id, request.params.service)
    reply.code(204)
  })
}
