import { sql, type Kysely } from 'kysely'
import type { Database, Db } from '../../../db/database.ts'
import { escapeLike, likeInsensitive, orderedList } from '../../../db/dialect.ts'
import { preparedQuery, type Param } from '../../../db/prepared.ts'
import type { Principal } from '../../../http/auth.ts'
import type { AgentRow, AgentRowUpdate, NewAgentRow } from './agent.table.ts'

/** The columns List Agents and Find Matching Agents answer with. */
const listColumns = ['id', 'login_id', 'first_name', 'last_name', 'phone', 'active', 'last_login', 'last_login_ip'] as const
export type AgentListRow = Pick<AgentRow, (typeof listColumns)[number]>

export async function insertAgent(db: Db, row: NewAgentRow): Promise<number> {
  const { id } = await db.insertInto('agents').values(row).returning('id').executeTakeFirstOrThrow()
  return Number(id)
}

/** By id within the clients a session reaches by id (its own and, for some roles, descendants). */
const findAgentQuery = preparedQuery((db: Kysely<Database>, clientIds: readonly Param<number>[], id: Param<number>) =>
  db.selectFrom('agents').selectAll().where('client_id', 'in', clientIds).where('id', '=', id))

/** Read by id is the hottest read: compiled once (src/db/prepared.ts). */
export async function findAgent(db: Db, clientIds: readonly number[], id: number): Promise<AgentRow | undefined> {
  return (await findAgentQuery(db, clientIds, id))[0]
}

export async function findAgentIdByLoginId(db: Db, clientId: number, loginId: string): Promise<number | undefined> {
  const row = await db.selectFrom('agents').select('id').where('client_id', '=', clientId).where('login_id', '=', loginId).executeTakeFirst()
  return row?.id
}

export async function updateAgent(db: Db, clientId: number, id: number, patch: AgentRowUpdate): Promise<void> {
  await db.updateTable('agents').set(patch).where('client_id', '=', clientId).where('id', '=', id).execute()
}

