import type { Db } from '../../../db/database.ts'
import { flag, isSet } from '../../../db/dialect.ts'
import { inTransaction } from '../../../db/transaction.ts'
import type { Principal } from '../../../http/auth.ts'
import { ApiError, Errors, invalidInput, missingField, notFound } from '../../../http/errors.ts'
import type { RequestContext } from '../../access/context.ts'
import { reacher } from '../../access/reach.ts'
import { touchList } from '../../../db/list-modifications.ts'
import { listInfo } from '../../../http/list-info.ts'
import { pageSize } from '../../../http/paging.ts'
import type { ListInfoType } from '../../../http/schemas.ts'
import { canSeeService, clientInScope } from '../../../http/visibility.ts'
import { hasService } from '../call-centers/call-center.repository.ts'
import { parseEasternDate } from '../../../lib/eastern-time.ts'
import type { AcdFeatureCode } from './service.enums.ts'
import {
  callCenterHasServices, clearInboundServiceReferences, countVisibleServices, deleteCallerId, deleteInboundHours,
  deleteService as deleteServiceRow, findInboundHours, findService, hasCampaignActiveSince, insertCallerIds,
  insertInboundHours, insertManyInboundHours, insertService, listCallerIds, listInboundHours, listMessagingProperties,
  listOutboundResourceGroupIds, listServiceAgentIds, listServiceCampaignIds, listServices as listServiceRows,
  searchServices, serviceExists, updateInboundHours, updateService, upsertMessagingProperties,
} from './service.repository.ts'
import type {
  AddInboundHoursBodyType, CreateServiceQueryType, FindServicesBodyType, FindServicesQueryType,
  ListServicesQueryType, MessagingPropertyQueryType, ServiceGeneralType, ServiceSettingsType,
  UpdateInboundHoursBodyType, UpdateServiceGeneralBodyType, UpdateServicePhoneBodyType,
  UpdateServiceSettingsBodyType,
} from './service.schemas.ts'
import type { ServiceInboundHoursRow, ServiceRow, ServiceRowUpdate } from './service.table.ts'

const DAY_MS = 86_400_000
/** Delete Service: refused while a campaign was active within this window (seed 001). */
export const CAMPAIGN_RETENTION_MS = 90 * DAY_MS

/** Direct access by id (access/reach.ts): Managers and Agents reach only their Services (README §7.3). */
const reachService = reacher<ServiceRow>({
  name: 'Service',
  find: findService,
  refuse: (_db, principal, row) => (canSeeService(principal, row.id) ? null : 'service not visible to this session'),
})

/**
 * A Service named in a body (services.md Update Service: "an existing Service of the client",
 * 400/202 otherwise). One the session may not see answers exactly as an unknown id does (README
 * §7.3, issue 10 item 10): a Manager must neither link a Service it cannot see nor learn, from
 * a different answer, which ids exist. The existence query runs either way, so the two cases
 * also take the same time.
 */
async function requireReferencedService(db: Db, principal: Principal, service: ServiceRow, field: string, id: number): Promise<void> {
  const exists = await serviceExists(db, service.client_id, id)
  if (!exists || !canSeeService(principal, id)) throw invalidInput(`${field} ${id} not found`)
}

/**
 * Any change to a Service or its tabs bumps the Services list's lastModified: clients poll
 * Get Service List Info to decide whether their copy of the Services is stale.
 */
async function touchServices(trx: Db, clientId: number, now: number): Promise<void> {
  await touchList(trx, clientId, 'services', now)
}

// Shaping (the only place rows become vendor JSON)

const bool = (value: number | null): boolean | null => (value === null ? null : isSet(value))

export function toServiceGeneral(row: ServiceRow): ServiceGeneralType {
  return {
    serviceId: row.id,
    name: row.name,
    callCenterId: row.call_center_id,
    abbreviation: row.abbreviation,
    unattended: isSet(row.unattended),
    termCodeEnabled: isSet(row.term_code_enabled),
    acdFeatureCode: row.acd_feature_code as AcdFeatureCode,
    inboundService: row.inbound_service_id,
    callDirection: row.call_direction,
    previewMode: row.preview_mode,
  }
}

