import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { access } from '../../http/auth.ts'
import { errorResponses, NoContent } from '../../http/schemas.ts'
import * as tenants from './tenant.service.ts'
import { TenantPool } from './tenant-pool.ts'
import {
  CreateTenantBody, PoolSchema, SnapshotInfoSchema, SnapshotList, SnapshotParams, TenantParams, TenantSchema,
} from './tenant.schemas.ts'

const tags = ['Sandbox']

/**
 * Tenants on demand, resets and snapshots (docs/sandbox.md); registered under /_lvapi by the
 * sandbox plugin. `poolSize`: demo tenants kept ready (LV_SANDBOX_POOL, tenant-pool.ts), filled
 * while the server is quiet (`lastActivity`: when a request last began or ended).
 */
export async function tenantRoutes(fastify: FastifyInstance, opts: { poolSize: number; lastActivity: () => number }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const pool = new TenantPool(app.db, app.clock, opts.poolSize, app.log, opts.lastActivity)
  if (pool.size > 0) {
    app.addHook('onReady', async () => {
      // The instance's Sysadmin password is hashed now, not by the first Create Tenant.
      await tenants.sandboxAdminPassword()
      pool.refill()
    })
    // Before onClose: the database closes there, and a fill stops between two of its parts.
    app.addHook('preClose', () => pool.close())
  }

  app.post('/tenants', {
    config: { access: access.public },
    schema: {
      operationId: 'sandboxCreateTenant', summary: 'Create a tenant', tags,
      description: 'A new root client with a Sysadmin, an access token and, as asked, the demo data set. '
        + 'The answer holds everything a test needs to log in. Its state is kept for reset.',
      body: CreateTenantBody,
      response: { 201: TenantSchema, ...errorResponses(400, 401) },
    },
  }, async (request, reply) => {
    const tenant = await tenants.createTenant(app.db, request.body, app.clock.now(), pool.size > 0)
    if (request.body.demo) pool.refill()
    reply.code(201)
    return { ...tenant, baseUrl: `${request.protocol}://${request.host}` }
  })

  app.delete('/tenants/:tenant', {
    config: { access: access.public },
    schema: {
      operationId: 'sandboxDeleteTenant', summary: 'Delete a tenant', tags,
      description: 'The client, its sub-clients, all of their data, sessions and snapshots. '
        + 'A demo tenant may be reset and kept for a later Create Tenant instead (the tenant pool): its code, tokens, Sysadmin and sessions end all the same.',
      params: TenantParams,
      response: { 204: NoContent, ...errorResponses(401, 404) },
    },
  }, async (request, reply) => {
    app.sessions.evictClients(await tenants.deleteTenant(app.db, request.params.tenant, pool.parkLimit, app.clock.now()))
    reply.code(204)
  })

  app.post('/tenants/:tenant/reset', {
    config: { access: access.public },
    schema: {
      operationId: 'sandboxResetTenant', summary: 'Reset a tenant', tags,
      description: 'Back to the state the tenant was created in (the bootstrapped root client: as bootstrapped), ids included, '
        + 'in one transaction. Its sessions end.',
      params: TenantParams,
      response: { 204: NoContent, ...errorResponses(400, 401, 404) },
    },
  }, async (request, reply) => {
    app.sessions.evictClients(await tenants.resetTenant(app.db, request.params.tenant))
    reply.code(204)
  })

  app.post('/reset', {
    config: { access: access.public },
    schema: {
      operationId: 'sandboxResetDatabase', summary: 'Reset the whole database', tags,
      description: 'Every client goes; the root client, its Sysadmin, access token and demo data return as bootstrapped. '
        + 'All sessions end. One transaction.',
      response: { 204: NoContent, ...errorResponses(400, 401) },
    },
  }, async (_request, reply) => {
    app.sessions.evictClients(await pool.pause(() => tenants.resetDatabase(app.db)))
    reply.code(204)
  })

  app.get('/pool', {
    config: { access: access.public },
    schema: {
      operationId: 'sandboxReadPool', summary: 'Read the tenant pool', tags,
      description: 'Demo tenants kept ready for Create Tenant (LV_SANDBOX_POOL), and how many are ready now.',
      response: { 200: PoolSchema, ...errorResponses(401) },
    },
  }, async () => ({ size: pool.size, ready: await pool.ready() }))

  app.get('/tenants/:tenant/snapshots', {
    config: { access: access.public },
    schema: {
      operationId: 'sandboxListSnapshots', summary: 'List a tenant\'s snapshots', tags,
      params: TenantParams,
      response: { 200: SnapshotList, ...errorResponses(401, 404) },
    },
  }, async (request) => ({ snapshots: await tenants.listTenantSnapshots(app.db, request.params.tenant) }))

  app.put('/tenants/:tenant/snapshots/:name', {
    config: { access: access.public },
    schema: {
      operationId: 'sandboxTakeSnapshot', summary: 'Take a named snapshot', tags,
      description: 'Every row of the tenant now, under this name (an existing snapshot of that name is replaced).',
      params: SnapshotParams,
      response: { 201: SnapshotInfoSchema, ...errorResponses(400, 401, 404) },
    },
  }, async (request, reply) => {
    const info = await tenants.takeSnapshot(app.db, request.params.tenant, request.params.name, app.clock.now())
    reply.code(201)
    return info
  })

  app.post('/tenants/:tenant/snapshots/:name/restore', {
    config: { access: access.public },
    schema: {
      operationId: 'sandboxRestoreSnapshot', summary: 'Restore a named snapshot', tags,
      description: 'The tenant back to the snapshot, ids included, in one transaction; any number of times. Its sessions end.',
      params: SnapshotParams,
      response: { 204: NoContent, ...errorResponses(400, 401, 404) },
    },
  }, async (request, reply) => {
    app.sessions.evictClients(await tenants.restoreSnapshot(app.db, request.params.tenant, request.params.name))
    reply.code(204)
  })

  app.delete('/tenants/:tenant/snapshots/:name', {
    config: { access: access.public },
    schema: {
      operationId: 'sandboxDeleteSnapshot', summary: 'Delete a named snapshot', tags,
      params: SnapshotParams,
      response: { 204: NoContent, ...errorResponses(400, 401, 404) },
    },
  }, async (request, reply) => {
    await tenants.deleteTenantSnapshot(app.db, request.params.tenant, request.params.name)
    reply.code(204)
  })
}
