/**
 * Issue 10 item 1: the largest body each kind of route accepts, valid and malformed, must cost
 * under 1 s of event-loop time and under 10x its size in extra memory, and another session's
 * Read Agent must stay under 50 ms p99 while four such bodies arrive at once.
 *
 *   node --import tsx bench/large-bodies.ts        (markdown on stdout, progress on stderr)
 *   BENCH_ONLY=large-bodies npm run bench          (the same, alone; BENCH_LARGE_BODIES=0 skips it in a full run)
 *
 * The server is `npm start`'s bundle in a child process on a fresh SQLite file. Event-loop time
 * is the server main thread's CPU time (/proc/<pid>/task/<pid>/stat) over the request; extra
 * memory is the peak RSS (VmHWM, reset through /proc/<pid>/clear_refs before each request) less
 * the RSS before it. Environment: LARGE_BODIES_ROOT runs another checkout's bundle (the BEFORE
 * figures ran commit 7309bb1 from a git worktree), LARGE_BODIES_LIMIT / LARGE_BODIES_BULK_LIMIT
 * the largest body of an ordinary / bulk route (default: this checkout's LV_BODY_LIMIT and
 * LV_BULK_BODY_LIMIT; 52428800 for both before), LARGE_BODIES_CONCURRENT_SECONDS (at least 3).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { Agent } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Type, type TSchema } from '@sinclair/typebox'
import { loadConfig } from '../src/config.ts'
import { contactDetailsProperties } from '../src/modules/contact/contacts/contact.schemas.ts'
import { DndPhoneItem } from '../src/modules/contact/dnd/dnd.schemas.ts'
import { freePort } from './http.ts'
import { fmt, percentile, readAgentLatencies, send } from './probe.ts'

const ROOT = process.env.LARGE_BODIES_ROOT ?? process.cwd()
const defaults = loadConfig({})
const LIMIT = Number(process.env.LARGE_BODIES_LIMIT ?? defaults.LV_BODY_LIMIT)
const BULK_LIMIT = Number(process.env.LARGE_BODIES_BULK_LIMIT ?? defaults.LV_BULK_BODY_LIMIT)
const CONCURRENT_SECONDS = Number(process.env.LARGE_BODIES_CONCURRENT_SECONDS ?? 3)
const TOKEN = 'benchToken0123456789'
const PASSWORD = 'BenchAdmin123'
const CLOCK_TICK_MS = 1000 / 100 // USER_HZ
const log = (text: string) => process.stderr.write(`large-bodies bench: ${text}\n`)
const mb = (bytes: number) => bytes / 1024 / 1024

/** The largest value a schema accepts (as test/platform/body-limits.test.ts computes it). */
function largest(schema: TSchema, salt = ''): unknown {
  const s = schema as Record<string, any>
  if (s.anyOf) return largest(s.anyOf[0], salt)
  if (s.enum) return (s.enum as Array<string | null>).filter((v) => v !== null).reduce((a, b) => (b.length > a.length ? b : a))
  // Nullable() writes a type list (['string', 'null']): the largest value is of the other type.
  switch (Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : s.type) {
    case 'string': return (salt + 'x'.repeat(s.maxLength)).slice(0, s.maxLength)
    case 'integer': return s.minimum < 0 ? s.minimum : s.maximum
    case 'number': return -1.2345678901234567e-300
    case 'boolean': return false
    case 'array': return Array.from({ length: s.maxItems }, () => largest(s.items))
    case 'object': return Object.fromEntries(Object.entries(s.properties as Record<string, TSchema>).map(([k, v]) => [k, largest(v, k === 'account' ? salt : '')]))
  }
  throw new Error(`no largest value for ${JSON.stringify(s)}`)
}

const account = (i: number) => `BENCH${String(i).padStart(4, '0')}`
/** Ten phones in ten slots and a hundred custom fields each once: the largest item that is also valid. */
const slots = <T extends Record<string, unknown>>(items: T[]) => items.map((p, k) => ({ ...p, ordinal: k + 1, phone: String(k).padEnd(255, '5') }))
const contactItem = (i: number) => {
  const item = largest(Type.Object(contactDetailsProperties), account(i)) as Record<string, unknown>
  item.phone = slots(item.phone as Array<Record<string, unknown>>)
  item.customFields = (item.customFields as Array<Record<string, unknown>>).map((f, k) => ({ ...f, field: `COL${k + 1}` }))
  return item
}
const bulkCreate = () => JSON.stringify({ createContactDetails: Array.from({ length: 1000 }, (_, i) => contactItem(i)) })
const bulkUpdate = () => JSON.stringify({ updateContactDetails: Array.from({ length: 1000 }, (_, i) => contactItem(i)) })
const dnd = () => JSON.stringify({
  contactDnd: Array.from({ length: 1000 }, (_, i) => ({
    account: (account(i) + 'x'.repeat(255)).slice(0, 255), accountBlock: 'DAILY_OFF', updateContactDND: slots(largest(Type.Array(DndPhoneItem, { maxItems: 10 })) as Array<Record<string, unknown>>),
  })),
})
/** The malformed body, `{"a":[1,1,1,… ] x}`, of exactly `size` bytes. */
const malformed = (size: number) => `{"a":[${'1,'.repeat(Math.floor((size - 11) / 2))}1] x}`.padEnd(size, ' ')
/** A valid ordinary body of exactly `size` bytes: one field and an unknown key as padding. */
const validOrdinary = (size: number) => {
  const head = '{"lastName":"Bench","pad":"'
  return `${head}${'x'.repeat(size - head.length - 2)}"}`
}

