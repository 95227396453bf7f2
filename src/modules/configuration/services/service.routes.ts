import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { access, Roles } from '../../../http/auth.ts'
import { contextOf } from '../../access/context.ts'
import { toPage } from '../../../http/paging.ts'
import { errorResponses, NoContent, seedError } from '../../../http/schemas.ts'
import {
  AddCallerIdQuery, AddInboundHoursBody, CallerIdParams, CreatedInboundHours, CreatedService, CreateServiceQuery,
  FindServicesBody, FindServicesQuery, HoursParams, InboundHoursList, ListServicesQuery, MessagingPropertyQuery,
  ServiceGeneral, ServiceList, ServiceListInfo, ServiceListInfoQuery, ServiceMessaging, ServicePacing, ServiceParams,
  ServicePhone, ServiceRelated, ServiceSearchResult, ServiceSettings, UpdateInboundHoursBody, UpdateServiceGeneralBody,
  UpdateServicePhoneBody, UpdateServiceSettingsBody,
} from './service.schemas.ts'
import * as serviceService from './service.service.ts'

/** The seed's "does not exist" examples answer 404 (inconsistencies.md A4: always with a body). */
const notFoundExample = (message: string) => seedError(404, 203, message)

const tags = ['Services']

/** services.md "Roles used in this file". Agent sessions may call none of these (README §2.4). */
const svcAdmin = access.roles('SYSADMIN', 'SUPERUSER', 'IT_USER')
const svcRead = access.roles(...Roles.configuration)
const svcUpdate = access.withPower('MODIFY_SERVICES', ...Roles.configuration)

