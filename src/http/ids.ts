/**
 * Largest id a JSON number carries exactly (README §1.3). Apart from schemas.ts, which re-exports
 * it, so that contact.input.ts reaches it without TypeBox: the bulk-body worker
 * (contact-bulk.body.ts) checks contact details, and TypeBox is ~12 MB of RSS in its thread.
 */
export const MAX_ID = Number.MAX_SAFE_INTEGER
