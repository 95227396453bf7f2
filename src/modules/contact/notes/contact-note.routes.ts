import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { errorResponses, seedError } from '../../../http/schemas.ts'
import { CRead } from '../contact.access.ts'
import { AccountParams } from '../contacts/contact.schemas.ts'
import { ContactNote, ContactNoteList, ContactNoteParams } from './contact-note.schemas.ts'
import { contextOf } from '../../access/context.ts'
import * as noteService from './contact-note.service.ts'

const tags = ['Contact API: Contact Notes']

/** Contact Notes (contacts.md §5): read-only; notes come from calls (demo data, CLI). */
export async function contactNoteRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.get('/contact/contacts/:account/notes', {
    config: { access: CRead },
    schema: {
      operationId: 'listContactNotes', summary: 'List Contact Notes', tags,
      description: 'Every note of the contact, by id.',
      params: AccountParams,
      response: { 200: ContactNoteList, ...errorResponses(401, 403), ...seedError(404, 203, 'No Record Found') },
    },
  }, async (request) => ({ listContactNotes: await noteService.listContactNotes(contextOf(request), request.params.account) }))

  app.get('/contact/contacts/:account/notes/:id', {
    config: { access: CRead },
    schema: {
      operationId: 'readContactNote', summary: 'Read Contact Note', tags,
      description: 'A note of the contact; a note of another contact is not found.',
      params: ContactNoteParams,
      response: { 200: ContactNote, ...errorResponses(401, 403), ...seedError(404, 203, 'Contact note not found [ID:1489384]') },
    },
  }, async (request) => noteService.readContactNote(contextOf(request), request.params.account, request.params.id))
}
