import type { FastifyInstance } from 'fastify'

/** Contact API route plugins, registered by app.ts in this order. */
export const contactModules: Array<(app: FastifyInstance) => Promise<void>> = []
