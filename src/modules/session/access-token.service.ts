import type { Db } from '../../db/database.ts'
import { ApiError, Errors } from '../../http/errors.ts'
import { hashSecret, randomAlphanumeric } from '../../lib/secrets.ts'

/** README §2.2: a client may hold up to 5 access tokens. */
export const MAX_TOKENS_PER_CLIENT = 5

/**
 * README §2.2 token format: 8 to 128 letters, digits, '-', '_' and '.', compared exactly. The
 * vendor issues hyphenated UUIDs, and an integration moved to lvapi keeps its configured token.
 */
export const ACCESS_TOKEN_PATTERN = '^[A-Za-z0-9._-]{8,128}$'
const accessTokenFormat = new RegExp(ACCESS_TOKEN_PATTERN)

export function isAccessTokenFormat(value: string): boolean {
  return accessTokenFormat.test(value)
}

/** Provisions an LV-Access token (bootstrap, `lvapi token add`); only its hash is stored. */
export async function addAccessToken(db: Db, clientId: number, now: number, token?: string): Promise<string> {
  const value = token ?? randomAlphanumeric(32)
  if (!isAccessTokenFormat(value)) {
    throw new ApiError(Errors.InvalidInput, "Invalid input [access token must be 8 to 128 letters, digits, '-', '_' or '.']")
  }
  const { n } = await db.selectFrom('access_tokens').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('client_id', '=', clientId).executeTakeFirstOrThrow()
  if (Number(n) >= MAX_TOKENS_PER_CLIENT) {
    throw new ApiError(Errors.InvalidInput, `Invalid input [a client may have at most ${MAX_TOKENS_PER_CLIENT} access tokens]`)
  }
  await db.insertInto('access_tokens').values({ client_id: clientId, token_hash: await hashSecret(value), created_at: now }).execute()
  return value
}
