import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { access } from '../../http/auth.ts'
import { invalidInput, notFound } from '../../http/errors.ts'
import { errorResponses, NoContent } from '../../http/schemas.ts'
import { resolveTenant } from '../tenant-ref.ts'
import type { FaultRules } from './faults.ts'
import { CreateFaultBody, FaultList, FaultParams, FaultRuleSchema } from './fault.schemas.ts'

const tags = ['Sandbox']

export async function faultRoutes(fastify: FastifyInstance, opts: { faults: FaultRules }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { faults } = opts

  app.get('/faults', {
    config: { access: access.public },
    schema: {
      operationId: 'sandboxListFaults', summary: 'List fault rules', tags,
      response: { 200: FaultList, ...errorResponses(401) },
    },
  }, async () => ({ faults: faults.list() }))

  app.post('/faults', {
    config: { access: access.public },
    schema: {
      operationId: 'sandboxAddFault', summary: 'Add a fault rule', tags,
      description: 'Matching requests (all given criteria must hold) fail with the vendor\'s error body, are delayed, '
        + 'or lose their connection. Rules apply after authentication and before input validation; the first matching '
        + 'rule wins. The request journal marks every request a rule hit.',
      body: CreateFaultBody,
      response: { 201: FaultRuleSchema, ...errorResponses(400, 401) },
    },
  }, async (request, reply) => {
    const body = request.body
    if (body.status === undefined && body.latencyMs === undefined && !body.drop) {
      throw invalidInput('a fault needs an effect: status, latencyMs or drop')
    }
    if (body.drop && body.status !== undefined) throw invalidInput('drop and status exclude each other')
    const tenant = body.tenant === undefined ? null : await resolveTenant(app.db, body.tenant)
    reply.code(201)
    return faults.add(body, tenant)
  })

  app.delete('/faults/:id', {
    config: { access: access.public },
    schema: {
      operationId: 'sandboxRemoveFault', summary: 'Remove a fault rule', tags,
      params: FaultParams,
      response: { 204: NoContent, ...errorResponses(401, 404) },
    },
  }, async (request, reply) => {
    if (!faults.remove(request.params.id)) throw notFound('Fault rule', request.params.id)
    reply.code(204)
  })

  app.delete('/faults', {
    config: { access: access.public },
    schema: {
      operationId: 'sandboxClearFaults', summary: 'Remove every fault rule', tags,
      response: { 204: NoContent, ...errorResponses(401) },
    },
  }, async (_request, reply) => {
    faults.clear()
    reply.code(204)
  })
}
