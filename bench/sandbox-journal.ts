import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { Journal } from '../src/sandbox/journal/journal.ts'
import { startBenchDatabase } from './dialects.ts'
import { measure, serverArgs, startProcess, type Measured } from './http.ts'

/**
 * Issue 13 target: Read Agent throughput with the request journal on is at least 95% of it off.
 * Three servers as `npm start` runs them, on one SQLite database with the demo tenant: sandbox
 * off (LV_SANDBOX=off, no sandbox hooks at all), sandbox on with the journal off
 * (LV_JOURNAL_SIZE=0: the fault hook alone, no rules) and the default (journal of 1,000). They
 * take turns (in rotating order) for ROUNDS rounds after a warm-up (the ring is full from the first round on), and
 * each side's best and median rounds are compared. Throughput on this shared 2-core machine swings
 * with the other jobs' load, so the server process's own CPU time per request (/proc utime +
 * stime over each round) is reported too: it is what the journal adds, and it hardly depends on
 * the neighbours. Last, the journal's own work in isolation: CPU per recorded request with a fresh
 * ~500-byte payload each time (the ring retaining it included), beside making that payload alone.
 * `BENCH_ONLY=sandbox-journal npm run bench` runs this alone.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const TOKEN = 'benchToken0123456789'
const PASSWORD = 'BenchAdmin123'

const variants: { name: string; env: Record<string, string> }[] = [
  { name: 'sandbox off (LV_SANDBOX=off)', env: { LV_SANDBOX: 'off' } },
  { name: 'sandbox on, journal off (LV_JOURNAL_SIZE=0)', env: { LV_JOURNAL_SIZE: '0' } },
  { name: 'sandbox on, journal on (default, 1,000 entries)', env: { LV_JOURNAL_SIZE: '1000' } },
]

/** CPU seconds the process has used (Linux /proc; clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** CPU nanoseconds per request of recording into a full ring, minus making the payload string. */
function isolatedRecordCost(): { record: number; payload: number } {
  const journal = new Journal(1000)
  const principal = { sessionId: 's', clientId: 1, type: 'USER', id: 1, userName: 'admin', role: 'SYSADMIN', powers: new Set(), serviceIds: null, clientIds: [1] } as const
  const n = 1_000_000
  const payload = (i: number) => `{"id":${i},"loginId":"admin","firstName":"System","lastName":"Administrator","x":"${'y'.repeat(420)}"}`
  const cpu = (fn: () => void) => { const c0 = process.cpuUsage(); fn(); const c = process.cpuUsage(c0); return ((c.user + c.system) * 1000) / n }
  const samples = { record: [] as number[], payload: [] as number[] }
  for (let r = 0; r < 5; r++) {
    samples.record.push(cpu(() => {
      for (let i = 0; i < n; i++) {
        journal.record({
          time: i, method: 'GET', url: '/configuration/agents/1', operationId: 'readAgent', status: 200, durationMs: 0.1,
          principal: principal as never, clientCode: null, requestBody: undefined, responsePayload: payload(i), fault: null, dropped: false,
        })
      }
    }))
    let length = 0
    samples.payload.push(cpu(() => { for (let i = 0; i < n; i++) length += payload(i).length }))
    if (length === 0) throw new Error('unreachable')
  }
  return { record: median(samples.record), payload: median(samples.payload) }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]

async function main(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' })
  const database = await startBenchDatabase('sqlite')
  const env = { DATABASE_URL: database.url, LV_ACCESS_TOKEN: TOKEN, LV_ADMIN_PASSWORD: PASSWORD, LV_LOG_LEVEL: 'warn' }
  // The first server bootstraps the database with the demo tenant; the others find it ready.
  const servers = []
  for (const v of variants) servers.push(await startProcess(serverArgs(), { ...env, ...v.env }, '/health'))
  try {
    const targets: { url: string; headers: Record<string, string> }[] = []
    for (const server of servers) {
      const login = await fetch(`${server.url}/session/login`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'lv-access': TOKEN },
        body: JSON.stringify({ clientName: 'DEMO', userName: 'admin', password: PASSWORD }),
      })
      if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`)
      const headers = { 'lv-session': (await login.json()).sessionId as string }
      const list = await (await fetch(`${server.url}/configuration/agents?count=1&offset=10`, { headers })).json()
      targets.push({ url: `${server.url}/configuration/agents/${list.agent[0].id}`, headers })
    }
    const run = (i: number, seconds: number) => measure({ ...targets[i], seconds, connections: CONNECTIONS })
    for (let i = 0; i < variants.length; i++) await run(i, 2)
    const results: Measured[][] = variants.map(() => [])
    const cpu: number[][] = variants.map(() => [])
    for (let round = 0; round < ROUNDS; round++) {
      // Each round starts with the next server, so none is always the one after the same neighbour.
      for (let k = 0; k < variants.length; k++) {
        const i = (round + k) % variants.length
        const before = cpuSeconds(servers[i].child.pid!)
        const m = await run(i, SECONDS)
        const used = cpuSeconds(servers[i].child.pid!) - before
        if (m.non2xx > 0 || m.errors > 0) throw new Error(`${variants[i].name}: ${m.non2xx} non-2xx, ${m.errors} errors`)
        results[i].push(m)
        cpu[i].push((used * 1e6) / (m.requestsPerSecond * SECONDS))
      }
    }
    const best = results.map((r) => Math.max(...r.map((m) => m.requestsPerSecond)))
    const mid = results.map((r) => median(r.map((m) => m.requestsPerSecond)))
    const p50 = results.map((r) => median(r.map((m) => m.p50)))
    const cpuPerRequest = cpu.map((c) => median(c))
    const lines = [
      '',
      `Sandbox request journal: Read Agent (GET by id), SQLite, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${SECONDS} s.`,
      '',
      '| server | best req/s | median req/s | median p50 ms | server CPU µs / request (median) | best vs journal off | median vs journal off | CPU-bound throughput vs journal off |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...variants.map((v, i) => `| ${v.name} | ${Math.round(best[i])} | ${Math.round(mid[i])} | ${p50[i]} | ${cpuPerRequest[i].toFixed(0)} | ${(100 * best[i] / best[1]).toFixed(1)}% | ${(100 * mid[i] / mid[1]).toFixed(1)}% | ${(100 * cpuPerRequest[1] / cpuPerRequest[i]).toFixed(1)}% |`),
      '',
      `Target (journal on ≥ 95% of off): best rounds ${(100 * best[2] / best[1]).toFixed(1)}%, median rounds ${(100 * mid[2] / mid[1]).toFixed(1)}%, `
        + `server CPU per request ${(100 * cpuPerRequest[1] / cpuPerRequest[2]).toFixed(1)}%.`,
    ]
    const isolated = isolatedRecordCost()
    const extra = isolated.record - isolated.payload
    lines.push('', `Journal work in isolation: ${extra.toFixed(0)} ns CPU per recorded request (ring of 1,000, ~500-byte payload retained), `
      + `${(extra / 10 / cpuPerRequest[1]).toFixed(2)}% of the ${cpuPerRequest[1].toFixed(0)} µs a Read Agent costs the server with the journal off.`)
    process.stdout.write(`${lines.join('\n')}\n`)
  } finally {
    for (const server of servers) await server.stop()
    await database.stop()
  }
}

await main()
