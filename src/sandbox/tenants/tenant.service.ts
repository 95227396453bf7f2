import type { Db } from '../../db/database.ts'
import { inTransaction } from '../../db/transaction.ts'
import { DEMO_AGENT, DEMO_MANAGER, seedDemoData } from '../../demo/demo-data.ts'
import { touchList } from '../../db/list-modifications.ts'
import { ApiError, Errors, invalidInput, notFound } from '../../http/errors.ts'
import { firstPassword } from '../../lib/password-policy.ts'
import { randomAlphanumeric } from '../../lib/secrets.ts'
import { provisionClient } from '../../modules/configuration/clients/client.provisioning.ts'
import { findClientByCode } from '../../modules/configuration/clients/client.repository.ts'
import { createUser } from '../../modules/configuration/users/user.service.ts'
import { insertUser } from '../../modules/configuration/users/user.repository.ts'
import { addAccessToken } from '../../modules/session/access-token.service.ts'
import { listClientSubtree } from '../../modules/session/session.repository.ts'
import {
  addSnapshot, BOOTSTRAP, CREATED, DEMO_TEMPLATE, deleteSnapshot, deleteSnapshotsOf, findSnapshot, listSnapshots, NO_TENANT,
  type Snapshot, type SnapshotInfo,
} from '../snapshots/snapshot.store.ts'
import {
  captureTenant, changedSinceCreated, deleteTenantRows, ensureChangeTracking, insertFromSnapshot, insertTenantRows, restoreTenantRows, track,
} from '../snapshots/tenant-rows.ts'
import { TENANT_TABLES } from '../snapshots/tenant-tables.ts'
import { loadFixture } from '../fixtures/fixture.service.ts'
import type { Fixture } from '../fixtures/fixture.schemas.ts'
import { findTenant } from '../tenant-ref.ts'
import { copyTemplateSettings, keepTakenState, OWN_AFTER_DEMO, parkTenant, reserveTemplateOffsets, SANDBOX_ADMIN, takeParkedTenant } from './tenant-pool.ts'
import type { TenantCredentials } from '../sandbox.types.ts'

export { SANDBOX_ADMIN } from './tenant-pool.ts'

export interface CreateTenantInput {
  /** Client code; generated (SB + 10 characters) when absent. */
  code?: string
  name?: string
  /** Sysadmin password; when absent, this instance's generated one (hashed once, not per tenant). */
  password?: string
  /** Load the demo data set (src/demo/demo-data.ts). */
  demo?: boolean
  /** Load this fixture (docs/sandbox-fixtures.md), after the demo data set if both are asked for. */
  fixture?: Fixture
}

export type Tenant = TenantCredentials

/**
 * The Sysadmin password of tenants created without one. Hashing a password costs ~40 ms (scrypt,
 * LV_PASSWORD_HASH_COST 14), which alone would break the 50 ms target for a new tenant; tenants
 * are kept apart by client code and access token, so one password per instance is enough.
 */
let instanceAdmin: Promise<{ password: string; hash: string; history: string }> | undefined
export function sandboxAdminPassword(): Promise<{ password: string; hash: string; history: string }> {
  instanceAdmin ??= (async () => {
    const password = `${randomAlphanumeric(15)}${Math.floor(Math.random() * 10)}`
    return { password, ...(await firstPassword(password)) }
  })()
  return instanceAdmin
}

/**
 * The demo data set for a new tenant. The first one in a database is seeded (over a second: 6,000
 * contacts with their notes and call results) and kept as the demo template ("@demo", no tenant's,
 * kept by every reset and shared by every instance); later ones copy it in SQL, each table's ids
 * shifted into a freshly reserved block. Returns where the tenant's "@created" state takes its demo
 * rows from (undefined: another instance kept its template at the same moment; ours are our own).
 * The copy keeps the first seeding's timestamps.
 */
async function addDemoData(db: Db, clientId: number, now: number): Promise<Snapshot['layout']['from']> {
  const template = await findSnapshot(db, NO_TENANT, DEMO_TEMPLATE)
  if (!template) {
    await seedDemoData(db, clientId, now)
    const ranges: Record<string, [number, number]> = {}
    for (const t of TENANT_TABLES.filter((x) => x.id)) {
      const r = await db.selectFrom(t.name as 'users').select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')]).where('client_id', '=', clientId).executeTakeFirst()
      if (r?.lo != null) ranges[t.name] = [Number(r.lo), Number(r.hi)]
    }
    const kept = await addSnapshot(db, { clientId: NO_TENANT, name: DEMO_TEMPLATE, takenAt: now, clientIds: [clientId], layout: { ranges } }, true)
    if (!kept) return undefined
    await captureTenant(db, kept)
    return { snapshotId: kept.id, offsets: {}, own: OWN_AFTER_DEMO }
  }
  await copyTemplateSettings(db, template, clientId)
  const from = { snapshotId: template.id, offsets: await reserveTemplateOffsets(db, template), own: OWN_AFTER_DEMO }
  // Every table is copied (the demo users too); the "@created" snapshot keeps its own copy of the
  // tables creation writes to afterwards.
  const copy: Snapshot = { id: 0, clientId, name: CREATED, takenAt: now, clientIds: [clientId], layout: { from: { ...from, own: [] } } }
  await insertFromSnapshot(db, copy, TENANT_TABLES.map((t) => t.name))
  return from
}

