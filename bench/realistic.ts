/**
 * Issue 15: the realistic load, reproduced exactly, on each database of BENCH_DIALECTS.
 *
 * - HTTP (Read Agent, List Agents page of 50, Login with the same token repeated): autocannon,
 *   50 keep-alive connections from this one thread, 10 s runs after a 3 s warm-up, alternating
 *   with a bare Fastify route answering a body of the same size (bench/ceiling.ts); the ratio of
 *   each round is app ÷ the ceiling run just before it, and the median of three rounds is kept.
 * - Bulk Create Contact of 200,000 contacts into the demo tenant, 1,000 per request, 4 in flight;
 *   accounts `(i * 2654435761) % 1e10`, zero-padded to 10 digits (pseudo-random order).
 * - Bulk Contact Download of 18 columns, plain and gzip; the server's peak RSS over bulk load and
 *   downloads, and its RSS before, right after and 10 s after the bulk load (is memory given back?).
 * - 1,000 sequential Find Matching Contact on one keep-alive connection: account STARTS_WITH a
 *   random 2-digit prefix, count=50, default order (p50/p99).
 *
 * The server runs as `npm start` runs it (bench/http.ts serverArgs) with LV_ABUSE_LIMITS=off (spec
 * §8: limits are for production, off for load tests) and LV_SANDBOX=off, so the figures are the
 * API's own (REALISTIC_SANDBOX=auto keeps the loopback sandbox and its journal on).
 *
 *   BENCH_ONLY=realistic npm run bench         (markdown on stdout, progress on stderr)
 *
 * Environment (defaults = the load):
 *   REALISTIC_SECONDS 10, REALISTIC_WARMUP 3, REALISTIC_ROUNDS 3, REALISTIC_CONNECTIONS 50
 *   REALISTIC_CONTACTS 200000, REALISTIC_SEARCHES 1000
 *   REALISTIC_WORKLOADS  comma list of read-agent,list-agents,login,contacts (all)
 *   REALISTIC_CPU_PROF   a directory: the server runs with --cpu-prof there (profiles per workload run)
 *   REALISTIC_NODE_ARGS  extra node arguments for the server (before/after comparisons)
 *   REALISTIC_EXPLAIN=1  print the search page statement's plan (EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL)
 *   BENCH_DIALECTS       sqlite,postgres (the default), or one of them
 * A quick check: REALISTIC_SECONDS=2 REALISTIC_WARMUP=1 REALISTIC_ROUNDS=1 REALISTIC_CONTACTS=20000 REALISTIC_SEARCHES=200
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { Agent } from 'node:http'
import { loadavg } from 'node:os'
import { CompiledQuery } from 'kysely'
import { createDb } from '../src/db/database.ts'
import { compileRequest } from '../src/modules/contact/search/contact-search.service.ts'
import { matchingContactsQuery } from '../src/modules/contact/search/contact-search.repository.ts'
import { benchDialects, startBenchDatabase } from './dialects.ts'
import { measure, serverArgs, serverEnv, startProcess, type Measured } from './http.ts'
import { downloadContacts, fmt, keepAliveConnection, percentile, send } from './probe.ts'

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const SECONDS = env('REALISTIC_SECONDS', 10)
const WARMUP = env('REALISTIC_WARMUP', 3)
const ROUNDS = env('REALISTIC_ROUNDS', 3)
const CONNECTIONS = env('REALISTIC_CONNECTIONS', 50)
const CONTACTS = env('REALISTIC_CONTACTS', 200_000)
const SEARCHES = env('REALISTIC_SEARCHES', 1000)
const WORKLOADS = new Set((process.env.REALISTIC_WORKLOADS ?? 'read-agent,list-agents,login,contacts').split(',').map((w) => w.trim()))
const TOKEN = 'benchToken0123456789'
const PASSWORD = 'BenchAdmin123'
const MB = 1024 * 1024
const log = (text: string) => process.stderr.write(`realistic bench: ${text}\n`)
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)] }
const secondsSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9

const DOWNLOAD_FIELDS = ['account', 'lvAccountId', 'firstName', 'lastName', 'email', 'phone1', 'phone2', 'address1', 'city', 'state',
  'zipCode', 'countryId', 'balance', 'dueDate', 'dateOfBirth', 'active', 'createDate', 'modifyDate']

/** The targets, per dialect. */
const TARGETS: Record<string, Record<string, string>> = {
  SQLite: {
    'read-agent': '≥ 0.45×', 'list-agents': '≥ 0.25×', login: '≥ 0.15×, p99 < 50 ms', bulk: '≥ 25,000 /s',
    plain: '≥ 150,000 rows/s', gzip: '≥ 120,000 rows/s', rss: '≤ 200 MB, given back', search: 'p50 ≤ 2 ms, p99 ≤ 6 ms',
  },
  PostgreSQL: {
    'read-agent': '≥ 0.30×', 'list-agents': '≥ 0.15×', login: '≥ 0.08×, p99 < 50 ms', bulk: '≥ 30,000 /s',
    plain: '≥ 250,000 rows/s', gzip: '≥ 200,000 rows/s', rss: '≤ 200 MB, given back', search: 'p50 ≤ 2 ms, p99 ≤ 6 ms',
  },
}

