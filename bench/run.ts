import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { benchDialects, startBenchDatabase } from './dialects.ts'
import { measure, serverArgs, startProcess, type Measured } from './http.ts'

/**
 * `npm run bench`: autocannon against the real app (a child process on a temp database with the
 * demo tenant) beside a bare Fastify route answering a JSON body of the same size, in the same
 * run: the ratio to that ceiling is the figure that travels between machines. Then the Contact
 * API benchmarks (bench/contacts.ts, its own process and databases) unless BENCH_CONTACTS=0.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const TOKEN = 'benchToken0123456789'
const PASSWORD = 'BenchAdmin123'

export interface Scenario {
  name: string
  method?: 'GET' | 'POST' | 'PUT'
  /** Path (and query) on the app. */
  path: string | ((ctx: BenchContext) => Promise<string>)
  body?: object
  /** false for login, which runs without a session. */
  authenticated?: boolean
  headers?: Record<string, string>
}

export interface BenchContext {
  url: string
  session: Record<string, string>
  get(path: string): Promise<any>
}

const scenarios: Scenario[] = [
  {
    name: 'Login (repeat, same token)', method: 'POST', path: '/session/login', authenticated: false,
    headers: { 'lv-access': TOKEN }, body: { clientName: 'DEMO', userName: 'admin', password: PASSWORD },
  },
  { name: 'Get Session Details (GET by id)', path: async (ctx) => `/session/sessions/${ctx.session['lv-session']}` },
  {
    name: 'Read Agent (GET by id)',
    path: async (ctx) => `/configuration/agents/${(await ctx.get('/configuration/agents?count=1&offset=10')).agent[0].id}`,
  },
  { name: 'List Agents (page of 50)', path: '/configuration/agents?count=50&offset=0' },
  {
    name: 'Read Service Settings',
    path: async (ctx) => `/configuration/services/${(await ctx.get(`/configuration/services?callCenter=${await busiestCallCenter(ctx)}&count=1&offset=0`)).service[0].serviceId}/settings`,
  },
  { name: 'List Services (one call center)', path: async (ctx) => `/configuration/services?callCenter=${await busiestCallCenter(ctx)}&count=50&offset=0` },
  {
    name: 'Find Matching Agents (partial lastName)', method: 'POST',
    path: '/configuration/agents/search?count=50&offset=0', body: { lastName: 'son' },
  },
]

/** The demo call center holding the most services. */
async function busiestCallCenter(ctx: BenchContext): Promise<number> {
  const { callCenter } = await ctx.get('/configuration/callCenters?count=100&offset=0')
  let best = { id: 0, size: -1 }
  for (const cc of callCenter as Array<{ callCenterId?: number; id?: number }>) {
    const id = cc.callCenterId ?? cc.id!
    const { service } = await ctx.get(`/configuration/services?callCenter=${id}&count=1000&offset=0`)
    if (service.length > best.size) best = { id, size: service.length }
  }
  return best.id
}

interface Row {
  name: string
  app: Measured
  ceiling: Measured
  bytes: number
}

