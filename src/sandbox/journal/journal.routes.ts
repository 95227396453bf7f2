import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { access } from '../../http/auth.ts'
import { invalidInput } from '../../http/errors.ts'
import { errorResponses, NoContent } from '../../http/schemas.ts'
import { resolveTenant } from '../tenant-ref.ts'
import type { Journal, JournalFilter } from './journal.ts'
import { JournalCount, JournalCountQuery, JournalList, JournalQuery, type JournalQueryType } from './journal.schemas.ts'

const tags = ['Sandbox']

function instant(value: string | number | undefined, name: string): number | undefined {
  if (value === undefined || typeof value === 'number') return value
  const millis = Date.parse(value)
  if (Number.isNaN(millis)) throw invalidInput(`${name} must be epoch milliseconds or an ISO 8601 instant`)
  return millis
}

async function toFilter(app: FastifyInstance, query: JournalQueryType): Promise<JournalFilter> {
  return {
    tenant: query.tenant === undefined ? undefined : await resolveTenant(app.db, query.tenant),
    operationId: query.operationId,
    method: query.method,
    path: query.path,
    status: query.status,
    since: instant(query.since, 'since'),
    until: instant(query.until, 'until'),
    fault: query.fault,
  }
}

export async function journalRoutes(fastify: FastifyInstance, opts: { journal: Journal }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { journal } = opts

  app.get('/journal', {
    config: { access: access.public },
    schema: {
      operationId: 'sandboxListRequests', summary: 'Query the request journal', tags,
      description: 'Recent requests to the vendor APIs, newest first; all given filters must hold. Control calls '
        + '(/_lvapi) are not recorded.',
      querystring: JournalQuery,
      response: { 200: JournalList, ...errorResponses(400, 401) },
    },
  }, async (request) => ({ size: journal.size, entries: journal.query(await toFilter(app, request.query), request.query.limit ?? 100) }))

  app.get('/journal/count', {
    config: { access: access.public },
    schema: {
      operationId: 'sandboxCountRequests', summary: 'Count journal entries', tags,
      description: 'How many recorded requests match: for "called exactly once" assertions.',
      querystring: JournalCountQuery,
      response: { 200: JournalCount, ...errorResponses(400, 401) },
    },
  }, async (request) => ({ count: journal.count(await toFilter(app, request.query)) }))

  app.delete('/journal', {
    config: { access: access.public },
    schema: {
      operationId: 'sandboxClearJournal', summary: 'Clear the request journal', tags,
      response: { 204: NoContent, ...errorResponses(401) },
    },
  }, async (_request, reply) => {
    journal.clear()
    reply.code(204)
  })
}
