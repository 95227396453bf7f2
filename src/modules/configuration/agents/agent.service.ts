import type { Db } from '../../../db/database.ts'
import { isUniqueViolation } from '../../../db/db-errors.ts'
import { flag, isSet } from '../../../db/dialect.ts'
import { inTransaction } from '../../../db/transaction.ts'
import type { Principal } from '../../../http/auth.ts'
import { ApiError, Errors, forbidden, invalidInput, notFound } from '../../../http/errors.ts'
import type { RequestContext } from '../../access/context.ts'
import { reacher } from '../../access/reach.ts'
import { touchList } from '../../../db/list-modifications.ts'
import { listInfo } from '../../../http/list-info.ts'
import { pageSize } from '../../../http/paging.ts'
import type { ListInfoType, Paging } from '../../../http/schemas.ts'
import { canSeeService, clientForCreate, clientInScope } from '../../../http/visibility.ts'
import { checkPasswordRules } from '../../../lib/password-policy.ts'
import { changedCredentials, firstCredentials } from '../../identity/credentials.ts'
import { digitsOf, principalCriterion } from '../../identity/find-criterion.ts'
import { unlockedColumns } from '../../identity/lockout.ts'
import type { PrincipalRef } from '../../identity/principal.ts'
import { deletePrincipalSessions, evictSessions } from '../../identity/session-eviction.ts'
import { findAgentSkill, findAgentSkillIds } from '../agent-skills/agent-skill.repository.ts'
import * as repo from './agent.repository.ts'
import type { AgentListRow } from './agent.repository.ts'
import type {
  AgentDetailsType, AgentListItemType, AgentRelatedObjectsType, CreateAgentBodyType, FindMatchingAgentsBodyType,
  UpdateAgentBodyType,
} from './agent.schemas.ts'
import type { AgentRow, AgentRowUpdate } from './agent.table.ts'
import { isAcdService } from '../services/service.enums.ts'

const principalOf = (row: { client_id: number; id: number }): PrincipalRef => ({ clientId: row.client_id, type: 'AGENT', id: row.id })


export function toAgentListItem(row: AgentListRow): AgentListItemType {
  const item: AgentListItemType = {
    id: Number(row.id), loginId: row.login_id, firstName: row.first_name, lastName: row.last_name,
    phone: row.phone, active: isSet(row.active),
  }
  if (row.last_login !== null) item.lastLogin = row.last_login
  if (row.last_login_ip !== null) item.lastLoginIp = row.last_login_ip
  return item
}

export function toAgentDetails(row: repo.AgentDetailsRow, services: { id: number }[], skills: { id: number; proficiency: number }[]): AgentDetailsType {
  const details: AgentDetailsType = {
    assignedService: services.map((s) => ({ id: s.id })),
    assignedAgentSkill: skills,
    loginId: row.login_id,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    wrapUpTime: row.wrap_up_time,
    homeAgent: isSet(row.home_agent),
    active: isSet(row.active),
    locked: isSet(row.locked),
    passwordLastModified: row.password_last_modified,
  }
  if (row.last_login !== null) details.lastLogin = row.last_login
  if (row.last_login_ip !== null) details.lastLoginIp = row.last_login_ip
  return details
}

/** agents.md: proficiency is an integer 1..5 (Create Agent and Update Agent Add Agent Skill). */
function checkProficiency(proficiency: number): void {
  if (!Number.isInteger(proficiency) || proficiency < 1 || proficiency > 5) throw invalidInput('proficiency must be between 1 and 5')
}

/** Direct access by id (access/reach.ts): every agent of the client is visible (README §7.3). */
const reachAgent = reacher<AgentRow>({ name: 'Agent', find: repo.findAgent })

/**
 * The ACD rule and visibility for Services named in a request (agents.md "ACD Services" rule).
 * Every id is checked before anything is written, so a request naming one bad Service fails whole.
 */
async function checkAssignableServices(db: Db, principal: Principal, clientId: number, ids: readonly number[], missing: (id: number) => ApiError): Promise<void> {
  const found = new Map((await repo.findServices(db, clientId, ids)).map((s) => [s.id, s.acd_feature_code]))
  for (const id of ids) if (!found.has(id)) throw missing(id)
  for (const id of ids) if (!canSeeService(principal, id)) throw forbidden('service not visible to this session')
  for (const id of ids) if (!isAcdService(found.get(id)!)) throw new ApiError(Errors.IncorrectServiceType)
}