function formatTable(dialect: string, rows: Row[]): string {
  const lines = [
    `| scenario (${dialect}) | body bytes | req/s | p50 ms | p99 ms | ceiling req/s | ratio |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const r of rows) {
    lines.push(`| ${r.name} | ${r.bytes} | ${Math.round(r.app.requestsPerSecond)} | ${r.app.p50} | ${r.app.p99} | ${Math.round(r.ceiling.requestsPerSecond)} | ${(r.app.requestsPerSecond / r.ceiling.requestsPerSecond).toFixed(2)}x |`)
  }
  return lines.join('\n')
}

async function runDialect(dialect: string, databaseUrl: string): Promise<string> {
  const startedAt = performance.now()
  // What `npm start` runs after its build step (scripts/build.mjs, run once in main()).
  const app = await startProcess(serverArgs(), {
    DATABASE_URL: databaseUrl, LV_ACCESS_TOKEN: TOKEN, LV_ADMIN_PASSWORD: PASSWORD, LV_LOG_LEVEL: 'warn',
  }, '/health')
  const startupMs = Math.round(performance.now() - startedAt)
  const ceiling = await startProcess(['--import', 'tsx', 'bench/ceiling.ts'], {}, '/health')
  try {
    const login = await fetch(`${app.url}/session/login`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'lv-access': TOKEN },
      body: JSON.stringify({ clientName: 'DEMO', userName: 'admin', password: PASSWORD }),
    })
    if (!login.ok) throw new Error(`bench login failed: ${login.status} ${await login.text()}`)
    const session = { 'lv-session': (await login.json()).sessionId as string }
    const ctx: BenchContext = {
      url: app.url, session,
      async get(path) {
        const res = await fetch(app.url + path, { headers: session })
        if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`)
        return res.json()
      },
    }
    const rows: Row[] = []
    for (const s of scenarios) {
      let path: string
      try {
        path = typeof s.path === 'string' ? s.path : await s.path(ctx)
      } catch (err) {
        process.stderr.write(`skipping ${s.name}: ${(err as Error).message}\n`)
        continue
      }
      const headers = { ...(s.authenticated === false ? {} : session), ...s.headers }
      const body = s.body ? JSON.stringify(s.body) : undefined
      const probe = await fetch(app.url + path, { method: s.method ?? 'GET', headers: { 'content-type': 'application/json', ...headers }, body })
      const bytes = (await probe.text()).length
      if (!probe.ok) {
        process.stderr.write(`skipping ${s.name}: ${probe.status}\n`)
        continue
      }
      // Throughput on this 2-core machine is bimodal from run to run (the same bare route gives
      // ~40k or ~75k req/s), so app and ceiling alternate for ROUNDS runs each after a warm-up,
      // and each side's best run is compared: the same rule for both.
      const appRun = (seconds: number) => measure({ url: app.url + path, method: s.method, headers, body, seconds, connections: CONNECTIONS })
      const ceilingRun = (seconds: number) => measure({ url: `${ceiling.url}/json/${bytes}`, seconds, connections: CONNECTIONS })
      await appRun(1)
      await ceilingRun(1)
      let measured: Measured | undefined
      let top: Measured | undefined
      for (let round = 0; round < ROUNDS; round++) {
        const c = await ceilingRun(SECONDS)
        const a = await appRun(SECONDS)
        if (!top || c.requestsPerSecond > top.requestsPerSecond) top = c
        if (!measured || a.requestsPerSecond > measured.requestsPerSecond) measured = a
      }
      if (!measured || !top) continue
      if (measured.non2xx > 0 || measured.errors > 0) process.stderr.write(`${s.name}: ${measured.non2xx} non-2xx, ${measured.errors} errors\n`)
      rows.push({ name: s.name, app: measured, ceiling: top, bytes })
      process.stderr.write(`${s.name}: ${Math.round(measured.requestsPerSecond)} req/s\n`)
    }
    return `${formatTable(dialect, rows)}\n\nStart-up on a fresh ${dialect} database, migrations and demo data included (process spawn to /health answering): ${startupMs} ms.`
  } finally {
    await app.stop()
    await ceiling.stop()
  }
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY
  if (only !== undefined && Object.hasOwn(OWN_PROCESS_BENCHES, only)) {
    return runInOwnProcess(OWN_PROCESS_BENCHES[only as keyof typeof OWN_PROCESS_BENCHES])
  }
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' })
  const tables: string[] = []
  for (const dialect of benchDialects()) {
    const database = await startBenchDatabase(dialect)
    try {
      tables.push(await runDialect(database.label, database.url))
    } finally {
      await database.stop()
    }
  }
  process.stdout.write(`\nAPI benchmarks: best of ${ROUNDS} alternating runs of ${SECONDS} s per side, ${CONNECTIONS} connections, ratio = app req/s ÷ bare Fastify req/s for a body of the same size, same run.\n\n`)
  process.stdout.write(`${tables.join('\n\n')}\n`)
  if (process.env.BENCH_CONTACTS !== '0') await runContactsBench()
  if (process.env.BENCH_SANDBOX !== '0') await runInOwnProcess(OWN_PROCESS_BENCHES.sandbox)
  if (process.env.BENCH_SANDBOX_JOURNAL !== '0') await runInOwnProcess(OWN_PROCESS_BENCHES['sandbox-journal'])
  if (process.env.BENCH_HEAVY_SEARCH !== '0') await runInOwnProcess(OWN_PROCESS_BENCHES['heavy-search'])
  if (process.env.BENCH_LARGE_BODIES !== '0') await runInOwnProcess(OWN_PROCESS_BENCHES['large-bodies'])
  if (process.env.BENCH_WRONG_TOKENS !== '0') await runInOwnProcess(OWN_PROCESS_BENCHES['wrong-tokens'])
  if (process.env.BENCH_REALISTIC !== '0') await runInOwnProcess(OWN_PROCESS_BENCHES.realistic)
}

/**
 * The benches that run in a process of their own, so the API bench's heap and connections do not
 * weigh on their figures, by their BENCH_ONLY name.
 */
const OWN_PROCESS_BENCHES = {
  // Sandbox tenants, resets and the old ways beside them.
  sandbox: 'bench/sandbox.ts',
  // Read Agent with the sandbox's request journal on and off.
  'sandbox-journal': 'bench/sandbox-journal.ts',
  // Bulk Create with and without the sandbox's change triggers.
  'sandbox-triggers': 'bench/sandbox-triggers.ts',
  // Issue 10 item 7: another client's Read Agent during heavy searches.
  'heavy-search': 'bench/heavy-search.ts',
  // Issue 10 item 1: the largest bodies each kind of route accepts, and Read Agent beside four of them.
  'large-bodies': 'bench/large-bodies.ts',
  // Issue 10 item 5: a flood of wrong LV-Access tokens beside another client.
  'wrong-tokens': 'bench/wrong-tokens.ts',
  // Issue 15: the realistic load (50 connections, random accounts) on both databases.
  realistic: 'bench/realistic.ts',
} as const

async function runInOwnProcess(script: string, nodeOptions: string[] = []): Promise<void> {
  const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', script], { stdio: 'inherit' })
  const [code, signal] = await once(child, 'exit') as [number | null, NodeJS.Signals | null]
  if (code !== 0) throw new Error(`${script} failed (${signal ?? `exit code ${code}`})`)
}

/**
 * A process of its own, so the API bench's heap and connections do not weigh on its figures,
 * with a small young generation: its scavenges then take well under a millisecond, where the
 * default's ~5 ms pauses landed in about 1% of the timed searches and set their p99.
 */
async function runContactsBench(): Promise<void> {
  process.stdout.write('\n')
  await runInOwnProcess('bench/contacts.ts', ['--max-semi-space-size=1'])
}

await main()
