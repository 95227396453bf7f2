/**
 * The OpenAPI document this server serves at /openapi.json, read from the app itself (in-process,
 * in-memory SQLite, app.inject), not from a running server: the same routes, no port, no state.
 * The configuration is fixed rather than read from the environment so the output does not depend
 * on who runs it; it is the default loopback server's document (the sandbox's /_lvapi routes
 * included, /metrics hidden). Used by client:generate/client:check and lint:openapi.
 */
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { createDb } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'

export async function servedDocument(): Promise<Record<string, unknown>> {
  const dbHandle = createDb('sqlite::memory:')
  await migrateToLatest(dbHandle.db)
  const app = await buildApp({ config: loadConfig({}, { LV_DEMO_DATA: '0', HOST: '127.0.0.1' }), dbHandle, logger: false })
  try {
    const res = await app.inject({ url: '/openapi.json' })
    if (res.statusCode !== 200) throw new Error(`/openapi.json answered ${res.statusCode}`)
    return res.json()
  } finally {
    await app.close()
  }
}