/** Read Service Settings: deprecated and new names of each pair carry one stored value (README §10). */
export function toServiceSettings(row: ServiceRow): ServiceSettingsType {
  return {
    serviceId: row.id,
    name: row.name,
    callCenterId: row.call_center_id,
    screenPopId: row.screen_pop_id,
    cycleSortDaily: isSet(row.cycle_sort_daily),
    serviceLevelSeconds: row.service_level_seconds,
    accountMaxAttemptsPerDay: row.contact_max_attempts_per_day,
    dialingProfileId: row.dialing_profile_id,
    dialingRestriction: row.dialing_restriction,
    dialingSort: row.dialing_sort,
    zipAreaMismatch: row.zip_area_mismatch,
    voiceId: row.voice_id,
    scrubWireless: isSet(row.scrub_wireless),
    answeringMachineOption: row.answering_machine_option,
    transferOptionEnabled: isSet(row.transfer_option_enabled),
    crossRequeueable: bool(row.cross_requeueable),
    volumeControlEnabled: isSet(row.volume_control_enabled),
    acdScheduledCallbackPhReadonly: isSet(row.acd_scheduled_callback_ph_readonly),
    acdScheduledCallback: row.acd_scheduled_callback,
    acdScheduledCallbackPreviewEnabled: isSet(row.acd_scheduled_callback_preview_enabled),
    acdPtpEnabled: isSet(row.acd_ptp_enabled),
    previewManualAllowed: isSet(row.preview_manual_allowed),
    previewSkipAllowed: isSet(row.preview_skip_allowed),
    previewConfirmDial: isSet(row.preview_confirm_dial),
    previewTimeout: row.preview_timeout,
    previewDialAction: row.preview_dial_action,
    callRecordingEnabled: isSet(row.call_recording_enabled),
    acctRealtimeDnc: isSet(row.acct_realtime_dnc),
    leaveMessages: bool(row.leave_no_messages),
    callerIdSourceId: row.caller_id_source_id,
    callbackPhoneSourceId: row.callback_phone_source_id,
    dialTollFree: bool(row.dial_toll_free),
    lcidPackageId: row.lcid_package_id,
    operatorPhoneSourceId: row.operator_phone_source_id,
    manualTransferEnabled: bool(row.manual_transfer_enabled),
    agentToAgentTransferEnabled: bool(row.agent_to_agent_transfer_enabled),
    phonebookTransferEnabled: bool(row.phonebook_transfer_enabled),
    callAcceptanceEnabled: bool(row.call_acceptance_enabled),
    callAcceptanceTimeout: row.call_acceptance_timeout,
    leaveNoMessages: bool(row.leave_no_messages),
    contactMaxAttemptsPerDay: row.contact_max_attempts_per_day,
    isCrossRequeueable: bool(row.cross_requeueable),
  }
}

function toInboundHour(row: ServiceInboundHoursRow) {
  return {
    id: row.id,
    dayOfWeek: row.day_of_week,
    ...(row.day_of_week === 'SPECIFIC_DATE' && row.date !== null ? { date: row.date } : {}),
    startTime: row.start_time,
    endTime: row.end_time,
  }
}

// Create / Delete

/**
 * Create Service copies the source into its Call Center under the new name: General, Phone,
 * Settings, Messaging, Pacing and inbound hours (new ids); no agents, campaigns, resource
 * groups or user grants (services.md Create Service rules).
 */
export async function createService({ db, principal, clock }: RequestContext, query: CreateServiceQueryType): Promise<{ id: number }> {
  const now = clock.now()
  const source = await reachService(db, principal, query.service)
  // Later vendor editions: an inbound Service cannot be created through the API (inconsistencies.md C19).
  if (source.call_direction === 'INBOUND') throw invalidInput('an inbound service cannot be created through the API')
  return inTransaction(db, async (trx) => {
    const { id: sourceId, client_id: clientId, created_at: _c, modified_at: _m, inbound_resource_group_id: _g, ...copied } = source
    const id = await insertService(trx, {
      ...copied, client_id: clientId, name: query.name, inbound_resource_group_id: null, created_at: now, modified_at: now,
    })
    await insertCallerIds(trx, clientId, id, await listCallerIds(trx, clientId, sourceId))
    await upsertMessagingProperties(trx, clientId, id, await listMessagingProperties(trx, clientId, sourceId))
    const hours = await listInboundHours(trx, clientId, sourceId)
    await insertManyInboundHours(trx, hours.map((h) => ({
      client_id: clientId, service_id: id, day_of_week: h.day_of_week, date: h.date, start_time: h.start_time, end_time: h.end_time,
    })))
    await touchServices(trx, clientId, now)
    return { id }
  })
}

