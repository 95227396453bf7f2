/**
 * Booleans are stored as 0/1 integers on both dialects: one representation, one mapping in
 * each module's toX(row), no dialect branches in repositories. In a module of its own, with no
 * imports, because the contact rows are also built in the bulk-body worker
 * (contact-bulk.body.ts), whose thread would otherwise load Kysely: ~17 MB of RSS for a thread
 * that never queries.
 */
export const flag = (value: boolean): number => (value ? 1 : 0)
export const isSet = (value: number | null | undefined): boolean => value === 1