/**
 * POST /_lvapi/tenants: a new root client with a Sysadmin, an access token and, as asked, the
 * demo data set and a fixture, all in one transaction; then its state is kept as "@created"
 * for resets. The demo data set without a fixture comes from the tenant pool when it has a
 * tenant ready (`fromPool`; tenant-pool.ts), copied from the demo template otherwise.
 */
export async function createTenant(db: Db, input: CreateTenantInput, now: number, fromPool = false): Promise<Tenant> {
  const code = input.code ?? `SB${randomAlphanumeric(10).toUpperCase()}`
  const name = input.name ?? `Sandbox ${code}`
  const admin = input.password === undefined ? await sandboxAdminPassword() : undefined
  return inTransaction(db, async (trx) => {
    await ensureChangeTracking(trx)
    const pooled = fromPool && input.demo && !input.fixture ? await takeParked(trx, code, name, now) : undefined
    const clientId = pooled?.clientId ?? await provisionClient(trx, { code, name }, now)
    const demo = pooled ? pooled.created.layout.from : input.demo ? await addDemoData(trx, clientId, now) : undefined
    if (admin) {
      await insertUser(trx, {
        client_id: clientId, login_id: SANDBOX_ADMIN, first_name: 'Sandbox', last_name: 'Administrator', role: 'SYSADMIN',
        email: null, phone: null, active: 1, locked: 0, failed_login_attempts: 0, password_hash: admin.hash,
        password_history: admin.history, password_last_modified: now, optional_manager_powers: '[]', optional_excluded_powers: '[]',
        last_login: null, last_login_ip: null, created_at: now, modified_at: now,
      })
      await touchList(trx, clientId, 'users', now)
    } else {
      await createUser(trx, clientId, { loginId: SANDBOX_ADMIN, firstName: 'Sandbox', lastName: 'Administrator', password: input.password!, role: 'SYSADMIN' }, now)
    }
    const accessToken = await addAccessToken(trx, clientId, now)
    // After the Sysadmin: a fixture naming `admin` fails as any taken loginId does.
    if (input.fixture) await loadFixture(trx, clientId, input.fixture, now)
    if (pooled) {
      await keepTakenState(trx, clientId, pooled.created, now)
    } else {
      // The fixture also writes to tables the demo template holds: the created state is then all the tenant's own rows.
      const from = input.fixture ? undefined : demo
      const created = (await addSnapshot(trx, { clientId, name: CREATED, takenAt: now, clientIds: [clientId], layout: from ? { from } : {} }))!
      await captureTenant(trx, created, from ? from.own : undefined)
      await track(trx, [clientId], created.id)
    }
    return {
      clientId, clientCode: code, accessToken, userName: SANDBOX_ADMIN, password: admin?.password ?? input.password!,
      ...(input.demo ? { demoUsers: { manager: { userName: DEMO_MANAGER.loginId, password: DEMO_MANAGER.password }, agent: { userName: DEMO_AGENT.loginId, password: DEMO_AGENT.password } } } : {}),
    }
  })
}

/**
 * A parked tenant given the new tenant's code, name and creation time (the Sysadmin and token
 * follow as for any tenant). The code is checked first, as provisionClient does, so a taken code
 * answers the same and leaves the pool as it was.
 */
async function takeParked(db: Db, code: string, name: string, now: number): Promise<{ clientId: number; created: Snapshot } | undefined> {
  if (await findClientByCode(db, code)) throw new ApiError(Errors.InvalidInput, `Invalid input [client code ${code} already exists]`)
  const taken = await takeParkedTenant(db)
  if (!taken) return undefined
  await db.updateTable('clients').set({ code, code_key: code.toUpperCase(), display_name: name, created_at: now }).where('id', '=', taken.clientId).execute()
  return taken
}

/**
 * DELETE /_lvapi/tenants/{tenant}: the client, its sub-clients and all of their data. Returns the
 * clients removed. A demo tenant is parked instead while fewer than `parkLimit` are (tenant-pool.ts
 * parkTenant): to everyone it is gone all the same (code, tokens, Sysadmin, sessions, snapshots).
 */
export async function deleteTenant(db: Db, tenant: string, parkLimit = 0, now = 0): Promise<number[]> {
  return inTransaction(db, async (trx) => {
    const { clientId } = await findTenant(trx, tenant)
    if (parkLimit > 0) {
      await ensureChangeTracking(trx)
      if (await parkTenant(trx, clientId, parkLimit, now)) return [clientId]
    }
    const clientIds = await listClientSubtree(trx, clientId)
    await deleteTenantRows(trx, clientIds, true)
    await deleteSnapshotsOf(trx, clientIds)
    return clientIds
  })
}