/**
 * Delete Service: refused while a campaign was active in the past 90 days (seed 001). Hours,
 * caller ids, properties, campaigns and agent/user grants go with it; other Services' inbound
 * links to it are cleared (services.md Delete Service).
 */
export async function deleteService({ db, principal, clock }: RequestContext, id: number): Promise<void> {
  const now = clock.now()
  const row = await reachService(db, principal, id)
  await inTransaction(db, async (trx) => {
    if (await hasCampaignActiveSince(trx, row.client_id, id, now - CAMPAIGN_RETENTION_MS)) {
      throw new ApiError(Errors.InvalidInput, 'Cannot delete service [campaigns associated in the past 90 days]')
    }
    await clearInboundServiceReferences(trx, row.client_id, id, now)
    await deleteServiceRow(trx, row.client_id, id)
    await touchServices(trx, row.client_id, now)
    // Its Call Center drops out of List Call Centers when this was its last Service.
    if (!(await hasService(trx, row.client_id, row.call_center_id))) await touchList(trx, row.client_id, 'callCenters', now)
  })
}

// Lists

export async function findMatchingServices({ db, principal }: RequestContext, query: FindServicesQueryType, body: FindServicesBodyType) {
  const clientId = clientInScope(principal, query.client)
  if (clientId === null) return []
  const rows = await searchServices(db, principal, clientId, {
    callDirection: body.callDirection,
    acdFeature: body.acdFeature,
    // An empty list restricts nothing, like an absent one (and `IN ()` is not SQL).
    callCenterIds: body.callCenter?.length ? body.callCenter.map((c) => c.id) : undefined,
    unattended: body.attended === null || body.attended === undefined ? undefined : body.attended === 'UNATTENDED',
  }, pageSize(query) + 1, query.offset)
  return rows.map((r) => ({ serviceId: r.id, name: r.name, callCenterId: r.call_center_id, acdFeatureCode: r.acd_feature_code as AcdFeatureCode }))
}

/**
 * List Services: an empty list when the session sees none of the Call Center's Services, but
 * "Unauthorized" when the Call Center has none at all (seed 001; inconsistencies.md C5). An
 * unknown Call Center is treated as one without Services (services.md).
 */
export async function listServices({ db, principal }: RequestContext, query: ListServicesQueryType) {
  const rows = await listServiceRows(db, principal, query.callCenter, pageSize(query) + 1, query.offset)
  if (rows.length === 0 && !(await callCenterHasServices(db, principal.clientIds, query.callCenter))) {
    throw new ApiError(Errors.Forbidden, 'Unauthorized [call center has no services]')
  }
  return rows.map((r) => ({ serviceId: r.id, name: r.name, callCenterId: r.call_center_id }))
}

/** Get Service List Info: `{"size":0}` rather than an error when nothing is visible (seed 001). */
export async function getServiceListInfo({ db, principal }: RequestContext, callCenterId: number): Promise<ListInfoType> {
  const row = await countVisibleServices(db, principal, callCenterId)
  const size = Number(row?.size ?? 0)
  if (!row || size === 0) return { size: 0 }
  return listInfo(db, row.client_id, 'services', size)
}

export async function getServiceRelated({ db, principal }: RequestContext, id: number) {
  const row = await reachService(db, principal, id)
  const [agents, campaigns, outbound] = await Promise.all([
    listServiceAgentIds(db, row.client_id, id),
    listServiceCampaignIds(db, row.client_id, id),
    listOutboundResourceGroupIds(db, row.client_id, id),
  ])
  return {
    callCenter: { id: row.call_center_id },
    agent: agents.map((a) => ({ id: a })),
    campaign: campaigns.map((c) => ({ id: c })),
    ...(row.inbound_resource_group_id === null ? {} : { inboundResourceGroup: { id: row.inbound_resource_group_id } }),
    outboundResourceGroup: outbound.map((g) => ({ id: g })),
  }
}

