import type { FastifyBaseLogger } from 'fastify'
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises'
import type { Db } from '../../db/database.ts'
import { lockForUpdateSkipLocked, reserveIdBlock } from '../../db/dialect.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { Clock } from '../../lib/clock.ts'
import { randomAlphanumeric } from '../../lib/secrets.ts'
import { provisionClient } from '../../modules/configuration/clients/client.provisioning.ts'
import { listClientSubtree } from '../../modules/session/session.repository.ts'
import {
  addSnapshot, CREATED, DEMO_TEMPLATE, dropSnapshotRows, dropSnapshots, findSnapshot, NO_TENANT, POOLED, type Snapshot,
} from '../snapshots/snapshot.store.ts'
import {
  captureTenant, deleteTenantRows, ensureChangeTracking, insertFromSnapshot, restorableByChanges, restoreTenantRows, retrack, track,
} from '../snapshots/tenant-rows.ts'
import { TENANT_TABLES } from '../snapshots/tenant-tables.ts'
import { POOL_CODE_PREFIX } from '../tenant-ref.ts'

/**
 * The tenant pool (docs/sandbox.md "Tenant pool"): demo tenants copied ahead of time and parked
 * under a hidden client code, so that POST /_lvapi/tenants {"demo":true} only takes one and gives
 * it its code, Sysadmin and token, and DELETE resets one (rewriting only the rows written since)
 * and parks it again instead of deleting 12,000 rows. A parked tenant is marked by a catalogue
 * entry (POOLED) that the taker deletes: one taker gets it.
 */

export const SANDBOX_ADMIN = 'admin'

/**
 * The tables a demo tenant's "@created" snapshot holds as its own rows: the ones creation writes
 * after copying the demo template (Sysadmin, access token, list modification times) and the
 * clients row. Every other table is the template's, shifted by the tenant's id offsets.
 */
export const OWN_AFTER_DEMO = ['clients', 'users', 'access_tokens', 'list_modifications']

/** The clients row's own identity; everything else of it (settings) comes from the template. */
const CLIENT_IDENTITY = new Set(['id', 'parent_id', 'code', 'code_key', 'display_name', 'created_at'])

/**
 * A parked tenant's code, also as its code_key: every lookup by code (Login, the control calls,
 * the CLI) upper-cases what it is given, so a key in lower case matches none of them, and the
 * client answers by code exactly as one that does not exist.
 */
const hiddenCode = () => `${POOL_CODE_PREFIX}pool-${randomAlphanumeric(24).toLowerCase()}`
const PARKED_NAME = 'Sandbox pool'

/** The demo template's client settings onto a new tenant's clients row. */
export async function copyTemplateSettings(db: Db, template: Snapshot, clientId: number): Promise<void> {
  const settings = await db.selectFrom('sandbox_shadow_clients' as 'clients').selectAll().where('snapshot_id' as 'id', '=', template.id).executeTakeFirstOrThrow()
  await db.updateTable('clients').set(Object.fromEntries(Object.entries(settings).filter(([c]) => c !== 'snapshot_id' && !CLIENT_IDENTITY.has(c)))).where('id', '=', clientId).execute()
}

/** A fresh block of ids per table of the template; the offsets that move the template's ids into them. */
export async function reserveTemplateOffsets(db: Db, template: Snapshot): Promise<Record<string, number>> {
  const offsets: Record<string, number> = {}
  for (const [table, [lo, hi]] of Object.entries(template.layout.ranges ?? {})) offsets[table] = (await reserveIdBlock(db, table, hi - lo + 1)) - lo
  return offsets
}

/**
 * Template rows per statement while a parked tenant is filled: on SQLite every statement holds
 * the only connection, and a request that arrives meanwhile waits for the statement, not for
 * the whole copy (6,000 contacts of 219 columns). better-sqlite3 answers synchronously, so awaited
 * statements alone never let the event loop read that request: the fill yields a turn before each.
 */
const PART_ROWS = 500

/**
 * A part starts only after this long without a request beginning or ending: scripted traffic (a
 * suite's creates, logins and resets one after another) never finds a part in its way, and the
 * pool fills in the pauses between.
 */
const QUIET_MS = 20

/**
 * One parked demo tenant: its client (hidden code) and id blocks in a first transaction, the
 * template's rows in parts of PART_ROWS, then its "@created" state, tracking and pool entry in a
 * last one. Until then it is in no pool and named by no control call; if a part fails (or `stop`
 * says so between parts) what was written is deleted. false: no demo template yet, or stopped.
 */
