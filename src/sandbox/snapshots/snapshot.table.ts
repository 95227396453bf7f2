import type { Generated } from 'kysely'

/**
 * The snapshot catalogue (migration 0011); the rows themselves are in sandbox_shadow_<table>
 * under the snapshot's id. `client_ids` (JSON) are the tenant's clients when taken; `layout`
 * (JSON SnapshotLayout, snapshot.store.ts) says which tables come from another snapshot.
 */
export interface SandboxSnapshotTable {
  id: Generated<number>
  /** The tenant's root client; 0 for the demo template, which belongs to no tenant. */
  client_id: number
  name: string
  taken_at: number
  client_ids: string
  layout: string | null
}

/** The clients of sandbox tenants whose writes are recorded, and the snapshot their rows equal but for those writes. */
export interface SandboxTrackedTable {
  client_id: number
  snapshot_id: number
}

/** Rows written since (written by triggers the sandbox installs on first use, tenant-rows.ts ensureChangeTracking): row_id 0 = the whole table of that client. */
export interface SandboxChangesTable {
  client_id: number
  table_name: string
  row_id: number
}

export interface SandboxTables {
  sandbox_snapshots: SandboxSnapshotTable
  sandbox_tracked: SandboxTrackedTable
  sandbox_changes: SandboxChangesTable
}