// Reads

export async function readServiceGeneral({ db, principal }: RequestContext, id: number): Promise<ServiceGeneralType> {
  return toServiceGeneral(await reachService(db, principal, id))
}

export async function readServiceSettings({ db, principal }: RequestContext, id: number): Promise<ServiceSettingsType> {
  return toServiceSettings(await reachService(db, principal, id))
}

export async function readServicePacing({ db, principal }: RequestContext, id: number) {
  const row = await reachService(db, principal, id)
  return { method: row.pacing_method, throttle: row.pacing_throttle, maxWaitTime: row.pacing_max_wait_time }
}

export async function readServicePhone({ db, principal }: RequestContext, id: number) {
  const row = await reachService(db, principal, id)
  return {
    callerId: await listCallerIds(db, row.client_id, id),
    serviceId: row.id,
    name: row.name,
    callCenterId: row.call_center_id,
    operatorPhone: row.operator_phone,
    callbackPhone: row.callback_phone,
    agentCallInNumber: row.agent_call_in_number,
    defaultCallerId: row.default_caller_id,
  }
}

export async function readServiceMessaging({ db, principal }: RequestContext, id: number) {
  const row = await reachService(db, principal, id)
  return { property: await listMessagingProperties(db, row.client_id, id), defaultInputFilterId: row.default_input_filter_id }
}

export async function readServiceInboundHours({ db, principal }: RequestContext, id: number) {
  const row = await reachService(db, principal, id)
  return { inboundHour: (await listInboundHours(db, row.client_id, id)).map(toInboundHour) }
}

// Updates

/** Writes a patch of the Service row (with modified_at) and bumps the list, atomically. */
async function writeService(db: Db, row: ServiceRow, patch: ServiceRowUpdate, now: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    await updateService(trx, row.client_id, row.id, { ...patch, modified_at: now })
    await touchServices(trx, row.client_id, now)
  })
}

export async function updateServiceGeneral({ db, principal, clock }: RequestContext, id: number, body: UpdateServiceGeneralBodyType): Promise<void> {
  const now = clock.now()
  const row = await reachService(db, principal, id)
  const patch: ServiceRowUpdate = {}
  if (body.name != null) patch.name = body.name
  if (body.abbreviation != null) patch.abbreviation = body.abbreviation
  if (body.unattended != null) patch.unattended = flag(body.unattended)
  if (body.termCodeEnabled != null) patch.term_code_enabled = flag(body.termCodeEnabled)
  if (body.acdFeatureCode != null) patch.acd_feature_code = body.acdFeatureCode
  if (body.callDirection != null) patch.call_direction = body.callDirection
  if (body.previewMode != null) patch.preview_mode = body.previewMode
  if (body.inboundService != null) {
    await requireReferencedService(db, principal, row, 'inboundService', body.inboundService)
    patch.inbound_service_id = body.inboundService
  }
  if (Object.keys(patch).length === 0) return
  await writeService(db, row, patch, now)
}

export async function updateServicePhone({ db, principal, clock }: RequestContext, id: number, body: UpdateServicePhoneBodyType): Promise<void> {
  const now = clock.now()
  const row = await reachService(db, principal, id)
  const patch: ServiceRowUpdate = {}
  if (body.operatorPhone != null) patch.operator_phone = body.operatorPhone
  if (body.callbackPhone != null) patch.callback_phone = body.callbackPhone
  if (body.agentCallInNumber != null) patch.agent_call_in_number = body.agentCallInNumber
  if (body.defaultCallerId != null) {
    // Only selects among existing caller IDs; adding one is Update Service Add Caller ID (seed 001).
    if (!(await listCallerIds(db, row.client_id, id)).includes(body.defaultCallerId)) {
      throw invalidInput('defaultCallerId is not a caller ID of the service')
    }
    patch.default_caller_id = body.defaultCallerId
  }
  if (Object.keys(patch).length === 0) return
  await writeService(db, row, patch, now)
}

const CALLER_ID = /^\d{1,20}$/

function checkCallerId(callerId: string): void {
  if (!CALLER_ID.test(callerId)) throw invalidInput('callerId must be a phone number of 1 to 20 digits')
}

