import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import { sql } from 'kysely'

/** GET /health and GET /openapi.json: no session needed (DEVELOPERS.md run contract). */
export async function serviceEndpoints(app: FastifyInstance): Promise<void> {
  app.get('/health', {
    schema: {
      operationId: 'health', summary: 'Health check', tags: ['Service'], security: [],
      response: { 200: Type.Object({ status: Type.String(), database: Type.String() }) },
    },
  }, async () => {
    await sql`select 1`.execute(app.db)
    return { status: 'ok', database: app.dbHandle.dialect }
  })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}
