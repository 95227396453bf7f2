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

/** Read Client Messaging Settings: properties in ascending key order (clients.md). */
export async function listClientMessagingProperties(db: Db, clientId: number): Promise<{ key: string; value: string }[]> {
  return db.selectFrom('client_messaging_properties').select(['key', 'value'])
    .where('client_id', '=', clientId).orderBy('key').execute()
}

/** Voice pool in insertion order (clients.md Read Client Voice Pool Settings). */
export async function listClientVoiceIds(db: Db, clientId: number): Promise<number[]> {
  const rows = await db.selectFrom('client_voices').select('voice_id')
    .where('client_id', '=', clientId).orderBy('position').orderBy('voice_id').execute()
  return rows.map((r) => Number(r.voice_id))
}

/**
 * Appends a voice to the pool in one statement (the position is computed by the INSERT itself),
 * so two concurrent adds cannot interleave a read and a write; adding a pooled voice is a no-op.
 */
export async function insertClientVoice(db: Db, clientId: number, voiceId: number): Promise<void> {
  await db.insertInto('client_voices')
    .values((eb) => ({
      client_id: clientId,
      voice_id: voiceId,
      position: eb.selectFrom('client_voices')
        .select((s) => s(s.fn.coalesce(s.fn.max('position'), s.lit(0)), '+', 1).as('next'))
        .where('client_id', '=', clientId),
    }))
    .onConflict((oc) => oc.columns(['client_id', 'voice_id']).doNothing())
    .execute()
}

export async function deleteClientVoice(db: Db, clientId: number, voiceId: number): Promise<boolean> {
  const result = await db.deleteFrom('client_voices')
    .where('client_id', '=', clientId).where('voice_id', '=', voiceId).executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}
