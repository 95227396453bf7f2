import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify'
import { ApiError, Errors, forbidden } from './errors.ts'

export type Role = 'SYSADMIN' | 'SUPERUSER' | 'IT_USER' | 'MANAGER' | 'AGENT'
export type ManagerPower = 'ADMINISTER_AGENTS' | 'MODIFY_SERVICES'

/**
 * Who may call a route (README §7): the roles of the seed method's "User Roles" line, and for a
 * Manager the optional power it also needs. `public` routes need no session.
 */
export interface Access {
  public?: boolean
  roles?: readonly Role[]
  managerPower?: ManagerPower
}

/** The caller behind a valid LV-Session, kept current within seconds (README §2.3). */
export interface Principal {
  sessionId: string
  clientId: number
  type: 'USER' | 'AGENT'
  /** User id or agent id. */
  id: number
  userName: string
  role: Role
  powers: ReadonlySet<ManagerPower>
  /** Services the session may see; null = every Service of the client (README §7.3). */
  serviceIds: ReadonlySet<number> | null
  /** The session's client and, for Sysadmin / IT User / Superuser, its descendants (README §7.3). */
  clientIds: readonly number[]
}

export const access = {
  public: { public: true } satisfies Access,
  roles: (...roles: Role[]): Access => ({ roles }),
  withPower: (managerPower: ManagerPower, ...roles: Role[]): Access => ({ roles, managerPower }),
}

/** README §7.1 default role sets. */
export const Roles = {
  configuration: ['SYSADMIN', 'IT_USER', 'SUPERUSER', 'MANAGER'] as Role[],
  contact: ['SYSADMIN', 'SUPERUSER', 'MANAGER'] as Role[],
  users: ['SYSADMIN', 'SUPERUSER'] as Role[],
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
    methodNotAllowed?: boolean
  }
  interface FastifyRequest {
    principal: Principal
  }
}

/** Resolves an LV-Session to its principal (SessionStore implements it). */
export interface SessionResolver {
  resolve(sessionId: string): Promise<Principal | null>
  /** The principal when resolve would need no database access, else undefined. */
  resolveLoaded(sessionId: string): Principal | undefined
}

const roleLabels: Record<Role, string> = {
  SYSADMIN: 'Sysadmin', SUPERUSER: 'Superuser', IT_USER: 'IT User', MANAGER: 'Manager', AGENT: 'Agent',
}

export function describeAccess(a: Access): string {
  if (a.public) return 'no session needed'
  if (!a.roles) return 'any session'
  return a.roles.map((r) => (r === 'MANAGER' && a.managerPower
    ? `Manager (with ${a.managerPower === 'ADMINISTER_AGENTS' ? 'Administer Agents' : 'Modify Services'})`
    : roleLabels[r])).join(', ')
}

export function authorize(principal: Principal, a: Access): void {
  if (!a.roles) return
  if (!a.roles.includes(principal.role)) {
    throw forbidden(principal.role === 'AGENT' ? 'not available to agent sessions' : 'role')
  }
  if (principal.role === 'MANAGER' && a.managerPower && !principal.powers.has(a.managerPower)) {
    throw forbidden(a.managerPower === 'ADMINISTER_AGENTS' ? 'Administer Agents power required' : 'Modify Services power required')
  }
}

/**
 * One authorization layer for every route. It runs onRequest, so README §3.3's order holds:
 * route (404/405) → authentication (401) → role/power (403) → validation (400).
 * Routes without `config.access` are refused at start-up: no route is open by accident.
 */
export function registerAuth(app: FastifyInstance, sessions: SessionResolver): void {
  // Declared once with a placeholder (Fastify keeps one request shape); typed as always set because
  // only routes with a session read it, after the onRequest hook below has set it.
  app.decorateRequest('principal', null as unknown as Principal)
  app.addHook('onRoute', (route: RouteOptions) => {
    const a = route.config?.access
    if (!a) throw new Error(`route ${String(route.method)} ${route.url} declares no access`)
    if (route.schema && !route.schema.hide) {
      const schema = route.schema as Record<string, unknown>
      schema['x-roles'] = a.public ? [] : (a.roles ?? ['any session'])
      const line = `Roles: ${describeAccess(a)}.`
      // GET routes fire onRoute twice (their HEAD twin shares the schema object): append once.
      const description = typeof schema.description === 'string' ? schema.description : ''
      if (!description.endsWith(line)) schema.description = description ? `${description}\n\n${line}` : line
      // Public operations say so (`[]`) rather than leaving security unsaid; openapi.ts gives Login its LV-Access.
      schema.security = a.public ? [] : [{ session: [] }]
    }
  })
  // A callback hook with a synchronous path for a session already loaded (nearly every request
  // of a busy session): no promise per request on the hottest reads.
  app.addHook('onRequest', (request: FastifyRequest, _reply, done) => {
    const a = request.routeOptions.config.access
    if (!a || a.public) return done()
    const sessionId = request.headers['lv-session']
    if (typeof sessionId !== 'string' || sessionId === '') return done(new ApiError(Errors.SessionRequired))
    const admit = (principal: Principal | null) => {
      if (!principal) return done(new ApiError(Errors.SessionInvalid))
      request.principal = principal
      try {
        authorize(principal, a)
      } catch (err) {
        return done(err as Error)
      }
      done()
    }
    const loaded = sessions.resolveLoaded(sessionId)
    if (loaded !== undefined) admit(loaded)
    else sessions.resolve(sessionId).then(admit, done)
  })
}
