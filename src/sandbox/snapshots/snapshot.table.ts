/** A tenant's rows under a name (migration 0010); `data` is the JSON of TenantRows. */
export interface SandboxSnapshotTable {
  client_id: number
  name: string
  /** Changes on every write, so an instance can tell whether its cached copy is current. */
  version: string
  taken_at: number
  data: string
}

export interface SandboxTables {
  sandbox_snapshots: SandboxSnapshotTable
}
