import type { Database, Db } from '../../../db/database.ts'
import { flag } from '../../../db/dialect.ts'
import type { Principal } from '../../../http/auth.ts'
import { serviceVisibleTo } from '../../../http/visibility.ts'
import type { AcdFeatureCode, CallDirection } from './service.enums.ts'
import type { NewServiceRow, ServiceInboundHoursTable, ServiceRow, ServiceRowUpdate } from './service.table.ts'
import type { Insertable, Kysely } from 'kysely'
import { preparedQuery, type Param } from '../../../db/prepared.ts'

/** Direct access by id reaches the session's client and its descendants (README §7.3). */
const findServiceQuery = preparedQuery((db: Kysely<Database>, clientIds: readonly Param<number>[], id: Param<number>) =>
  db.selectFrom('services').selectAll().where('client_id', 'in', clientIds).where('id', '=', id))

/** Every Read Service method starts here: compiled once (src/db/prepared.ts). */
export async function findService(db: Db, clientIds: readonly number[], id: number): Promise<ServiceRow | undefined> {
  return (await findServiceQuery(db, clientIds, id))[0]
}

export async function findServicesByIds(db: Db, clientId: number, ids: readonly number[]) {
  if (ids.length === 0) return []
  return db.selectFrom('services').select(['id', 'call_center_id'])
    .where('client_id', '=', clientId).where('id', 'in', ids)
    .execute()
}

export async function insertService(db: Db, row: NewServiceRow): Promise<number> {
  const { id } = await db.insertInto('services').values(row).returning('id').executeTakeFirstOrThrow()
  return Number(id)
}

export async function updateService(db: Db, clientId: number, id: number, patch: ServiceRowUpdate): Promise<void> {
  await db.updateTable('services').set(patch).where('client_id', '=', clientId).where('id', '=', id).execute()
}

/** Satellite rows (caller ids, hours, properties, campaigns, grants) go with it by ON DELETE CASCADE. */
export async function deleteService(db: Db, clientId: number, id: number): Promise<void> {
  await db.deleteFrom('services').where('client_id', '=', clientId).where('id', '=', id).execute()
}

export async function clearInboundServiceReferences(db: Db, clientId: number, serviceId: number, now: number): Promise<void> {
  await db.updateTable('services').set({ inbound_service_id: null, modified_at: now })
    .where('client_id', '=', clientId).where('inbound_service_id', '=', serviceId)
    .execute()
}

export async function moveServices(db: Db, clientId: number, ids: readonly number[], callCenterId: number, now: number): Promise<void> {
  if (ids.length === 0) return
  await db.updateTable('services').set({ call_center_id: callCenterId, modified_at: now })
    .where('client_id', '=', clientId).where('id', 'in', ids)
    .execute()
}

export async function serviceExists(db: Db, clientId: number, id: number): Promise<boolean> {
  const row = await db.selectFrom('services').select('id').where('client_id', '=', clientId).where('id', '=', id).executeTakeFirst()
  return row !== undefined
}

/** List Services page: the Call Center's Services the session can see, ascending id. */
const serviceListQuery = (db: Kysely<Database>, clientIds: readonly Param<number>[], callCenterId: Param<number>) =>
  db.selectFrom('services').select(['id', 'name', 'call_center_id'])
    .where('client_id', 'in', clientIds).where('call_center_id', '=', callCenterId)
const allServicesPage = preparedQuery((db: Kysely<Database>, clientIds: readonly Param<number>[], callCenterId: Param<number>, limit: Param<number>, offset: Param<number>) =>
  serviceListQuery(db, clientIds, callCenterId).orderBy('id').limit(limit).offset(offset))
const grantedServicesPage = preparedQuery((db: Kysely<Database>, clientIds: readonly Param<number>[], callCenterId: Param<number>, serviceIds: readonly Param<number>[], limit: Param<number>, offset: Param<number>) =>
  serviceListQuery(db, clientIds, callCenterId).where('id', 'in', serviceIds).orderBy('id').limit(limit).offset(offset))

/** List Services: the visible Services of a Call Center (README §7.3), by id. */
export async function listServices(db: Db, principal: Principal, callCenterId: number, limit: number, offset: number) {
  if (principal.serviceIds === null) return allServicesPage(db, principal.clientIds, callCenterId, limit, offset)
  const granted = [...principal.serviceIds]
  return granted.length === 0 ? [] : grantedServicesPage(db, principal.clientIds, callCenterId, granted, limit, offset)
}

/** Whether the Call Center (reachable by the session) holds any Service at all, visible or not. */
export async function callCenterHasServices(db: Db, clientIds: readonly number[], callCenterId: number): Promise<boolean> {
  const row = await db.selectFrom('services').select('id')
    .where('client_id', 'in', clientIds).where('call_center_id', '=', callCenterId)
    .limit(1).executeTakeFirst()
  return row !== undefined
}

/** Get Service List Info: the visible Services of a Call Center, with the client that owns them. */
export async function countVisibleServices(db: Db, principal: Principal, callCenterId: number) {
  return db.selectFrom('services')
    .select((eb) => ['client_id', eb.fn.countAll<number>().as('size')])
    .where('client_id', 'in', principal.clientIds).where('call_center_id', '=', callCenterId)
    .where(serviceVisibleTo<Database, 'services'>(principal, 'services.id'))
    .groupBy('client_id')
    .executeTakeFirst()
}

export interface ServiceSearch {
  callDirection: CallDirection
  acdFeature: readonly AcdFeatureCode[]
  callCenterIds?: readonly number[]
  unattended?: boolean
}

