import type { Db } from '../../db/database.ts'
import { inTransaction } from '../../db/transaction.ts'
import { DEMO_AGENT, DEMO_MANAGER, seedDemoData } from '../../demo/demo-data.ts'
import { touchList } from '../../http/list-info.ts'
import { ApiError, Errors, invalidInput, notFound } from '../../http/errors.ts'
import { firstPassword } from '../../lib/password-policy.ts'
import { randomAlphanumeric } from '../../lib/secrets.ts'
import { provisionClient } from '../../modules/configuration/clients/client.provisioning.ts'
import { findClient, findClientByCode } from '../../modules/configuration/clients/client.repository.ts'
import { createUser } from '../../modules/configuration/users/user.service.ts'
import { insertUser } from '../../modules/configuration/users/user.repository.ts'
import { addAccessToken } from '../../modules/session/access-token.service.ts'
import { listClientSubtree } from '../../modules/session/session.repository.ts'
import { BOOTSTRAP, CREATED, deleteSnapshot, deleteSnapshotsOf, listSnapshots, loadSnapshot, saveSnapshot, type SnapshotInfo } from '../snapshots/snapshot.store.ts'
import { captureTenant, copyTenantRows, deleteTenantRows, insertTenantRows, restoreTenantRows, type TableRows, type TenantRows } from '../snapshots/tenant-rows.ts'
import { TENANT_TABLES } from '../snapshots/tenant-tables.ts'
import { loadFixture } from '../fixtures/fixture.service.ts'
import type { Fixture } from '../fixtures/fixture.schemas.ts'

export const SANDBOX_ADMIN = 'admin'

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

export interface Tenant {
  clientId: number
  clientCode: string
  accessToken: string
  userName: string
  password: string
  /** Demo logins present in the tenant when it has the demo data set. */
  demoUsers?: { manager: { userName: string; password: string }; agent: { userName: string; password: string } }
}

/**
 * The Sysadmin password of tenants created without one. Hashing a password costs ~40 ms (scrypt,
 * LV_PASSWORD_HASH_COST 14), which alone would break the 50 ms target for a new tenant; tenants
 * are kept apart by client code and access token, so one password per instance is enough.
 */
let instanceAdmin: Promise<{ password: string; hash: string; history: string }> | undefined
function sandboxAdminPassword() {
  instanceAdmin ??= (async () => {
    const password = `${randomAlphanumeric(15)}${Math.floor(Math.random() * 10)}`
    return { password, ...(await firstPassword(password)) }
  })()
  return instanceAdmin
}

/**
 * The demo tenant's rows, captured from the first tenant created with demo data and copied with
 * fresh ids into later ones: seeding it anew takes over a second (6,000 contacts with their notes
 * and call results), copying it a few dozen milliseconds. The copy keeps the first seeding's
 * timestamps.
 */
let demoTemplate: TenantRows | undefined

/** The clients row's own identity; everything else of it (settings) comes from the template. */
const CLIENT_IDENTITY = new Set(['id', 'parent_id', 'code', 'code_key', 'display_name', 'created_at'])

async function addDemoData(db: Db, clientId: number, now: number): Promise<Record<string, TableRows>> {
  if (!demoTemplate) {
    await seedDemoData(db, clientId, now)
    demoTemplate = await captureTenant(db, clientId)
    return {}
  }
  const client = demoTemplate.tables.clients!
  const settings = Object.fromEntries(client.columns.map((c, i) => [c, client.rows[0]![i]]).filter(([c]) => !CLIENT_IDENTITY.has(c as string)))
  await db.updateTable('clients').set(settings).where('id', '=', clientId).execute()
  const written = await copyTenantRows(db, demoTemplate, clientId)
  // Tables the Sysadmin and token below write to as well are read back with the rest.
  delete written.users
  delete written.list_modifications
  return written
}

/**
 * POST /_lvapi/tenants: a new root client with a Sysadmin, an access token and, as asked, the
 * demo data set and a fixture, all in one transaction; then its state is kept as "@created"
 * for resets.
 */
