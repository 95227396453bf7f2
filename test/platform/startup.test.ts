import type { RouteOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildTestApp, type TestApp } from '../app.ts'

/** Every API route as registered, captured next to the platform's own onRoute hook. */
const registered = vi.hoisted(() => [] as RouteOptions[])
vi.mock('../../src/http/auth.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/http/auth.ts')>()
  return {
    ...real,
    registerAuth: (app: Parameters<typeof real.registerAuth>[0], sessions: Parameters<typeof real.registerAuth>[1]) => {
      app.addHook('onRoute', (route: RouteOptions) => { registered.push(route) })
      real.registerAuth(app, sessions)
    },
  }
})

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

/** Fastify path → OpenAPI path: `:id` is a parameter, `::` a literal colon. */
const toOpenApiPath = (url: string) => url.split('::').map((part) => part.replace(/:(\w+)/g, '{$1}')).join(':')

interface Operation {
  operationId?: string
  summary?: string
  tags?: string[]
  description?: string
  'x-roles'?: string[]
  security?: unknown[]
  responses?: Record<string, unknown>
}

describe('service endpoints', () => {
  it('GET /health answers without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok', database: process.env.TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite' })
  })

  it('GET /docs serves the HTML viewer without a session', async () => {
    let res = await t.app.inject({ method: 'GET', url: '/docs' })
    for (let hops = 0; res.statusCode >= 300 && res.statusCode < 400 && hops < 3; hops++) {
      const location = String(res.headers.location)
      res = await t.app.inject({ method: 'GET', url: location.startsWith('/') ? location : `/docs/${location.replace(/^\.\//, '')}` })
    }
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/html/)
    expect(res.body).toMatch(/<html/i)
  })
})

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document listing every registered API route with its operationId and roles', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } }
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['access', 'sandboxKey', 'session'])

    const routes = registered.filter((r) => !r.config?.methodNotAllowed)
    const apiRoutes = routes.flatMap((r) => [r.method].flat().filter((m) => m !== 'HEAD').map((method) => ({ route: r, method })))
    // Sanity: the module list of app.ts really registered something of each API.
    for (const prefix of ['/session/', '/configuration/users']) {
      expect(apiRoutes.some(({ route }) => route.url.startsWith(prefix)), prefix).toBe(true)
    }
    const operationIds = new Set<string>()
    for (const { route, method } of apiRoutes) {
      const path = toOpenApiPath(route.url)
      const op = doc.paths[path]?.[method.toLowerCase()]
      const where = `${method} ${route.url}`
      expect(op, where).toBeDefined()
      const schema = route.schema as Operation
      expect(op!.operationId, where).toBe(schema.operationId)
      expect(op!.operationId, where).toMatch(/^[a-z][A-Za-z0-9]+$/)
      expect(operationIds.has(op!.operationId!), `${where}: duplicate operationId`).toBe(false)
      operationIds.add(op!.operationId!)
      expect(op!.summary, where).toBeTruthy()
      expect(op!.tags?.length, where).toBeGreaterThan(0)
      const access = route.config!.access!
      expect(op!['x-roles'], where).toEqual(access.public ? [] : (access.roles ?? ['any session']))
      // The roles line is written once, also on GET routes (whose HEAD twin shares the schema).
      expect(op!.description?.match(/Roles: /g), where).toHaveLength(1)
      // Public operations say so; Login takes LV-Access, the sandbox its optional key (http/openapi.ts).
      const publicSecurity = route.url.startsWith('/session/login') ? [{ access: [] }] : route.url.startsWith('/_lvapi') ? [{}, { sandboxKey: [] }] : []
      expect(op!.security, where).toEqual(access.public ? publicSecurity : [{ session: [] }])
      if (!access.public) {
        expect(Object.keys(op!.responses ?? {}), `${where} documents 401`).toContain('401')
      }
    }
    // And nothing in the document that is not a route (apart from /health).
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    const expected = new Set(apiRoutes.map(({ route, method }) => `${method} ${toOpenApiPath(route.url)}`))
    expect(documented.filter((d) => !expected.has(d))).toEqual(['GET /health'])
  })
})