const procStatus = (pid: number) => readFileSync(`/proc/${pid}/status`, 'utf8')
const kb = (status: string, key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024
const hasProc = existsSync('/proc/self/clear_refs')
const rss = (pid: number) => (hasProc ? kb(procStatus(pid), 'VmRSS') : Number.NaN)
const peakRss = (pid: number) => (hasProc ? kb(procStatus(pid), 'VmHWM') : Number.NaN)
const resetPeak = (pid: number) => { if (hasProc) writeFileSync(`/proc/${pid}/clear_refs`, '5') }
/** CPU seconds (user + system) a process has used: robust to a loaded machine where req/s is not. */
const cpuSeconds = (pid: number) => (hasProc ? readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ').slice(11, 13).reduce((a, t) => a + Number(t), 0) / 100 : Number.NaN)

/** The account of contact i: `(i * 2654435761) % 1e10`, zero-padded (exact in BigInt; i * 2654435761 passes 2^53). */
const account = (i: number) => String((BigInt(i) * 2654435761n) % 10_000_000_000n).padStart(10, '0')

/** The contact shape. */
function contact(i: number): Record<string, unknown> {
  const day = (n: number) => new Date(Date.UTC(1950 + (n % 50), n % 12, 1 + (n % 28))).toISOString().slice(0, 10)
  return {
    account: account(i),
    active: true,
    balance: (i % 100_000) / 100,
    person: { firstName: `First${i % 997}`, lastName: `Last${i % 1009}`, email: `contact${i}@example.com`, zipCode: String(10000 + (i % 89999)), dateOfBirth: day(i) },
    phone: [
      { phone: `617${String(i).padStart(7, '0')}`, ordinal: 1 },
      { phone: `508${String(i).padStart(7, '0')}`, ordinal: 2, smsConsent: true },
    ],
    address1: `${1 + (i % 9999)} Main Street`,
    city: 'Boston',
    state: 'MA',
    country: 'USA',
    dueDate: `2027-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
  }
}

interface Line { figure: string; value: string; target: string }

async function runDialect(label: string, url: string): Promise<{ lines: Line[]; notes: string[] }> {
  const lines: Line[] = []
  const notes: string[] = []
  const target = (k: string) => TARGETS[label][k]
  const cpuProf = process.env.REALISTIC_CPU_PROF
  const extra = (process.env.REALISTIC_NODE_ARGS ?? '').split(/\s+/).filter(Boolean)
  const args = serverArgs()
  const nodeArgs = [...args.slice(0, -1), ...extra, ...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : []), args.at(-1)!]
  const app = await startProcess(nodeArgs, {
    DATABASE_URL: url, LV_DEMO_DATA: '1', LV_ACCESS_TOKEN: TOKEN, LV_ADMIN_PASSWORD: PASSWORD, LV_LOG_LEVEL: 'warn',
    LV_ABUSE_LIMITS: 'off', LV_SANDBOX: process.env.REALISTIC_SANDBOX ?? 'off',
  }, '/health')
  const pid = app.child.pid!
  notes.push(`${label}: server RSS after start-up: ${fmt(rss(pid) / MB)} MB`)
  const ceiling = await startProcess(['--import', 'tsx', 'bench/ceiling.ts'], {}, '/health')
  let stopFloor = async () => {}
  try {
    const loginBody = JSON.stringify({ clientName: 'DEMO', userName: 'admin', password: PASSWORD })
    const login = await send(false, `${app.url}/session/login`, 'POST', { 'lv-access': TOKEN }, loginBody)
    if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text}`)
    const session = { 'lv-session': (JSON.parse(login.text) as { sessionId: string }).sessionId }
    // The floor (bench/floor.ts): the ceiling's bare route calling the app's own service on the
    // app's database, so each ratio can be read against what the database work alone allows.
    // It runs with the app's node flags and malloc settings: a floor with V8's default young
    // generation (16 MB semi-spaces against the app's 4) would be a floor the app cannot have.
    const floor = await startProcess([...args.slice(0, -1), ...extra, '--import', 'tsx', 'bench/floor.ts'],
      { ...serverEnv(), DATABASE_URL: url, FLOOR_SESSION: session['lv-session'] }, '/health')
    stopFloor = () => floor.stop()
    const floorPid = floor.child.pid!
    const get = async (path: string) => {
      const res = await send(false, app.url + path, 'GET', session)
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.text}`)
      return JSON.parse(res.text)
    }

    // ---- HTTP: app and ceiling alternating, median of the per-round ratios ---------------------
    const http: Array<{ key: string; name: string; method: 'GET' | 'POST'; path: () => Promise<string>; headers: Record<string, string>; body?: string }> = [
      { key: 'read-agent', name: 'Read Agent (GET by id)', method: 'GET', headers: session, path: async () => `/configuration/agents/${(await get('/configuration/agents?count=1&offset=10')).agent[0].id}` },
      { key: 'list-agents', name: 'List Agents, page of 50', method: 'GET', headers: session, path: async () => '/configuration/agents?count=50&offset=0' },
      { key: 'login', name: 'Login, same token repeated', method: 'POST', headers: { 'lv-access': TOKEN }, body: loginBody, path: async () => '/session/login' },
    ]
    for (const w of http) {
      if (!WORKLOADS.has(w.key)) continue
      const path = await w.path()
      const probe = await send(false, app.url + path, w.method, w.headers, w.body)
      if (probe.status !== 200) throw new Error(`${w.name}: ${probe.status} ${probe.text}`)
      const bytes = Buffer.byteLength(probe.text)
      const appRun = (seconds: number) => measure({ url: app.url + path, method: w.method, headers: w.headers, body: w.body, seconds, connections: CONNECTIONS })
      const ceilingRun = (seconds: number) => measure({ url: `${ceiling.url}/json/${bytes}`, seconds, connections: CONNECTIONS })
      const floorRun = (seconds: number) => measure({ url: floor.url + path, method: w.method, headers: w.headers, body: w.body, seconds, connections: CONNECTIONS })
      log(`${label}: ${w.name} (${bytes} B)`)
      await ceilingRun(WARMUP)
      await floorRun(WARMUP)
      await appRun(WARMUP)
      const rounds: Array<{ a: Measured; c: Measured; ratio: number }> = []
      const floorRatios: number[] = []
      const floorCpu: number[] = []
      const cpu: number[] = []
      for (let r = 0; r < ROUNDS; r++) {
        const c = await ceilingRun(SECONDS)
        const floorCpu0 = cpuSeconds(floorPid)
        const f = await floorRun(SECONDS)
        floorCpu.push((cpuSeconds(floorPid) - floorCpu0) / (f.requestsPerSecond * SECONDS) * 1e6)
        floorRatios.push(f.requestsPerSecond / c.requestsPerSecond)
        const cpu0 = cpuSeconds(pid)
        const a = await appRun(SECONDS)
        cpu.push((cpuSeconds(pid) - cpu0) / (a.requestsPerSecond * SECONDS) * 1e6)
        if (a.non2xx > 0 || a.errors > 0) log(`${w.name}: ${a.non2xx} non-2xx, ${a.errors} errors`)
        rounds.push({ a, c, ratio: a.requestsPerSecond / c.requestsPerSecond })
        log(`${label}: ${w.name}: ${fmt(a.requestsPerSecond)} vs ${fmt(c.requestsPerSecond)} req/s = ${a.requestsPerSecond / c.requestsPerSecond}`)
      }
      const mid = [...rounds].sort((x, y) => x.ratio - y.ratio)[Math.floor((rounds.length - 1) / 2)]
      lines.push({
        figure: `${w.name} (${bytes} B)`, target: target(w.key),
        value: `**${fmt(mid.ratio, 3)}×** (${fmt(mid.a.requestsPerSecond)} ÷ ${fmt(mid.c.requestsPerSecond)} req/s; p50 ${mid.a.p50} ms, p99 ${mid.a.p99} ms; rounds ${rounds.map((x) => fmt(x.ratio, 3)).join(', ')}; server CPU ${fmt(median(cpu))} µs per request; floor ${fmt(median(floorRatios), 3)}×, ${fmt(median(floorCpu))} µs)`,
      })
      notes.push(`${label}: server RSS after ${w.name}: ${fmt(rss(pid) / MB)} MB (peak so far ${fmt(peakRss(pid) / MB)} MB)`)
    }

    if (WORKLOADS.has('contacts')) {
      // ---- Bulk Create, random accounts ----------------------------------------------------------
      const rssBefore = rss(pid)
      resetPeak(pid)
      log(`${label}: Bulk Create of ${fmt(CONTACTS)} contacts, 1000 per request, 4 in flight`)
      const bodies: string[] = []
      for (let from = 0; from < CONTACTS; from += 1000) {
        bodies.push(JSON.stringify({ createContactDetails: Array.from({ length: Math.min(1000, CONTACTS - from) }, (_, k) => contact(from + k)) }))
      }
      const agent = new Agent({ keepAlive: true, maxSockets: 4 })
      let next = 0
      let created = 0
      const t0 = process.hrtime.bigint()
      await Promise.all(Array.from({ length: 4 }, async () => {
        while (next < bodies.length) {
          const res = await send(agent, `${app.url}/contact/contacts/bulk`, 'POST', session, bodies[next++])
          if (res.status !== 200) throw new Error(`bulk create: ${res.status} ${res.text.slice(0, 500)}`)
          created += Number(/(\d+)$/.exec((JSON.parse(res.text) as { message?: string }).message ?? '')?.[1] ?? 0)
        }
      }))
      const bulkRate = CONTACTS / secondsSince(t0)
      agent.destroy()
      bodies.length = 0
      if (created !== CONTACTS) throw new Error(`bulk create made ${created} of ${CONTACTS}`)
      const rssAfterBulk = rss(pid)
      const peakBulk = peakRss(pid)
      await new Promise((r) => setTimeout(r, 10_000))
      const rssIdle = rss(pid)
      lines.push({ figure: `Bulk Create, random accounts (${fmt(CONTACTS)})`, value: `**${fmt(bulkRate)} /s**`, target: target('bulk') })

      // ---- Bulk Contact Download, 18 columns ------------------------------------------------------
      const download = async (gzip: boolean) => {
        const t = process.hrtime.bigint()
        const { lines } = await downloadContacts(app.url, session, DOWNLOAD_FIELDS, gzip)
        const rows = lines - 1
        if (rows < CONTACTS) throw new Error(`download returned ${rows} rows, fewer than the ${CONTACTS} created`)
        return { rows, rate: rows / secondsSince(t) }
      }
      log(`${label}: Bulk Contact Download, 18 columns, plain and gzip`)
      const plain = await download(false)
      const zipped = await download(true)
      const peak = peakRss(pid)
      lines.push({ figure: `Download 18 columns, plain (${fmt(plain.rows)} rows)`, value: `**${fmt(plain.rate)} rows/s**`, target: target('plain') })
      lines.push({ figure: 'Download 18 columns, gzip', value: `**${fmt(zipped.rate)} rows/s**`, target: target('gzip') })
      lines.push({
        figure: 'Server peak RSS (bulk, then downloads)', target: target('rss'),
        value: `**${fmt(peak / MB)} MB** (bulk alone ${fmt(peakBulk / MB)} MB); RSS ${fmt(rssBefore / MB)} MB before the bulk load, ${fmt(rssAfterBulk / MB)} MB right after, ${fmt(rssIdle / MB)} MB 10 s later`,
      })

      // ---- Find Matching Contact ------------------------------------------------------------------
      // The app's 1,000 timed searches, then the floor's (bench/floor.ts: the same service and
      // answer writer behind a bare route) on the same database, each after 30 untimed.
      log(`${label}: ${SEARCHES} Find Matching Contact, account STARTS_WITH a random 2-digit prefix (app, then floor)`)
      const searchTimes = async (baseUrl: string) => {
        const one = await keepAliveConnection(baseUrl)
        const times: number[] = []
        let matched = 0
        for (let i = 0; i < SEARCHES + 30; i++) {
          const prefix = String(Math.floor(Math.random() * 100)).padStart(2, '0')
          const body = JSON.stringify({ search: { field: 'account', condition: 'STARTS_WITH', criteria: prefix } })
          const t = process.hrtime.bigint()
          const res = await one.request('POST', '/contact/contacts/search?count=50&offset=0', session, body, i === 30)
          const ms = secondsSince(t) * 1000
          if (res.status !== 200) throw new Error(`search: ${res.status} ${res.text}`)
          if (i >= 30) times.push(ms)
          if (i === 30) matched = (JSON.parse(res.text) as { findMatchingContactsDetails: unknown[] }).findMatchingContactsDetails.length
        }
        one.close()
        return { times: times.sort((a, b) => a - b), matched }
      }
      const { times, matched } = await searchTimes(app.url)
      const floorSearch = (await searchTimes(floor.url)).times
      if (process.env.REALISTIC_EXPLAIN === '1') notes.push(await explainSearch(url))
      lines.push({
        figure: 'Search, account STARTS_WITH 2 digits, count=50', target: target('search'),
        value: `**p50 ${fmt(percentile(times, 0.5), 2)} ms, p99 ${fmt(percentile(times, 0.99), 2)} ms** (after 30 untimed; a page held ${matched}); floor p50 ${fmt(percentile(floorSearch, 0.5), 2)} ms, p99 ${fmt(percentile(floorSearch, 0.99), 2)} ms`,
      })
    }
    notes.push(`${label}: server RSS at the end ${fmt(rss(pid) / MB)} MB`)
    return { lines, notes }
  } finally {
    await app.stop()
    await ceiling.stop()
    await stopFloor()
  }
}

/**
 * REALISTIC_EXPLAIN=1: the plan of the search's page statement (prefix '42'), as Find Matching
 * Contact builds it: EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL, EXPLAIN QUERY PLAN on SQLite.
 */
async function explainSearch(url: string): Promise<string> {
  const handle = createDb(url)
  try {
    const { id } = await handle.db.selectFrom('clients').select('id').where('code', '=', 'DEMO').executeTakeFirstOrThrow()
    const body = { search: { field: 'account', condition: 'STARTS_WITH', criteria: '42' } } as const
    const { where, sort } = await compileRequest(handle.db, id, body, Date.now())
    const statement = matchingContactsQuery(handle.db, id, where, sort, 51, 0).compile()
    const explain = handle.dialect === 'postgres' ? 'explain (analyze, buffers)' : 'explain query plan'
    const plan = await handle.db.executeQuery(CompiledQuery.raw(`${explain} ${statement.sql}`, [...statement.parameters]))
    return ['```', statement.sql.replace(/^select .*? from \(select /, 'select … from (select '), '', ...(plan.rows as Array<{ 'QUERY PLAN'?: string; detail?: string }>).map((r) => r['QUERY PLAN'] ?? r.detail ?? JSON.stringify(r)), '```'].join('\n')
  } finally {
    await handle.close()
  }
}

async function main(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' })
  const load = loadavg().map((l) => l.toFixed(2)).join(' / ')
  const started = new Date().toISOString()
  const sections: string[] = []
  for (const dialect of benchDialects()) {
    const database = await startBenchDatabase(dialect)
    try {
      const { lines, notes } = await runDialect(database.label, database.url)
      sections.push([
        `| figure (${database.label}) | lvapi (ratio = lvapi ÷ ceiling, same run) | target |`,
        '| --- | --- | --- |',
        ...lines.map((l) => `| ${l.figure} | ${l.value} | ${l.target} |`),
        '',
        ...notes,
      ].join('\n'))
    } finally {
      await database.stop()
    }
  }
  process.stdout.write([
    `## Realistic load (issue 15), ${started}`,
    '',
    `${CONNECTIONS} connections, one client thread, ${SECONDS} s runs after ${WARMUP} s warm-up, ${ROUNDS} rounds alternating with the bare ceiling, median ratio; `
    + `${fmt(CONTACTS)} contacts; ${SEARCHES} searches. LV_ABUSE_LIMITS=off, LV_SANDBOX=${process.env.REALISTIC_SANDBOX ?? 'off'}. `
    + `Load average at start ${load}, at end ${loadavg().map((l) => l.toFixed(2)).join(' / ')}.`,
    '',
    sections.join('\n\n'),
    '',
  ].join('\n'))
}

await main()
