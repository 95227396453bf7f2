import { Type } from '@sinclair/typebox'
import { STATUS_CODES } from 'node:http'
import { access } from '../../http/auth.ts'
import { ErrorBody } from '../../http/schemas.ts'

/**
 * contacts.md "Roles": CWrite for the methods whose seed role line is "Sysadmin or Superuser",
 * CRead for the Contact API default (Sysadmin, Superuser, Manager). Agent sessions and IT Users
 * get 403 (custom fields have their own groups, custom-field.routes.ts).
 */
export const CWrite = access.roles('SYSADMIN', 'SUPERUSER')
export const CRead = access.roles('SYSADMIN', 'SUPERUSER', 'MANAGER')

/**
 * An error response documented with the seed's own example body (both key pairs, README §3.1),
 * ErrorBody inlined because the OpenAPI generator drops examples beside a $ref.
 */
export function seedError(status: number, code: number, message: string) {
  return {
    [status]: Type.Object(ErrorBody.properties, {
      description: STATUS_CODES[status],
      examples: [{ code, message, errorCode: code, errorMessage: message }],
    }),
  }
}
