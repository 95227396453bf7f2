import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { toPage } from '../../../http/paging.ts'
import { errorResponses, seedError } from '../../../http/schemas.ts'
import { CRead } from '../contact.access.ts'
import { BusinessAccountList, ContactIdParams, ListAccountsQuery } from './business-account.schemas.ts'
import { contextOf } from '../../access/context.ts'
import { listAccountsOfContact } from './business-account.service.ts'

const tags = ['Contact API: Contacts']

/**
 * List Accounts Associated with the Contact. The seed documents GET but its example POSTs to
 * `/contact/contacts/qa123/:account/accounts` with a literal `:account` segment; every form
 * answers the same (contacts.md, inconsistencies.md F21).
 */
export async function businessAccountRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const routes = [
    { method: 'GET', url: '/contact/contacts/:contactId/accounts', operationId: 'listAccountsAssociatedWithTheContact' },
    { method: 'POST', url: '/contact/contacts/:contactId/accounts', operationId: 'listAccountsAssociatedWithTheContactPost' },
    { method: 'GET', url: '/contact/contacts/:contactId/::account/accounts', operationId: 'listAccountsAssociatedWithTheContactSeedPath' },
    { method: 'POST', url: '/contact/contacts/:contactId/::account/accounts', operationId: 'listAccountsAssociatedWithTheContactSeedExample' },
  ] as const
  for (const { method, url, operationId } of routes) {
    app.route({
      method, url,
      config: { access: CRead },
      schema: {
        operationId, summary: 'List Accounts Associated with the Contact', tags,
        description: 'Business accounts linked to the contact, by name. Both listAccounts and listAccount carry the page.',
        params: ContactIdParams,
        querystring: ListAccountsQuery,
        response: { 200: BusinessAccountList, ...errorResponses(400, 401, 403), ...seedError(404, 203, 'No Record Found') },
      },
      handler: async (request: FastifyRequest<{ Params: { contactId: string }; Querystring: { count: number; offset: number } }>) => {
        const page = toPage(request, request.query, await listAccountsOfContact(contextOf(request), request.params.contactId, request.query))
        // next links name the canonical path (the seed's own next drops the literal `:account`).
        const next = page.next?.replace('/:account/accounts', '/accounts') ?? null
        return { next, listAccounts: page.items, listAccount: page.items }
      },
    })
  }
}
