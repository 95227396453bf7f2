/**
 * The columns Users and Agents have alike as principals (principal.ts): the password, lockout and
 * last login the identity module reads and writes on both tables the same way.
 */
export interface PrincipalColumns {
  locked: number
  failed_login_attempts: number
  password_hash: string
  /** JSON array of the previous password hashes, newest first (the last 4 are kept). */
  password_history: string
  password_last_modified: number
  last_login: number | null
  last_login_ip: string | null
}
