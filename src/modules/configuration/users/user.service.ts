import type { Db } from '../../../db/database.ts'
import { isUniqueViolation } from '../../../db/db-errors.ts'
import { flag, isSet } from '../../../db/dialect.ts'
import { inTransaction } from '../../../db/transaction.ts'
import type { Principal } from '../../../http/auth.ts'
import { forbidden, invalidInput, notFound } from '../../../http/errors.ts'
import type { RequestContext } from '../../access/context.ts'
import { reacher } from '../../access/reach.ts'
import { touchList } from '../../../db/list-modifications.ts'
import { listInfo } from '../../../http/list-info.ts'
import { pageSize } from '../../../http/paging.ts'
import type { ListInfoType, Paging } from '../../../http/schemas.ts'
import { canSeeService, clientForCreate, clientInScope } from '../../../http/visibility.ts'
import { checkPasswordRules } from '../../../lib/password-policy.ts'
import { changedCredentials, firstCredentials, type PasswordColumns } from '../../identity/credentials.ts'
import { principalCriterion } from '../../identity/find-criterion.ts'
import { unlockedColumns } from '../../identity/lockout.ts'
import type { PrincipalRef } from '../../identity/principal.ts'
import { deletePrincipalSessions, evictSessions } from '../../identity/session-eviction.ts'
import type { UserRole, UserRow, UserRowUpdate } from './user.table.ts'
import {
  countUsers, deleteUser, deleteUserService, findServiceIds, findUser, findUserByLoginId, insertUser,
  insertUserService, listUserServiceIds, listUsers, updateUser, type UserListRow, type UserMatch,
} from './user.repository.ts'
import { POWER_LABELS, toManagerPower } from './user.powers.ts'
import {
  UPDATE_FIELDS, type CreateUserBodyType, type FindUsersBodyType, type UpdateUserBodyType, type UserListItemType, type UserType,
} from './user.schemas.ts'

export interface NewUser {
  loginId: string
  firstName: string
  lastName: string
  password: string
  /** A stored hash to keep instead of hashing `password` (sandbox fixtures carry dumped principals' hashes). */
  passwordHash?: string
  role: UserRole
  email?: string | null
  phone?: string | null
  active?: boolean
  optionalManagerPowers?: string[]
  optionalExcludedPowers?: string[]
  /** Services the user may access (users.md assignedService); each must exist in the client. */
  assignedService?: number[]
}

const principalOf = (row: { client_id: number; id: number }): PrincipalRef => ({ clientId: row.client_id, type: 'USER', id: row.id })

/** Stores powers under their canonical names (README §7.2), dropping unknown ones. */
export function canonicalPowers(names: readonly string[]): string[] {
  const out = new Set<string>()
  for (const name of names) {
    const power = toManagerPower(name)
    if (power) out.add(POWER_LABELS[power])
  }
  return [...out]
}

/** optionalExcludedPowers keys are the vendor's lower-case tokens (users.md). */
function canonicalExcludedPowers(names: readonly string[]): string[] {
  return [...new Set(names.map((p) => p.trim().toLowerCase()))]
}

/** "" clears an optional text field; absent leaves it alone. */
const optionalText = (value: string | null | undefined): string | null => (value === undefined || value === null || value === '' ? null : value)

/** Creates a LiveVox User (Create LiveVox User, bootstrap, `lvapi user add`). */
export async function createUser(db: Db, clientId: number, input: NewUser, now: number): Promise<number> {
  if (input.passwordHash === undefined) checkPasswordRules(input.password)
  if (await findUserByLoginId(db, clientId, input.loginId)) throw invalidInput('loginId already exists')
  const serviceIds = [...new Set(input.assignedService ?? [])]
  const credentials: PasswordColumns = input.passwordHash === undefined
    ? await firstCredentials(input.password, now)
    : { password_hash: input.passwordHash, password_history: JSON.stringify([input.passwordHash]), password_last_modified: now }
  try {
    return await inTransaction(db, async (trx) => {
      const found = new Set(await findServiceIds(trx, clientId, serviceIds))
      const unknown = serviceIds.find((id) => !found.has(id))
      if (unknown !== undefined) throw invalidInput(`assignedService: Service ${unknown} does not exist`)
      const id = await insertUser(trx, {
        client_id: clientId,
        login_id: input.loginId,
        first_name: input.firstName,
        last_name: input.lastName,
        role: input.role,
        email: optionalText(input.email),
        phone: optionalText(input.phone),
        active: flag(input.active ?? true),
        ...unlockedColumns(),
        ...credentials,
        optional_manager_powers: JSON.stringify(canonicalPowers(input.optionalManagerPowers ?? [])),
        optional_excluded_powers: JSON.stringify(canonicalExcludedPowers(input.optionalExcludedPowers ?? [])),
        last_login: null,
        last_login_ip: null,
        created_at: now,
        modified_at: now,
      })
      for (const serviceId of serviceIds) await insertUserService(trx, clientId, id, serviceId)
      await touchList(trx, clientId, 'users', now)
      return id
    })
  } catch (err) {
    // Two creates racing past the check above: the unique key decides, with the same message.
    if (isUniqueViolation(err)) throw invalidInput('loginId already exists')
    throw err
  }
}

