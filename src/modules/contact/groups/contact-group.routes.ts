import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { toPage } from '../../../http/paging.ts'
import { errorResponses, NoContent, seedError } from '../../../http/schemas.ts'
import { CRead, CWrite } from '../contact.access.ts'
import {
  ContactGroup, ContactGroupBody, ContactGroupCreated, ContactGroupList, ContactGroupParams, ListContactGroupQuery,
} from './contact-group.schemas.ts'
import { contextOf } from '../../access/context.ts'
import * as groupService from './contact-group.service.ts'

const tags = ['Contact API: Contact Groups']
const groupNotFound = seedError(404, 203, 'Contact group with 1234567353 not found')

/** Contact Groups (contacts.md §4): create, list, read, update; the API has no delete (405). */
export async function contactGroupRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.post('/contact/contactGroups', {
    config: { access: CWrite },
    schema: {
      operationId: 'createContactGroup', summary: 'Create Contact Group', tags,
      description: 'Creates a contact group; names need not be unique.',
      body: ContactGroupBody,
      response: { 201: ContactGroupCreated, ...errorResponses(401, 403), ...seedError(400, 202, 'Missing required field [name]') },
    },
  }, async (request, reply) => {
    const created = await groupService.createContactGroup(contextOf(request), request.body.name)
    reply.code(201)
    return created
  })

  app.get('/contact/contactGroups', {
    config: { access: CRead },
    schema: {
      operationId: 'listContactGroup', summary: 'List Contact Group', tags,
      description: 'The client\'s contact groups by id.',
      querystring: ListContactGroupQuery,
      response: { 200: ContactGroupList, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const page = toPage(request, request.query, await groupService.listContactGroups(contextOf(request), request.query))
    return { contactGroup: page.items, next: page.next }
  })

  app.get('/contact/contactGroups/:id', {
    config: { access: CRead },
    schema: {
      operationId: 'readContactGroup', summary: 'Read Contact Group', tags,
      params: ContactGroupParams,
      response: { 200: ContactGroup, ...errorResponses(401, 403), ...groupNotFound },
    },
  }, async (request) => groupService.readContactGroup(contextOf(request), request.params.id))

  app.put('/contact/contactGroups/:id', {
    config: { access: CWrite },
    schema: {
      operationId: 'updateContactGroup', summary: 'Update Contact Group', tags,
      description: 'Renames a contact group; modifiedBy and modifiedAt follow.',
      params: ContactGroupParams,
      body: ContactGroupBody,
      response: { 204: NoContent, ...errorResponses(400, 401, 403), ...groupNotFound },
    },
  }, async (request, reply) => {
    await groupService.updateContactGroup(contextOf(request), request.params.id, request.body.name)
    reply.code(204)
  })
}
