import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { createDb } from '../src/db/database.ts'
import { dropChangeTriggers } from '../src/db/dialect.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { ensureChangeTracking, untrack } from '../src/sandbox/snapshots/tenant-rows.ts'
import { TENANT_TABLES } from '../src/sandbox/snapshots/tenant-tables.ts'
import { benchDialects, startBenchDatabase } from './dialects.ts'

/**
 * What the sandbox's change triggers cost a client the sandbox does not track (issue 13: the
 * control plane stays out of the vendor methods' paths; issue 15: Bulk Create targets). Bulk
 * Create Contact, 1,000 contacts per request, in process (app.inject) on a file SQLite database
 * and a PostgreSQL database, in rounds that alternate between no triggers (as after migration
 * 0012, before any sandbox tenant) and the triggers installed (after the first sandbox tenant).
 * Alternating rounds spread the machine's load changes over both. `node --import tsx
 * bench/sandbox-triggers.ts` or `BENCH_ONLY=sandbox-triggers npm run bench`; BENCH_DIALECTS, BENCH_TRIGGER_ROUNDS (12), BENCH_TRIGGER_REQUESTS (8).
 */
const ROUNDS = Number(process.env.BENCH_TRIGGER_ROUNDS ?? 12)
const REQUESTS = Number(process.env.BENCH_TRIGGER_REQUESTS ?? 8)
const PER_REQUEST = 1000

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]

function details(n: number): Record<string, unknown> {
  return {
    account: `TRG${n}`, person: { firstName: `First${n}`, lastName: `Last${n}`, email: `c${n}@example.com`, zipCode: '30301' },
    phone: [{ phone: `404555${String(n % 10000).padStart(4, '0')}`, ordinal: 1 }], city: 'Atlanta', state: 'GA', balance: n % 1000, active: true,
  }
}

async function run(dialect: 'sqlite' | 'postgres'): Promise<string[]> {
  const database = await startBenchDatabase(dialect)
  const handle = createDb(database.url, { poolSize: 4 })
  try {
    await migrateToLatest(handle.db)
    const config = loadConfig({}, { LV_DEMO_DATA: '0', LV_ABUSE_LIMITS: 'off', LV_JOURNAL_SIZE: 0 })
    const app = await buildApp({ config, dbHandle: handle, logger: false })
    await app.ready()
    // A tenant made through the sandbox, then no longer tracked: an ordinary client's writes.
    const tenant = (await app.inject({ method: 'POST', url: '/_lvapi/tenants', payload: {} })).json()
    await untrack(handle.db, [tenant.clientId])
    const login = await app.inject({
      method: 'POST', url: '/session/login', headers: { 'lv-access': tenant.accessToken },
      payload: { clientName: tenant.clientCode, userName: tenant.userName, password: tenant.password },
    })
    const session = { 'lv-session': login.json().sessionId as string }
    const tables = ['clients', ...TENANT_TABLES.map((t) => t.name)]
    const samples: Record<'off' | 'on', number[]> = { off: [], on: [] }
    const cpu: Record<'off' | 'on', number[]> = { off: [], on: [] }
    let next = 0
    const bulkCreate = async () => {
      const body = JSON.stringify({ createContactDetails: Array.from({ length: PER_REQUEST }, () => details(next++)) })
      const cpu = process.cpuUsage()
      const start = performance.now()
      const res = await app.inject({ method: 'POST', url: '/contact/contacts/bulk', headers: { ...session, 'content-type': 'application/json' }, payload: body })
      const took = performance.now() - start
      const used = process.cpuUsage(cpu)
      if (res.json().message !== `Successfully updated contacts ${PER_REQUEST}`) throw new Error(res.body)
      return { wall: took, cpu: (used.user + used.system) / 1000 }
    }
    await bulkCreate() // warm-up: compiled code paths, prepared statements
    for (let round = 0; round < ROUNDS; round++) {
      const mode = round % 2 === 0 ? 'off' : 'on'
      if (mode === 'on') await handle.db.transaction().execute((trx) => ensureChangeTracking(trx))
      else await dropChangeTriggers(handle.db, tables)
      for (let r = 0; r < REQUESTS; r++) {
        const one = await bulkCreate()
        samples[mode].push(one.wall)
        cpu[mode].push(one.cpu)
      }
    }
    await app.close() // closes the database too
    const row = (mode: 'off' | 'on') => {
      const ms = median(samples[mode])
      return `| ${database.label} | ${mode === 'off' ? 'no triggers (after 0012, no sandbox tenant)' : 'change triggers installed (0011 / after a sandbox tenant)'} | ${ms.toFixed(1)} | ${Math.round(PER_REQUEST / ms * 1000)} | ${median(cpu[mode]).toFixed(1)} | ${samples[mode].length} |`
    }
    const change = (xs: Record<'off' | 'on', number[]>) => `${((median(xs.on) / median(xs.off) - 1) * 100).toFixed(1)}%`
    return [row('off'), row('on'), `| ${database.label} | with triggers vs without | ${change(samples)} | | ${change(cpu)} | |`]
  } finally {
    await database.stop()
  }
}

// CPU: this process's (Node and, on SQLite, the database engine; PostgreSQL's backend is not in it).
const rows = ['| database | triggers | Bulk Create p50 ms / 1,000 | contacts/s | process CPU ms / request (p50) | requests |', '| --- | --- | ---: | ---: | ---: | ---: |']
for (const dialect of benchDialects()) rows.push(...await run(dialect))
console.log(rows.join('\n'))
