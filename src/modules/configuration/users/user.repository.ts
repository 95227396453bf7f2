import type { Db } from '../../../db/database.ts'
import type { NewUserRow, UserRow } from './user.table.ts'

export async function insertUser(db: Db, row: NewUserRow): Promise<number> {
  const { id } = await db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow()
  return Number(id)
}

export async function findUserByLoginId(db: Db, clientId: number, loginId: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('client_id', '=', clientId).where('login_id', '=', loginId).executeTakeFirst()
}

export async function insertUserService(db: Db, clientId: number, userId: number, serviceId: number): Promise<void> {
  await db.insertInto('user_services').values({ client_id: clientId, user_id: userId, service_id: serviceId })
    .onConflict((oc) => oc.doNothing()).execute()
}
