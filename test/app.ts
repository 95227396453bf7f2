import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.ts'
import { loadConfig, type Config } from '../src/config.ts'
import { createDb, type Db } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { ManualClock } from '../src/lib/clock.ts'
import type { AbuseConfig } from '../src/modules/session/abuse-limits.ts'
import { createTestDatabaseUrl } from './database.ts'

export interface TestApp {
  app: FastifyInstance
  db: Db
  clock: ManualClock
  close(): Promise<void>
}

/**
 * A fresh, migrated database per call (SQLite in memory; PostgreSQL copied from a migrated
 * template when TEST_DIALECT=postgres) and an app on a manual clock. No demo data, and no sandbox
 * tenant pool (a deleted demo tenant is deleted, not parked; no fills in the background). Abuse limits
 * (README §8) are off, since suites log in hundreds of times from one address; `abuseLimits`
 * turns them on with the given settings. `config` overrides any other setting.
 */
export async function buildTestApp(options: { bodyLimit?: number; logger?: boolean | object; abuseLimits?: Partial<AbuseConfig>; config?: Partial<Config> } = {}): Promise<TestApp> {
  const url = await createTestDatabaseUrl()
  const dbHandle = createDb(url, { poolSize: 4 })
  await migrateToLatest(dbHandle.db)
  const clock = new ManualClock()
  const config = loadConfig({}, {
    LV_DEMO_DATA: '0', LV_SANDBOX_POOL: 0, ...(options.bodyLimit ? { LV_BODY_LIMIT: options.bodyLimit } : {}),
    LV_ABUSE_LIMITS: 'off', ...(options.abuseLimits ? { LV_ABUSE_LIMITS: 'on', ...options.abuseLimits } : {}),
    ...options.config,
  })
  const app = await buildApp({ config, dbHandle, clock, logger: options.logger ?? false })
  await app.ready()
  return { app, db: dbHandle.db, clock, close: () => app.close() }
}
