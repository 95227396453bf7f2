/**
 * Server half of contact-export.memory.test.ts, run as its own process with a small heap
 * (`node --max-old-space-size=96 --import tsx contact-export.probe.ts ROWS`): a temporary SQLite
 * file (or the empty PostgreSQL database named by PROBE_DATABASE_URL) with ROWS contacts and the
 * real app listening on a free port. It prints one JSON line (port, session, SQLite path, heap
 * limit) and serves until stdin closes; the test measures this process from outside (/proc RSS
 * high-water mark, WAL snapshots) while it downloads.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getHeapStatistics } from 'node:v8'
import type { AddressInfo } from 'node:net'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { createDb } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { provisionClient } from '../src/modules/configuration/clients/client.provisioning.ts'
import { createUser } from '../src/modules/configuration/users/user.service.ts'
import { addAccessToken } from '../src/modules/session/access-token.service.ts'
import { copySyntheticRows, insertSyntheticRows } from './synthetic-contacts.ts'

const rows = Number(process.argv[2] ?? 200_000)
const dir = mkdtempSync(join(tmpdir(), 'lvapi-export-probe-'))
const path = join(dir, 'probe.db')

try {
  const handle = createDb(process.env.PROBE_DATABASE_URL ?? `sqlite:${path}`)
  await migrateToLatest(handle.db)
  const now = Date.now()
  const clientId = await provisionClient(handle.db, { code: 'PROBE', name: 'Probe' }, now)
  const token = await addAccessToken(handle.db, clientId, now)
  await createUser(handle.db, clientId, { loginId: 'admin', firstName: 'A', lastName: 'B', password: 'Probe1234', role: 'SYSADMIN' }, now)
  if (handle.pgPool) {
    const loader = await handle.pgPool.connect()
    try {
      await copySyntheticRows(loader, clientId, 0, rows, now)
    } finally {
      loader.release()
    }
  } else {
    insertSyntheticRows(handle.sqlite!, clientId, 0, rows, now)
  }

  const app = await buildApp({ config: loadConfig({}, { LV_DEMO_DATA: '0' }), dbHandle: handle, logger: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as AddressInfo).port
  const login = await fetch(`http://127.0.0.1:${port}/session/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'lv-access': token },
    body: JSON.stringify({ clientName: 'PROBE', userName: 'admin', password: 'Probe1234' }),
  })
  const session = (await login.json() as { sessionId: string }).sessionId
  global.gc?.()
  process.stdout.write(`${JSON.stringify({ port, session, path, heapLimit: getHeapStatistics().heap_size_limit })}\n`)
  process.stdin.resume()
  await new Promise((resolve) => process.stdin.once('end', resolve))
  await app.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
