import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { startPgCluster } from '../scripts/pg-cluster.ts'
import type { DialectName } from '../src/db/dialect.ts'

/**
 * The databases `npm run bench` runs every scenario on, side by side. PostgreSQL is a throwaway
 * PostgreSQL 15 cluster with its durable defaults (fsync and synchronous commit on, unlike the
 * test cluster), so the figures mean what they would on a real server; BENCH_PG_URL (a
 * superuser URL) uses an existing server instead, in a database created and dropped here.
 *
 *   for (const dialect of benchDialects()) {
 *     const database = await startBenchDatabase(dialect)
 *     try { ...scenarios against database.url... } finally { await database.stop() }
 *   }
 */
export interface BenchDatabase {
  dialect: DialectName
  /** For table headings. */
  label: string
  /** DATABASE_URL for the server under test (empty: it migrates and bootstraps at start). */
  url: string
  stop(): Promise<void>
}

const labels: Record<DialectName, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' }

/** BENCH_DIALECTS=sqlite,postgres (the default), or one of them. */
export function benchDialects(): DialectName[] {
  const wanted = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim().toLowerCase()).filter(Boolean)
  for (const d of wanted) {
    if (d !== 'sqlite' && d !== 'postgres') throw new Error(`BENCH_DIALECTS: unknown dialect ${d} (sqlite, postgres)`)
  }
  return wanted as DialectName[]
}

let exitOnSignal = false

/** Ctrl-C must still run the 'exit' handlers that remove a cluster. */
function removeOnInterrupt(): void {
  if (exitOnSignal) return
  exitOnSignal = true
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130))
}

export async function startBenchDatabase(dialect: DialectName): Promise<BenchDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'lvapi-bench-'))
    return {
      dialect, label: labels.sqlite, url: `sqlite:${join(dir, 'bench.db')}`,
      stop: async () => rmSync(dir, { recursive: true, force: true }),
    }
  }
  removeOnInterrupt()
  const existing = process.env.BENCH_PG_URL
  const cluster = existing ? undefined : await startPgCluster({ durable: true })
  if (cluster) process.on('exit', cluster.stop)
  const adminUrl = existing ?? cluster!.url
  const name = `lvapi_bench_${randomBytes(4).toString('hex')}`
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    dialect, label: labels.postgres, url: url.toString(),
    async stop() {
      if (cluster) {
        cluster.stop()
        process.off('exit', cluster.stop)
      } else {
        await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      }
    },
  }
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}
