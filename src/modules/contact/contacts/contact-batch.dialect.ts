import type { Db } from '../../../db/database.ts'
import { dialectOf } from '../../../db/dialect.ts'
import { copyContactRows, copyContactUpdates } from './contact-copy.postgres.ts'

/**
 * How a batch of contacts reaches the table. PostgreSQL parses and plans every statement in its
 * own process, so a batch goes through COPY (contact-copy.postgres.ts); SQLite runs in this one
 * and prepares each statement once, so multi-row INSERTs and one UPDATE per contact are its
 * fastest route (contact.repository.ts). Null: the statements.
 */
export interface ContactBatchPath {
  insert: typeof copyContactRows
  update: typeof copyContactUpdates
}

const COPY: ContactBatchPath = { insert: copyContactRows, update: copyContactUpdates }

export function contactBatchPath(db: Db): ContactBatchPath | null {
  return dialectOf(db) === 'postgres' ? COPY : null
}