async function restore(db: Db, tenant: string, names: string[], missing: () => ApiError): Promise<number[]> {
  return inTransaction(db, async (trx) => {
    await ensureChangeTracking(trx)
    const { clientId } = await findTenant(trx, tenant)
    for (const name of names) {
      const snapshot = await findSnapshot(trx, clientId, name)
      if (!snapshot) continue
      return restoreTenantRows(trx, clientId, snapshot)
    }
    throw missing()
  })
}

/**
 * POST /_lvapi/tenants/{tenant}/reset: back to the state the tenant was created in (the root
 * client of a bootstrapped database: as bootstrapped). Its sessions end. Returns the clients touched.
 */
export async function resetTenant(db: Db, tenant: string): Promise<number[]> {
  return restore(db, tenant, [CREATED, BOOTSTRAP], () => invalidInput(`tenant ${tenant} was not created through the sandbox and has no state to reset to`))
}

const SNAPSHOT_NAME = /^[A-Za-z0-9_.-]{1,64}$/

function checkSnapshotName(name: string): void {
  if (!SNAPSHOT_NAME.test(name)) throw invalidInput(`snapshot name ${name}: 1 to 64 letters, digits, '_', '.' or '-'`)
}

/** PUT /_lvapi/tenants/{tenant}/snapshots/{name}: the tenant's rows now, under that name (replacing any). */
export async function takeSnapshot(db: Db, tenant: string, name: string, now: number): Promise<SnapshotInfo> {
  checkSnapshotName(name)
  return inTransaction(db, async (trx) => {
    await ensureChangeTracking(trx)
    const { clientId } = await findTenant(trx, tenant)
    await keepState(trx, clientId, name, now, true)
    return { name, takenAt: now }
  })
}

/** POST /_lvapi/tenants/{tenant}/snapshots/{name}/restore: any number of times. Returns the clients touched. */
export async function restoreSnapshot(db: Db, tenant: string, name: string): Promise<number[]> {
  checkSnapshotName(name)
  return restore(db, tenant, [name], () => notFound('Snapshot', name))
}

export async function listTenantSnapshots(db: Db, tenant: string): Promise<SnapshotInfo[]> {
  const { clientId } = await findTenant(db, tenant)
  return listSnapshots(db, clientId)
}

export async function deleteTenantSnapshot(db: Db, tenant: string, name: string): Promise<void> {
  checkSnapshotName(name)
  const { clientId } = await findTenant(db, tenant)
  if (!(await deleteSnapshot(db, clientId, name))) throw notFound('Snapshot', name)
}

/**
 * At bootstrap (sandbox enabled): the root client as just created, for resetDatabase. Not tracked:
 * that would install the change triggers in every database started on loopback; a reset of the
 * root client rewrites all of its rows instead (and tracks it from then on).
 */
export async function keepBootstrapState(db: Db, clientId: number, now: number): Promise<void> {
  await inTransaction(db, (trx) => keepState(trx, clientId, BOOTSTRAP, now, false))
}

/** Every row of the tenant now, as the snapshot of that name; `tracked`: from now on its writes are recorded against it. */
async function keepState(db: Db, clientId: number, name: string, now: number, tracked: boolean): Promise<void> {
  const clientIds = await listClientSubtree(db, clientId)
  // Before the snapshot of that name (perhaps the one tracked) is replaced.
  const sinceCreated = tracked ? await changedSinceCreated(db, clientIds) : undefined
  const snapshot = (await addSnapshot(db, { clientId, name, takenAt: now, clientIds, layout: sinceCreated ? { sinceCreated } : {} }))!
  await captureTenant(db, snapshot)
  if (tracked) await track(db, clientIds, snapshot.id)
}

/**
 * POST /_lvapi/reset: the whole database back to its bootstrapped state. Every client and its data
 * go, every session ends, and the root client, its Sysadmin, token (and demo data) return as
 * bootstrapped, with their ids. Returns the ids of the clients that existed.
 */
export async function resetDatabase(db: Db): Promise<number[]> {
  return inTransaction(db, async (trx) => {
    await ensureChangeTracking(trx)
    const kept = await trx.selectFrom('sandbox_snapshots').select('client_id').where('name', '=', BOOTSTRAP).executeTakeFirst()
    if (!kept) throw invalidInput('the database was bootstrapped before the sandbox kept its bootstrapped state; start from an empty database')
    const snapshot = (await findSnapshot(trx, Number(kept.client_id), BOOTSTRAP))!
    const existing = (await trx.selectFrom('clients').select('id').execute()).map((r) => Number(r.id))
    await trx.deleteFrom('sandbox_tracked').execute()
    await trx.deleteFrom('sandbox_changes').execute()
    await trx.deleteFrom('sessions').execute()
    await trx.deleteFrom('login_failures').execute()
    for (const t of [...TENANT_TABLES].reverse()) await trx.deleteFrom(t.name as 'users').execute()
    await trx.updateTable('clients').set({ parent_id: null }).execute()
    await trx.deleteFrom('clients').execute()
    await deleteSnapshotsOf(trx, 'all', [BOOTSTRAP, DEMO_TEMPLATE])
    await insertTenantRows(trx, snapshot)
    return existing
  })
}