export async function serviceRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.post('/configuration/services', {
    config: { access: svcAdmin },
    schema: {
      operationId: 'createService', summary: 'Create Service', tags,
      description: 'Copies an existing (non-INBOUND) Service, with its tabs and inbound hours, into the same Call Center under a new name.',
      querystring: CreateServiceQuery,
      response: { 201: CreatedService, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const created = await serviceService.createService(contextOf(request), request.query)
    reply.code(201)
    return created
  })

  app.delete('/configuration/services/:id', {
    config: { access: svcAdmin },
    schema: {
      operationId: 'deleteService', summary: 'Delete Service', tags,
      description: 'Refused while a campaign associated with the Service was active in the past 90 days.',
      params: ServiceParams,
      response: { 204: NoContent, ...errorResponses(401, 403, 404), ...seedError(400, 202, 'Cannot delete service [campaigns associated in the past 90 days]') },
    },
  }, async (request, reply) => {
    await serviceService.deleteService(contextOf(request), request.params.id)
    reply.code(204)
  })

  app.post('/configuration/services/search', {
    config: { access: svcRead },
    schema: {
      operationId: 'findMatchingServices', summary: 'Find Matching Services', tags,
      description: 'Services with the given call direction and one of the ACD feature codes, optionally in the given Call Centers and attended or not; ascending id.',
      querystring: FindServicesQuery, body: FindServicesBody,
      response: { 200: ServiceSearchResult, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const rows = await serviceService.findMatchingServices(contextOf(request), request.query, request.body)
    const page = toPage(request, request.query, rows)
    return { service: page.items, next: page.next }
  })

  app.get('/configuration/services/info', {
    config: { access: svcRead },
    schema: {
      operationId: 'getServiceListInfo', summary: 'Get Service List Info', tags,
      description: 'Number of the Call Center\'s Services the session can see; `{"size":0}` when none.',
      querystring: ServiceListInfoQuery,
      response: { 200: ServiceListInfo, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => serviceService.getServiceListInfo(contextOf(request), request.query.callCenter))

  app.get('/configuration/services/:id/related', {
    config: { access: svcRead },
    schema: {
      operationId: 'getServiceRelatedObjects', summary: 'Get Service Related Objects', tags,
      description: 'The Service\'s Call Center, assigned Agents, Campaigns and Resource Groups.',
      params: ServiceParams,
      response: { 200: ServiceRelated, ...errorResponses(401, 403, 404) },
    },
  }, async (request) => serviceService.getServiceRelated(contextOf(request), request.params.id))

  app.get('/configuration/services', {
    config: { access: svcRead },
    schema: {
      operationId: 'listServices', summary: 'List Services', tags,
      description: 'The Call Center\'s Services the session can see, ascending id. A Call Center without any Service answers 403 (seed 001).',
      querystring: ListServicesQuery,
      response: { 200: ServiceList, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const page = toPage(request, request.query, await serviceService.listServices(contextOf(request), request.query))
    return { service: page.items, next: page.next }
  })

  app.get('/configuration/services/:id', {
    config: { access: svcRead },
    schema: {
      operationId: 'readServiceGeneral', summary: 'Read Service General', tags,
      params: ServiceParams,
      response: { 200: ServiceGeneral, ...errorResponses(401, 403), ...notFoundExample('Service not found [ID:123]') },
    },
  }, async (request) => serviceService.readServiceGeneral(contextOf(request), request.params.id))

  app.get('/configuration/services/:id/inboundHours', {
    config: { access: svcRead },
    schema: {
      operationId: 'readServiceInboundHours', summary: 'Read Service Inbound Hours', tags,
      description: 'Times are milliseconds after midnight, Eastern; `date` only for SPECIFIC_DATE entries.',
      params: ServiceParams,
      response: { 200: InboundHoursList, ...errorResponses(401, 403, 404) },
    },
  }, async (request) => serviceService.readServiceInboundHours(contextOf(request), request.params.id))

  app.get('/configuration/services/:id/messaging', {
    config: { access: svcRead },
    schema: {
      operationId: 'readServiceMessaging', summary: 'Read Service Messaging', tags,
      params: ServiceParams,
      response: { 200: ServiceMessaging, ...errorResponses(401, 403, 404) },
    },
  }, async (request) => serviceService.readServiceMessaging(contextOf(request), request.params.id))

  app.get('/configuration/services/:id/pacing', {
    config: { access: svcRead },
    schema: {
      operationId: 'readServicePacingSettings', summary: 'Read Service Pacing Settings', tags,
      params: ServiceParams,
      response: { 200: ServicePacing, ...errorResponses(401, 403, 404) },
    },
  }, async (request) => serviceService.readServicePacing(contextOf(request), request.params.id))

  app.get('/configuration/services/:id/phone', {
    config: { access: svcRead },
    schema: {
      operationId: 'readServicePhone', summary: 'Read Service Phone', tags,
      params: ServiceParams,
      response: { 200: ServicePhone, ...errorResponses(401, 403), ...notFoundExample('Service not found [ID:123]') },
    },
  }, async (request) => serviceService.readServicePhone(contextOf(request), request.params.id))

  app.get('/configuration/services/:id/settings', {
    config: { access: svcRead },
    schema: {
      operationId: 'readServiceSettings', summary: 'Read Service Settings', tags,
      description: 'Deprecated and new names of a setting (accountMaxAttemptsPerDay/contactMaxAttemptsPerDay, leaveMessages/leaveNoMessages, crossRequeueable/isCrossRequeueable) carry the same value.',
      params: ServiceParams,
      response: { 200: ServiceSettings, ...errorResponses(401, 403), ...notFoundExample('Service not found [ID:123]') },
    },
  }, async (request) => serviceService.readServiceSettings(contextOf(request), request.params.id))

  app.post('/configuration/services/:id/phone/:callerId', {
    config: { access: svcUpdate },
    schema: {
      operationId: 'updateServiceAddCallerId', summary: 'Update Service Add Caller ID', tags,
      description: 'Adds a caller ID; `default=true` (or a Service without a default) makes it the default.',
      params: CallerIdParams, querystring: AddCallerIdQuery,
      response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await serviceService.addCallerId(contextOf(request), request.params.id, request.params.callerId, request.query.default === true)
    reply.code(204)
  })

  app.post('/configuration/services/:id/inboundHours', {
    config: { access: svcUpdate },
    schema: {
      operationId: 'updateServiceAddInboundHours', summary: 'Update Service Add Inbound Hours', tags,
      description: 'Answers 200 with the new entry\'s id, as documented (not 201). INBOUND and BLENDED Services only.',
      params: ServiceParams, body: AddInboundHoursBody,
      response: { 200: CreatedInboundHours, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => serviceService.addInboundHours(contextOf(request), request.params.id, request.body))

  // POST as documented; PUT on the same path is an alias (inconsistencies.md C6).
  for (const method of ['POST', 'PUT'] as const) {
    app.route({
      method, url: '/configuration/services/:id',
      config: { access: svcUpdate },
      schema: {
        operationId: method === 'POST' ? 'updateServiceGeneral' : 'updateServiceGeneralPut',
        summary: method === 'POST' ? 'Update Service General' : 'Update Service General (PUT alias)', tags,
        description: 'Omitted or null keys are unchanged.',
        params: ServiceParams, body: UpdateServiceGeneralBody,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) },
      },
      handler: async (request, reply) => {
        await serviceService.updateServiceGeneral(contextOf(request), request.params.id, request.body)
        reply.code(204)
      },
    })
  }

  app.post('/configuration/services/:id/messaging', {
    config: { access: svcUpdate },
    schema: {
      operationId: 'updateServiceMessagingProperty', summary: 'Update Service Messaging Property', tags,
      params: ServiceParams, querystring: MessagingPropertyQuery,
      response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await serviceService.setMessagingProperty(contextOf(request), request.params.id, request.query)
    reply.code(204)
  })

  app.post('/configuration/services/:id/phone', {
    config: { access: svcUpdate },
    schema: {
      operationId: 'updateServicePhone', summary: 'Update Service Phone', tags,
      description: '`defaultCallerId` only selects one of the existing caller IDs.',
      params: ServiceParams, body: UpdateServicePhoneBody,
      response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await serviceService.updateServicePhone(contextOf(request), request.params.id, request.body)
    reply.code(204)
  })

  app.delete('/configuration/services/:id/phone/:callerId', {
    config: { access: svcUpdate },
    schema: {
      operationId: 'updateServiceRemoveCallerId', summary: 'Update Service Remove Caller ID', tags,
      description: 'Removing the default caller ID leaves the Service without a default.',
      params: CallerIdParams,
      response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await serviceService.removeCallerId(contextOf(request), request.params.id, request.params.callerId)
    reply.code(204)
  })

  app.delete('/configuration/services/:id/inboundHours/:hoursId', {
    config: { access: svcUpdate },
    schema: {
      operationId: 'updateServiceRemoveInboundHours', summary: 'Update Service Remove Inbound Hours', tags,
      params: HoursParams,
      response: { 204: NoContent, ...errorResponses(401, 403), ...notFoundExample('Inbound hours not found [ID:29857]') },
    },
  }, async (request, reply) => {
    await serviceService.removeInboundHours(contextOf(request), request.params.id, request.params.hoursId)
    reply.code(204)
  })

  app.post('/configuration/services/:id/settings', {
    config: { access: svcUpdate },
    schema: {
      operationId: 'updateServiceSettings', summary: 'Update Service Settings', tags,
      description: 'Either name of a deprecated/new pair updates the one setting (the new name wins); read-only keys are ignored.',
      params: ServiceParams, body: UpdateServiceSettingsBody,
      response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await serviceService.updateServiceSettings(contextOf(request), request.params.id, request.body)
    reply.code(204)
  })

  app.post('/configuration/services/:id/inboundHours/:hoursId', {
    config: { access: svcUpdate },
    schema: {
      operationId: 'updateServiceUpdateInboundHours', summary: 'Update Service Update Inbound Hours', tags,
      description: 'At least one of startTime and endTime; the resulting startTime must be before endTime.',
      params: HoursParams, body: UpdateInboundHoursBody,
      response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await serviceService.updateInboundHoursEntry(contextOf(request), request.params.id, request.params.hoursId, request.body)
    reply.code(204)
  })
}
