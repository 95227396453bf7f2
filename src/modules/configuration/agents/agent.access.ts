import { Type } from '@sinclair/typebox'
import { STATUS_CODES } from 'node:http'
import { access, Roles } from '../../../http/auth.ts'
import { ErrorBody } from '../../../http/schemas.ts'

/**
 * agents.md "Roles": every Agent and Agent Skill method needs Sysadmin, IT User, Superuser or a
 * Manager with "Administer Agents" (AgentAdmin); four of them also allow Agent sessions (AgentRead).
 */
export const agentAdmin = access.withPower('ADMINISTER_AGENTS', ...Roles.configuration)
export const agentRead = access.withPower('ADMINISTER_AGENTS', ...Roles.configuration, 'AGENT')

/**
 * An error response documented with the seed's own example body (both key pairs, README §3.1).
 * The schema is ErrorBody inlined: the OpenAPI generator drops examples that sit beside a $ref.
 */
export function seedError(status: number, code: number, message: string) {
  return {
    [status]: Type.Object(ErrorBody.properties, {
      description: STATUS_CODES[status],
      examples: [{ code, message, errorCode: code, errorMessage: message }],
    }),
  }
}
