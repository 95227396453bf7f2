import type { Db } from '../../../db/database.ts'
import { flag } from '../../../db/dialect.ts'
import { inTransaction } from '../../../db/transaction.ts'
import { invalidInput } from '../../../http/errors.ts'
import { touchList } from '../../../http/list-info.ts'
import { checkPasswordRules, firstPassword } from '../../../lib/password-policy.ts'
import type { UserRole } from './user.table.ts'
import { findUserByLoginId, insertUser } from './user.repository.ts'
import { POWER_LABELS, toManagerPower } from './user.powers.ts'

export interface NewUser {
  loginId: string
  firstName: string
  lastName: string
  password: string
  role: UserRole
  email?: string | null
  phone?: string | null
  active?: boolean
  optionalManagerPowers?: string[]
  optionalExcludedPowers?: string[]
}

/** Stores powers under their canonical names (README §7.2), dropping unknown ones. */
export function canonicalPowers(names: readonly string[]): string[] {
  const out = new Set<string>()
  for (const name of names) {
    const power = toManagerPower(name)
    if (power) out.add(POWER_LABELS[power])
  }
  return [...out]
}

/** Creates a LiveVox User (Create LiveVox User, bootstrap, `lvapi user add`). */
export async function createUser(db: Db, clientId: number, input: NewUser, now: number): Promise<number> {
  checkPasswordRules(input.password)
  if (await findUserByLoginId(db, clientId, input.loginId)) throw invalidInput('loginId already exists')
  const { hash, history } = await firstPassword(input.password)
  return inTransaction(db, async (trx) => {
    const id = await insertUser(trx, {
      client_id: clientId,
      login_id: input.loginId,
      first_name: input.firstName,
      last_name: input.lastName,
      role: input.role,
      email: input.email ?? null,
      phone: input.phone ?? null,
      active: flag(input.active ?? true),
      locked: flag(false),
      failed_login_attempts: 0,
      password_hash: hash,
      password_history: history,
      password_last_modified: now,
      optional_manager_powers: JSON.stringify(canonicalPowers(input.optionalManagerPowers ?? [])),
      optional_excluded_powers: JSON.stringify((input.optionalExcludedPowers ?? []).map((p) => p.toLowerCase())),
      last_login: null,
      last_login_ip: null,
      created_at: now,
      modified_at: now,
    })
    await touchList(trx, clientId, 'users', now)
    return id
  })
}
