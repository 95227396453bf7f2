import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { errorResponses, NoContent, seedError } from '../../../http/schemas.ts'
import { CWrite } from '../contact.access.ts'
import { AccountParams } from '../contacts/contact.schemas.ts'
import { UpdateContactDndBody, UpdatedCount, UpdateMultipleContactsDndBody } from './dnd.schemas.ts'
import { contextOf } from '../../access/context.ts'
import * as dndService from './dnd.service.ts'

const tags = ['Contact API: Contacts']

export async function dndRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.put('/contact/contacts/:account/dnd', {
    config: { access: CWrite },
    schema: {
      operationId: 'updateContactDnd', summary: 'Update Contact DND', tags,
      description: 'Applies DND actions to the account and to phones chosen by ordinal (or number); '
        + 'a slot holding another number, or none, takes the number sent. Result states follow contacts.md §1.1.',
      params: AccountParams,
      body: UpdateContactDndBody,
      response: { 204: NoContent, ...errorResponses(400, 401, 403), ...seedError(404, 203, 'No Record Found') },
    },
  }, async (request, reply) => {
    await dndService.updateContactDnd(contextOf(request), request.params.account, request.body)
    reply.code(204)
  })

  app.post('/contact/contacts/dnd', {
    config: { access: CWrite, bulkBody: true },
    schema: {
      operationId: 'updateMultipleContactsDnd', summary: "Update Multiple Contacts' DND", tags,
      description: 'Up to 1000 DND updates, one per contact account. Unknown accounts and invalid entries are skipped; '
        + '`updated` counts the contacts changed.',
      body: UpdateMultipleContactsDndBody,
      response: { 200: UpdatedCount, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => dndService.updateMultipleContactsDnd(contextOf(request), request.body.contactDnd))
}
