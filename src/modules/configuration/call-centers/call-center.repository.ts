import type { Database, Db } from '../../../db/database.ts'
import type { Principal } from '../../../http/auth.ts'
import { serviceVisibleTo } from '../../../http/visibility.ts'
import type { CallCenterRow, CallCenterRowUpdate, NewCallCenterRow } from './call-center.table.ts'

/** Direct access by id reaches the session's client and its descendants (README §7.3). */
export async function findCallCenter(db: Db, clientIds: readonly number[], id: number): Promise<CallCenterRow | undefined> {
  return db.selectFrom('call_centers').selectAll()
    .where('client_id', 'in', clientIds).where('id', '=', id)
    .executeTakeFirst()
}

export async function findCallCenterIdByNameKey(db: Db, clientId: number, nameKey: string): Promise<number | undefined> {
  const row = await db.selectFrom('call_centers').select('id')
    .where('client_id', '=', clientId).where('name_key', '=', nameKey)
    .executeTakeFirst()
  return row?.id
}

export async function insertCallCenter(db: Db, row: NewCallCenterRow): Promise<number> {
  const { id } = await db.insertInto('call_centers').values(row).returning('id').executeTakeFirstOrThrow()
  return Number(id)
}

export async function updateCallCenter(db: Db, clientId: number, id: number, patch: CallCenterRowUpdate): Promise<void> {
  await db.updateTable('call_centers').set(patch).where('client_id', '=', clientId).where('id', '=', id).execute()
}

export async function deleteCallCenter(db: Db, clientId: number, id: number): Promise<void> {
  await db.deleteFrom('call_centers').where('client_id', '=', clientId).where('id', '=', id).execute()
}

/** Whether the Call Center holds a Service; with a principal, one that the session can see. */
export async function hasService(db: Db, clientId: number, callCenterId: number, principal?: Principal): Promise<boolean> {
  const row = await db.selectFrom('services').select('id')
    .where('client_id', '=', clientId).where('call_center_id', '=', callCenterId)
    .$if(principal !== undefined, (qb) => qb.where(serviceVisibleTo<Database, 'services'>(principal!, 'services.id')))
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * List Call Centers: only Call Centers holding a Service the session can see (callcenters.md
 * List rule 1, README §7.3), ascending id.
 */
export async function listCallCenters(db: Db, principal: Principal, clientId: number, limit: number, offset: number) {
  return db.selectFrom('call_centers').select(['id', 'name', 'client_id'])
    .where('client_id', '=', clientId)
    .where((eb) => eb.exists(eb.selectFrom('services').select('services.id')
      .whereRef('services.client_id', '=', 'call_centers.client_id')
      .whereRef('services.call_center_id', '=', 'call_centers.id')
      .where(serviceVisibleTo<Database, 'services'>(principal, 'services.id'))))
    .orderBy('id').limit(limit).offset(offset)
    .execute()
}

/** Get Call Center List Info size: every Service has a Call Center, so listed ones = distinct ids. */
export async function countListedCallCenters(db: Db, principal: Principal, clientId: number): Promise<number> {
  const row = await db.selectFrom('services')
    .select((eb) => eb.fn.count<number>('call_center_id').distinct().as('size'))
    .where('client_id', '=', clientId)
    .where(serviceVisibleTo<Database, 'services'>(principal, 'services.id'))
    .executeTakeFirstOrThrow()
  return Number(row.size)
}

export async function listVisibleServiceIds(db: Db, principal: Principal, clientId: number, callCenterId: number): Promise<number[]> {
  const rows = await db.selectFrom('services').select('id')
    .where('client_id', '=', clientId).where('call_center_id', '=', callCenterId)
    .where(serviceVisibleTo<Database, 'services'>(principal, 'services.id'))
    .orderBy('id')
    .execute()
  return rows.map((r) => r.id)
}

/** Agents assigned to at least one of the Call Center's Services that the session can see. */
export async function listRelatedAgentIds(db: Db, principal: Principal, clientId: number, callCenterId: number): Promise<number[]> {
  const rows = await db.selectFrom('agent_services')
    .innerJoin('services', (join) => join
      .onRef('services.client_id', '=', 'agent_services.client_id')
      .onRef('services.id', '=', 'agent_services.service_id'))
    .select('agent_services.agent_id')
    .distinct()
    .where('agent_services.client_id', '=', clientId)
    .where('services.call_center_id', '=', callCenterId)
    .where(serviceVisibleTo<Database, 'services'>(principal, 'services.id'))
    .orderBy('agent_services.agent_id')
    .execute()
  return rows.map((r) => r.agent_id)
}
