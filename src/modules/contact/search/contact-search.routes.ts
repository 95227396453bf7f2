import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { toPage } from '../../../http/paging.ts'
import { errorResponses } from '../../../http/schemas.ts'
import { contextOf } from '../../access/context.ts'
import { CRead } from '../contact.access.ts'
import {
  FindMatchingContactBody, FindMatchingContactQuery, FindMatchingContactResponse,
} from './contact-search.schemas.ts'
import * as searchService from './contact-search.service.ts'
import { searchPageJson } from './contact-search.view.ts'
import { checkSearchBounds } from './search-tree.ts'

const tags = ['Contact API: Contacts']

export async function contactSearchRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.post('/contact/contacts/search', {
    config: { access: CRead },
    schema: {
      operationId: 'findMatchingContact', summary: 'Find Matching Contact', tags,
      description: 'Contacts of the caller\'s client matching a tree of AND/OR rules over conditions '
        + '(contacts.md §1.4-1.6), in search view, sorted by the given keys then by contact id.',
      querystring: FindMatchingContactQuery,
      body: FindMatchingContactBody,
      response: { 200: FindMatchingContactResponse, ...errorResponses(400, 401, 403) },
    },
    // Before the schema's recursive validator sees the tree (search-tree.ts checkSearchBounds).
    preValidation: async (request) => {
      const body = request.body as { search?: unknown } | null
      if (body !== null && typeof body === 'object') checkSearchBounds(body.search)
    },
  }, async (request, reply) => {
    const { rows, now } = await searchService.findMatchingContacts(contextOf(request), request.body, request.query)
    const page = toPage(request, request.query, rows)
    // JSON text written from the rows in the schema serializer's form (contact-search.view.ts);
    // Fastify sends a string with a JSON content type as it is. The type provider types send()'s
    // argument as the schema's object, hence the cast.
    return reply.type('application/json').send(searchPageJson(page.items, page.next, now) as never)
  })
}
