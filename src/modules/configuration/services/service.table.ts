import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

/** A Service (services.md); every Service belongs to one Call Center. */
export interface ServiceTable {
  id: Generated<number>
  client_id: number
  call_center_id: number
  name: string
  call_direction: 'INBOUND' | 'OUTBOUND' | 'BLENDED'
  acd_feature_code: string
  created_at: number
  modified_at: number
}
export type ServiceRow = Selectable<ServiceTable>
export type NewServiceRow = Insertable<ServiceTable>
export type ServiceRowUpdate = Updateable<ServiceTable>

export interface ServiceTables {
  services: ServiceTable
}
