import { invalidInput } from '../../http/errors.ts'

/** A phone number's digits: phones are matched on these alone (agents.md Find Matching Agents). */
export const digitsOf = (phone: string): string => phone.replace(/\D/g, '')

/** The one criterion of a principal search. */
export type PrincipalCriterion =
  | { kind: 'loginId'; text: string }
  | { kind: 'lastName'; text: string }
  | { kind: 'phone'; digits: string }

/**
 * Find Matching Agents and Find Matching LiveVox Users: users.md says "same semantics and error as
 * Find Matching Agents", so both read their body here. Exactly one criterion key may be present
 * (agents.md 400 row: "more than one criterion key present", so `phone` and `phoneNumber` together
 * are two; inconsistencies E5, E6). null: a phone number without digits, which matches nobody
 * (an empty list, not every principal whose phone has no digits).
 */
export function principalCriterion(body: { loginId?: string; lastName?: string; phoneNumber?: string; phone?: string }): PrincipalCriterion | null {
  const given = (['loginId', 'lastName', 'phoneNumber', 'phone'] as const).filter((key) => body[key] !== undefined && body[key] !== '')
  if (given.length !== 1) throw invalidInput('exactly one of phone, loginId or lastName is required')
  const key = given[0]
  const text = body[key]!
  if (key === 'loginId' || key === 'lastName') return { kind: key, text }
  const digits = digitsOf(text)
  return digits === '' ? null : { kind: 'phone', digits }
}
