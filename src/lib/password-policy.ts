import { ApiError, Errors, missingField } from '../http/errors.ts'
import { hashSecret, verifySecret } from './secrets.ts'

/** How many passwords a principal may not reuse (agents.md: "previous 4", inconsistencies E2). */
export const PASSWORD_HISTORY = 4

const invalidPassword = (rule: string) => new ApiError(Errors.InvalidPassword, `Invalid password [${rule}]`)

/** agents.md "Password rules", shared by agents, users and Change Password. */
export function checkPasswordRules(password: string | undefined | null, field = 'password'): string {
  if (password === undefined || password === null || password === '') throw missingField(field)
  if (password.length < 8) throw invalidPassword('Password must be at least 8 characters long')
  if (!/\d/.test(password)) throw invalidPassword('Password must contain at least 1 digit')
  return password
}

/**
 * History holds the hashes of the last PASSWORD_HISTORY passwords, the current one first.
 * Returns the new hash and history, or refuses a reused password.
 */
export async function nextPassword(password: string, historyJson: string): Promise<{ hash: string; history: string }> {
  const history = JSON.parse(historyJson) as string[]
  for (const old of history.slice(0, PASSWORD_HISTORY)) {
    if (await verifySecret(password, old)) throw invalidPassword(`Password cannot match any of the previous ${PASSWORD_HISTORY} passwords`)
  }
  const hash = await hashSecret(password)
  return { hash, history: JSON.stringify([hash, ...history].slice(0, PASSWORD_HISTORY)) }
}

/** First password of a new principal. */
export async function firstPassword(password: string): Promise<{ hash: string; history: string }> {
  const hash = await hashSecret(password)
  return { hash, history: JSON.stringify([hash]) }
}

/**
 * passwordLastModified of a new password. It must differ from the previous value, because
 * sessions compare it to end themselves on a change, even within the same millisecond.
 */
export function passwordStamp(now: number, previous: number): number {
  return Math.max(now, previous + 1)
}
