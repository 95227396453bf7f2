import type { FastifyInstance } from 'fastify'

export async function callCenterRoutes(_app: FastifyInstance): Promise<void> {}
