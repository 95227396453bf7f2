import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

export interface AgentSkillTable {
  id: Generated<number>
  client_id: number
  name: string
  description: string
  created_at: number
  modified_at: number
}
export type AgentSkillRow = Selectable<AgentSkillTable>
export type NewAgentSkillRow = Insertable<AgentSkillTable>
export type AgentSkillRowUpdate = Updateable<AgentSkillTable>

/** An agent's skill with its proficiency 1..5. */
export interface AgentSkillAssignmentTable {
  client_id: number
  agent_id: number
  agent_skill_id: number
  proficiency: number
}

export interface AgentSkillTables {
  agent_skills: AgentSkillTable
  agent_skill_assignments: AgentSkillAssignmentTable
}