/**
 * Update Service Add Caller ID: adding a present number is a no-op except that `default=true`
 * still selects it; the first number of a Service without a default becomes the default
 * (services.md rules).
 */
export async function addCallerId({ db, principal, clock }: RequestContext, id: number, callerId: string, makeDefault: boolean): Promise<void> {
  const now = clock.now()
  checkCallerId(callerId)
  const row = await reachService(db, principal, id)
  await inTransaction(db, async (trx) => {
    const present = (await listCallerIds(trx, row.client_id, id)).includes(callerId)
    const setDefault = (makeDefault || row.default_caller_id === null) && row.default_caller_id !== callerId
    if (present && !setDefault) return
    if (!present) await insertCallerIds(trx, row.client_id, id, [callerId])
    await updateService(trx, row.client_id, id, { ...(setDefault ? { default_caller_id: callerId } : {}), modified_at: now })
    await touchServices(trx, row.client_id, now)
  })
}

/** Removing the default caller ID leaves the Service without one (services.md). */
export async function removeCallerId({ db, principal, clock }: RequestContext, id: number, callerId: string): Promise<void> {
  const now = clock.now()
  checkCallerId(callerId)
  const row = await reachService(db, principal, id)
  await inTransaction(db, async (trx) => {
    if (!(await deleteCallerId(trx, row.client_id, id, callerId))) {
      throw new ApiError(Errors.NotFound, `Caller ID not found [${callerId}]`)
    }
    await updateService(trx, row.client_id, id, {
      ...(row.default_caller_id === callerId ? { default_caller_id: null } : {}), modified_at: now,
    })
    await touchServices(trx, row.client_id, now)
  })
}

/** Stored under the lower-case key that Read Service Messaging returns (services.md). */
export async function setMessagingProperty({ db, principal, clock }: RequestContext, id: number, query: MessagingPropertyQueryType): Promise<void> {
  const now = clock.now()
  const row = await reachService(db, principal, id)
  await inTransaction(db, async (trx) => {
    await upsertMessagingProperties(trx, row.client_id, id, [{ key: query.property.toLowerCase(), value: query.value }])
    await updateService(trx, row.client_id, id, { modified_at: now })
    await touchServices(trx, row.client_id, now)
  })
}

/**
 * Update Service Settings. Each deprecated/new pair is one setting and the new name wins when
 * both are sent (services.md rule 2); `lcidPackageId` and `callAcceptanceTimeout` may be
 * cleared with an explicit null (rule 3); every other null means "unchanged" (README §4).
 */
export async function updateServiceSettings({ db, principal, clock }: RequestContext, id: number, body: UpdateServiceSettingsBodyType): Promise<void> {
  const now = clock.now()
  const row = await reachService(db, principal, id)
  const patch: ServiceRowUpdate = {}
  const flags = {
    cycleSortDaily: 'cycle_sort_daily', scrubWireless: 'scrub_wireless', volumeControlEnabled: 'volume_control_enabled',
    acdScheduledCallbackPhReadonly: 'acd_scheduled_callback_ph_readonly', acdPtpEnabled: 'acd_ptp_enabled',
    previewManualAllowed: 'preview_manual_allowed', previewSkipAllowed: 'preview_skip_allowed',
    previewConfirmDial: 'preview_confirm_dial', callRecordingEnabled: 'call_recording_enabled',
    acctRealtimeDnc: 'acct_realtime_dnc', callAcceptanceEnabled: 'call_acceptance_enabled', dialTollFree: 'dial_toll_free',
  } as const satisfies Partial<Record<keyof UpdateServiceSettingsBodyType, keyof ServiceRowUpdate>>
  for (const [key, column] of Object.entries(flags) as [keyof typeof flags, (typeof flags)[keyof typeof flags]][]) {
    const value = body[key]
    if (value != null) patch[column] = flag(value)
  }
  const values = {
    serviceLevelSeconds: 'service_level_seconds', dialingSort: 'dialing_sort', zipAreaMismatch: 'zip_area_mismatch',
    voiceId: 'voice_id', answeringMachineOption: 'answering_machine_option', acdScheduledCallback: 'acd_scheduled_callback',
    previewTimeout: 'preview_timeout', previewDialAction: 'preview_dial_action', callerIdSourceId: 'caller_id_source_id',
    callbackPhoneSourceId: 'callback_phone_source_id', operatorPhoneSourceId: 'operator_phone_source_id',
  } as const satisfies Partial<Record<keyof UpdateServiceSettingsBodyType, keyof ServiceRowUpdate>>
  for (const [key, column] of Object.entries(values) as [keyof typeof values, (typeof values)[keyof typeof values]][]) {
    const value = body[key]
    if (value != null) (patch as Record<string, unknown>)[column] = value
  }
  if (body.lcidPackageId !== undefined) patch.lcid_package_id = body.lcidPackageId
  if (body.callAcceptanceTimeout !== undefined) patch.call_acceptance_timeout = body.callAcceptanceTimeout
  const attempts = body.contactMaxAttemptsPerDay ?? body.accountMaxAttemptsPerDay
  if (attempts != null) patch.contact_max_attempts_per_day = attempts
  const leaveNoMessages = body.leaveNoMessages ?? body.leaveMessages
  if (leaveNoMessages != null) patch.leave_no_messages = flag(leaveNoMessages)
  const crossRequeueable = body.isCrossRequeueable ?? body.crossRequeueable
  if (crossRequeueable != null) patch.cross_requeueable = flag(crossRequeueable)
  if (Object.keys(patch).length === 0) return
  await writeService(db, row, patch, now)
}

