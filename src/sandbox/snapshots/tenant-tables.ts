/**
 * Every table that holds a tenant's data, parents before children (the order rows are inserted
 * in; deletes run in reverse). Snapshots, resets and tenant deletion walk this list, so a new
 * tenant table must be added here: tenant-tables.test.ts compares it with the migrated schema.
 *
 * - `id`: the table has its own generated id (kept on restore, renumbered when a tenant is
 *   copied from the demo template).
 * - `refs`: columns holding another tenant table's id. Only values that are ids of the source
 *   tenant are renumbered on a copy; the rest are out-of-band ids (README §9: screen pops,
 *   dialing profiles ...) and are copied as they are.
 *
 * Not listed: sessions (never captured: a reset ends the tenant's sessions) and login_failures
 * (keyed by client code, cleared on reset; see tenant-rows.ts).
 */
export interface TenantTable {
  name: string
  id: boolean
  refs: Record<string, string>
}

const table = (name: string, id: boolean, refs: Record<string, string> = {}): TenantTable => ({ name, id, refs })

export const CLIENTS_TABLE = table('clients', true, { parent_id: 'clients' })

/** All tables scoped by client_id (clients itself is scoped by id and handled apart). */
export const TENANT_TABLES: readonly TenantTable[] = [
  table('client_messaging_properties', false),
  table('client_voices', false),
  table('access_tokens', true),
  table('users', true),
  table('list_modifications', false),
  table('resource_groups', true),
  table('input_filters', true),
  table('call_centers', true, { default_input_filter_id: 'input_filters' }),
  table('services', true, {
    call_center_id: 'call_centers', inbound_service_id: 'services', default_input_filter_id: 'input_filters',
    inbound_resource_group_id: 'resource_groups',
  }),
  table('user_services', false, { user_id: 'users', service_id: 'services' }),
  table('service_caller_ids', true, { service_id: 'services' }),
  table('service_messaging_properties', false, { service_id: 'services' }),
  table('service_inbound_hours', true, { service_id: 'services' }),
  table('service_outbound_resource_groups', false, { service_id: 'services', resource_group_id: 'resource_groups' }),
  table('campaigns', true, { service_id: 'services' }),
  table('agents', true),
  table('agent_services', false, { agent_id: 'agents', service_id: 'services' }),
  table('agent_skills', true),
  table('agent_skill_assignments', false, { agent_id: 'agents', agent_skill_id: 'agent_skills' }),
  table('contact_custom_fields', false),
  table('contact_groups', true),
  table('contacts', true, {
    group_id: 'contact_groups', agent_id: 'agents', initial_load_campaign_id: 'campaigns', last_load_campaign_id: 'campaigns',
  }),
  table('contact_notes', true, { contact_id: 'contacts' }),
  table('business_accounts', true, { campaign_id: 'campaigns', agent_id: 'agents' }),
  table('contact_business_accounts', false, { contact_id: 'contacts', business_account_id: 'business_accounts' }),
  table('contact_call_results', true, { contact_id: 'contacts' }),
]

/** Tables with data of no tenant or handled apart; the schema test accepts them (and each sandbox_shadow_<table>). */
export const NON_TENANT_TABLES = [
  'clients', 'sessions', 'login_failures', 'sandbox_snapshots', 'sandbox_tracked', 'sandbox_changes', 'kysely_migration', 'kysely_migration_lock',
]
