import { Type, type Static } from '@sinclair/typebox'
import { Enum, Id, Millis, NextLink, PagingQuery, ClientQuery, RequiredStr, Str } from '../../../http/schemas.ts'

/** users.md "User object": the four roles a LiveVox User can hold (Agents are a separate resource). */
export const USER_ROLES = ['SYSADMIN', 'SUPERUSER', 'IT_USER', 'MANAGER'] as const

const LoginId = RequiredStr(128, { description: 'the userName used at login; case-sensitive, unique within the client' })
const Name = (description: string) => RequiredStr(64, { description })
const Password = RequiredStr(256, { description: 'at least 8 characters and 1 digit; not one of the previous 4 (write-only)' })
const Role = Enum(USER_ROLES, { description: 'SYSADMIN, SUPERUSER, IT_USER or MANAGER' })
const Email = Str(254, { description: 'e-mail address; "" clears it on update' })
const Phone = Str(32, { description: 'phone number; "" clears it on update' })
const Active = Type.Boolean({ description: 'inactive users cannot log in' })
const ManagerPowers = Type.Array(Str(64), {
  maxItems: 50,
  description: 'powers granted to a Manager (README §7.2): "Administer Agents" (alias "Access to Agent Editor"), "Modify Services"; '
    + 'names match case-insensitively with space and underscore interchangeable and are stored canonically; unknown names are ignored',
})
const ExcludedPowers = Type.Array(Str(64, { pattern: '^[A-Za-z_]+$' }), {
  maxItems: 100,
  description: 'vendor power keys taken away from the user (manage_services, acd, manage_dnc, ...); stored lower-case',
})
const ServiceRef = Type.Object({ id: Id({ description: 'Service id' }) })

export const UserParams = Type.Object({ id: Id({ description: 'LiveVox User id' }) })
export type UserParamsType = Static<typeof UserParams>

export const UserServiceParams = Type.Object({
  user: Id({ description: 'LiveVox User id' }),
  id: Id({ description: 'Service id' }),
})
export type UserServiceParamsType = Static<typeof UserServiceParams>

export const ListUsersQuery = Type.Object({ ...ClientQuery.properties, ...PagingQuery.properties })
export type ListUsersQueryType = Static<typeof ListUsersQuery>

export const UserListInfoQuery = ClientQuery
export type UserListInfoQueryType = Static<typeof UserListInfoQuery>

/** Create takes the target client as `client` (README §7.3) or as the body's `clientId` (users.md). */
export const CreateUserQuery = ClientQuery
export type CreateUserQueryType = Static<typeof CreateUserQuery>

export const CreateUserBody = Type.Object({
  clientId: Type.Optional(Id({ description: 'client to create the user in: the session\'s own client (default) or a descendant' })),
  loginId: LoginId,
  firstName: Name('first name'),
  lastName: Name('last name'),
  password: Password,
  role: Role,
  email: Type.Optional(Email),
  phone: Type.Optional(Phone),
  active: Type.Optional(Type.Boolean({ description: 'default true; inactive users cannot log in' })),
  optionalManagerPowers: Type.Optional(ManagerPowers),
  optionalExcludedPowers: Type.Optional(ExcludedPowers),
  assignedService: Type.Optional(Type.Array(ServiceRef, { maxItems: 1000, description: 'Services the user may access (README §7.3)' })),
}, {
  examples: [{
    loginId: 'jmanager', firstName: 'Jane', lastName: 'Manager', password: 'Secret123', role: 'MANAGER',
    email: 'jane.manager@example.com', phone: '2023467763', active: true,
    optionalManagerPowers: ['Administer Agents'], optionalExcludedPowers: ['manage_dnc'], assignedService: [{ id: 53701 }],
  }],
})
export type CreateUserBodyType = Static<typeof CreateUserBody>

/** users.md Update LiveVox User: every key optional, at least one required; `null` means "no change" (README §4). */
export const UpdateUserBody = Type.Object({
  firstName: Type.Optional(Name('first name')),
  lastName: Type.Optional(Name('last name')),
  password: Type.Optional(Password),
  role: Type.Optional(Role),
  email: Type.Optional(Email),
  phone: Type.Optional(Phone),
  active: Type.Optional(Active),
  unlock: Type.Optional(Type.Boolean({ description: 'true clears the lock set by failed logins' })),
  optionalManagerPowers: Type.Optional(ManagerPowers),
  optionalExcludedPowers: Type.Optional(ExcludedPowers),
}, { examples: [{ lastName: 'Smith', active: true, unlock: true }, { password: 'Secret456' }] })
export type UpdateUserBodyType = Static<typeof UpdateUserBody>

export const UPDATE_FIELDS = Object.keys(UpdateUserBody.properties) as (keyof UpdateUserBodyType)[]

/** users.md Find Matching LiveVox Users: exactly one criterion. */
export const FindUsersBody = Type.Object({
  loginId: Type.Optional(Str(128, { description: 'partial, case-insensitive match on loginId' })),
  lastName: Type.Optional(Str(64, { description: 'partial, case-insensitive match on last name' })),
  phoneNumber: Type.Optional(Str(32, { description: 'exact match on the digits of the phone number' })),
  phone: Type.Optional(Str(32, { description: 'alias of phoneNumber' })),
}, { examples: [{ lastName: 'jam' }, { loginId: 'api' }, { phoneNumber: '202-346-7763' }] })
export type FindUsersBodyType = Static<typeof FindUsersBody>

export const UserListItem = Type.Object({
  id: Id(),
  loginId: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  role: Role,
  active: Type.Boolean(),
  lastLogin: Type.Optional(Millis({ description: 'last successful login; absent until the first login' })),
  lastLoginIp: Type.Optional(Type.String()),
}, { title: 'UserListItem' })
export type UserListItemType = Static<typeof UserListItem>

export const UserList = Type.Object({
  user: Type.Array(UserListItem),
  next: NextLink,
}, {
  examples: [{
    user: [
      { id: 1001, loginId: 'apiSysAdmin', firstName: 'System', lastName: 'Administrator', role: 'SYSADMIN', active: true, lastLogin: 1768489200000, lastLoginIp: '203.0.113.7' },
      { id: 1002, loginId: 'jmanager', firstName: 'Jane', lastName: 'Manager', role: 'MANAGER', active: true },
    ],
    next: 'configuration/users?count=2&offset=2',
  }],
})

export const UserSchema = Type.Object({
  id: Id(),
  clientId: Id(),
  loginId: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  role: Role,
  email: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
  active: Type.Boolean(),
  locked: Type.Boolean({ description: 'set when failed logins reach the client\'s maxFailedCcsLoginAttempts' }),
  optionalManagerPowers: Type.Array(Type.String()),
  optionalExcludedPowers: Type.Array(Type.String()),
  assignedService: Type.Array(ServiceRef),
  lastLogin: Type.Optional(Millis()),
  lastLoginIp: Type.Optional(Type.String()),
  passwordLastModified: Millis(),
}, {
  title: 'User',
  examples: [{
    id: 1002, clientId: 4199, loginId: 'jmanager', firstName: 'Jane', lastName: 'Manager', role: 'MANAGER',
    email: 'jane.manager@example.com', phone: '2023467763', active: true, locked: false,
    optionalManagerPowers: ['Administer Agents'], optionalExcludedPowers: ['manage_dnc'], assignedService: [{ id: 53701 }],
    lastLogin: 1768489200000, lastLoginIp: '203.0.113.7', passwordLastModified: 1768402800000,
  }],
})
export type UserType = Static<typeof UserSchema>