// Inbound hours

function checkHoursRange(startTime: number, endTime: number): void {
  if (startTime >= endTime) throw invalidInput('startTime must be before endTime')
}

/** Inbound hours apply only to Services that take inbound calls (inconsistencies.md C17). */
export async function addInboundHours({ db, principal, clock }: RequestContext, id: number, body: AddInboundHoursBodyType): Promise<{ id: number }> {
  const now = clock.now()
  let date: number | null = null
  if (body.dayOfWeek === 'SPECIFIC_DATE') {
    if (body.date === undefined || body.date === null || body.date === '') throw missingField('date')
    date = parseEasternDate(body.date)
    if (date === null) throw invalidInput(`date ${body.date} is not a calendar day`)
  }
  checkHoursRange(body.startTime, body.endTime)
  const row = await reachService(db, principal, id)
  if (row.call_direction === 'OUTBOUND') throw invalidInput('inbound hours apply only to INBOUND or BLENDED services')
  return inTransaction(db, async (trx) => {
    const hoursId = await insertInboundHours(trx, {
      client_id: row.client_id, service_id: id, day_of_week: body.dayOfWeek, date, start_time: body.startTime, end_time: body.endTime,
    })
    await updateService(trx, row.client_id, id, { modified_at: now })
    await touchServices(trx, row.client_id, now)
    return { id: hoursId }
  })
}

async function reachInboundHours(db: Db, row: ServiceRow, hoursId: number): Promise<ServiceInboundHoursRow> {
  const hours = await findInboundHours(db, row.client_id, row.id, hoursId)
  if (!hours) throw notFound('Inbound hours', hoursId)
  return hours
}

export async function updateInboundHoursEntry({ db, principal, clock }: RequestContext, id: number, hoursId: number, body: UpdateInboundHoursBodyType): Promise<void> {
  const now = clock.now()
  if (body.startTime == null && body.endTime == null) throw missingField('startTime or endTime')
  const row = await reachService(db, principal, id)
  const hours = await reachInboundHours(db, row, hoursId)
  const startTime = body.startTime ?? hours.start_time
  const endTime = body.endTime ?? hours.end_time
  checkHoursRange(startTime, endTime)
  await inTransaction(db, async (trx) => {
    await updateInboundHours(trx, row.client_id, hoursId, { start_time: startTime, end_time: endTime })
    await updateService(trx, row.client_id, id, { modified_at: now })
    await touchServices(trx, row.client_id, now)
  })
}

export async function removeInboundHours({ db, principal, clock }: RequestContext, id: number, hoursId: number): Promise<void> {
  const now = clock.now()
  const row = await reachService(db, principal, id)
  await inTransaction(db, async (trx) => {
    if (!(await deleteInboundHours(trx, row.client_id, id, hoursId))) throw notFound('Inbound hours', hoursId)
    await updateService(trx, row.client_id, id, { modified_at: now })
    await touchServices(trx, row.client_id, now)
  })
}
