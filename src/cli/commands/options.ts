import { InvalidArgumentError } from 'commander'
import type { Db, DbHandle } from '../../db/database.ts'
import { migrateToLatest } from '../../db/migrate.ts'
import { findClientByCode } from '../../modules/configuration/clients/client.repository.ts'
import type { CliContext } from '../context.ts'

export function positiveInt(value: string): number {
  if (!/^[1-9]\d*$/.test(value) || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError('expected a positive integer')
  return Number(value)
}

/** What a command on one client starts with: the database, migrated, and the --client it names. */
export async function openClient(context: CliContext, code: string): Promise<{ handle: DbHandle; db: Db; clientId: number }> {
  const handle = context.db()
  await migrateToLatest(handle.db)
  const client = await findClientByCode(handle.db, code)
  if (!client) throw new Error(`client ${code} not found`)
  return { handle, db: handle.db, clientId: client.id }
}