export async function fillParkedTenant(db: Db, now: number, stop: () => boolean, quiet: () => Promise<void> = () => nextTurn()): Promise<boolean> {
  const template = await findSnapshot(db, NO_TENANT, DEMO_TEMPLATE)
  if (!template) return false
  const { clientId, offsets } = await inTransaction(db, async (trx) => {
    const code = hiddenCode()
    // provisionClient accepts only codes a client may have; the hidden one is written after.
    const id = await provisionClient(trx, { code: `POOL${randomAlphanumeric(24)}`, name: PARKED_NAME }, now)
    await trx.updateTable('clients').set({ code, code_key: code }).where('id', '=', id).execute()
    await copyTemplateSettings(trx, template, id)
    return { clientId: id, offsets: await reserveTemplateOffsets(trx, template) }
  })
  const from = { snapshotId: template.id, offsets, own: OWN_AFTER_DEMO }
  const copy: Snapshot = { id: 0, clientId, name: CREATED, takenAt: now, clientIds: [clientId], layout: { from: { ...from, own: [] } } }
  try {
    for (const table of TENANT_TABLES) {
      const range = template.layout.ranges?.[table.name]
      const selfReferencing = Object.values(table.refs).includes(table.name)
      const parts: ([number, number] | undefined)[] = []
      if (!range || selfReferencing) parts.push(undefined)
      else for (let lo = range[0]; lo <= range[1]; lo += PART_ROWS) parts.push([lo, Math.min(lo + PART_ROWS - 1, range[1])])
      for (const part of parts) {
        await quiet()
        if (stop()) throw new PoolStopped()
        await insertFromSnapshot(db, copy, [table.name], undefined, part)
      }
    }
    return await inTransaction(db, async (trx) => {
      await ensureChangeTracking(trx)
      // A whole-database reset meanwhile took the client: nothing to park.
      if (!(await trx.selectFrom('clients').select('id').where('id', '=', clientId).executeTakeFirst())) return false
      const created = (await addSnapshot(trx, { clientId, name: CREATED, takenAt: now, clientIds: [clientId], layout: { from } }))!
      await captureTenant(trx, created, OWN_AFTER_DEMO)
      await track(trx, [clientId], created.id)
      await addSnapshot(trx, { clientId, name: POOLED, takenAt: now, clientIds: [clientId], layout: {} })
      return true
    })
  } catch (error) {
    await inTransaction(db, (trx) => deleteTenantRows(trx, [clientId], true))
    if (error instanceof PoolStopped) return false
    throw error
  }
}

class PoolStopped extends Error {}

export async function countParked(db: Db): Promise<number> {
  const { n } = await db.selectFrom('sandbox_snapshots').select((eb) => eb.fn.countAll<number>().as('n')).where('name', '=', POOLED).executeTakeFirstOrThrow()
  return Number(n)
}

/** A parked tenant still as this version parks them: copied from the database's demo template. */
async function parkedState(db: Db, clientId: number): Promise<Snapshot | undefined> {
  const created = await findSnapshot(db, clientId, CREATED)
  const template = await findSnapshot(db, NO_TENANT, DEMO_TEMPLATE)
  const from = created?.layout.from
  const ok = created && from && template && from.snapshotId === template.id && from.own.join() === OWN_AFTER_DEMO.join()
  return ok ? created : undefined
}

/**
 * Takes the longest-parked tenant out of the pool, inside the caller's transaction: its entry is
 * deleted with the row locked and locked rows skipped (PostgreSQL), so two instances taking at
 * once get two tenants; on SQLite the transaction already holds the only writer. The oldest goes
 * first, so a tenant just parked (whose sessions another instance may still trust for up to
 * SESSION_CACHE_MS) is given out last. undefined: the pool is empty.
 */
export async function takeParkedTenant(db: Db): Promise<{ clientId: number; created: Snapshot } | undefined> {
  for (;;) {
    const row = await db.deleteFrom('sandbox_snapshots')
      .where('id', '=', (eb) => lockForUpdateSkipLocked(db, eb.selectFrom('sandbox_snapshots').select('id').where('name', '=', POOLED).orderBy('id').limit(1)))
      .returning('client_id').executeTakeFirst()
    if (!row) return undefined
    const clientId = Number(row.client_id)
    const created = await parkedState(db, clientId)
    if (created) return { clientId, created }
    await deleteParked(db, clientId)
  }
}

/** After a take gave the tenant its code, Sysadmin and token: that is its "@created" state now. */
export async function keepTakenState(db: Db, clientId: number, created: Snapshot, now: number): Promise<void> {
  await dropSnapshotRows(db, created.id, OWN_AFTER_DEMO)
  await captureTenant(db, created, OWN_AFTER_DEMO)
  await db.updateTable('sandbox_snapshots').set({ taken_at: now }).where('id', '=', created.id).execute()
  await track(db, [clientId], created.id)
}

