import type { Db } from '../../../db/database.ts'
import { flag } from '../../../db/dialect.ts'
import { ApiError, Errors } from '../../../http/errors.ts'
import { findClient, findClientByCode, insertClient } from './client.repository.ts'

export interface ProvisionClientInput {
  code: string
  name?: string
  parentId?: number
}

/**
 * Creates a client out of band (README §9: bootstrap and `lvapi client add`). Settings start at
 * the seed example's values (clients.md): Users lock after 5 failed logins, Agents never,
 * passwords never expire, serviceLevelSeconds 20, every mandatory Boolean false.
 */
export async function provisionClient(db: Db, input: ProvisionClientInput, now: number): Promise<number> {
  const code = input.code.trim()
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(code)) throw new ApiError(Errors.InvalidInput, `Invalid input [client code ${input.code}]`)
  if (await findClientByCode(db, code)) throw new ApiError(Errors.InvalidInput, `Invalid input [client code ${code} already exists]`)
  if (input.parentId !== undefined && !(await findClient(db, input.parentId))) {
    throw new ApiError(Errors.NotFound, `Client not found [ID:${input.parentId}]`)
  }
  return insertClient(db, {
    parent_id: input.parentId ?? null,
    code,
    code_key: code.toUpperCase(),
    display_name: input.name?.trim() || code,
    max_daily_attempts: 0,
    call_recording_days: 30,
    encrypt_ccs_password: flag(true),
    max_failed_ccs_login_attempts: 5,
    encrypt_acd_password: flag(true),
    max_failed_acd_login_attempts: 0,
    password_expiration_days: 0,
    default_screen_pop_id: null,
    default_dialing_profile_id: null,
    service_level_seconds: 20,
    restrict_strategies_scope: flag(false),
    default_strategy_id: null,
    requeue_strategy_id: null,
    default_contact_timing_id: null,
    default_voice_id: null,
    answering_machine_option: null,
    scrub_wireless: flag(false),
    acd_resource_group_enabled: flag(false),
    acd_agent_skill_enabled: flag(false),
    acct_realtime_dnc: flag(false),
    lcid_package_id: null,
    report_only_after_all_retries: flag(false),
    default_input_filter_id: null,
    created_at: now,
  })
}