/**
 * users.md: a Superuser cannot make anyone a Sysadmin (nor act on one, reachUser); only Sysadmin
 * and Superuser reach these methods at all (route access).
 */
function assertMayGrantRole(principal: Principal, role: UserRole | undefined): void {
  if (principal.role === 'SUPERUSER' && role === 'SYSADMIN') throw forbidden('Superuser cannot grant the Sysadmin role')
}

/** Direct access by id (access/reach.ts), and users.md: a Superuser cannot act on a Sysadmin user. */
const reachUser = reacher<UserRow>({
  name: 'User',
  find: findUser,
  refuse: (_db, principal, row) => (principal.role === 'SUPERUSER' && row.role === 'SYSADMIN' ? 'Superuser cannot act on a Sysadmin user' : null),
})

function toUserListItem(row: UserListRow): UserListItemType {
  return {
    id: Number(row.id),
    loginId: row.login_id,
    firstName: row.first_name,
    lastName: row.last_name,
    role: row.role,
    active: isSet(row.active),
    ...(row.last_login !== null ? { lastLogin: Number(row.last_login) } : {}),
    ...(row.last_login_ip !== null ? { lastLoginIp: row.last_login_ip } : {}),
  }
}

export function toUser(row: UserRow, serviceIds: readonly number[]): UserType {
  return {
    id: Number(row.id),
    clientId: Number(row.client_id),
    loginId: row.login_id,
    firstName: row.first_name,
    lastName: row.last_name,
    role: row.role,
    ...(row.email !== null ? { email: row.email } : {}),
    ...(row.phone !== null ? { phone: row.phone } : {}),
    active: isSet(row.active),
    locked: isSet(row.locked),
    optionalManagerPowers: JSON.parse(row.optional_manager_powers) as string[],
    optionalExcludedPowers: JSON.parse(row.optional_excluded_powers) as string[],
    assignedService: serviceIds.map((id) => ({ id })),
    ...(row.last_login !== null ? { lastLogin: Number(row.last_login) } : {}),
    ...(row.last_login_ip !== null ? { lastLoginIp: row.last_login_ip } : {}),
    passwordLastModified: Number(row.password_last_modified),
  }
}

/** users.md Create LiveVox User. */
export async function createLiveVoxUser({ principal, ...deps }: RequestContext, client: number | undefined, body: CreateUserBodyType): Promise<{ id: number }> {
  if (client !== undefined && body.clientId !== undefined && client !== body.clientId) {
    throw invalidInput('client and clientId name different clients')
  }
  const clientId = clientForCreate(principal, client ?? body.clientId)
  assertMayGrantRole(principal, body.role)
  const serviceIds = (body.assignedService ?? []).map((s) => s.id)
  if (principal.serviceIds !== null && serviceIds.length > 0) {
    // Unknown ids are 400 (createUser), existing but invisible ones 403 (users.md Create errors).
    const existing = new Set(await findServiceIds(deps.db, clientId, serviceIds))
    if (serviceIds.some((id) => existing.has(id) && !canSeeService(principal, id))) throw forbidden('service')
  }
  const id = await createUser(deps.db, clientId, {
    loginId: body.loginId, firstName: body.firstName, lastName: body.lastName, password: body.password, role: body.role,
    email: body.email, phone: body.phone, active: body.active,
    optionalManagerPowers: body.optionalManagerPowers, optionalExcludedPowers: body.optionalExcludedPowers,
    assignedService: serviceIds,
  }, deps.clock.now())
  return { id }
}

/** users.md Read LiveVox User. */
export async function readUser({ principal, ...deps }: RequestContext, id: number): Promise<UserType> {
  const row = await reachUser(deps.db, principal, id)
  return toUser(row, await listUserServiceIds(deps.db, row.client_id, row.id))
}

/** users.md Update LiveVox User. */
export async function updateLiveVoxUser({ principal, ...deps }: RequestContext, id: number, body: UpdateUserBodyType): Promise<void> {
  if (!UPDATE_FIELDS.some((field) => body[field] !== undefined)) throw invalidInput('at least one field is required')
  const row = await reachUser(deps.db, principal, id)
  assertMayGrantRole(principal, body.role)
  const now = deps.clock.now()
  const patch: UserRowUpdate = { modified_at: now }
  if (body.firstName !== undefined) patch.first_name = body.firstName
  if (body.lastName !== undefined) patch.last_name = body.lastName
  if (body.role !== undefined) patch.role = body.role
  if (body.email !== undefined) patch.email = optionalText(body.email)
  if (body.phone !== undefined) patch.phone = optionalText(body.phone)
  if (body.active !== undefined) patch.active = flag(body.active)
  if (body.unlock === true) Object.assign(patch, unlockedColumns())
  if (body.optionalManagerPowers !== undefined) patch.optional_manager_powers = JSON.stringify(canonicalPowers(body.optionalManagerPowers))
  if (body.optionalExcludedPowers !== undefined) patch.optional_excluded_powers = JSON.stringify(canonicalExcludedPowers(body.optionalExcludedPowers))
  const passwordChanged = body.password !== undefined
  if (passwordChanged) Object.assign(patch, await changedCredentials(body.password, row, now))
  await inTransaction(deps.db, async (trx) => {
    await updateUser(trx, row.client_id, row.id, patch)
    // session.md Login rule 2: deactivation ends the user's sessions at once (a reactivation must not revive them).
    if (passwordChanged || body.active === false) await deletePrincipalSessions(trx, principalOf(row))
    await touchList(trx, row.client_id, 'users', now)
  })
  // Role, power and active changes reach this instance's sessions at once (README §2.3).
  evictSessions(deps.sessions, principalOf(row))
}

