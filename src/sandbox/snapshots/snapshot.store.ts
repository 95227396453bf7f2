import { randomUUID } from 'node:crypto'
import type { Db } from '../../db/database.ts'
import type { TenantRows } from './tenant-rows.ts'

/** The state a tenant was created in (POST /_lvapi/tenants); what a tenant reset returns to. */
export const CREATED = '@created'
/** The root client as bootstrapped (with the demo tenant when LV_DEMO_DATA=1): the database reset's target. */
export const BOOTSTRAP = '@bootstrap'

/**
 * Parsed snapshots this instance has read or written, by client and name. Before a cached copy is
 * used, its version is compared with the stored one (one indexed read), so another instance's
 * newer snapshot under the same name is never missed. Parsing the demo tenant's JSON costs more
 * than the whole restore, hence the cache. Bounded: the oldest entries go first.
 */
const cache = new Map<string, { version: string; rows: TenantRows }>()
const CACHE_ENTRIES = 32

function remember(key: string, version: string, rows: TenantRows): void {
  cache.delete(key)
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!)
  cache.set(key, { version, rows })
}

export async function saveSnapshot(db: Db, clientId: number, name: string, rows: TenantRows, now: number): Promise<void> {
  const version = randomUUID()
  await db.deleteFrom('sandbox_snapshots').where('client_id', '=', clientId).where('name', '=', name).execute()
  await db.insertInto('sandbox_snapshots')
    .values({ client_id: clientId, name, version, taken_at: now, data: JSON.stringify(rows) })
    .execute()
  remember(`${clientId}:${name}`, version, rows)
}

export async function loadSnapshot(db: Db, clientId: number, name: string): Promise<TenantRows | undefined> {
  const key = `${clientId}:${name}`
  const stored = await db.selectFrom('sandbox_snapshots').select('version')
    .where('client_id', '=', clientId).where('name', '=', name).executeTakeFirst()
  if (!stored) return undefined
  const cached = cache.get(key)
  if (cached && cached.version === stored.version) return cached.rows
  const row = await db.selectFrom('sandbox_snapshots').select(['version', 'data'])
    .where('client_id', '=', clientId).where('name', '=', name).executeTakeFirst()
  if (!row) return undefined
  const rows = JSON.parse(row.data) as TenantRows
  remember(key, row.version, rows)
  return rows
}

export interface SnapshotInfo {
  name: string
  takenAt: number
}

/** The tenant's named snapshots (the reserved "@..." ones are not listed). */
export async function listSnapshots(db: Db, clientId: number): Promise<SnapshotInfo[]> {
  const rows = await db.selectFrom('sandbox_snapshots').select(['name', 'taken_at'])
    .where('client_id', '=', clientId).where('name', 'not like', '@%').orderBy('name').execute()
  return rows.map((r) => ({ name: r.name, takenAt: Number(r.taken_at) }))
}

export async function deleteSnapshot(db: Db, clientId: number, name: string): Promise<boolean> {
  cache.delete(`${clientId}:${name}`)
  const result = await db.deleteFrom('sandbox_snapshots').where('client_id', '=', clientId).where('name', '=', name).executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/** Every snapshot of the clients (a deleted tenant), or of every client but `keep` (the database reset). */
export async function deleteSnapshotsOf(db: Db, clientIds: readonly number[] | 'all', keep?: { clientId: number; name: string }): Promise<void> {
  let query = db.deleteFrom('sandbox_snapshots')
  if (clientIds !== 'all') {
    if (clientIds.length === 0) return
    query = query.where('client_id', 'in', clientIds)
  }
  if (keep) query = query.where((eb) => eb.or([eb('client_id', '!=', keep.clientId), eb('name', '!=', keep.name)]))
  await query.execute()
  for (const key of [...cache.keys()]) {
    const [id, name] = [Number(key.slice(0, key.indexOf(':'))), key.slice(key.indexOf(':') + 1)]
    if (keep && id === keep.clientId && name === keep.name) continue
    if (clientIds === 'all' || clientIds.includes(id)) cache.delete(key)
  }
}