/** Assignments go with the agent (foreign keys cascade; deleted here too so no pragma is relied on). */
export async function deleteAgent(db: Db, clientId: number, id: number): Promise<boolean> {
  await db.deleteFrom('agent_services').where('client_id', '=', clientId).where('agent_id', '=', id).execute()
  await db.deleteFrom('agent_skill_assignments').where('client_id', '=', clientId).where('agent_id', '=', id).execute()
  const result = await db.deleteFrom('agents').where('client_id', '=', clientId).where('id', '=', id).executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/** List Agents: loginId order (agents.md), read along the (client_id, login_id) index. */
export async function listAgents(db: Db, clientId: number, limit: number, offset: number): Promise<AgentListRow[]> {
  return listAgentsQuery(db, clientId, limit, offset)
}

/** A hot read like Read Agent: compiled once (src/db/prepared.ts). */
const listAgentsQuery = preparedQuery((db: Kysely<Database>, clientId: Param<number>, limit: Param<number>, offset: Param<number>) =>
  db.selectFrom('agents').select(listColumns)
    .where('client_id', '=', clientId)
    .orderBy('login_id').limit(limit).offset(offset))

export type AgentCriterion =
  | { kind: 'loginId'; text: string }
  | { kind: 'lastName'; text: string }
  | { kind: 'phone'; digits: string }

/**
 * Find Matching Agents. loginId and lastName match anywhere in the value, case-insensitively; a
 * phone number matches on its digits exactly (an indexed equality).
 */
export async function findMatchingAgents(db: Db, clientId: number, criterion: AgentCriterion, limit: number, offset: number): Promise<AgentListRow[]> {
  return db.selectFrom('agents').select(listColumns)
    .where('client_id', '=', clientId)
    .where((eb) => (criterion.kind === 'phone'
      ? eb('phone_digits', '=', criterion.digits)
      : eb.and([likeInsensitive(db, criterion.kind === 'loginId' ? 'login_id' : 'last_name', `%${escapeLike(criterion.text)}%`)])))
    .orderBy('login_id').limit(limit).offset(offset)
    .execute()
}

export async function countAgents(db: Db, clientId: number): Promise<number> {
  const { n } = await db.selectFrom('agents').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('client_id', '=', clientId).executeTakeFirstOrThrow()
  return Number(n)
}

/** The agent's Services the session may see (README §7.3: others are left out of lists), by id. */
/** The columns Read Agent shows (password hashes and history stay in the database). */
const detailColumns = [
  'agents.id', 'agents.client_id', 'agents.login_id', 'agents.first_name', 'agents.last_name', 'agents.phone',
  'agents.wrap_up_time', 'agents.home_agent', 'agents.active', 'agents.locked', 'agents.password_last_modified',
  'agents.last_login', 'agents.last_login_ip',
] as const
export type AgentDetailsRow = Pick<AgentRow, 'id' | 'client_id' | 'login_id' | 'first_name' | 'last_name' | 'phone'
  | 'wrap_up_time' | 'home_agent' | 'active' | 'locked' | 'password_last_modified' | 'last_login' | 'last_login_ip'>

const agentDetailsQuery = (db: Kysely<Database>, clientIds: readonly Param<number>[], id: Param<number>, serviceIds: readonly Param<number>[] | null) =>
  db.selectFrom('agents')
    .select(detailColumns)
    .select((eb) => [
      eb.selectFrom('agent_services as s')
        .select((sb) => orderedList(db, sb.ref('s.service_id'), sb.ref('s.service_id')).as('list'))
        .whereRef('s.client_id', '=', 'agents.client_id').whereRef('s.agent_id', '=', 'agents.id')
        .$if(serviceIds !== null, (qb) => qb.where('s.service_id', 'in', serviceIds!))
        .as('service_ids'),
      eb.selectFrom('agent_skill_assignments as k')
        .select((sb) => orderedList(db, sb.fn('concat', ['k.agent_skill_id', sql.lit(':'), 'k.proficiency']), sb.ref('k.agent_skill_id')).as('list'))
        .whereRef('k.client_id', '=', 'agents.client_id').whereRef('k.agent_id', '=', 'agents.id')
        .as('skills'),
    ])
    .where('agents.client_id', 'in', clientIds).where('agents.id', '=', id)
const agentDetailsAllServices = preparedQuery((db: Kysely<Database>, clientIds: readonly Param<number>[], id: Param<number>) =>
  agentDetailsQuery(db, clientIds, id, null))
const agentDetailsGrantedServices = preparedQuery((db: Kysely<Database>, clientIds: readonly Param<number>[], id: Param<number>, serviceIds: readonly Param<number>[]) =>
  agentDetailsQuery(db, clientIds, id, serviceIds))

export interface AgentDetails {
  row: AgentDetailsRow
  serviceIds: number[]
  skills: { id: number; proficiency: number }[]
}

/**
 * Read Agent in one statement: the agent with its visible Services and its skills as ordered lists
 * (three statements cost Read Agent a quarter of its throughput; it is the hottest read).
 */
export async function findAgentDetails(db: Db, principal: Principal, id: number): Promise<AgentDetails | undefined> {
  const granted = principal.serviceIds === null ? null : [...principal.serviceIds]
  const [found] = granted === null
    ? await agentDetailsAllServices(db, principal.clientIds, id)
    : await agentDetailsGrantedServices(db, principal.clientIds, id, granted.length === 0 ? [0] : granted)
  if (!found) return undefined
  const { service_ids: serviceList, skills: skillList, ...row } = found
  return {
    row,
    serviceIds: serviceList ? String(serviceList).split(',').map(Number) : [],
    skills: skillList ? String(skillList).split(',').map((pair) => {
      const [skillId, proficiency] = pair.split(':')
      return { id: Number(skillId), proficiency: Number(proficiency) }
    }) : [],
  }
}

const agentServicesQuery = (db: Kysely<Database>, clientId: Param<number>, agentId: Param<number>) => db.selectFrom('agent_services')
  .innerJoin('services', (j) => j.onRef('services.client_id', '=', 'agent_services.client_id').onRef('services.id', '=', 'agent_services.service_id'))
  .select(['services.id as id', 'services.call_center_id as call_center_id'])
  .where('agent_services.client_id', '=', clientId)
  .where('agent_services.agent_id', '=', agentId)
  .orderBy('services.id')
const allAgentServices = preparedQuery(agentServicesQuery)
const grantedAgentServices = preparedQuery((db: Kysely<Database>, clientId: Param<number>, agentId: Param<number>, serviceIds: readonly Param<number>[]) =>
  agentServicesQuery(db, clientId, agentId).where('agent_services.service_id', 'in', serviceIds))

/** The agent's Services the session may see (README §7.3). */
export async function listVisibleAgentServices(db: Db, clientId: number, agentId: number, principal: Principal): Promise<{ id: number; call_center_id: number }[]> {
  const visible = principal.serviceIds === null ? null : [...principal.serviceIds]
  if (visible !== null && visible.length === 0) return []
  const rows = visible === null
    ? await allAgentServices(db, clientId, agentId)
    : await grantedAgentServices(db, clientId, agentId, visible)
  return rows.map((r) => ({ id: Number(r.id), call_center_id: Number(r.call_center_id) }))
}

const agentSkillAssignmentsQuery = preparedQuery((db: Kysely<Database>, clientId: Param<number>, agentId: Param<number>) =>
  db.selectFrom('agent_skill_assignments')
    .select(['agent_skill_id', 'proficiency'])
    .where('client_id', '=', clientId).where('agent_id', '=', agentId)
    .orderBy('agent_skill_id'))

export async function listAgentSkillAssignments(db: Db, clientId: number, agentId: number): Promise<{ id: number; proficiency: number }[]> {
  const rows = await agentSkillAssignmentsQuery(db, clientId, agentId)
  return rows.map((r) => ({ id: Number(r.agent_skill_id), proficiency: r.proficiency }))
}

/** Services of the client among ids, with what the ACD rule needs. */
export async function findServices(db: Db, clientId: number, ids: readonly number[]): Promise<{ id: number; acd_feature_code: string }[]> {
  if (ids.length === 0) return []
  const rows = await db.selectFrom('services').select(['id', 'acd_feature_code'])
    .where('client_id', '=', clientId).where('id', 'in', ids).execute()
  return rows.map((r) => ({ id: Number(r.id), acd_feature_code: r.acd_feature_code }))
}

/** Assigning an assigned Service is a no-op (agents.md Update Agent Add Service). */
export async function insertAgentServices(db: Db, clientId: number, agentId: number, serviceIds: readonly number[]): Promise<void> {
  if (serviceIds.length === 0) return
  await db.insertInto('agent_services')
    .values(serviceIds.map((serviceId) => ({ client_id: clientId, agent_id: agentId, service_id: serviceId })))
    .onConflict((oc) => oc.columns(['client_id', 'agent_id', 'service_id']).doNothing())
    .execute()
}

export async function deleteAgentService(db: Db, clientId: number, agentId: number, serviceId: number): Promise<boolean> {
  const result = await db.deleteFrom('agent_services')
    .where('client_id', '=', clientId).where('agent_id', '=', agentId).where('service_id', '=', serviceId)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/** Assigns skills, or changes the proficiency of skills already assigned. */
export async function upsertAgentSkillAssignments(
  db: Db, clientId: number, agentId: number, skills: readonly { id: number; proficiency: number }[],
): Promise<void> {
  if (skills.length === 0) return
  await db.insertInto('agent_skill_assignments')
    .values(skills.map((s) => ({ client_id: clientId, agent_id: agentId, agent_skill_id: s.id, proficiency: s.proficiency })))
    .onConflict((oc) => oc.columns(['client_id', 'agent_id', 'agent_skill_id']).doUpdateSet((eb) => ({ proficiency: eb.ref('excluded.proficiency') })))
    .execute()
}

export async function deleteAgentSkillAssignment(db: Db, clientId: number, agentId: number, skillId: number): Promise<boolean> {
  const result = await db.deleteFrom('agent_skill_assignments')
    .where('client_id', '=', clientId).where('agent_id', '=', agentId).where('agent_skill_id', '=', skillId)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}
