import type { Kysely } from 'kysely'

/** Contact API tables (contacts.md): written by the Contact API issue. */
export async function up(_db: Kysely<any>): Promise<void> {}
