import { access, Roles } from '../../../http/auth.ts'

/**
 * agents.md "Roles": every Agent and Agent Skill method needs Sysadmin, IT User, Superuser or a
 * Manager with "Administer Agents" (AgentAdmin); four of them also allow Agent sessions (AgentRead).
 */
export const agentAdmin = access.withPower('ADMINISTER_AGENTS', ...Roles.configuration)
export const agentRead = access.withPower('ADMINISTER_AGENTS', ...Roles.configuration, 'AGENT')
