import type { Db } from '../../db/database.ts'
import { checkPasswordRules, firstPassword, nextPassword, passwordStamp } from '../../lib/password-policy.ts'
import { principalTable, type PrincipalRef } from './principal.ts'
import type { PrincipalColumns } from './principal.table.ts'

/** The password columns users and agents share. */
export type PasswordColumns = Pick<PrincipalColumns, 'password_hash' | 'password_history' | 'password_last_modified'>

/** A new principal's password (Create Agent, Create LiveVox User): rules checked, history started. */
export async function firstCredentials(password: string, now: number): Promise<PasswordColumns> {
  const { hash, history } = await firstPassword(checkPasswordRules(password))
  return { password_hash: hash, password_history: history, password_last_modified: now }
}

/**
 * A changed password (Update Agent, Update LiveVox User, Change Password, `lvapi user set-password`):
 * rules (reported under `field`), none of the last passwords, and a new passwordLastModified.
 * Sessions compare that stamp to end themselves on every instance, so it moves even within one
 * millisecond (password-policy.ts passwordStamp).
 */
export async function changedCredentials(
  password: string | undefined, current: { password_history: string; password_last_modified: number | string }, now: number, field = 'password',
): Promise<PasswordColumns> {
  const { hash, history } = await nextPassword(checkPasswordRules(password, field), current.password_history)
  return { password_hash: hash, password_history: history, password_last_modified: passwordStamp(now, Number(current.password_last_modified)) }
}

/** Writes a changed password alone (Change Password); modified_at takes the new stamp. */
export async function writeCredentials(db: Db, principal: PrincipalRef, columns: PasswordColumns): Promise<void> {
  await db.updateTable(principalTable(principal.type))
    .set({ ...columns, modified_at: columns.password_last_modified })
    .where('client_id', '=', principal.clientId).where('id', '=', principal.id)
    .execute()
}
