import type { Insertable } from 'kysely'
import type { Db } from '../../../db/database.ts'
import { flag } from '../../../db/dialect.ts'
import { inTransaction } from '../../../db/transaction.ts'
import { notFound } from '../../../http/errors.ts'
import { touchList } from '../../../db/list-modifications.ts'
import { findCallCenter } from '../call-centers/call-center.repository.ts'
import type { AcdFeatureCode, CallDirection, DayOfWeek, PacingMethod, PreviewMode } from './service.enums.ts'
import { insertCallerIds, insertManyInboundHours, insertService, upsertMessagingProperties } from './service.repository.ts'
import type { NewServiceRow, ServiceTable } from './service.table.ts'

/** Settings-tab columns a provisioned Service may set (the rest take the new-Service defaults). */
type SettingsColumns = Omit<Insertable<ServiceTable>,
  'id' | 'client_id' | 'call_center_id' | 'name' | 'call_direction' | 'acd_feature_code' | 'abbreviation' | 'unattended'
  | 'term_code_enabled' | 'inbound_service_id' | 'preview_mode' | 'operator_phone' | 'callback_phone'
  | 'agent_call_in_number' | 'default_caller_id' | 'default_input_filter_id' | 'pacing_method' | 'pacing_throttle'
  | 'pacing_max_wait_time' | 'inbound_resource_group_id' | 'created_at' | 'modified_at'>

export interface ProvisionServiceInput {
  callCenterId: number
  name: string
  callDirection: CallDirection
  acdFeatureCode: AcdFeatureCode
  abbreviation?: string | null
  unattended?: boolean
  termCodeEnabled?: boolean
  previewMode?: PreviewMode | null
  inboundServiceId?: number | null
  /** Caller ids in order; the first is the default unless `defaultCallerId` says otherwise. */
  callerIds?: string[]
  defaultCallerId?: string | null
  operatorPhone?: string | null
  callbackPhone?: string | null
  agentCallInNumber?: string | null
  defaultInputFilterId?: number | null
  /** Lower-case messaging keys, e.g. `template_id`. */
  messaging?: Record<string, string>
  /** services.md: every provisioned Service has a pacing, LINES_AGENT / 1 when none is given. */
  pacing?: { method: PacingMethod; throttle: number; maxWaitTime?: number | null }
  settings?: SettingsColumns
  inboundHours?: Array<{ dayOfWeek: DayOfWeek; date?: number | null; startTime: number; endTime: number }>
  inboundResourceGroupId?: number | null
}

/**
 * Creates a Service without a session (README §9: demo data, fixtures, CLI); the vendor API can
 * only copy one. The Call Center must belong to the client.
 */
export async function provisionService(db: Db, clientId: number, input: ProvisionServiceInput, now: number): Promise<number> {
  return inTransaction(db, async (trx) => {
    if (!(await findCallCenter(trx, [clientId], input.callCenterId))) throw notFound('Call center', input.callCenterId)
    const callerIds = input.callerIds ?? []
    const row: NewServiceRow = {
      client_id: clientId,
      call_center_id: input.callCenterId,
      name: input.name,
      call_direction: input.callDirection,
      acd_feature_code: input.acdFeatureCode,
      abbreviation: input.abbreviation ?? null,
      unattended: flag(input.unattended ?? false),
      term_code_enabled: flag(input.termCodeEnabled ?? false),
      inbound_service_id: input.inboundServiceId ?? null,
      preview_mode: input.previewMode ?? null,
      operator_phone: input.operatorPhone ?? null,
      callback_phone: input.callbackPhone ?? null,
      agent_call_in_number: input.agentCallInNumber ?? null,
      default_caller_id: input.defaultCallerId !== undefined ? input.defaultCallerId : (callerIds[0] ?? null),
      default_input_filter_id: input.defaultInputFilterId ?? null,
      pacing_method: input.pacing?.method ?? 'LINES_AGENT',
      pacing_throttle: input.pacing?.throttle ?? 1,
      pacing_max_wait_time: input.pacing?.maxWaitTime ?? null,
      ...input.settings,
      inbound_resource_group_id: input.inboundResourceGroupId ?? null,
      created_at: now,
      modified_at: now,
    }
    const id = await insertService(trx, row)
    await insertCallerIds(trx, clientId, id, callerIds)
    await upsertMessagingProperties(trx, clientId, id, Object.entries(input.messaging ?? {}).map(([key, value]) => ({ key, value })))
    await insertManyInboundHours(trx, (input.inboundHours ?? []).map((h) => ({
      client_id: clientId, service_id: id, day_of_week: h.dayOfWeek, date: h.date ?? null, start_time: h.startTime, end_time: h.endTime,
    })))
    await touchList(trx, clientId, 'services', now)
    await touchList(trx, clientId, 'callCenters', now)
    return id
  })
}

/** A campaign dialled on a Service; `lastActivityDate` drives the Delete Service 90-day rule. */
export async function provisionCampaign(db: Db, clientId: number, input: { serviceId: number; name: string; lastActivityDate: number | null }, now: number): Promise<number> {
  const { id } = await db.insertInto('campaigns').values({
    client_id: clientId, service_id: input.serviceId, name: input.name, last_activity_date: input.lastActivityDate, created_at: now,
  }).returning('id').executeTakeFirstOrThrow()
  return Number(id)
}

/**
 * A Resource Group: at most one per Service on the inbound side (services.md Related Objects:
 * `inboundResourceGroup` is one object), any number on the outbound side.
 */
export async function provisionResourceGroup(db: Db, clientId: number, input: { name: string; inbound?: number[]; outbound?: number[] }, now: number): Promise<number> {
  return inTransaction(db, async (trx) => {
    const { id } = await trx.insertInto('resource_groups').values({ client_id: clientId, name: input.name, created_at: now })
      .returning('id').executeTakeFirstOrThrow()
    const groupId = Number(id)
    if (input.inbound?.length) {
      await trx.updateTable('services').set({ inbound_resource_group_id: groupId })
        .where('client_id', '=', clientId).where('id', 'in', input.inbound).execute()
    }
    if (input.outbound?.length) {
      await trx.insertInto('service_outbound_resource_groups')
        .values(input.outbound.map((serviceId) => ({ client_id: clientId, service_id: serviceId, resource_group_id: groupId })))
        .execute()
    }
    return groupId
  })
}

export async function provisionInputFilter(db: Db, clientId: number, name: string, now: number): Promise<number> {
  const { id } = await db.insertInto('input_filters').values({ client_id: clientId, name, created_at: now })
    .returning('id').executeTakeFirstOrThrow()
  return Number(id)
}
