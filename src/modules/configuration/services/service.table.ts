import type { Generated, Insertable, Selectable, Updateable } from 'kysely'
import type {
  AcdScheduledCallback, AnsweringMachineOption, CallDirection, DayOfWeek, DialingSort,
  PacingMethod, PreviewDialAction, PreviewMode, ZipAreaMismatch,
} from './service.enums.ts'

/**
 * A Service (services.md); every Service belongs to one Call Center. The General, Phone,
 * Messaging, Pacing and Settings tabs are 1:1 and live in the row. Booleans are 0/1 (dialect.ts).
 * Columns with a database default are `Generated` so inserts may leave them out.
 */
export interface ServiceTable {
  id: Generated<number>
  client_id: number
  call_center_id: number
  name: string
  call_direction: CallDirection
  /** An AcdFeatureCode; typed as string as in the first draft, which fixtures elsewhere rely on. */
  acd_feature_code: string
  // General
  abbreviation: string | null
  unattended: Generated<number>
  term_code_enabled: Generated<number>
  inbound_service_id: number | null
  preview_mode: PreviewMode | null
  // Phone
  operator_phone: string | null
  callback_phone: string | null
  agent_call_in_number: string | null
  default_caller_id: string | null
  // Messaging
  default_input_filter_id: number | null
  // Pacing
  pacing_method: Generated<PacingMethod>
  pacing_throttle: Generated<number>
  pacing_max_wait_time: number | null
  // Settings
  screen_pop_id: number | null
  cycle_sort_daily: Generated<number>
  service_level_seconds: number | null
  dialing_profile_id: number | null
  dialing_restriction: number | null
  dialing_sort: DialingSort | null
  zip_area_mismatch: ZipAreaMismatch | null
  voice_id: number | null
  scrub_wireless: Generated<number>
  answering_machine_option: AnsweringMachineOption | null
  transfer_option_enabled: Generated<number>
  volume_control_enabled: Generated<number>
  acd_scheduled_callback_ph_readonly: Generated<number>
  acd_scheduled_callback: AcdScheduledCallback | null
  acd_scheduled_callback_preview_enabled: Generated<number>
  acd_ptp_enabled: Generated<number>
  preview_manual_allowed: Generated<number>
  preview_skip_allowed: Generated<number>
  preview_confirm_dial: Generated<number>
  preview_timeout: number | null
  preview_dial_action: PreviewDialAction | null
  call_recording_enabled: Generated<number>
  acct_realtime_dnc: Generated<number>
  call_acceptance_enabled: number | null
  call_acceptance_timeout: number | null
  caller_id_source_id: number | null
  callback_phone_source_id: number | null
  dial_toll_free: number | null
  lcid_package_id: number | null
  operator_phone_source_id: number | null
  manual_transfer_enabled: number | null
  agent_to_agent_transfer_enabled: number | null
  phonebook_transfer_enabled: number | null
  /** accountMaxAttemptsPerDay / contactMaxAttemptsPerDay. */
  contact_max_attempts_per_day: number | null
  /** leaveMessages / leaveNoMessages. */
  leave_no_messages: number | null
  /** crossRequeueable / isCrossRequeueable. */
  cross_requeueable: number | null
  // Relations
  inbound_resource_group_id: number | null
  created_at: number
  modified_at: number
}
export type ServiceRow = Selectable<ServiceTable>
export type NewServiceRow = Insertable<ServiceTable>
export type ServiceRowUpdate = Updateable<ServiceTable>

export interface ServiceCallerIdTable {
  id: Generated<number>
  client_id: number
  service_id: number
  caller_id: string
}

export interface ServiceMessagingPropertyTable {
  client_id: number
  service_id: number
  /** Lower-case key, e.g. `inbound_template_id`. */
  key: string
  value: string
}

export interface ServiceInboundHoursTable {
  id: Generated<number>
  client_id: number
  service_id: number
  day_of_week: DayOfWeek
  /** SPECIFIC_DATE only: epoch millis of Eastern midnight. */
  date: number | null
  /** Milliseconds after midnight, Eastern. */
  start_time: number
  end_time: number
}
export type ServiceInboundHoursRow = Selectable<ServiceInboundHoursTable>

/** Provisioned out of band (README §9). */
export interface CampaignTable {
  id: Generated<number>
  client_id: number
  service_id: number
  name: string
  last_activity_date: number | null
  created_at: number
}

export interface ResourceGroupTable {
  id: Generated<number>
  client_id: number
  name: string
  created_at: number
}

export interface ServiceOutboundResourceGroupTable {
  client_id: number
  service_id: number
  resource_group_id: number
}

export interface InputFilterTable {
  id: Generated<number>
  client_id: number
  name: string
  created_at: number
}

export interface ServiceTables {
  services: ServiceTable
  service_caller_ids: ServiceCallerIdTable
  service_messaging_properties: ServiceMessagingPropertyTable
  service_inbound_hours: ServiceInboundHoursTable
  campaigns: CampaignTable
  resource_groups: ResourceGroupTable
  service_outbound_resource_groups: ServiceOutboundResourceGroupTable
  input_filters: InputFilterTable
}