/**
 * Delete Tenant for a demo tenant, inside the caller's transaction, when the pool has room for it
 * (fewer than `limit` parked): the tenant back to its created state by rewriting only the rows
 * written since, its sessions ended, its access tokens and Sysadmin deleted, its named snapshots
 * dropped and its code replaced by a hidden one; then parked. false (the caller deletes it): not a
 * demo tenant as created, sub-clients, a changed clients row or a named snapshot that does not know
 * where it differs from "@created" (a full rewrite would cost what a delete does), or the pool is full.
 */
export async function parkTenant(db: Db, clientId: number, limit: number, now: number): Promise<boolean> {
  if (limit <= 0) return false
  const created = await parkedState(db, clientId)
  if (!created || (await countParked(db)) >= limit) return false
  const clientIds = await listClientSubtree(db, clientId)
  // A tenant tracked against a named snapshot (taken after creation) is tracked against "@created" again.
  await retrack(db, clientIds, created)
  if (!(await restorableByChanges(db, clientIds, created))) return false
  await restoreTenantRows(db, clientId, created)
  await db.deleteFrom('access_tokens').where('client_id', '=', clientId).execute()
  await db.deleteFrom('users').where('client_id', '=', clientId).where('login_id', '=', SANDBOX_ADMIN).execute()
  const code = hiddenCode()
  await db.updateTable('clients').set({ code, code_key: code, display_name: PARKED_NAME }).where('id', '=', clientId).execute()
  const named = await db.selectFrom('sandbox_snapshots').select('id').where('client_id', '=', clientId).where('name', '!=', CREATED).execute()
  await dropSnapshots(db, named.map((r) => Number(r.id)))
  await keepTakenState(db, clientId, created, now)
  await addSnapshot(db, { clientId, name: POOLED, takenAt: now, clientIds: [clientId], layout: {} })
  return true
}

/** A parked tenant that can no longer be given out (another template): deleted with its snapshots. */
async function deleteParked(db: Db, clientId: number): Promise<void> {
  await deleteTenantRows(db, [clientId], true)
  const own = await db.selectFrom('sandbox_snapshots').select('id').where('client_id', '=', clientId).execute()
  await dropSnapshots(db, own.map((r) => Number(r.id)))
}

/**
 * Keeps `size` demo tenants parked, filling in the background: after start-up (when the database
 * has a demo template, i.e. once a demo tenant was created) and after each take. One fill at a
 * time per instance; `pause` holds fills off (the whole-database reset). Two instances on one
 * database may each fill the last places at once: the pool then holds a few more than `size`.
 */
export class TenantPool {
  private running: Promise<void> | undefined
  private again = false
  private closed = false
  private pauses = 0

  constructor(
    private readonly db: Db, private readonly clock: Clock, readonly size: number, private readonly log: FastifyBaseLogger,
    private readonly lastActivity: () => number = () => 0,
  ) {}

  /**
   * How many parked tenants a Delete Tenant may leave: twice the size, so that the tenants a suite
   * deletes go back into the pool even after the fills replaced them (no 12,000-row delete).
   */
  get parkLimit(): number {
    return 2 * this.size
  }

  refill(): void {
    if (this.size === 0 || this.closed || this.pauses > 0) return
    if (this.running) {
      this.again = true
      return
    }
    this.running = this.fill()
      .catch((err: unknown) => this.log.warn({ err }, 'sandbox tenant pool: fill failed'))
      .finally(() => {
        this.running = undefined
        if (this.again) {
          this.again = false
          this.refill()
        }
      })
  }

  private stopped = (): boolean => this.closed || this.pauses > 0

  /** A turn of the event loop, then until the server has been quiet for QUIET_MS (or the pool stops). */
  private quiet = async (): Promise<void> => {
    await nextTurn()
    for (let idle = performance.now() - this.lastActivity(); idle < QUIET_MS && !this.stopped(); idle = performance.now() - this.lastActivity()) {
      await sleep(QUIET_MS - idle)
    }
  }

  private async fill(): Promise<void> {
    // Not within the request that asked for it: its answer goes out first.
    await nextTurn()
    while (!this.stopped() && (await countParked(this.db)) < this.size) {
      if (!(await fillParkedTenant(this.db, this.clock.now(), this.stopped, this.quiet))) return
    }
  }

  /** fn with no fill running (one in progress stops between two parts), then the pool refills. */
  async pause<T>(fn: () => Promise<T>): Promise<T> {
    this.pauses++
    try {
      await this.running
      return await fn()
    } finally {
      this.pauses--
      this.refill()
    }
  }

  /** Ready tenants now, across instances. */
  ready(): Promise<number> {
    return countParked(this.db)
  }

  async close(): Promise<void> {
    this.closed = true
    await this.running
  }
}
