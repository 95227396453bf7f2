import { access } from '../../http/auth.ts'
import { errorSchema } from '../../http/schemas.ts'

/**
 * contacts.md "Roles": CWrite for the methods whose seed role line is "Sysadmin or Superuser",
 * CRead for the Contact API default (Sysadmin, Superuser, Manager). Agent sessions and IT Users
 * get 403 (custom fields have their own groups, custom-field.routes.ts).
 */
export const CWrite = access.roles('SYSADMIN', 'SUPERUSER')
export const CRead = access.roles('SYSADMIN', 'SUPERUSER', 'MANAGER')

/**
 * An error response documented with the seed's own example body, in the Contact API's
 * `{code, message}` shape (README §3.1).
 */
export function seedError(status: number, code: number, message: string) {
  return { [status]: errorSchema(status, { code, message }, 'contact') }
}
