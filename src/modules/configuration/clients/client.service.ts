import type { Db } from '../../../db/database.ts'
import { isSet } from '../../../db/dialect.ts'
import type { Principal } from '../../../http/auth.ts'
import type { RequestContext } from '../../access/context.ts'
import { reacher } from '../../access/reach.ts'
import { invalidInput, notFound } from '../../../http/errors.ts'
import { isVoiceTalent } from './client.catalog.ts'
import {
  deleteClientVoice, findClient, insertClientVoice, listClientMessagingProperties, listClientVoiceIds,
} from './client.repository.ts'
import type {
  ClientGeneralSettingsType, ClientInternalSettingsType, ClientMessagingSettingsType, ClientVoicePoolType,
} from './client.schemas.ts'
import type { ClientRow } from './client.table.ts'

/**
 * clients.md "Client selection": no id → the session's client. An id reaches the session's client
 * and, for Sysadmin / IT User, its descendants (README §7.3 direct access by id); any other id is
 * reported exactly like a client that does not exist.
 */
export function selectClient(principal: Principal, id: number | undefined): number {
  if (id === undefined) return principal.clientId
  if (!principal.clientIds.includes(id)) throw notFound('Client', id)
  return id
}

/** Direct access by id (access/reach.ts) with the same rule as selectClient; no id → the session's client. */
const reachClient = reacher<ClientRow>({
  name: 'Client',
  find: async (db, clientIds, id) => (clientIds.includes(id) ? findClient(db, id) : undefined),
})
const loadClient = (db: Db, principal: Principal, id: number | undefined): Promise<ClientRow> => reachClient(db, principal, id ?? principal.clientId)

export function toInternalSettings(row: ClientRow): ClientInternalSettingsType {
  return {
    maxDailyAttempts: row.max_daily_attempts,
    callRecordingDays: row.call_recording_days,
    encryptCcsPassword: isSet(row.encrypt_ccs_password),
    maxFailedCcsLoginAttempts: row.max_failed_ccs_login_attempts,
    encryptAcdPassword: isSet(row.encrypt_acd_password),
    maxFailedAcdLoginAttempts: row.max_failed_acd_login_attempts,
    passwordExpirationDays: row.password_expiration_days,
  }
}

export function toGeneralSettings(row: ClientRow): ClientGeneralSettingsType {
  return {
    displayName: row.display_name,
    clientCode: row.code,
    defaultScreenPopId: row.default_screen_pop_id,
    defaultDialingProfileId: row.default_dialing_profile_id,
    serviceLevelSeconds: row.service_level_seconds,
    restrictStrategiesScope: isSet(row.restrict_strategies_scope),
    defaultStrategyId: row.default_strategy_id,
    requeueStrategyId: row.requeue_strategy_id,
    defaultContactTimingId: row.default_contact_timing_id,
    defaultVoiceId: row.default_voice_id,
    answeringMachineOption: row.answering_machine_option as ClientGeneralSettingsType['answeringMachineOption'],
    scrubWireless: isSet(row.scrub_wireless),
    acdResourceGroupEnabled: isSet(row.acd_resource_group_enabled),
    acdAgentSkillEnabled: isSet(row.acd_agent_skill_enabled),
    acctRealtimeDnc: isSet(row.acct_realtime_dnc),
    lcidPackageId: row.lcid_package_id,
    reportOnlyAfterAllRetries: isSet(row.report_only_after_all_retries),
  }
}

/** clients.md Read Client Internal Settings. */
export async function readClientInternalSettings({ db, principal }: RequestContext, id?: number): Promise<ClientInternalSettingsType> {
  return toInternalSettings(await loadClient(db, principal, id))
}

/** clients.md Read Client General Settings. */
export async function readClientGeneralSettings({ db, principal }: RequestContext, id?: number): Promise<ClientGeneralSettingsType> {
  return toGeneralSettings(await loadClient(db, principal, id))
}

/** clients.md Read Client Messaging Settings. */
export async function readClientMessagingSettings({ db, principal }: RequestContext, id?: number): Promise<ClientMessagingSettingsType> {
  const row = await loadClient(db, principal, id)
  const property = await listClientMessagingProperties(db, row.id)
  return { property, defaultInputFilterId: row.default_input_filter_id }
}

/** clients.md Read Client Voice Pool Settings. */
export async function readClientVoicePool({ db, principal }: RequestContext, id?: number): Promise<ClientVoicePoolType> {
  const clientId = selectClient(principal, id)
  const voiceIds = await listClientVoiceIds(db, clientId)
  return { voice: voiceIds.map((voiceId) => ({ id: voiceId })) }
}

/** Only the catalogue's voices exist for the pool (clients.md "Voice talents"). */
function checkVoice(voiceId: number): void {
  if (!isVoiceTalent(voiceId)) throw invalidInput(`voice ${voiceId}`)
}

/** clients.md Update Client Add Voice: adding a pooled voice is a successful no-op. */
export async function addClientVoice({ db, principal }: RequestContext, client: number | undefined, voiceId: number): Promise<void> {
  checkVoice(voiceId)
  await insertClientVoice(db, selectClient(principal, client), voiceId)
}

/** clients.md Update Client Remove Voice: a voice that is not in the pool is not found. */
export async function removeClientVoice({ db, principal }: RequestContext, client: number | undefined, voiceId: number): Promise<void> {
  checkVoice(voiceId)
  if (!(await deleteClientVoice(db, selectClient(principal, client), voiceId))) throw notFound('Voice', voiceId)
}
