import type { Config } from './config.ts'
import type { DbHandle } from './db/database.ts'
import { migrateToLatest } from './db/migrate.ts'
import { inTransaction } from './db/transaction.ts'
import { seedDemoData } from './demo/demo-data.ts'
import { randomAlphanumeric } from './lib/secrets.ts'
import { provisionClient } from './modules/configuration/clients/client.provisioning.ts'
import { countClients } from './modules/configuration/clients/client.repository.ts'
import { createUser } from './modules/configuration/users/user.service.ts'
import { addAccessToken } from './modules/session/access-token.service.ts'
import { isLoopback, sandboxEnabled } from './sandbox/sandbox.plugin.ts'
import { keepBootstrapState } from './sandbox/tenants/tenant.service.ts'

export interface BootstrapResult {
  created: boolean
  clientId?: number
  clientCode?: string
  adminUser?: string
  /** Present only when generated here: printed once, never stored in clear. */
  generatedPassword?: string
  generatedToken?: string
}

/** A generated password must itself pass the password rules (8+ characters, a digit). */
function generatePassword(): string {
  return `${randomAlphanumeric(15)}${Math.floor(Math.random() * 10)}`
}

/**
 * Whether an empty database gets the demo tenant (issue 10 item 14). Its users have fixed,
 * published passwords, which is fine on a loopback address and an open door anywhere else: there
 * LV_DEMO_DATA must say what is wanted, and the server refuses to start rather than guess.
 */
export function demoDataWanted(config: Pick<Config, 'HOST' | 'LV_DEMO_DATA'>): boolean {
  if (config.LV_DEMO_DATA !== undefined) return config.LV_DEMO_DATA === '1'
  if (isLoopback(config.HOST)) return true
  throw new Error(
    `refusing to create the demo tenant on HOST=${config.HOST}, which is not a loopback address: its users have fixed, `
    + 'published passwords (manager/Manager123, AGENT1/Agent1234) that anyone who can reach this address could use. '
    + 'Set LV_DEMO_DATA=1 to create it anyway, or LV_DEMO_DATA=0 to start with an empty client.',
  )
}

/**
 * Empty database → root client, Sysadmin user and access token (README §9), plus the demo tenant
 * when demoDataWanted. A database that already has a client is left as it is.
 */
export async function bootstrap(handle: DbHandle, config: Config, now: number): Promise<BootstrapResult> {
  await migrateToLatest(handle.db)
  if ((await countClients(handle.db)) > 0) return { created: false }
  const demo = demoDataWanted(config)
  const password = config.LV_ADMIN_PASSWORD ?? generatePassword()
  const token = config.LV_ACCESS_TOKEN ?? randomAlphanumeric(32)
  let clientId: number
  try {
    clientId = await inTransaction(handle.db, async (trx) => {
      const id = await provisionClient(trx, { code: config.LV_CLIENT_CODE, name: demo ? 'Demo Contact Center' : undefined }, now)
      await createUser(trx, id, {
        loginId: config.LV_ADMIN_USER, firstName: 'System', lastName: 'Administrator', password, role: 'SYSADMIN',
      }, now)
      await addAccessToken(trx, id, now, token)
      return id
    })
  } catch (error) {
    // Several instances starting together on an empty database (docs/scaling.md): one of them
    // wins the root client's unique code; the others fail on it (a unique violation, or the
    // "already exists" check when the winner committed first) and find the database bootstrapped.
    if ((await countClients(handle.db)) > 0) return { created: false }
    throw error
  }
  if (demo) await seedDemoData(handle.db, clientId, now)
  // The whole-database reset (POST /_lvapi/reset) returns to exactly this state.
  if (sandboxEnabled(config)) await keepBootstrapState(handle.db, clientId, now)
  return {
    created: true,
    clientId,
    clientCode: config.LV_CLIENT_CODE,
    adminUser: config.LV_ADMIN_USER,
    generatedPassword: config.LV_ADMIN_PASSWORD ? undefined : password,
    generatedToken: config.LV_ACCESS_TOKEN ? undefined : token,
  }
}
