import type { Db } from '../../../db/database.ts'
import type { AgentSkillRow, AgentSkillRowUpdate, NewAgentSkillRow } from './agent-skill.table.ts'

export async function insertAgentSkill(db: Db, row: NewAgentSkillRow): Promise<number> {
  const { id } = await db.insertInto('agent_skills').values(row).returning('id').executeTakeFirstOrThrow()
  return Number(id)
}

/** By id within the clients a session reaches by id. */
export async function findAgentSkill(db: Db, clientIds: readonly number[], id: number): Promise<AgentSkillRow | undefined> {
  return db.selectFrom('agent_skills').selectAll().where('client_id', 'in', clientIds).where('id', '=', id).executeTakeFirst()
}

/** Which of ids are skills of the client. */
export async function findAgentSkillIds(db: Db, clientId: number, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set()
  const rows = await db.selectFrom('agent_skills').select('id').where('client_id', '=', clientId).where('id', 'in', ids).execute()
  return new Set(rows.map((r) => Number(r.id)))
}

/** List Agent Skills: ascending id (agents.md). */
export async function listAgentSkills(db: Db, clientId: number, limit: number, offset: number): Promise<{ id: number; name: string }[]> {
  return db.selectFrom('agent_skills').select(['id', 'name'])
    .where('client_id', '=', clientId).orderBy('id').limit(limit).offset(offset).execute()
}

export async function countAgentSkills(db: Db, clientId: number): Promise<number> {
  const { n } = await db.selectFrom('agent_skills').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('client_id', '=', clientId).executeTakeFirstOrThrow()
  return Number(n)
}

/** The agents having the skill, ascending agent id (agents.md Read Agent Skill). */
export async function listSkillAgents(db: Db, clientId: number, skillId: number): Promise<{ id: number; proficiency: number }[]> {
  const rows = await db.selectFrom('agent_skill_assignments').select(['agent_id', 'proficiency'])
    .where('client_id', '=', clientId).where('agent_skill_id', '=', skillId).orderBy('agent_id').execute()
  return rows.map((r) => ({ id: Number(r.agent_id), proficiency: r.proficiency }))
}

export async function updateAgentSkill(db: Db, clientId: number, id: number, patch: AgentSkillRowUpdate): Promise<void> {
  await db.updateTable('agent_skills').set(patch).where('client_id', '=', clientId).where('id', '=', id).execute()
}

/** The skill leaves every agent that had it (agents.md Delete Agent Skill). */
export async function deleteAgentSkill(db: Db, clientId: number, id: number): Promise<boolean> {
  await db.deleteFrom('agent_skill_assignments').where('client_id', '=', clientId).where('agent_skill_id', '=', id).execute()
  const result = await db.deleteFrom('agent_skills').where('client_id', '=', clientId).where('id', '=', id).executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}
