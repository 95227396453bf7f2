import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'
import type { PrincipalColumns } from '../../identity/principal.table.ts'

/** An ACD agent (agents.md "Agent object"). */
export interface AgentTable extends PrincipalColumns {
  id: Generated<number>
  client_id: number
  /** Stored upper-case; unique per client. */
  login_id: string
  first_name: string
  last_name: string
  phone: string
  /**
   * phone without its non-digits: Find Matching Agents matches phone numbers on it exactly. The
   * agent service always writes it; it is optional on insert only for rows written around it.
   */
  phone_digits: ColumnType<string, string | undefined, string>
  wrap_up_time: number
  home_agent: number
  active: number
  created_at: number
  modified_at: number
}
export type AgentRow = Selectable<AgentTable>
export type NewAgentRow = Insertable<AgentTable>
export type AgentRowUpdate = Updateable<AgentTable>

/** Services assigned to an agent (ACD Services only); drives Agent-session visibility. */
export interface AgentServiceTable {
  client_id: number
  agent_id: number
  service_id: number
}

export interface AgentTables {
  agents: AgentTable
  agent_services: AgentServiceTable
}
