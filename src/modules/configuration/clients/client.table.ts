import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

/** A client (tenant) with the settings of clients.md; provisioned out of band (README §9). */
export interface ClientTable {
  id: Generated<number>
  parent_id: number | null
  /** Client Code as provisioned; login matches it case-insensitively through code_key. */
  code: string
  code_key: string
  display_name: string
  // Internal settings (clients.md Read Client Internal Settings)
  max_daily_attempts: number | null
  call_recording_days: number | null
  encrypt_ccs_password: number
  max_failed_ccs_login_attempts: number
  encrypt_acd_password: number
  max_failed_acd_login_attempts: number
  password_expiration_days: number
  // General settings (clients.md Read Client General Settings)
  default_screen_pop_id: number | null
  default_dialing_profile_id: number | null
  service_level_seconds: number
  restrict_strategies_scope: number
  default_strategy_id: number | null
  requeue_strategy_id: number | null
  default_contact_timing_id: number | null
  default_voice_id: number | null
  answering_machine_option: string | null
  scrub_wireless: number
  acd_resource_group_enabled: number
  acd_agent_skill_enabled: number
  acct_realtime_dnc: number
  lcid_package_id: number | null
  report_only_after_all_retries: number
  // Messaging settings
  default_input_filter_id: number | null
  created_at: number
}
export type ClientRow = Selectable<ClientTable>
export type NewClientRow = Insertable<ClientTable>
export type ClientRowUpdate = Updateable<ClientTable>

export interface ClientMessagingPropertyTable {
  client_id: number
  key: string
  value: string
}

export interface ClientVoiceTable {
  client_id: number
  voice_id: number
  /** Insertion order: Read Client Voice Pool lists voices in the order they were added. */
  position: number
}

export interface ClientTables {
  clients: ClientTable
  client_messaging_properties: ClientMessagingPropertyTable
  client_voices: ClientVoiceTable
}
