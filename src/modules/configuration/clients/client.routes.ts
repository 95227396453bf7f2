import { contextOf, type RequestContext } from '../../access/context.ts'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { TSchema } from '@sinclair/typebox'
import { access } from '../../../http/auth.ts'
import { errorResponses, NoContent } from '../../../http/schemas.ts'
import { COUNTRIES } from './client.catalog.ts'
import {
  ClientGeneralSettings, ClientIdParams, ClientInternalSettings, ClientMessagingSettings, ClientVoiceParams,
  ClientVoicePool, CountryList, VoiceParams,
} from './client.schemas.ts'
import * as clientService from './client.service.ts'

const tags = ['Clients']
/** clients.md: every method is Sysadmin or IT User; Agent sessions → 403. */
const clientAccess = access.roles('SYSADMIN', 'IT_USER')

interface ReadMethod {
  path: string
  operationId: string
  summary: string
  description: string
  response: TSchema
  read: (ctx: RequestContext, id?: number) => Promise<unknown>
}

const readMethods: ReadMethod[] = [
  {
    path: 'internal', operationId: 'readClientInternalSettings', summary: 'Read Client Internal Settings',
    description: 'Internal Settings tab of the Client editor; the failed-login limits and password expiry drive Login.',
    response: ClientInternalSettings, read: clientService.readClientInternalSettings,
  },
  {
    path: 'settings', operationId: 'readClientGeneralSettings', summary: 'Read Client General Settings',
    description: 'General and Settings tabs of the Client editor. Every key is present; unset ids are null.',
    response: ClientGeneralSettings, read: clientService.readClientGeneralSettings,
  },
  {
    path: 'messaging', operationId: 'readClientMessagingSettings', summary: 'Read Client Messaging Settings',
    description: 'Messaging tab of the Client editor: the default input filter and key/value properties in key order.',
    response: ClientMessagingSettings, read: clientService.readClientMessagingSettings,
  },
  {
    path: 'voicePool', operationId: 'readClientVoicePoolSettings', summary: 'Read Client Voice Pool Settings',
    description: 'Voice talents available to the client\'s campaigns, in the order they were added.',
    response: ClientVoicePool, read: clientService.readClientVoicePool,
  },
]

export async function clientRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get('/configuration/clients/countries', {
    config: { access: clientAccess },
    schema: {
      operationId: 'listCountries', summary: 'List Countries', tags,
      description: 'Countries allowed for the client (values usable as a contact `country`): a bare array ordered by name.',
      response: { 200: CountryList, ...errorResponses(401, 403) },
    },
  }, async () => [...COUNTRIES])

  // `[{id}/]` is optional in the vendor's paths (clients.md "Client selection"); the router needs
  // one route per form. Literal segments such as `countries` win over the id (README §1.3).
  for (const m of readMethods) {
    app.get(`/configuration/clients/${m.path}`, {
      config: { access: clientAccess },
      schema: {
        operationId: m.operationId, summary: m.summary, tags,
        description: `${m.description} Reads the session's client.`,
        response: { 200: m.response, ...errorResponses(401, 403) },
      },
    }, async (request) => m.read(contextOf(request)))
    app.get(`/configuration/clients/:id/${m.path}`, {
      config: { access: clientAccess },
      schema: {
        operationId: `${m.operationId}ById`, summary: `${m.summary} (client id in the path)`, tags,
        description: `${m.description} The id must be the session's client or one of its descendants; any other id is not found.`,
        params: ClientIdParams,
        response: { 200: m.response, ...errorResponses(401, 403, 404) },
      },
    }, async (request) => m.read(contextOf(request), request.params.id))
  }

  const voiceErrors = errorResponses(400, 401, 403, 404)
  app.post('/configuration/clients/voicePool/:id', {
    config: { access: clientAccess },
    schema: {
      operationId: 'updateClientAddVoice', summary: 'Update Client Add Voice', tags,
      description: 'Adds a voice talent to the session\'s client\'s pool; adding a pooled voice changes nothing.',
      params: VoiceParams, response: { 204: NoContent, ...voiceErrors },
    },
  }, async (request, reply) => {
    await clientService.addClientVoice(contextOf(request), undefined, request.params.id)
    reply.code(204)
  })
  app.post('/configuration/clients/:client/voicePool/:id', {
    config: { access: clientAccess },
    schema: {
      operationId: 'updateClientAddVoiceById', summary: 'Update Client Add Voice (client id in the path)', tags,
      description: 'Adds a voice talent to the pool of the client in the path; adding a pooled voice changes nothing.',
      params: ClientVoiceParams, response: { 204: NoContent, ...voiceErrors },
    },
  }, async (request, reply) => {
    await clientService.addClientVoice(contextOf(request), request.params.client, request.params.id)
    reply.code(204)
  })
  // The seed's Remove Voice example shows POST; POST is Add Voice, removal is DELETE (inconsistencies D5).
  app.delete('/configuration/clients/voicePool/:id', {
    config: { access: clientAccess },
    schema: {
      operationId: 'updateClientRemoveVoice', summary: 'Update Client Remove Voice', tags,
      description: 'Removes a voice talent from the session\'s client\'s pool; a voice not in the pool is not found.',
      params: VoiceParams, response: { 204: NoContent, ...voiceErrors },
    },
  }, async (request, reply) => {
    await clientService.removeClientVoice(contextOf(request), undefined, request.params.id)
    reply.code(204)
  })
  app.delete('/configuration/clients/:client/voicePool/:id', {
    config: { access: clientAccess },
    schema: {
      operationId: 'updateClientRemoveVoiceById', summary: 'Update Client Remove Voice (client id in the path)', tags,
      description: 'Removes a voice talent from the pool of the client in the path; a voice not in the pool is not found.',
      params: ClientVoiceParams, response: { 204: NoContent, ...voiceErrors },
    },
  }, async (request, reply) => {
    await clientService.removeClientVoice(contextOf(request), request.params.client, request.params.id)
    reply.code(204)
  })
}
