import { contextOf } from '../access/context.ts'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { access } from '../../http/auth.ts'
import { clientAddress } from '../../http/client-address.ts'
import { toPage } from '../../http/paging.ts'
import { errorResponses, NoContent, PagingQuery } from '../../http/schemas.ts'
import {
  ChangePasswordBody, LoginBody, LoginResponse, OptionalSessionIdParams, SessionDetails, SessionIdParams,
  SessionIdQuery, SessionList,
} from './session.schemas.ts'
import * as sessionService from './session.service.ts'

const tags = ['Session API']

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

export async function sessionRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const deps = () => ({ db: app.db, clock: app.clock, sessions: app.sessions, secrets: app.secrets, abuse: app.abuse })

  for (const url of ['/session/login', '/session/login/agent']) {
    const agentAlias = url.endsWith('/agent')
    app.post(url, {
      config: { access: access.public },
      schema: {
        operationId: agentAlias ? 'loginAgent' : 'login',
        summary: agentAlias ? 'Login (agent alias: agent=true)' : 'Login',
        description: 'Creates (or reuses) a session for a LiveVox User or an Agent. Requires the LV-Access header.',
        tags, body: LoginBody,
        headers: { type: 'object', properties: { 'lv-access': { type: 'string', maxLength: 256 } } },
        response: { 200: LoginResponse, ...errorResponses(400, 401, 429) },
      },
    }, async (request) => {
      const body = agentAlias ? { ...request.body, agent: true } : request.body
      // Abuse limits key on request.ip, which follows X-Forwarded-For only behind a trusted proxy:
      // a header the caller writes must not pick the bucket its guesses are counted in.
      return sessionService.login(deps(), body, header(request, 'lv-access'), clientAddress(request), request.ip)
    })
  }

  const logoutSchema = (operationId: string) => ({
    operationId, summary: 'Logout', tags,
    description: 'Ends a session named by the path, the `sessionId` query parameter or the LV-Session header.',
    querystring: SessionIdQuery,
    response: { 204: NoContent, ...errorResponses(400, 404) },
  })
  const logoutHandler = async (request: FastifyRequest<{ Params: { sessionId?: string }; Querystring: { sessionId?: string } }>, reply: import('fastify').FastifyReply) => {
    const id = request.params.sessionId ?? request.query.sessionId ?? header(request, 'lv-session')
    await sessionService.logout(deps(), id)
    reply.code(204)
  }
  app.delete('/session/logout', { config: { access: access.public }, schema: logoutSchema('logout') }, logoutHandler)
  app.post('/session/logout', { config: { access: access.public }, schema: logoutSchema('logoutPost') }, logoutHandler)
  app.delete('/session/logout/:sessionId', {
    config: { access: access.public }, schema: { ...logoutSchema('logoutById'), params: OptionalSessionIdParams },
  }, logoutHandler)

  app.get('/session/validate/:sessionId', {
    config: { access: access.public },
    schema: {
      operationId: 'isSessionValid', summary: 'Validate Session (IsSessionValid)', tags,
      description: '204 when the session is usable. Does not extend its 2-hour window.',
      params: SessionIdParams, response: { 204: NoContent, ...errorResponses(400, 404) },
    },
  }, async (request, reply) => {
    await sessionService.validateSession(deps(), request.params.sessionId)
    reply.code(204)
  })
  app.get('/session/validate', {
    config: { access: access.public },
    schema: {
      operationId: 'isSessionValidQuery', summary: 'Validate Session (query form)', tags,
      querystring: SessionIdQuery, response: { 204: NoContent, ...errorResponses(400, 404) },
    },
  }, async (request, reply) => {
    await sessionService.validateSession(deps(), request.query.sessionId)
    reply.code(204)
  })

  for (const method of ['PUT', 'POST'] as const) {
    app.route({
      method, url: '/session/password',
      config: { access: access.public },
      schema: {
        operationId: method === 'PUT' ? 'changePassword' : 'changePasswordPost', summary: 'Change Password', tags,
        description: 'Changes the password of a User or Agent identified by its current credentials; ends its sessions.',
        body: ChangePasswordBody, response: { 204: NoContent, ...errorResponses(400, 401, 429) },
      },
      handler: async (request, reply) => {
        await sessionService.changePassword(deps(), request.body, request.ip)
        reply.code(204)
      },
    })
  }

  app.get('/session/sessions', {
    config: { access: access.roles('SYSADMIN', 'SUPERUSER', 'IT_USER') },
    schema: {
      operationId: 'listActiveSessions', summary: 'List Active Sessions', tags,
      querystring: PagingQuery, response: { 200: SessionList, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const page = toPage(request, request.query, await sessionService.listActiveSessions(contextOf(request), request.query))
    return { session: page.items, next: page.next }
  })

  app.get('/session/sessions/:sessionId', {
    config: { access: access.roles('SYSADMIN', 'SUPERUSER', 'IT_USER', 'MANAGER', 'AGENT') },
    schema: {
      operationId: 'getSessionDetails', summary: 'Get Session Details', tags,
      description: 'By the caller\'s own sessionId or by a sessionKey from List Active Sessions. Any session may read itself; Sysadmin, Superuser and IT User may read any session of their client. Another principal\'s session id is never shown nor accepted.',
      params: SessionIdParams, response: { 200: SessionDetails, ...errorResponses(401, 403, 404) },
    },
  }, async (request) => sessionService.getSessionDetails(contextOf(request), request.params.sessionId))
}
