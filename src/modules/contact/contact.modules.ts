import type { FastifyInstance } from 'fastify'
import { businessAccountRoutes } from './accounts/business-account.routes.ts'
import { contactBulkRoutes } from './contacts/contact-bulk.routes.ts'
import { contactRoutes } from './contacts/contact.routes.ts'
import { customFieldRoutes } from './custom-fields/custom-field.routes.ts'
import { dndRoutes } from './dnd/dnd.routes.ts'
import { contactGroupRoutes } from './groups/contact-group.routes.ts'
import { contactNoteRoutes } from './notes/contact-note.routes.ts'
import { contactSearchRoutes } from './search/contact-search.routes.ts'

/** Contact API route plugins, registered by app.ts in this order. */
export const contactModules: Array<(app: FastifyInstance) => Promise<void>> = [
  contactRoutes,
  contactBulkRoutes,
  dndRoutes,
  businessAccountRoutes,
  contactGroupRoutes,
  contactNoteRoutes,
  customFieldRoutes,
  contactSearchRoutes,
]
