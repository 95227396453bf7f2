import type { Insertable, Selectable } from 'kysely'

/** README §6: lastModified of each List Info list, per client. */
export interface ListModificationTable {
  client_id: number
  list_name: string
  last_modified: number
}
export type ListModificationRow = Selectable<ListModificationTable>
export type NewListModificationRow = Insertable<ListModificationTable>

export interface PlatformTables {
  list_modifications: ListModificationTable
}
