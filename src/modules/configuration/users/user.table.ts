import type { Generated, Insertable, Selectable, Updateable } from 'kysely'
import type { PrincipalColumns } from '../../identity/principal.table.ts'

export type UserRole = 'SYSADMIN' | 'SUPERUSER' | 'IT_USER' | 'MANAGER'

/** A LiveVox (portal) User, users.md. */
export interface UserTable extends PrincipalColumns {
  id: Generated<number>
  client_id: number
  login_id: string
  first_name: string
  last_name: string
  role: UserRole
  email: string | null
  phone: string | null
  active: number
  /** JSON arrays of strings (users.md optionalManagerPowers / optionalExcludedPowers). */
  optional_manager_powers: string
  optional_excluded_powers: string
  created_at: number
  modified_at: number
}
export type UserRow = Selectable<UserTable>
export type NewUserRow = Insertable<UserTable>
export type UserRowUpdate = Updateable<UserTable>

/** Services a user may access (Update LiveVox User Add Service); drives Manager visibility. */
export interface UserServiceTable {
  client_id: number
  user_id: number
  service_id: number
}

export interface UserTables {
  users: UserTable
  user_services: UserServiceTable
}