/** Find Matching Services, ascending id. */
export async function searchServices(db: Db, principal: Principal, clientId: number, search: ServiceSearch, limit: number, offset: number) {
  return db.selectFrom('services').select(['id', 'name', 'call_center_id', 'acd_feature_code'])
    .where('client_id', '=', clientId)
    .where('call_direction', '=', search.callDirection)
    .where('acd_feature_code', 'in', search.acdFeature)
    .$if(search.callCenterIds !== undefined, (qb) => qb.where('call_center_id', 'in', search.callCenterIds!))
    .$if(search.unattended !== undefined, (qb) => qb.where('unattended', '=', flag(search.unattended === true)))
    .where(serviceVisibleTo<Database, 'services'>(principal, 'services.id'))
    .orderBy('id').limit(limit).offset(offset)
    .execute()
}

// Related objects

export async function listServiceAgentIds(db: Db, clientId: number, serviceId: number): Promise<number[]> {
  const rows = await db.selectFrom('agent_services').select('agent_id')
    .where('client_id', '=', clientId).where('service_id', '=', serviceId)
    .orderBy('agent_id').execute()
  return rows.map((r) => r.agent_id)
}

export async function listServiceCampaignIds(db: Db, clientId: number, serviceId: number): Promise<number[]> {
  const rows = await db.selectFrom('campaigns').select('id')
    .where('client_id', '=', clientId).where('service_id', '=', serviceId)
    .orderBy('id').execute()
  return rows.map((r) => r.id)
}

export async function listOutboundResourceGroupIds(db: Db, clientId: number, serviceId: number): Promise<number[]> {
  const rows = await db.selectFrom('service_outbound_resource_groups').select('resource_group_id')
    .where('client_id', '=', clientId).where('service_id', '=', serviceId)
    .orderBy('resource_group_id').execute()
  return rows.map((r) => r.resource_group_id)
}

/** Delete Service rule: a campaign active on or after `since` (services.md Delete Service). */
export async function hasCampaignActiveSince(db: Db, clientId: number, serviceId: number, since: number): Promise<boolean> {
  const row = await db.selectFrom('campaigns').select('id')
    .where('client_id', '=', clientId).where('service_id', '=', serviceId)
    .where('last_activity_date', '>=', since)
    .limit(1).executeTakeFirst()
  return row !== undefined
}

// Caller ids

export async function listCallerIds(db: Db, clientId: number, serviceId: number): Promise<string[]> {
  const rows = await db.selectFrom('service_caller_ids').select('caller_id')
    .where('client_id', '=', clientId).where('service_id', '=', serviceId)
    .orderBy('id').execute()
  return rows.map((r) => r.caller_id)
}

export async function insertCallerIds(db: Db, clientId: number, serviceId: number, callerIds: readonly string[]): Promise<void> {
  if (callerIds.length === 0) return
  await db.insertInto('service_caller_ids')
    .values(callerIds.map((callerId) => ({ client_id: clientId, service_id: serviceId, caller_id: callerId })))
    .onConflict((oc) => oc.doNothing())
    .execute()
}

export async function deleteCallerId(db: Db, clientId: number, serviceId: number, callerId: string): Promise<boolean> {
  const result = await db.deleteFrom('service_caller_ids')
    .where('client_id', '=', clientId).where('service_id', '=', serviceId).where('caller_id', '=', callerId)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

// Messaging properties

export async function listMessagingProperties(db: Db, clientId: number, serviceId: number) {
  return db.selectFrom('service_messaging_properties').select(['key', 'value'])
    .where('client_id', '=', clientId).where('service_id', '=', serviceId)
    .orderBy('key').execute()
}

export async function upsertMessagingProperties(db: Db, clientId: number, serviceId: number, properties: ReadonlyArray<{ key: string; value: string }>): Promise<void> {
  if (properties.length === 0) return
  await db.insertInto('service_messaging_properties')
    .values(properties.map((p) => ({ client_id: clientId, service_id: serviceId, key: p.key, value: p.value })))
    .onConflict((oc) => oc.columns(['client_id', 'service_id', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
    .execute()
}

// Inbound hours

export async function listInboundHours(db: Db, clientId: number, serviceId: number) {
  return db.selectFrom('service_inbound_hours').selectAll()
    .where('client_id', '=', clientId).where('service_id', '=', serviceId)
    .orderBy('id').execute()
}

export async function findInboundHours(db: Db, clientId: number, serviceId: number, hoursId: number) {
  return db.selectFrom('service_inbound_hours').selectAll()
    .where('client_id', '=', clientId).where('service_id', '=', serviceId).where('id', '=', hoursId)
    .executeTakeFirst()
}

export async function insertInboundHours(db: Db, row: Insertable<ServiceInboundHoursTable>): Promise<number> {
  const { id } = await db.insertInto('service_inbound_hours').values(row).returning('id').executeTakeFirstOrThrow()
  return Number(id)
}

export async function insertManyInboundHours(db: Db, rows: ReadonlyArray<Insertable<ServiceInboundHoursTable>>): Promise<void> {
  if (rows.length === 0) return
  await db.insertInto('service_inbound_hours').values([...rows]).execute()
}

export async function updateInboundHours(db: Db, clientId: number, hoursId: number, patch: { start_time: number; end_time: number }): Promise<void> {
  await db.updateTable('service_inbound_hours').set(patch).where('client_id', '=', clientId).where('id', '=', hoursId).execute()
}

export async function deleteInboundHours(db: Db, clientId: number, serviceId: number, hoursId: number): Promise<boolean> {
  const result = await db.deleteFrom('service_inbound_hours')
    .where('client_id', '=', clientId).where('service_id', '=', serviceId).where('id', '=', hoursId)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}
