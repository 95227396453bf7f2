import type { Db } from '../../../db/database.ts'
import type { ClientRow, NewClientRow } from './client.table.ts'

export async function insertClient(db: Db, row: NewClientRow): Promise<number> {
  const { id } = await db.insertInto('clients').values(row).returning('id').executeTakeFirstOrThrow()
  return Number(id)
}

export async function findClient(db: Db, id: number): Promise<ClientRow | undefined> {
  return db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findClientByCode(db: Db, code: string): Promise<ClientRow | undefined> {
  return db.selectFrom('clients').selectAll().where('code_key', '=', code.toUpperCase()).executeTakeFirst()
}

export async function countClients(db: Db): Promise<number> {
  const { n } = await db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(n)
}
