import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { access, Roles } from '../../../http/auth.ts'
import { contextOf } from '../../access/context.ts'
import { toPage } from '../../../http/paging.ts'
import { CreatedId, errorResponses, ListInfo, NoContent } from '../../../http/schemas.ts'
import {
  CreateUserBody, CreateUserQuery, FindUsersBody, ListUsersQuery, UpdateUserBody, UserList, UserListInfoQuery,
  UserParams, UserSchema, UserServiceParams,
} from './user.schemas.ts'
import * as userService from './user.service.ts'

const tags = ['Configuration API: LiveVox Users']

export async function userRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const config = { access: access.roles(...Roles.users) }

  app.post('/configuration/users', {
    config,
    schema: {
      operationId: 'createLiveVoxUser', summary: 'Create LiveVox User', tags,
      description: 'Creates a LiveVox User in the session\'s client or, through `client` / `clientId`, in a descendant. '
        + 'A Superuser cannot create a Sysadmin.',
      querystring: CreateUserQuery, body: CreateUserBody,
      response: { 201: { ...CreatedId, examples: [{ id: 1002 }] }, ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const created = await userService.createLiveVoxUser(contextOf(request), request.query.client, request.body)
    reply.code(201)
    return created
  })

  app.get('/configuration/users', {
    config,
    schema: {
      operationId: 'listLiveVoxUsers', summary: 'List LiveVox Users', tags,
      description: 'Users of the client ordered by loginId; Sysadmin users are left out for Superuser callers.',
      querystring: ListUsersQuery,
      response: { 200: UserList, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const rows = await userService.listLiveVoxUsers(contextOf(request), request.query.client, request.query)
    const page = toPage(request, request.query, rows)
    return { user: page.items, next: page.next }
  })

  app.get('/configuration/users/info', {
    config,
    schema: {
      operationId: 'getLiveVoxUserListInfo', summary: 'Get LiveVox User List Info', tags,
      description: 'Size and last modification of the list List LiveVox Users returns (Superusers do not count Sysadmins).',
      querystring: UserListInfoQuery,
      response: { 200: { ...ListInfo, examples: [{ size: 12, lastModified: 1768489200000 }] }, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => userService.userListInfo(contextOf(request), request.query.client))

  app.post('/configuration/users/search', {
    config,
    schema: {
      operationId: 'findMatchingLiveVoxUsers', summary: 'Find Matching LiveVox Users', tags,
      description: 'Exactly one of loginId (partial), lastName (partial) or phoneNumber / phone (digits, exact).',
      querystring: ListUsersQuery, body: FindUsersBody,
      response: { 200: UserList, ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const rows = await userService.findMatchingUsers(contextOf(request), request.query.client, request.query, request.body)
    const page = toPage(request, request.query, rows)
    return { user: page.items, next: page.next }
  })

  app.get('/configuration/users/:id', {
    config,
    schema: {
      operationId: 'readLiveVoxUser', summary: 'Read LiveVox User', tags,
      params: UserParams,
      response: { 200: UserSchema, ...errorResponses(401, 403, 404) },
    },
  }, async (request) => userService.readUser(contextOf(request), request.params.id))

  app.put('/configuration/users/:id', {
    config,
    schema: {
      operationId: 'updateLiveVoxUser', summary: 'Update LiveVox User', tags,
      description: 'Changes the given fields (at least one). A password change ends the user\'s sessions; `unlock: true` clears a lock.',
      params: UserParams, body: UpdateUserBody,
      response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await userService.updateLiveVoxUser(contextOf(request), request.params.id, request.body)
    reply.code(204)
  })

  app.delete('/configuration/users/:id', {
    config,
    schema: {
      operationId: 'deleteLiveVoxUser', summary: 'Delete LiveVox User', tags,
      description: 'Deletes the user and ends its sessions. A session cannot delete its own user.',
      params: UserParams,
      response: { 204: NoContent, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await userService.deleteLiveVoxUser(contextOf(request), request.params.id)
    reply.code(204)
  })

  app.put('/configuration/users/:user/services/:id', {
    config,
    schema: {
      operationId: 'updateLiveVoxUserAddService', summary: 'Update LiveVox User Add Service', tags,
      description: 'Gives the user access to the Service and so to its Call Center (seed 000). Granting it again is a no-op.',
      params: UserServiceParams,
      response: { 204: NoContent, ...errorResponses(401, 403, 404) },
    },
  }, async (request, reply) => {
    await userService.addUserService(contextOf(request), request.params.user, request.params.id)
    reply.code(204)
  })

  app.delete('/configuration/users/:user/services/:id', {
    config,
    schema: {
      operationId: 'updateLiveVoxUserRemoveService', summary: 'Update LiveVox User Remove Service', tags,
      description: 'Takes the Service away from the user; 404 when it was not granted.',
      params: UserServiceParams,
      response: { 204: NoContent, ...errorResponses(401, 403, 404) },
    },
  }, async (request, reply) => {
    await userService.removeUserService(contextOf(request), request.params.user, request.params.id)
    reply.code(204)
  })
}