/** Sends four malformed SIZE-byte bodies to TARGET at once and prints their statuses. */
const SENDERS = `
const size = Number(process.env.SIZE)
const body = Buffer.from(\`{"a":[\${'1,'.repeat(Math.floor((size - 11) / 2))}1] x}\`.padEnd(size, ' '))
const statuses = await Promise.all(Array.from({ length: 4 }, () => fetch(process.env.TARGET, {
  method: 'POST', headers: { 'content-type': 'application/json', 'lv-session': process.env.SESSION }, body,
}).then(async (res) => { await res.arrayBuffer(); return res.status }, (err) => String(err.cause?.code ?? err))))
process.stdout.write(statuses.join(' '))
`

interface Server { url: string; pid: number; child: ChildProcess; stop(): Promise<void> }

async function startServer(databaseFile: string): Promise<Server> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  // What `npm start` runs after its build step, in ROOT.
  const child = spawn(process.execPath, ['--enable-source-maps', '--max-semi-space-size=4', 'dist/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${databaseFile}`, LV_DEMO_DATA: '0', LV_LOG_LEVEL: 'warn',
      LV_ACCESS_TOKEN: TOKEN, LV_ADMIN_PASSWORD: PASSWORD, LV_ABUSE_LIMITS: 'off', LV_BODY_LIMIT: String(LIMIT), LV_BULK_BODY_LIMIT: String(BULK_LIMIT),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    try {
      if ((await fetch(`${url}/health`)).ok) break
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error('server did not start')
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url, pid: child.pid!, child,
    async stop() {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      await once(child, 'exit')
    },
  }
}

/** Main-thread CPU time of the server (its event loop), in ms. */
function mainThreadCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS
}

function memoryKb(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN)
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') }
}

function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5')
}

interface Cost { status: number; answer: string; eventLoopMs: number; wallMs: number; extraMb: number }

