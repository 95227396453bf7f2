import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { millisType, type AnyKysely } from '../dialect.ts'

/**
 * Session API hardening (issue 10 items 3-5, 8).
 *
 * access_tokens: README §2.2 wants an O(1) lookup with no password-grade hash, so a token is now
 * stored as the SHA-256 of its value (token_digest, indexed). Rows written before this migration
 * hold salted scrypt hashes, which cannot be turned into digests without the token itself: they
 * move to legacy_hash and are upgraded lazily the first time their token logs in
 * (session.service.ts). token_hash is dropped so no code can keep reading it.
 *
 * sessions: session_key is the non-secret handle List Active Sessions shows instead of other
 * principals' session ids (session.md "Secrecy"): stable, derived from the id, never usable as
 * LV-Session.
 *
 * login_failures: failed-attempt counts of login names that match no User or Agent, so that an
 * unknown name locks after as many failures as a real one and "account locked" reveals nothing
 * about which names exist (issue 10 item 8; real principals keep their count on their own row).
 */
export async function up(db: AnyKysely): Promise<void> {
  await db.schema.alterTable('access_tokens').addColumn('token_digest', 'text').execute()
  await db.schema.alterTable('access_tokens').addColumn('legacy_hash', 'text').execute()
  await sql`UPDATE access_tokens SET legacy_hash = token_hash`.execute(db)
  await db.schema.alterTable('access_tokens').dropColumn('token_hash').execute()
  await db.schema.createIndex('access_tokens_token_digest_idx').on('access_tokens').columns(['token_digest', 'client_id']).unique().execute()

  await db.schema.alterTable('sessions').addColumn('session_key', 'text').execute()
  const sessions = await db.selectFrom('sessions').select('id').execute()
  for (const { id } of sessions) {
    await db.updateTable('sessions').set({ session_key: sessionKeyOf(id as string) }).where('id', '=', id).execute()
  }
  await db.schema.createIndex('sessions_client_id_session_key_idx').on('sessions').columns(['client_id', 'session_key']).execute()

  await db.schema.createTable('login_failures')
    .addColumn('client_key', 'text', (c) => c.notNull())
    .addColumn('principal_type', 'text', (c) => c.notNull())
    .addColumn('login_key', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', millisType, (c) => c.notNull())
    .addPrimaryKeyConstraint('login_failures_pk', ['client_key', 'principal_type', 'login_key'])
    .execute()
}

/** Same derivation as session.service.ts sessionKeyOf; copied so the migration never changes with it. */
function sessionKeyOf(sessionId: string): string {
  return createHash('sha256').update(`lvapi session key\0${sessionId}`).digest('base64url').slice(0, 22)
}