/** users.md Delete LiveVox User: the user's sessions end with it. */
export async function deleteLiveVoxUser({ principal, ...deps }: RequestContext, id: number): Promise<void> {
  const row = await reachUser(deps.db, principal, id)
  if (principal.type === 'USER' && principal.id === row.id) throw invalidInput('cannot delete yourself')
  const now = deps.clock.now()
  await inTransaction(deps.db, async (trx) => {
    await deletePrincipalSessions(trx, principalOf(row))
    await deleteUser(trx, row.client_id, row.id)
    await touchList(trx, row.client_id, 'users', now)
  })
  evictSessions(deps.sessions, principalOf(row))
}

/**
 * The user and Service of Add / Remove Service: the user as any by-id method reaches it, then
 * 404 for a Service outside the user's client, 403 for one the session cannot see.
 */
async function reachUserAndService(db: Db, principal: Principal, userId: number, serviceId: number): Promise<UserRow> {
  const user = await reachUser(db, principal, userId)
  const [found] = await findServiceIds(db, user.client_id, [serviceId])
  if (found === undefined) throw notFound('Service', serviceId)
  if (!canSeeService(principal, serviceId)) throw forbidden('service')
  return user
}

/** users.md Update LiveVox User Add Service: access to the Service and so to its Call Center. */
export async function addUserService({ principal, ...deps }: RequestContext, userId: number, serviceId: number): Promise<void> {
  const user = await reachUserAndService(deps.db, principal, userId, serviceId)
  const now = deps.clock.now()
  const changed = await inTransaction(deps.db, async (trx) => {
    const inserted = await insertUserService(trx, user.client_id, user.id, serviceId)
    if (inserted) await touchList(trx, user.client_id, 'users', now)
    return inserted
  })
  if (changed) evictSessions(deps.sessions, principalOf(user))
}

/** users.md Update LiveVox User Remove Service. */
export async function removeUserService({ principal, ...deps }: RequestContext, userId: number, serviceId: number): Promise<void> {
  const user = await reachUserAndService(deps.db, principal, userId, serviceId)
  const now = deps.clock.now()
  await inTransaction(deps.db, async (trx) => {
    // README §11.14: removing an assignment that is not there is "not found".
    if (!(await deleteUserService(trx, user.client_id, user.id, serviceId))) throw notFound('Service assignment', serviceId)
    await touchList(trx, user.client_id, 'users', now)
  })
  evictSessions(deps.sessions, principalOf(user))
}

/** users.md List LiveVox Users (Sysadmins hidden from Superusers). */
export async function listLiveVoxUsers({ principal, ...deps }: RequestContext, client: number | undefined, paging: Paging): Promise<UserListItemType[]> {
  const clientId = clientInScope(principal, client)
  if (clientId === null) return []
  const rows = await listUsers(deps.db, clientId, {
    hideSysadmins: principal.role === 'SUPERUSER', limit: pageSize(paging) + 1, offset: paging.offset,
  })
  return rows.map(toUserListItem)
}

/** The one criterion of Find Matching LiveVox Users, read as Find Matching Agents reads it (users.md). */
function userMatch(body: FindUsersBodyType): UserMatch | null {
  const criterion = principalCriterion(body)
  if (criterion === null) return null
  return criterion.kind === 'phone' ? { phoneDigits: criterion.digits } : criterion.kind === 'loginId' ? { loginId: criterion.text } : { lastName: criterion.text }
}

/** users.md Find Matching LiveVox Users. */
export async function findMatchingUsers(
  { principal, ...deps }: RequestContext, client: number | undefined, paging: Paging, body: FindUsersBodyType,
): Promise<UserListItemType[]> {
  const match = userMatch(body)
  const clientId = clientInScope(principal, client)
  if (clientId === null || match === null) return []
  const rows = await listUsers(deps.db, clientId, {
    hideSysadmins: principal.role === 'SUPERUSER', limit: pageSize(paging) + 1, offset: paging.offset, match,
  })
  return rows.map(toUserListItem)
}

/** users.md Get LiveVox User List Info (Superusers do not count Sysadmins). */
export async function userListInfo({ principal, ...deps }: RequestContext, client: number | undefined): Promise<ListInfoType> {
  const clientId = clientInScope(principal, client)
  if (clientId === null) return { size: 0 }
  return listInfo(deps.db, clientId, 'users', await countUsers(deps.db, clientId, principal.role === 'SUPERUSER'))
}
