import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { benchDialects, startBenchDatabase } from './dialects.ts'
import { cliArgs, serverArgs, startProcess } from './http.ts'

/**
 * Sandbox control plane (issue 13 targets): p50 of creating a tenant with the demo data set,
 * resetting it after a change, and deleting it, over HTTP against `npm start` on loopback; beside
 * the same done the old way: restarting the server on a fresh database with demo data, and
 * provisioning a client, Sysadmin and token with three CLI runs (`lvapi client add`, `user add`,
 * `token add`). `BENCH_ONLY=sandbox npm run bench` runs this alone.
 *
 * The server keeps BENCH_SANDBOX_POOL demo tenants ready (LV_SANDBOX_POOL; default: as many as the
 * bench holds at once, as a suite would size it for its workers); the timed creates start once
 * the pool is full (GET /_lvapi/pool). 0 measures without the pool. Beside each wall time, the
 * server process's CPU time over the request (all its threads, /proc/<pid>/task/<tid>/schedstat),
 * which the load of a shared machine inflates far less; on PostgreSQL the database server's own
 * work is not in it.
 */
const TENANTS = Number(process.env.BENCH_SANDBOX_TENANTS ?? 20)
const POOL = Number(process.env.BENCH_SANDBOX_POOL ?? TENANTS)
/** 0: the sandbox operations only (a before/after comparison of them). */
const OLD_WAY_ROUNDS = Number(process.env.BENCH_SANDBOX_OLD_ROUNDS ?? 3)

/** CPU time of every thread of the process so far, in ms (Linux; NaN elsewhere). */
function cpuMs(pid: number | undefined): number {
  try {
    let ns = 0
    for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0])
    return ns / 1e6
  } catch {
    return Number.NaN
  }
}

const p50 = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.floor((sorted.length - 1) / 2)]
}
const ms = (n: number) => n.toFixed(1)

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now()
  const value = await fn()
  return [value, performance.now() - start]
}

