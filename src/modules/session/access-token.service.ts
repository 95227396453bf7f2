import type { Db } from '../../db/database.ts'
import { inTransaction } from '../../db/transaction.ts'
import { ApiError, Errors } from '../../http/errors.ts'
import { randomAlphanumeric, sha256Hex } from '../../lib/secrets.ts'

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

/** Provisions an LV-Access token (bootstrap, `lvapi token add`); only its SHA-256 is stored (README §2.2). */
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
  const digest = sha256Hex(value)
  const existing = await db.selectFrom('access_tokens').select('id').where('token_digest', '=', digest).where('client_id', '=', clientId).executeTakeFirst()
  if (existing) throw new ApiError(Errors.InvalidInput, 'Invalid input [the client already has this access token]')
  await db.insertInto('access_tokens').values({ client_id: clientId, token_digest: digest, legacy_hash: null, created_at: now }).execute()
  return value
}

export interface AccessTokenInfo {
  id: number
  createdDate: number
  /**
   * First 12 hex digits of the token's SHA-256 (`printf %s "$TOKEN" | sha256sum`): tells tokens
   * apart without showing them. null for a token stored before migration 0008 and not used since.
   */
  fingerprint: string | null
}

/** `lvapi token list`: what an operator needs to pick a token to revoke; never the token. */
export async function listAccessTokens(db: Db, clientId: number): Promise<AccessTokenInfo[]> {
  const rows = await db.selectFrom('access_tokens').select(['id', 'created_at', 'token_digest'])
    .where('client_id', '=', clientId).orderBy('id').execute()
  return rows.map((r) => ({ id: r.id, createdDate: r.created_at, fingerprint: r.token_digest ? r.token_digest.slice(0, 12) : null }))
}

/** `lvapi token revoke`: the token stops logging in and the sessions opened with it end. */
export async function revokeAccessToken(db: Db, clientId: number, id: number): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    await trx.deleteFrom('sessions').where('client_id', '=', clientId).where('access_token_id', '=', id).execute()
    const result = await trx.deleteFrom('access_tokens').where('client_id', '=', clientId).where('id', '=', id).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  })
}
