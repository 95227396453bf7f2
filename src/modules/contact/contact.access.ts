import { access } from '../../http/auth.ts'

/**
 * contacts.md "Roles": CWrite for the methods whose seed role line is "Sysadmin or Superuser",
 * CRead for the Contact API default (Sysadmin, Superuser, Manager). Agent sessions and IT Users
 * get 403 (custom fields have their own groups, custom-field.routes.ts).
 */
export const CWrite = access.roles('SYSADMIN', 'SUPERUSER')
export const CRead = access.roles('SYSADMIN', 'SUPERUSER', 'MANAGER')
