import type { FastifyInstance } from 'fastify'

export async function clientRoutes(_app: FastifyInstance): Promise<void> {}
