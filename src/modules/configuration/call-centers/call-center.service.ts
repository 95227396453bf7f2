import type { Db } from '../../../db/database.ts'
import { isUniqueViolation } from '../../../db/db-errors.ts'
import { flag, isSet } from '../../../db/dialect.ts'
import { inTransaction } from '../../../db/transaction.ts'
import { ApiError, Errors, forbidden, invalidInput, notFound } from '../../../http/errors.ts'
import type { RequestContext } from '../../access/context.ts'
import { reacher } from '../../access/reach.ts'
import { touchList } from '../../../db/list-modifications.ts'
import { listInfo } from '../../../http/list-info.ts'
import { pageSize } from '../../../http/paging.ts'
import type { ListInfoType, Paging } from '../../../http/schemas.ts'
import { canSeeService, clientForCreate, clientInScope } from '../../../http/visibility.ts'
import { findService, findServicesByIds, moveServices } from '../services/service.repository.ts'
import {
  countListedCallCenters, deleteCallCenter as deleteCallCenterRow, findCallCenter, findCallCenterIdByNameKey,
  hasService, insertCallCenter, listCallCenters as listCallCenterRows, listRelatedAgentIds, listVisibleServiceIds,
  updateCallCenter as updateCallCenterRow,
} from './call-center.repository.ts'
import type {
  CallCenter, CallCenterListItemType, CallCenterRelatedType, CreateCallCenterBodyType, CreateCallCenterQueryType,
  UpdateCallCenterBodyType,
} from './call-center.schemas.ts'
import type { CallCenterRow, CallCenterRowUpdate } from './call-center.table.ts'

/** Names are unique per client, compared case-insensitively (callcenters.md). */
export const callCenterNameKey = (name: string): string => name.normalize('NFC').toLowerCase()

export const duplicateName = () => invalidInput('call center name already exists')

export function toCallCenter(row: CallCenterRow): CallCenter {
  return {
    name: row.name,
    managerName: row.manager_name,
    billingSystem: row.billing_system,
    defaultInputFilterId: row.default_input_filter_id,
    defaultInputFilter: row.default_input_filter_id,
    open: isSet(row.open),
  }
}

/**
 * Direct access by id: another client's Call Center is not found. Managers and Agents see only
 * Call Centers holding one of their Services; others are 403 (README §7.3), so an empty Call
 * Center is reachable only by sessions that see every Service.
 */
const reachCallCenter = reacher<CallCenterRow>({
  name: 'Call center',
  find: findCallCenter,
  refuse: async (db, principal, row) => (principal.serviceIds !== null && !(await hasService(db, row.client_id, row.id, principal))
    ? 'call center not visible to this session'
    : null),
})

/** The new name's key when no other Call Center of the client holds it. */
async function checkNameFree(db: Db, clientId: number, name: string, self?: number): Promise<string> {
  const key = callCenterNameKey(name)
  const holder = await findCallCenterIdByNameKey(db, clientId, key)
  if (holder !== undefined && holder !== self) throw duplicateName()
  return key
}

/** A concurrent create/rename can still hit the unique key: same answer on both dialects. */
async function guardName<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName()
    throw error
  }
}

export async function createCallCenter({ db, principal, clock }: RequestContext, query: CreateCallCenterQueryType, body: CreateCallCenterBodyType): Promise<{ id: number }> {
  const now = clock.now()
  const clientId = clientForCreate(principal, query.client)
  const key = await checkNameFree(db, clientId, body.name)
  const serviceIds = [...new Set((body.service ?? []).map((s) => s.id))]
  return guardName(() => inTransaction(db, async (trx) => {
    const found = new Set((await findServicesByIds(trx, clientId, serviceIds)).map((s) => s.id))
    for (const serviceId of serviceIds) {
      if (!found.has(serviceId)) throw invalidInput(`service ${serviceId} not found`)
      if (!canSeeService(principal, serviceId)) throw forbidden('service not visible to this session')
    }
    const id = await insertCallCenter(trx, {
      client_id: clientId,
      name: body.name,
      name_key: key,
      manager_name: body.managerName ?? null,
      billing_system: body.billingSystem ?? null,
      default_input_filter_id: body.defaultInputFilterId ?? body.defaultInputFilter ?? null,
      open: flag(body.open ?? true),
      created_at: now,
      modified_at: now,
    })
    // The moved Services leave their Call Centers (callcenters.md Create rule 1); a Call
    // Center without Services is not listed (rule 2), so only a move changes the lists.
    if (serviceIds.length > 0) {
      await moveServices(trx, clientId, serviceIds, id, now)
      await touchList(trx, clientId, 'callCenters', now)
      await touchList(trx, clientId, 'services', now)
    }
    return { id }
  }))
}