/** agents.md Create Agent: all or nothing. */
export async function createAgent({ principal, ...deps }: RequestContext, body: CreateAgentBodyType): Promise<{ id: number }> {
  const skills = body.assignedAgentSkill ?? []
  for (const skill of skills) checkProficiency(skill.proficiency)
  const seenSkills = new Set<number>()
  for (const skill of skills) {
    if (seenSkills.has(skill.id)) throw invalidInput(`agent skill ${skill.id} is listed twice`)
    seenSkills.add(skill.id)
  }
  const clientId = clientForCreate(principal, body.clientId)
  checkPasswordRules(body.password)
  // "all lowercase letters in the loginId will be converted to uppercase" (seed 003).
  const loginId = body.loginId.toUpperCase()
  const { db } = deps
  if (await repo.findAgentIdByLoginId(db, clientId, loginId)) throw invalidInput('loginId already exists')
  const serviceIds = [...new Set((body.assignedService ?? []).map((s) => s.id))]
  await checkAssignableServices(db, principal, clientId, serviceIds, (id) => invalidInput(`service ${id} not found`))
  const knownSkills = await findAgentSkillIds(db, clientId, skills.map((s) => s.id))
  for (const skill of skills) if (!knownSkills.has(skill.id)) throw invalidInput(`agent skill ${skill.id} not found`)

  const now = deps.clock.now()
  const credentials = await firstCredentials(body.password, now)
  try {
    const id = await inTransaction(db, async (trx) => {
      const agentId = await repo.insertAgent(trx, {
        client_id: clientId, login_id: loginId, first_name: body.firstName, last_name: body.lastName,
        phone: body.phone, phone_digits: digitsOf(body.phone), wrap_up_time: body.wrapUpTime,
        home_agent: flag(body.homeAgent), active: flag(body.active), ...unlockedColumns(), ...credentials,
        last_login: null, last_login_ip: null, created_at: now, modified_at: now,
      })
      await repo.insertAgentServices(trx, clientId, agentId, serviceIds)
      await repo.upsertAgentSkillAssignments(trx, clientId, agentId, skills)
      await touchList(trx, clientId, 'agents', now)
      return agentId
    })
    return { id }
  } catch (err) {
    // Two creates racing for one loginId: the unique key decides, with the same message.
    if (isUniqueViolation(err)) throw invalidInput('loginId already exists')
    throw err
  }
}

/** agents.md List Agents: another client's (or an unreachable) `client` answers an empty list. */
export async function listAgents({ db, principal }: RequestContext, query: Paging & { client?: number }): Promise<AgentListItemType[]> {
  const clientId = clientInScope(principal, query.client)
  if (clientId === null) return []
  const rows = await repo.listAgents(db, clientId, pageSize(query) + 1, query.offset)
  return rows.map(toAgentListItem)
}

/** agents.md Find Matching Agents. */
export async function findMatchingAgents({ db, principal }: RequestContext, query: Paging & { client?: number }, body: FindMatchingAgentsBodyType): Promise<AgentListItemType[]> {
  const criterion = principalCriterion(body)
  const clientId = clientInScope(principal, query.client)
  if (clientId === null || criterion === null) return []
  const rows = await repo.findMatchingAgents(db, clientId, criterion, pageSize(query) + 1, query.offset)
  return rows.map(toAgentListItem)
}

/** agents.md Get Agent List Info (README §6). */
export async function agentListInfo({ db, principal }: RequestContext, client: number | undefined): Promise<ListInfoType> {
  const clientId = clientInScope(principal, client)
  return listInfo(db, clientId, 'agents', clientId === null ? 0 : await repo.countAgents(db, clientId))
}

/** agents.md Read Agent: Services the session may not see are left out (README §7.3). */
export async function readAgent({ db, principal }: RequestContext, id: number): Promise<AgentDetailsType> {
  const found = await repo.findAgentDetails(db, principal, id)
  if (!found) throw notFound('Agent', id)
  return toAgentDetails(found.row, found.serviceIds.map((serviceId) => ({ id: serviceId })), found.skills)
}

/** agents.md Get Agent Related Objects: Call Centers are those of the agent's Services. */
export async function agentRelatedObjects({ db, principal }: RequestContext, id: number): Promise<AgentRelatedObjectsType> {
  const row = await reachAgent(db, principal, id)
  const services = await repo.listVisibleAgentServices(db, row.client_id, row.id, principal)
  const callCenterIds = [...new Set(services.map((s) => s.call_center_id))].sort((a, b) => a - b)
  return { callCenter: callCenterIds.map((ccId) => ({ id: ccId })), service: services.map((s) => ({ id: s.id })) }
}

const UPDATABLE_KEYS = ['firstName', 'lastName', 'password', 'phone', 'wrapUpTime', 'homeAgent', 'active', 'unlock'] as const

/**
 * agents.md Update Agent. loginId, Services and skills are not changed here (keys ignored). A new
 * password joins the history and ends the agent's sessions (README §2.3).
 */
