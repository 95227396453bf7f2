import { sql } from 'kysely'
import type { Db } from '../../../db/database.ts'
import { escapeLike, likeInsensitive } from '../../../db/dialect.ts'
import type { NewUserRow, UserRow, UserRowUpdate } from './user.table.ts'

export async function insertUser(db: Db, row: NewUserRow): Promise<number> {
  const { id } = await db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow()
  return Number(id)
}

export async function findUserByLoginId(db: Db, clientId: number, loginId: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('client_id', '=', clientId).where('login_id', '=', loginId).executeTakeFirst()
}

/** A user by id within the given clients (the session's client and, where allowed, its descendants). */
export async function findUser(db: Db, clientIds: readonly number[], id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('client_id', 'in', clientIds).where('id', '=', id).executeTakeFirst()
}

export async function updateUser(db: Db, clientId: number, id: number, patch: UserRowUpdate): Promise<void> {
  await db.updateTable('users').set(patch).where('client_id', '=', clientId).where('id', '=', id).execute()
}

export async function deleteUser(db: Db, clientId: number, id: number): Promise<void> {
  await db.deleteFrom('user_services').where('client_id', '=', clientId).where('user_id', '=', id).execute()
  await db.deleteFrom('users').where('client_id', '=', clientId).where('id', '=', id).execute()
}

export async function insertUserService(db: Db, clientId: number, userId: number, serviceId: number): Promise<boolean> {
  const result = await db.insertInto('user_services').values({ client_id: clientId, user_id: userId, service_id: serviceId })
    .onConflict((oc) => oc.doNothing()).executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0
}

export async function deleteUserService(db: Db, clientId: number, userId: number, serviceId: number): Promise<boolean> {
  const result = await db.deleteFrom('user_services')
    .where('client_id', '=', clientId).where('user_id', '=', userId).where('service_id', '=', serviceId)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

export async function listUserServiceIds(db: Db, clientId: number, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('user_services').select('service_id')
    .where('client_id', '=', clientId).where('user_id', '=', userId)
    .orderBy('service_id').execute()
  return rows.map((r) => Number(r.service_id))
}

/** Which of the given Service ids exist in the client (Services belong to services.md; read-only here). */
export async function findServiceIds(db: Db, clientId: number, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return []
  const rows = await db.selectFrom('services').select('id').where('client_id', '=', clientId).where('id', 'in', ids).execute()
  return rows.map((r) => Number(r.id))
}

/** Find Matching LiveVox Users criterion (users.md): exactly one is set. */
export type UserMatch =
  | { loginId: string }
  | { lastName: string }
  | { phoneDigits: string }

export interface UserListOptions {
  /** Superuser callers never see Sysadmin users (users.md). */
  hideSysadmins: boolean
  limit: number
  offset: number
  match?: UserMatch
}

/**
 * The stored phone with the usual separators removed, so `(202) 346-7763` matches `2023467763`
 * (Find Matching compares digits). REPLACE exists with the same meaning on both dialects.
 */
const phoneDigits = sql<string>`replace(replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', ''), '/', '')`

export type UserListRow = Pick<UserRow, 'id' | 'login_id' | 'first_name' | 'last_name' | 'role' | 'active' | 'last_login' | 'last_login_ip'>

/** List / Find Matching LiveVox Users, ordered by loginId (users.md), id breaking ties. */
export async function listUsers(db: Db, clientId: number, options: UserListOptions): Promise<UserListRow[]> {
  const match = options.match
  return db.selectFrom('users')
    .select(['id', 'login_id', 'first_name', 'last_name', 'role', 'active', 'last_login', 'last_login_ip'])
    .where('client_id', '=', clientId)
    .$if(options.hideSysadmins, (qb) => qb.where('role', '!=', 'SYSADMIN'))
    .$if(match !== undefined && 'loginId' in match, (qb) => qb.where(likeInsensitive(db, 'login_id', `%${escapeLike((match as { loginId: string }).loginId)}%`)))
    .$if(match !== undefined && 'lastName' in match, (qb) => qb.where(likeInsensitive(db, 'last_name', `%${escapeLike((match as { lastName: string }).lastName)}%`)))
    .$if(match !== undefined && 'phoneDigits' in match, (qb) => qb.where(phoneDigits, '=', (match as { phoneDigits: string }).phoneDigits))
    .orderBy('login_id').orderBy('id')
    .limit(options.limit).offset(options.offset)
    .execute()
}

export async function countUsers(db: Db, clientId: number, hideSysadmins: boolean): Promise<number> {
  const { n } = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('client_id', '=', clientId)
    .$if(hideSysadmins, (qb) => qb.where('role', '!=', 'SYSADMIN'))
    .executeTakeFirstOrThrow()
  return Number(n)
}
