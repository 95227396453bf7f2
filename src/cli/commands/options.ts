import { InvalidArgumentError } from 'commander'
import type { Db } from '../../db/database.ts'
import { findClientByCode } from '../../modules/configuration/clients/client.repository.ts'

export function positiveInt(value: string): number {
  if (!/^[1-9]\d*$/.test(value) || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError('expected a positive integer')
  return Number(value)
}

export async function requireClient(db: Db, code: string): Promise<number> {
  const client = await findClientByCode(db, code)
  if (!client) throw new Error(`client ${code} not found`)
  return client.id
}