export async function deleteCallCenter({ db, principal }: RequestContext, id: number): Promise<void> {
  const row = await reachCallCenter(db, principal, id)
  await inTransaction(db, async (trx) => {
    if (await hasService(trx, row.client_id, id)) throw new ApiError(Errors.CallCenterHasServices)
    // An empty Call Center is not in List Call Centers, so the list's lastModified stays.
    await deleteCallCenterRow(trx, row.client_id, id)
  })
}

export async function updateCallCenter({ db, principal, clock }: RequestContext, id: number, body: UpdateCallCenterBodyType): Promise<void> {
  const now = clock.now()
  const row = await reachCallCenter(db, principal, id)
  const patch: CallCenterRowUpdate = {}
  if (body.name != null) {
    patch.name_key = await checkNameFree(db, row.client_id, body.name, id)
    patch.name = body.name
  }
  if (body.managerName != null) patch.manager_name = body.managerName
  if (body.billingSystem != null) patch.billing_system = body.billingSystem
  const inputFilter = body.defaultInputFilterId ?? body.defaultInputFilter
  if (inputFilter != null) patch.default_input_filter_id = inputFilter
  if (body.open != null) patch.open = flag(body.open)
  if (Object.keys(patch).length === 0) return
  await guardName(() => inTransaction(db, async (trx) => {
    await updateCallCenterRow(trx, row.client_id, id, { ...patch, modified_at: now })
    if (await hasService(trx, row.client_id, id)) await touchList(trx, row.client_id, 'callCenters', now)
  }))
}

/**
 * Update Call Center Add Service moves the Service; moving it where it already is succeeds
 * without a change (callcenters.md). The Service must belong to the Call Center's client.
 */
export async function addServiceToCallCenter({ db, principal, clock }: RequestContext, id: number, serviceId: number): Promise<void> {
  const now = clock.now()
  const callCenter = await reachCallCenter(db, principal, id)
  const service = await findService(db, principal.clientIds, serviceId)
  if (!service) throw notFound('Service', serviceId)
  if (!canSeeService(principal, serviceId)) throw forbidden('service not visible to this session')
  if (service.client_id !== callCenter.client_id) throw invalidInput('service and call center belong to different clients')
  if (service.call_center_id === id) return
  await inTransaction(db, async (trx) => {
    await moveServices(trx, callCenter.client_id, [serviceId], id, now)
    await touchList(trx, callCenter.client_id, 'callCenters', now)
    await touchList(trx, callCenter.client_id, 'services', now)
  })
}

export async function readCallCenter({ db, principal }: RequestContext, id: number): Promise<CallCenter> {
  return toCallCenter(await reachCallCenter(db, principal, id))
}

export async function getCallCenterRelated({ db, principal }: RequestContext, id: number): Promise<CallCenterRelatedType> {
  const row = await reachCallCenter(db, principal, id)
  const [services, agents] = await Promise.all([
    listVisibleServiceIds(db, principal, row.client_id, id),
    listRelatedAgentIds(db, principal, row.client_id, id),
  ])
  return { service: services.map((s) => ({ id: s })), agent: agents.map((a) => ({ id: a })) }
}

export async function listCallCenters({ db, principal }: RequestContext, query: { client?: number } & Paging): Promise<CallCenterListItemType[]> {
  const clientId = clientInScope(principal, query.client)
  if (clientId === null) return []
  const rows = await listCallCenterRows(db, principal, clientId, pageSize(query) + 1, query.offset)
  return rows.map((r) => ({ callCenterId: r.id, name: r.name, clientId: r.client_id }))
}

/** `{"size":0}`, not an error, for a client the session may not see (seed 000). */
export async function getCallCenterListInfo({ db, principal }: RequestContext, client: number | undefined): Promise<ListInfoType> {
  const clientId = clientInScope(principal, client)
  if (clientId === null) return { size: 0 }
  return listInfo(db, clientId, 'callCenters', await countListedCallCenters(db, principal, clientId))
}