async function measureOne(server: Server, method: string, path: string, session: Record<string, string>, body: string): Promise<Cost> {
  global.gc?.()
  await new Promise((r) => setTimeout(r, 200))
  resetPeak(server.pid)
  const before = memoryKb(server.pid)
  const cpu0 = mainThreadCpuMs(server.pid)
  const t0 = performance.now()
  const res = await send(new Agent(), server.url + path, method, session, body)
  const wallMs = performance.now() - t0
  await new Promise((r) => setTimeout(r, 50))
  const eventLoopMs = mainThreadCpuMs(server.pid) - cpu0
  const after = memoryKb(server.pid)
  return { status: res.status, answer: res.text.slice(0, 80), eventLoopMs, wallMs, extraMb: Math.max(0, after.hwm - before.rss) / 1024 }
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit', cwd: ROOT })
  if (build.status !== 0) throw new Error('scripts/build.mjs failed')
  const dir = mkdtempSync(join(tmpdir(), 'lvapi-large-bodies-'))
  const server = await startServer(join(dir, 'bench.db'))
  try {
    const login = async () => {
      const res = await send(new Agent(), `${server.url}/session/login`, 'POST', { 'lv-access': TOKEN }, JSON.stringify({ clientName: 'DEMO', userName: 'admin', password: PASSWORD }))
      if (res.status !== 200) throw new Error(`login: ${res.status} ${res.text}`)
      return JSON.parse(res.text) as { sessionId: string; userId: number }
    }
    const admin = await login()
    const session = { 'lv-session': admin.sessionId }
    const reader = { 'lv-session': (await login()).sessionId }
    const readAgent = new Agent({ keepAlive: true, maxSockets: 1 })
    const created = await send(readAgent, `${server.url}/configuration/agents`, 'POST', reader, JSON.stringify({
      loginId: 'READER1', firstName: 'Rea', lastName: 'Der', password: 'Agent1234', phone: '2023467763', wrapUpTime: -1, homeAgent: false, active: true, assignedService: [],
    }))
    if (created.status !== 201) throw new Error(`create agent: ${created.status} ${created.text}`)
    const agentUrl = `${server.url}/configuration/agents/${(JSON.parse(created.text) as { id: number }).id}`

    const userPath = `/configuration/users/${admin.userId}`
    const cases: Array<[string, string, string, string, () => string]> = [
      ['Update LiveVox User (ordinary)', 'valid', 'PUT', userPath, () => validOrdinary(LIMIT)],
      ['Update LiveVox User (ordinary)', 'malformed', 'PUT', userPath, () => malformed(LIMIT)],
      ['Bulk Create Contact', 'valid, 1,000 largest items', 'POST', '/contact/contacts/bulk', bulkCreate],
      ['Bulk Create Contact', 'malformed', 'POST', '/contact/contacts/bulk', () => malformed(BULK_LIMIT)],
      ['Bulk Update Contact', 'valid, 1,000 largest items', 'PUT', '/contact/contacts/bulk', bulkUpdate],
      ['Bulk Update Contact', 'malformed', 'PUT', '/contact/contacts/bulk', () => malformed(BULK_LIMIT)],
      ["Update Multiple Contacts' DND", 'valid, 1,000 largest items', 'POST', '/contact/contacts/dnd', dnd],
      ["Update Multiple Contacts' DND", 'malformed', 'POST', '/contact/contacts/dnd', () => malformed(BULK_LIMIT)],
    ]
    const rows: string[] = []
    for (const [route, kind, method, path, make] of cases) {
      const body = make()
      const size = Buffer.byteLength(body)
      log(`${route}, ${kind}: ${fmt(mb(size), 1)} MB`)
      const cost = await measureOne(server, method, path, session, body)
      const answer = cost.status === 200 && cost.answer.startsWith('{') ? ` ${cost.answer.replace(/\|/g, '/')}` : ''
      rows.push(`| ${route} | ${kind} | ${fmt(mb(size), 1)} | ${cost.status}${answer} | ${fmt(cost.eventLoopMs)} | ${fmt(cost.wallMs)} | ${fmt(cost.extraMb)} | ${fmt(cost.extraMb / mb(size), 1)}x |`)
    }

    log('Read Agent alone')
    let end = Date.now() + 3000
    const alone = await readAgentLatencies(readAgent, agentUrl, reader, () => Date.now() > end)
    log(`Read Agent while four malformed ${fmt(mb(BULK_LIMIT), 1)} MB bodies arrive at once`)
    resetPeak(server.pid)
    const before = memoryKb(server.pid)
    const cpu0 = mainThreadCpuMs(server.pid)
    let pending = true
    const t0 = performance.now()
    // The four senders run in a process of their own: encoding and writing 4 x 48 MB would
    // otherwise stall this process's event loop, and with it the Read Agent timings.
    const senders = spawn(process.execPath, ['--input-type=module', '-e', SENDERS], {
      env: { ...process.env, TARGET: `${server.url}/contact/contacts/bulk`, SESSION: session['lv-session'], SIZE: String(BULK_LIMIT) },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let sent = ''
    senders.stdout.on('data', (chunk: Buffer) => { sent += chunk.toString() })
    const finished = once(senders, 'exit').then(() => { pending = false })
    end = Date.now() + CONCURRENT_SECONDS * 1000
    const during = await readAgentLatencies(readAgent, agentUrl, reader, () => !pending && Date.now() > end)
    await finished
    const statuses = [...new Set(sent.trim().split(/\s+/))].join(', ')
    const allMs = performance.now() - t0
    const cpuMs = mainThreadCpuMs(server.pid) - cpu0
    const extraMb = Math.max(0, memoryKb(server.pid).hwm - before.rss) / 1024
    readAgent.destroy()
    const row = (what: string, xs: number[]) => `| ${what} | ${fmt(xs.length)} | ${fmt(percentile(xs, 0.5), 2)} | ${fmt(percentile(xs, 0.99), 2)} | ${fmt(xs.at(-1) ?? Number.NaN, 1)} |`
    process.stdout.write([
      '',
      `## Large bodies (issue 10 item 1): ${ROOT === process.cwd() ? 'this checkout' : ROOT}, limits ${fmt(LIMIT)} / ${fmt(BULK_LIMIT)} bytes`,
      '',
      'Targets: under 1 s of event-loop time and under 10x the body size in extra memory per body; Read Agent p99 < 50 ms while four bodies arrive.',
      '',
      '| route | body | MB | status | event-loop ms | wall ms | extra MB | extra / size |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      `Four malformed ${fmt(mb(BULK_LIMIT), 1)} MB bodies to Bulk Create Contact at once (status ${statuses}): all answered in ${fmt(allMs)} ms, ${fmt(cpuMs)} ms event-loop time, ${fmt(extraMb)} MB extra peak RSS.`,
      '',
      '| Read Agent (another session, one keep-alive connection) | n | p50 ms | p99 ms | max ms |',
      '| --- | ---: | ---: | ---: | ---: |',
      row('alone', alone),
      row('while the four bodies arrive', during),
      '',
    ].join('\n'))
  } finally {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