export async function createTenant(db: Db, input: CreateTenantInput, now: number): Promise<Tenant> {
  const code = input.code ?? `SB${randomAlphanumeric(10).toUpperCase()}`
  const admin = input.password === undefined ? await sandboxAdminPassword() : undefined
  return inTransaction(db, async (trx) => {
    const clientId = await provisionClient(trx, { code, name: input.name ?? `Sandbox ${code}` }, now)
    const known = input.demo ? await addDemoData(trx, clientId, now) : {}
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
    // The fixture also writes to tables the demo copy wrote: they are read back rather than reused.
    await saveSnapshot(trx, clientId, CREATED, await captureTenant(trx, clientId, input.fixture ? {} : known), now)
    return {
      clientId, clientCode: code, accessToken, userName: SANDBOX_ADMIN, password: admin?.password ?? input.password!,
      ...(input.demo ? { demoUsers: { manager: { userName: DEMO_MANAGER.loginId, password: DEMO_MANAGER.password }, agent: { userName: DEMO_AGENT.loginId, password: DEMO_AGENT.password } } } : {}),
    }
  })
}

/** A tenant named by client code or id; only root clients are tenants. */
export async function findTenant(db: Db, tenant: string): Promise<{ clientId: number; code: string }> {
  const row = /^\d{1,15}$/.test(tenant) ? await findClient(db, Number(tenant)) : await findClientByCode(db, tenant)
  if (!row || row.parent_id !== null) throw new ApiError(Errors.NotFound, `Tenant not found [${tenant}]`)
  return { clientId: Number(row.id), code: row.code }
}

/** DELETE /_lvapi/tenants/{tenant}: the client, its sub-clients and all of their data. Returns the clients removed. */
export async function deleteTenant(db: Db, tenant: string): Promise<number[]> {
  return inTransaction(db, async (trx) => {
    const { clientId } = await findTenant(trx, tenant)
    const clientIds = await listClientSubtree(trx, clientId)
    await deleteTenantRows(trx, clientIds, true)
    await deleteSnapshotsOf(trx, clientIds)
    return clientIds
  })
}

async function restore(db: Db, tenant: string, names: string[], missing: () => ApiError): Promise<number[]> {
  return inTransaction(db, async (trx) => {
    const { clientId } = await findTenant(trx, tenant)
    for (const name of names) {
      const rows = await loadSnapshot(trx, clientId, name)
      if (!rows) continue
      return restoreTenantRows(trx, clientId, rows)
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
    const { clientId } = await findTenant(trx, tenant)
    await saveSnapshot(trx, clientId, name, await captureTenant(trx, clientId), now)
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

/** At bootstrap (sandbox enabled): the root client as just created, for resetDatabase. */
export async function keepBootstrapState(db: Db, clientId: number, now: number): Promise<void> {
  await saveSnapshot(db, clientId, BOOTSTRAP, await captureTenant(db, clientId), now)
}

/**
 * POST /_lvapi/reset: the whole database back to its bootstrapped state. Every client and its data
 * go, every session ends, and the root client, its Sysadmin, token (and demo data) return as
 * bootstrapped, with their ids. Returns the ids of the clients that existed.
 */
export async function resetDatabase(db: Db): Promise<number[]> {
  return inTransaction(db, async (trx) => {
    const kept = await trx.selectFrom('sandbox_snapshots').select('client_id').where('name', '=', BOOTSTRAP).executeTakeFirst()
    if (!kept) throw invalidInput('the database was bootstrapped before the sandbox kept its bootstrapped state; start from an empty database')
    const rootId = Number(kept.client_id)
    const rows = (await loadSnapshot(trx, rootId, BOOTSTRAP))!
    const existing = (await trx.selectFrom('clients').select('id').execute()).map((r) => Number(r.id))
    await trx.deleteFrom('sessions').execute()
    await trx.deleteFrom('login_failures').execute()
    for (const t of [...TENANT_TABLES].reverse()) await (trx as Db).deleteFrom(t.name as 'users').execute()
    await trx.updateTable('clients').set({ parent_id: null }).execute()
    await trx.deleteFrom('clients').execute()
    await deleteSnapshotsOf(trx, 'all', { clientId: rootId, name: BOOTSTRAP })
    await insertTenantRows(trx, rows)
    return existing
  })
}
