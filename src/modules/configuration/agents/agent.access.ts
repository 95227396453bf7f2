import { access, Roles } from '../../../http/auth.ts'
import { errorSchema } from '../../../http/schemas.ts'

/**
 * agents.md "Roles": every Agent and Agent Skill method needs Sysadmin, IT User, Superuser or a
 * Manager with "Administer Agents" (AgentAdmin); four of them also allow Agent sessions (AgentRead).
 */
export const agentAdmin = access.withPower('ADMINISTER_AGENTS', ...Roles.configuration)
export const agentRead = access.withPower('ADMINISTER_AGENTS', ...Roles.configuration, 'AGENT')

/**
 * An error response documented with the seed's own example body (both key pairs, README §3.1).
 */
export function seedError(status: number, code: number, message: string) {
  return { [status]: errorSchema(status, { code, message }) }
}
