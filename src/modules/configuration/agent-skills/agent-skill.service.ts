import { inTransaction } from '../../../db/transaction.ts'
import { notFound } from '../../../http/errors.ts'
import type { RequestContext } from '../../access/context.ts'
import { reacher } from '../../access/reach.ts'
import { touchList } from '../../../db/list-modifications.ts'
import { listInfo } from '../../../http/list-info.ts'
import { pageSize } from '../../../http/paging.ts'
import type { ListInfoType, Paging } from '../../../http/schemas.ts'
import { clientForCreate, clientInScope } from '../../../http/visibility.ts'
import * as repo from './agent-skill.repository.ts'
import type { AgentSkillRow, AgentSkillRowUpdate } from './agent-skill.table.ts'
import type { AgentSkillDetailsType, CreateAgentSkillBodyType, UpdateAgentSkillBodyType } from './agent-skill.schemas.ts'

/** Direct access by id (access/reach.ts): every skill of the client is visible (README §7.3). */
const reachAgentSkill = reacher<AgentSkillRow>({ name: 'Agent skill', find: repo.findAgentSkill })

/** agents.md Create Agent Skill: `client` names the session's client or a descendant (403 otherwise). */
export async function createAgentSkill({ db, principal, clock }: RequestContext, client: number | undefined, body: CreateAgentSkillBodyType): Promise<{ id: number }> {
  const now = clock.now()
  const clientId = clientForCreate(principal, client)
  const id = await inTransaction(db, async (trx) => {
    const skillId = await repo.insertAgentSkill(trx, {
      client_id: clientId, name: body.name, description: body.description ?? '', created_at: now, modified_at: now,
    })
    await touchList(trx, clientId, 'agentSkills', now)
    return skillId
  })
  return { id }
}

/** agents.md List Agent Skills: ascending id; an unreachable `client` answers an empty list. */
export async function listAgentSkills({ db, principal }: RequestContext, query: Paging & { client?: number }): Promise<{ id: number; name: string }[]> {
  const clientId = clientInScope(principal, query.client)
  if (clientId === null) return []
  const rows = await repo.listAgentSkills(db, clientId, pageSize(query) + 1, query.offset)
  return rows.map((r) => ({ id: Number(r.id), name: r.name }))
}

/** agents.md Get Agent Skill List Info (README §6). */
export async function agentSkillListInfo({ db, principal }: RequestContext, client: number | undefined): Promise<ListInfoType> {
  const clientId = clientInScope(principal, client)
  return listInfo(db, clientId, 'agentSkills', clientId === null ? 0 : await repo.countAgentSkills(db, clientId))
}

/** agents.md Read Agent Skill, with the agents that have it. */
export async function readAgentSkill({ db, principal }: RequestContext, id: number): Promise<AgentSkillDetailsType> {
  const row = await reachAgentSkill(db, principal, id)
  const agent = await repo.listSkillAgents(db, row.client_id, row.id)
  return { agent, name: row.name, description: row.description, clientId: Number(row.client_id) }
}

/** agents.md Update Agent Skill: an empty body changes nothing (but the skill must exist). */
export async function updateAgentSkill({ db, principal, clock }: RequestContext, id: number, body: UpdateAgentSkillBodyType): Promise<void> {
  const now = clock.now()
  const row = await reachAgentSkill(db, principal, id)
  if (body.name === undefined && body.description === undefined) return
  const patch: AgentSkillRowUpdate = { modified_at: now }
  if (body.name !== undefined) patch.name = body.name
  if (body.description !== undefined) patch.description = body.description
  await inTransaction(db, async (trx) => {
    await repo.updateAgentSkill(trx, row.client_id, row.id, patch)
    await touchList(trx, row.client_id, 'agentSkills', now)
  })
}

/** agents.md Delete Agent Skill: the skill leaves every agent that had it. */
export async function deleteAgentSkill({ db, principal, clock }: RequestContext, id: number): Promise<void> {
  const now = clock.now()
  const row = await reachAgentSkill(db, principal, id)
  await inTransaction(db, async (trx) => {
    if (!(await repo.deleteAgentSkill(trx, row.client_id, row.id))) throw notFound('Agent skill', id)
    await touchList(trx, row.client_id, 'agentSkills', now)
  })
}