export async function updateAgent({ principal, ...deps }: RequestContext, id: number, body: UpdateAgentBodyType): Promise<void> {
  if (!UPDATABLE_KEYS.some((key) => body[key] !== undefined)) throw invalidInput('at least one field is required')
  if (body.password !== undefined) checkPasswordRules(body.password)
  const { db } = deps
  const row = await reachAgent(db, principal, id)
  const now = deps.clock.now()
  const patch: AgentRowUpdate = {}
  if (body.firstName !== undefined) patch.first_name = body.firstName
  if (body.lastName !== undefined) patch.last_name = body.lastName
  if (body.phone !== undefined) {
    patch.phone = body.phone
    patch.phone_digits = digitsOf(body.phone)
  }
  if (body.wrapUpTime !== undefined) patch.wrap_up_time = body.wrapUpTime
  if (body.homeAgent !== undefined) patch.home_agent = flag(body.homeAgent)
  if (body.active !== undefined) patch.active = flag(body.active)
  if (body.unlock === true) Object.assign(patch, unlockedColumns())
  const passwordChanged = body.password !== undefined
  if (passwordChanged) Object.assign(patch, await changedCredentials(body.password, row, now))
  patch.modified_at = now
  const listChanged = ['firstName', 'lastName', 'phone', 'active'].some((key) => body[key as keyof UpdateAgentBodyType] !== undefined)
  await inTransaction(db, async (trx) => {
    await repo.updateAgent(trx, row.client_id, row.id, patch)
    // session.md Login rule 2: deactivation ends the agent's sessions at once (a reactivation must not revive them).
    if (passwordChanged || body.active === false) await deletePrincipalSessions(trx, principalOf(row))
    if (listChanged) await touchList(trx, row.client_id, 'agents', now)
  })
  if (passwordChanged || body.active === false) evictSessions(deps.sessions, principalOf(row))
}

/** agents.md Delete Agent: assignments and sessions go with it. */
export async function deleteAgent({ principal, ...deps }: RequestContext, id: number): Promise<void> {
  const row = await reachAgent(deps.db, principal, id)
  const now = deps.clock.now()
  await inTransaction(deps.db, async (trx) => {
    await deletePrincipalSessions(trx, principalOf(row))
    if (!(await repo.deleteAgent(trx, row.client_id, row.id))) throw notFound('Agent', id)
    await touchList(trx, row.client_id, 'agents', now)
  })
  evictSessions(deps.sessions, principalOf(row))
}

/** agents.md Update Agent Add Agent Skill: assigns, or changes the proficiency of an assigned skill. */
export async function addAgentSkill({ db, principal }: RequestContext, agentId: number, skillId: number, proficiency: number): Promise<void> {
  checkProficiency(proficiency)
  const agent = await reachAgent(db, principal, agentId)
  const skill = await findAgentSkill(db, [agent.client_id], skillId)
  if (!skill) throw notFound('Agent skill', skillId)
  await repo.upsertAgentSkillAssignments(db, agent.client_id, agent.id, [{ id: skillId, proficiency }])
}

/** agents.md Update Agent Remove Agent Skill. */
export async function removeAgentSkill({ db, principal }: RequestContext, agentId: number, skillId: number): Promise<void> {
  const agent = await reachAgent(db, principal, agentId)
  if (!(await findAgentSkill(db, [agent.client_id], skillId))) throw notFound('Agent skill', skillId)
  if (!(await repo.deleteAgentSkillAssignment(db, agent.client_id, agent.id, skillId))) {
    throw new ApiError(Errors.NotFound, `Agent skill not assigned [ID:${skillId}]`)
  }
}

/** agents.md Update Agent Add Service: ACD Services visible to the caller; assigning twice is a no-op. */
export async function addAgentService({ principal, ...deps }: RequestContext, agentId: number, serviceId: number): Promise<void> {
  const agent = await reachAgent(deps.db, principal, agentId)
  await checkAssignableServices(deps.db, principal, agent.client_id, [serviceId], (id) => notFound('Service', id))
  await repo.insertAgentServices(deps.db, agent.client_id, agent.id, [serviceId])
  // README §2.3: the agent's sessions see the Service within seconds; on this instance at once.
  evictSessions(deps.sessions, principalOf(agent))
}

/** agents.md Update Agent Remove Service. */
export async function removeAgentService({ principal, ...deps }: RequestContext, agentId: number, serviceId: number): Promise<void> {
  const agent = await reachAgent(deps.db, principal, agentId)
  if ((await repo.findServices(deps.db, agent.client_id, [serviceId])).length === 0) throw notFound('Service', serviceId)
  if (!canSeeService(principal, serviceId)) throw forbidden('service not visible to this session')
  if (!(await repo.deleteAgentService(deps.db, agent.client_id, agent.id, serviceId))) {
    throw new ApiError(Errors.NotFound, `Service not assigned [ID:${serviceId}]`)
  }
  evictSessions(deps.sessions, principalOf(agent))
}
