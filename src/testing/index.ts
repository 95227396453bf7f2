/**
 * `lvapi/testing`: one call starts an lvapi server on an ephemeral loopback port with an
 * in-memory database, and returns its credentials and typed helpers for the sandbox control
 * plane (docs/sandbox.md). Every helper is a plain HTTP call to /_lvapi, the same API other
 * languages use, so what a test does here it can also do with curl.
 */
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'
import { buildApp } from '../app.ts'
import { bootstrap } from '../bootstrap.ts'
import { loadConfig, type Config } from '../config.ts'
import { createDb } from '../db/database.ts'
import { connectSandbox, type Sandbox } from './client.ts'

export * from './client.ts'

export interface StartSandboxOptions {
  /** Seed the bootstrapped client with the demo data set (default false: an empty client, fast). */
  demoData?: boolean
  /** Client code of the bootstrapped client (default SANDBOX). */
  clientCode?: string
  /** Default `sqlite::memory:`; a `postgres://` URL works too (the database must be empty). */
  databaseUrl?: string
  /** Requests the journal keeps (default 1000; 0 turns it off). */
  journalSize?: number
  /** Pino options or true to see the server's log (default: silent). */
  logger?: boolean | object
}

export async function startSandbox(options: StartSandboxOptions = {}): Promise<Sandbox> {
  const password = `Sb${randomBytes(9).toString('base64url')}7`
  const accessToken = randomBytes(24).toString('base64url')
  const overrides: Partial<Config> = {
    HOST: '127.0.0.1',
    PORT: 0,
    DATABASE_URL: options.databaseUrl ?? 'sqlite::memory:',
    LV_CLIENT_CODE: options.clientCode ?? 'SANDBOX',
    LV_ADMIN_PASSWORD: password,
    LV_ACCESS_TOKEN: accessToken,
    LV_DEMO_DATA: options.demoData ? '1' : '0',
    LV_SANDBOX: 'auto',
    ...(options.journalSize === undefined ? {} : { LV_JOURNAL_SIZE: options.journalSize }),
  }
  // The sandbox's own settings win over the environment; the rest (hash cost, body limit...) is read from it.
  const config = loadConfig({ ...process.env, LV_SANDBOX_KEY: undefined }, overrides)
  const dbHandle = createDb(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE })
  await bootstrap(dbHandle, config, Date.now())
  const app = await buildApp({ config, dbHandle, logger: options.logger ?? false })
  await app.listen({ host: config.HOST, port: 0 })
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`

  return connectSandbox({ baseUrl, clientCode: config.LV_CLIENT_CODE, accessToken, userName: config.LV_ADMIN_USER, password }, () => app.close())
}
