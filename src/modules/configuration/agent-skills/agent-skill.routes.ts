import type { FastifyInstance } from 'fastify'

export async function agentSkillRoutes(_app: FastifyInstance): Promise<void> {}
