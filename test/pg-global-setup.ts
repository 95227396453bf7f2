import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { startPgCluster, type PgCluster } from '../scripts/pg-cluster.ts'
import { createDb } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { withDatabase } from './pg.ts'

/**
 * TEST_DIALECT=postgres: migrate one template database per run; test/pg.ts copies it for every
 * test app. PG_TEST_URL (a superuser URL, set by `npm run test:pg`) names the server; without it
 * a throwaway cluster is started here, so `TEST_DIALECT=postgres npx vitest run <folder>` works
 * on its own. The run's databases are dropped at the end, so a shared server is left clean.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let cluster: PgCluster | undefined
  let adminUrl = process.env.PG_TEST_URL
  if (!adminUrl) {
    cluster = await startPgCluster()
    process.on('exit', cluster.stop)
    adminUrl = cluster.url
  }
  const template = `lvapi_tpl_${randomBytes(4).toString('hex')}`
  await adminQuery(adminUrl, `CREATE DATABASE "${template}"`)
  const handle = createDb(withDatabase(adminUrl, template), { poolSize: 1 })
  try {
    await migrateToLatest(handle.db)
  } finally {
    // CREATE DATABASE ... TEMPLATE refuses a template that still has connections.
    await handle.close()
  }
  // PostgreSQL 15 copies a database through the WAL by default; copying the files is about 3x
  // faster for a small template (one checkpoint, which costs nothing with fsync off).
  const version = Number(await adminQuery(adminUrl, 'SHOW server_version_num'))
  project.provide('pgTest', { adminUrl, template, copyClause: version >= 150000 ? ' STRATEGY FILE_COPY' : '' })

  return async () => {
    if (cluster) {
      cluster.stop()
      return
    }
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    try {
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [template, `${template}\\_%`])
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
    } finally {
      await admin.end()
    }
  }
}

/** Runs one statement; answers the first column of its first row, if any. */
async function adminQuery(url: string, text: string): Promise<unknown> {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    const result = await admin.query({ text, rowMode: 'array' })
    return result.rows[0]?.[0]
  } finally {
    await admin.end()
  }
}
