import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

/** callcenters.md "Stored object". */
export interface CallCenterTable {
  id: Generated<number>
  client_id: number
  name: string
  /** lower(name): names are unique per client, compared case-insensitively. */
  name_key: string
  manager_name: string | null
  billing_system: string | null
  default_input_filter_id: number | null
  open: number
  created_at: number
  modified_at: number
}
export type CallCenterRow = Selectable<CallCenterTable>
export type NewCallCenterRow = Insertable<CallCenterTable>
export type CallCenterRowUpdate = Updateable<CallCenterTable>

export interface CallCenterTables {
  call_centers: CallCenterTable
}
