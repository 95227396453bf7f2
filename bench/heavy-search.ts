/**
 * Issue 10 item 7: one tenant's heavy Find Matching Contact must not delay another tenant. A
 * client with HEAVY_SEARCH_ROWS contacts (default 200,000) sends, back to back, the issue's
 * search (100 OR'ed CONTAINS conditions that match nothing, count=1000, so every contact is
 * examined) while another client reads one Agent over and over; the Read Agent latencies are
 * measured alone first, then during the heavy searches. Target: Read Agent p99 < 50 ms.
 *
 *   node --import tsx bench/heavy-search.ts        (markdown on stdout, progress on stderr)
 *   BENCH_ONLY=heavy-search npm run bench          (the same, alone; BENCH_HEAVY_SEARCH=0 skips it in a full run)
 *
 * Environment: HEAVY_SEARCH_ROWS (200,000), HEAVY_SEARCH_SECONDS under load (10),
 * BENCH_DIALECTS, BENCH_PG_URL (bench/dialects.ts).
 */
import { spawnSync } from 'node:child_process'
import { Agent } from 'node:http'
import { createDb } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { provisionClient } from '../src/modules/configuration/clients/client.provisioning.ts'
import { createUser } from '../src/modules/configuration/users/user.service.ts'
import { addAccessToken } from '../src/modules/session/access-token.service.ts'
import { openContactsBenchDialect } from './contacts-dialects.ts'
import { benchDialects, startBenchDatabase, type BenchDatabase } from './dialects.ts'
import { serverArgs, startProcess } from './http.ts'
import { fmt, percentile, readAgentLatencies, send } from './probe.ts'

const ROWS = Number(process.env.HEAVY_SEARCH_ROWS ?? 200_000)
const SECONDS = Number(process.env.HEAVY_SEARCH_SECONDS ?? 10)
const PASSWORD = 'BenchAdmin123'
const log = (text: string) => process.stderr.write(`heavy-search bench: ${text}\n`)

const HEAVY_BODY = JSON.stringify({
  search: Array.from({ length: 99 }, (_, i) => i + 1).reduce<object>(
    (left, i) => ({ rule: 'OR', left, right: { field: ['name', 'city', 'email', 'address'][i % 4], criteria: `zq${i}x`, condition: 'CONTAINS' } }),
    { field: 'name', criteria: 'zq0x', condition: 'CONTAINS' },
  ),
})

async function provision(db: ReturnType<typeof createDb>['db'], code: string, now: number) {
  const id = await provisionClient(db, { code, name: `Bench ${code}` }, now)
  const token = await addAccessToken(db, id, now)
  await createUser(db, id, { loginId: 'admin', firstName: 'Bench', lastName: 'Admin', password: PASSWORD, role: 'SYSADMIN' }, now)
  return { id, code, token }
}

async function runDialect(database: BenchDatabase, now: number): Promise<string> {
  const handle = createDb(database.url)
  try {
    await migrateToLatest(handle.db)
    const heavy = await provision(handle.db, 'HEAVY', now)
    const other = await provision(handle.db, 'OTHER', now)
    const dialect = await openContactsBenchDialect(database.dialect, handle, database.url)
    try {
      log(`${database.label}: seeding ${fmt(ROWS)} contacts`)
      await dialect.seed.insert(heavy.id, 0, ROWS, now)
      await dialect.settle()
    } finally {
      await dialect.close()
    }
    const server = await startProcess(serverArgs(), {
      DATABASE_URL: database.url, LV_DEMO_DATA: '0', LV_LOG_LEVEL: 'warn', LV_CLIENT_CODE: 'HEAVY', LV_ADMIN_PASSWORD: PASSWORD, LV_ABUSE_LIMITS: 'off',
    }, '/health')
    try {
      const login = async (c: { code: string; token: string }) => {
        const res = await send(new Agent(), `${server.url}/session/login`, 'POST', { 'lv-access': c.token }, JSON.stringify({ clientName: c.code, userName: 'admin', password: PASSWORD }))
        if (res.status !== 200) throw new Error(`login ${c.code}: ${res.status} ${res.text}`)
        return { 'lv-session': (JSON.parse(res.text) as { sessionId: string }).sessionId }
      }
      const heavySession = await login(heavy)
      const otherSession = await login(other)
      const readAgent = new Agent({ keepAlive: true, maxSockets: 1 })
      const created = await send(readAgent, `${server.url}/configuration/agents`, 'POST', otherSession, JSON.stringify({
        loginId: 'READER1', firstName: 'Rea', lastName: 'Der', password: 'Agent1234', phone: '2023467763', wrapUpTime: -1, homeAgent: false, active: true, assignedService: [],
      }))
      if (created.status !== 201) throw new Error(`create agent: ${created.status} ${created.text}`)
      const agentUrl = `${server.url}/configuration/agents/${(JSON.parse(created.text) as { id: number }).id}`

      log(`${database.label}: Read Agent alone`)
      let end = Date.now() + 3000
      const alone = await readAgentLatencies(readAgent, agentUrl, otherSession, () => Date.now() > end)

      log(`${database.label}: Read Agent during heavy searches (${SECONDS} s)`)
      end = Date.now() + SECONDS * 1000
      const searchAgent = new Agent({ keepAlive: true, maxSockets: 1 })
      const searches: Array<{ ms: number; status: number }> = []
      let searching = true
      const heavyLoop = (async () => {
        while (Date.now() < end) {
          const t0 = process.hrtime.bigint()
          const res = await send(searchAgent, `${server.url}/contact/contacts/search?count=1000&offset=0`, 'POST', heavySession, HEAVY_BODY)
          searches.push({ ms: Number(process.hrtime.bigint() - t0) / 1e6, status: res.status })
        }
        searching = false
      })()
      // Let the first search start before timing the reads.
      await new Promise((r) => setTimeout(r, 50))
      const during = await readAgentLatencies(readAgent, agentUrl, otherSession, () => !searching)
      await heavyLoop
      readAgent.destroy()
      searchAgent.destroy()

      const statuses = [...new Set(searches.map((s) => s.status))].join(', ')
      const searchMs = searches.map((s) => s.ms).sort((a, b) => a - b)
      const row = (what: string, xs: number[]) => `| ${database.label} | ${what} | ${fmt(xs.length)} | ${fmt(percentile(xs, 0.5), 2)} | ${fmt(percentile(xs, 0.99), 2)} | ${fmt(xs.at(-1) ?? Number.NaN, 1)} |`
      return [
        row('Read Agent alone', alone),
        row('Read Agent during heavy searches', during),
        row(`heavy search (status ${statuses})`, searchMs),
      ].join('\n')
    } finally {
      await server.stop()
    }
  } finally {
    await handle.close()
  }
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' })
  if (build.status !== 0) throw new Error('scripts/build.mjs failed')
  const now = Date.now()
  const rows: string[] = []
  for (const dialect of benchDialects()) {
    const database = await startBenchDatabase(dialect)
    try {
      rows.push(await runDialect(database, now))
    } finally {
      await database.stop()
    }
  }
  process.stdout.write([
    '',
    `## Heavy search beside another client's Read Agent (issue 10 item 7), ${fmt(ROWS)} contacts`,
    '',
    `One client sends the search of 100 OR'ed CONTAINS conditions (count=1000, no match) back to back for ${SECONDS} s; another client reads one Agent over and over on one keep-alive connection. Target: Read Agent p99 < 50 ms during the heavy searches.`,
    '',
    '| database | requests | n | p50 ms | p99 ms | max ms |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
  ].join('\n'))
}

await main()
