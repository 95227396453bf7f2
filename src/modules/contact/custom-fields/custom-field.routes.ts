import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { access } from '../../../http/auth.ts'
import { errorResponses, NoContent } from '../../../http/schemas.ts'
import { CustomFieldList, CustomFieldParams, CustomFieldSchema, UpdateCustomFieldBody } from './custom-field.schemas.ts'
import { contextOf } from '../../access/context.ts'
import * as customFieldService from './custom-field.service.ts'

const tags = ['Contact API: Custom Fields']

/** contacts.md Roles: CFieldRead / CFieldWrite (seed 004 names IT User here only). */
const CFieldRead = access.roles('SYSADMIN', 'SUPERUSER', 'MANAGER', 'IT_USER')
const CFieldWrite = access.roles('SYSADMIN', 'IT_USER')

export async function customFieldRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get('/contact/contacts/customFields', {
    config: { access: CFieldRead },
    schema: {
      operationId: 'listCustomField', summary: 'List Custom Field', tags,
      description: 'The custom fields configured (labelled) for the client, by column number.',
      response: { 200: CustomFieldList, ...errorResponses(401, 403) },
    },
  }, async (request) => ({ customFields: await customFieldService.listCustomFields(contextOf(request)) }))

  app.get('/contact/contacts/customFields/:field', {
    config: { access: CFieldRead },
    schema: {
      operationId: 'readCustomField', summary: 'Read Custom Field', tags,
      description: 'A field by its name COL1 … COL100 (not its label). Unconfigured fields read as label null, STRING.',
      params: CustomFieldParams,
      response: { 200: CustomFieldSchema, ...errorResponses(401, 403, 404) },
    },
  }, async (request) => customFieldService.readCustomField(contextOf(request), request.params.field))

  app.put('/contact/contacts/customFields', {
    config: { access: CFieldWrite },
    schema: {
      operationId: 'updateCustomField', summary: 'Update Custom Field', tags,
      description: 'Changes labels, types and LIST values of fields; the values stored in contacts are kept as they are.',
      body: UpdateCustomFieldBody,
      response: { 204: NoContent, ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    await customFieldService.updateCustomFields(contextOf(request), request.body)
    reply.code(204)
  })
}
