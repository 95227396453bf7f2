/** Contact API tables (contacts.md); filled in by the Contact API issue. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ContactTables {}
