import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

export type UserRole = 'SYSADMIN' | 'SUPERUSER' | 'IT_USER' | 'MANAGER'

/** A LiveVox (portal) User, users.md. */
export interface UserTable {
  id: Generated<number>
  client_id: number
  login_id: string
  first_name: string
  last_name: string
  role: UserRole
  email: string | null
  phone: string | null
  active: number
  locked: number
  failed_login_attempts: number
  password_hash: string
  /** JSON array of the previous password hashes, newest first (the last 4 are kept). */
  password_history: string
  password_last_modified: number
  /** JSON arrays of strings (users.md optionalManagerPowers / optionalExcludedPowers). */
  optional_manager_powers: string
  optional_excluded_powers: string
  last_login: number | null
  last_login_ip: string | null
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
