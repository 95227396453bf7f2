import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { toPage } from '../../../http/paging.ts'
import { errorResponses, NoContent, seedError } from '../../../http/schemas.ts'
import { contextOf } from '../../access/context.ts'
import { CRead, CWrite } from '../contact.access.ts'
import {
  AccountParams, BulkUpdateContactBody, ContactList, CreateContactBody, CreateContactResponse, ListContactQuery,
  ReadContactResponse, UpdateContactBody,
} from './contact.schemas.ts'
import * as contactService from './contact.service.ts'

const tags = ['Contact API: Contacts']
const noRecord = seedError(404, 203, 'No Record Found')

export async function contactRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.post('/contact/contacts', {
    config: { access: CWrite },
    schema: {
      operationId: 'createContact', summary: 'Create Contact', tags,
      description: 'Creates a contact. The account must be new within the client; active defaults to false, '
        + 'accountToSpeak to the account; DND actions apply from state NONE.',
      body: CreateContactBody,
      response: {
        201: CreateContactResponse,
        ...errorResponses(401, 403),
        ...seedError(400, 202, 'Contact already exists!'),
      },
    },
  }, async (request, reply) => {
    const created = await contactService.createContact(contextOf(request), request.body.createContactDetails)
    reply.code(201)
    return created
  })

  app.get('/contact/contacts', {
    config: { access: CRead },
    schema: {
      operationId: 'listContact', summary: 'List Contact', tags,
      description: 'The client\'s contacts in full view, by contact id.',
      querystring: ListContactQuery,
      response: { 200: ContactList, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const page = toPage(request, request.query, await contactService.listContacts(contextOf(request), request.query))
    return { listContactDetails: page.items, next: page.next }
  })

  app.get('/contact/contacts/:account', {
    config: { access: CRead },
    schema: {
      operationId: 'readContact', summary: 'Read Contact', tags,
      description: 'A contact by its account (exact, case-sensitive).',
      params: AccountParams,
      response: { 200: ReadContactResponse, ...errorResponses(401, 403), ...noRecord },
    },
  }, async (request) => ({
    readContactDetails: await contactService.readContact(contextOf(request), request.params.account),
  }))

  app.put('/contact/contacts/:account', {
    config: { access: CWrite },
    schema: {
      operationId: 'updateContact', summary: 'Update Contact', tags,
      description: 'Partial update: keys sent replace, absent or null keys stay; person and guarantor merge key by key; '
        + 'phones change by ordinal (or by number), custom fields one by one; accountBlock / phoneBlock are DND actions.',
      params: AccountParams,
      body: UpdateContactBody,
      response: { 204: NoContent, ...errorResponses(400, 401, 403), ...noRecord },
    },
  }, async (request, reply) => {
    await contactService.updateContact(contextOf(request), request.params.account, request.body.updateContactDetails)
    reply.code(204)
  })

  app.put('/contact/contacts/bulk', {
    config: { access: CWrite, bulkBody: true },
    schema: {
      operationId: 'bulkUpdateContact', summary: 'Bulk Update Contact', tags,
      description: 'Applies up to 1000 updates, each like Update Contact and identified by account (or id). '
        + 'Items whose contact is unknown or that fail validation are skipped. 204 without a body (inconsistencies.md F16).',
      body: BulkUpdateContactBody,
      response: { 204: NoContent, ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    await contactService.bulkUpdateContacts(contextOf(request), request.body.updateContactDetails)
    reply.code(204)
  })

  app.delete('/contact/contacts/:account', {
    config: { access: CWrite },
    schema: {
      operationId: 'deleteContact', summary: 'Delete Contact', tags,
      description: 'Deletes a contact by account, with its notes and account links.',
      params: AccountParams,
      response: { 204: NoContent, ...errorResponses(401, 403), ...noRecord },
    },
  }, async (request, reply) => {
    await contactService.deleteContact(contextOf(request), request.params.account)
    reply.code(204)
  })
}