async function call(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(url + path, {
    method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`)
  return text ? JSON.parse(text) : undefined
}

interface Samples { wall: number[]; cpu: number[] }
const samples = (): Samples => ({ wall: [], cpu: [] })

async function runDialect(dialect: string, databaseUrl: string): Promise<{ rows: string[]; createP50: number }> {
  const app = await startProcess(serverArgs(), { DATABASE_URL: databaseUrl, LV_LOG_LEVEL: 'warn', LV_DEMO_DATA: '0', LV_SANDBOX_POOL: String(POOL) }, '/health')
  const pid = app.child.pid
  const create = samples()
  const reset = samples()
  const remove = samples()
  const measured = async <T>(into: Samples, fn: () => Promise<T>): Promise<T> => {
    const cpu = cpuMs(pid)
    const [value, took] = await timed(fn)
    into.wall.push(took)
    into.cpu.push(cpuMs(pid) - cpu)
    return value
  }
  try {
    // The first demo tenant of a database seeds the demo data; later ones copy it, and the pool fills from it.
    await call(app.url, 'DELETE', `/_lvapi/tenants/${(await call(app.url, 'POST', '/_lvapi/tenants', { demo: true })).clientCode}`)
    const deadline = Date.now() + 600_000
    while ((await call(app.url, 'GET', '/_lvapi/pool')).ready < POOL && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
    const tenants: any[] = []
    for (let i = 0; i < TENANTS; i++) tenants.push(await measured(create, () => call(app.url, 'POST', '/_lvapi/tenants', { demo: true })))
    for (const tenant of tenants) {
      // A change of the kind a test makes, so the reset has something to undo.
      const login = await call(app.url, 'POST', '/session/login', { clientName: tenant.clientCode, userName: tenant.userName, password: tenant.password }, { 'lv-access': tenant.accessToken })
      const session = { 'lv-session': login.sessionId }
      await call(app.url, 'POST', '/configuration/agents', {
        clientId: tenant.clientId, loginId: 'BENCHAGENT', firstName: 'B', lastName: 'A', password: 'Bench12345', phone: '4045550000', wrapUpTime: 15, homeAgent: false, active: true,
      }, session)
      await measured(reset, () => call(app.url, 'POST', `/_lvapi/tenants/${tenant.clientCode}/reset`))
    }
    for (const tenant of tenants) await measured(remove, () => call(app.url, 'DELETE', `/_lvapi/tenants/${tenant.clientCode}`))
  } finally {
    await app.stop()
  }
  const row = (what: string, s: Samples) => `| ${what} | ${dialect} | ${ms(p50(s.wall))} | ${ms(p50(s.cpu))} | ${TENANTS} |`
  return {
    rows: [
      row(`Create tenant with demo data (POST /_lvapi/tenants), pool ${POOL}`, create),
      row('Reset tenant with demo data, after one change', reset),
      row(`Delete tenant with demo data, pool ${POOL}`, remove),
    ],
    createP50: p50(create.wall),
  }
}

/** The old way to a clean demo tenant: a server started on a fresh database (spawn to /health). */
async function restartRows(dialect: string, fresh: () => Promise<{ url: string; stop(): Promise<void> }>): Promise<[string, number]> {
  const samples: number[] = []
  for (let i = 0; i < OLD_WAY_ROUNDS; i++) {
    const database = await fresh()
    try {
      const [app, took] = await timed(() => startProcess(serverArgs(), { DATABASE_URL: database.url, LV_LOG_LEVEL: 'warn', LV_DEMO_DATA: '1' }, '/health'))
      samples.push(took)
      await app.stop()
    } finally {
      await database.stop()
    }
  }
  return [`| Old way: restart on a fresh database with demo data | ${dialect} | ${ms(p50(samples))} | | ${OLD_WAY_ROUNDS} |`, p50(samples)]
}

/** The old way to a new empty tenant: three CLI runs against the database. */
async function cliRows(dialect: string, databaseUrl: string): Promise<[string, number]> {
  const samples: number[] = []
  const cli = (...args: string[]) => execFileSync(process.execPath, [...cliArgs(), ...args], { env: { ...process.env, DATABASE_URL: databaseUrl, LV_DEMO_DATA: '0' }, stdio: ['ignore', 'pipe', 'inherit'] })
  for (let i = 0; i < OLD_WAY_ROUNDS; i++) {
    const code = `CLI${i}${Date.now()}`
    const [, took] = await timed(async () => {
      cli('client', 'add', '--code', code, '--name', code)
      cli('user', 'add', '--client', code, '--user', 'admin', '--password', 'Admin12345', '--role', 'sysadmin')
      cli('token', 'add', '--client', code)
    })
    samples.push(took)
  }
  return [`| Old way: CLI client add + user add + token add (no demo data) | ${dialect} | ${ms(p50(samples))} | | ${OLD_WAY_ROUNDS} |`, p50(samples)]
}

async function main(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' })
  const rows: string[] = []
  const ratios: string[] = []
  for (const dialect of benchDialects()) {
    const database = await startBenchDatabase(dialect)
    let createP50 = Number.NaN
    try {
      const sandbox = await runDialect(database.label, database.url)
      rows.push(...sandbox.rows)
      createP50 = sandbox.createP50
      if (OLD_WAY_ROUNDS > 0) {
        const [line, cli] = await cliRows(database.label, database.url)
        rows.push(line)
        ratios.push(`${database.label}: a demo tenant through the sandbox takes 1/${(cli / createP50).toFixed(0)} of the CLI provisioning of an empty one`)
      }
    } finally {
      await database.stop()
    }
    if (OLD_WAY_ROUNDS > 0) {
      const [line, restart] = await restartRows(database.label, () => startBenchDatabase(dialect))
      rows.push(line)
      ratios.push(`${database.label}: a demo tenant through the sandbox takes 1/${(restart / createP50).toFixed(0)} of a restart on a fresh database with demo data`)
    }
  }
  process.stdout.write('\nSandbox control plane (issue 13): p50 over HTTP on loopback, the old ways beside.\n\n')
  process.stdout.write('| operation | database | p50 ms | server CPU p50 ms | samples |\n| --- | --- | ---: | ---: | ---: |\n')
  process.stdout.write(`${rows.join('\n')}\n`)
  if (ratios.length > 0) process.stdout.write(`\n${ratios.join('\n')}\n`)
}

await main()
