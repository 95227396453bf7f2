import { execFileSync } from 'node:child_process'
import { benchDialects, startBenchDatabase } from './dialects.ts'
import { cliArgs, serverArgs, startProcess } from './http.ts'

/**
 * Sandbox control plane (issue 13 targets): p50 of creating a tenant with the demo data set,
 * resetting it after a change, and deleting it, over HTTP against `npm start` on loopback; beside
 * the same done the old way: restarting the server on a fresh database with demo data, and
 * provisioning a client, Sysadmin and token with three CLI runs (`lvapi client add`, `user add`,
 * `token add`). `BENCH_ONLY=sandbox npm run bench` runs this alone.
 */
const TENANTS = Number(process.env.BENCH_SANDBOX_TENANTS ?? 20)
/** 0: the sandbox operations only (a before/after comparison of them). */
const OLD_WAY_ROUNDS = Number(process.env.BENCH_SANDBOX_OLD_ROUNDS ?? 3)

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

async function runDialect(dialect: string, databaseUrl: string): Promise<string[]> {
  const app = await startProcess(serverArgs(), { DATABASE_URL: databaseUrl, LV_LOG_LEVEL: 'warn', LV_DEMO_DATA: '0' }, '/health')
  const create: number[] = []
  const reset: number[] = []
  const remove: number[] = []
  try {
    // The first demo tenant of an instance seeds the demo data; later ones copy it.
    await call(app.url, 'POST', '/_lvapi/tenants', { demo: true })
    const tenants: any[] = []
    for (let i = 0; i < TENANTS; i++) {
      const [tenant, took] = await timed(() => call(app.url, 'POST', '/_lvapi/tenants', { demo: true }))
      create.push(took)
      tenants.push(tenant)
    }
    for (const tenant of tenants) {
      // A change of the kind a test makes, so the reset has something to undo.
      const login = await call(app.url, 'POST', '/session/login', { clientName: tenant.clientCode, userName: tenant.userName, password: tenant.password }, { 'lv-access': tenant.accessToken })
      const session = { 'lv-session': login.sessionId }
      await call(app.url, 'POST', '/configuration/agents', {
        clientId: tenant.clientId, loginId: 'BENCHAGENT', firstName: 'B', lastName: 'A', password: 'Bench12345', phone: '4045550000', wrapUpTime: 15, homeAgent: false, active: true,
      }, session)
      reset.push((await timed(() => call(app.url, 'POST', `/_lvapi/tenants/${tenant.clientCode}/reset`)))[1])
    }
    for (const tenant of tenants) remove.push((await timed(() => call(app.url, 'DELETE', `/_lvapi/tenants/${tenant.clientCode}`)))[1])
  } finally {
    await app.stop()
  }
  return [
    `| Create tenant with demo data (POST /_lvapi/tenants) | ${dialect} | ${ms(p50(create))} | ${TENANTS} |`,
    `| Reset tenant with demo data, after one change | ${dialect} | ${ms(p50(reset))} | ${TENANTS} |`,
    `| Delete tenant with demo data | ${dialect} | ${ms(p50(remove))} | ${TENANTS} |`,
  ]
}

/** The old way to a clean demo tenant: a server started on a fresh database (spawn to /health). */
async function restartRows(dialect: string, fresh: () => Promise<{ url: string; stop(): Promise<void> }>): Promise<string> {
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
  return `| Old way: restart on a fresh database with demo data | ${dialect} | ${ms(p50(samples))} | ${OLD_WAY_ROUNDS} |`
}

/** The old way to a new empty tenant: three CLI runs against the database. */
async function cliRows(dialect: string, databaseUrl: string): Promise<string> {
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
  return `| Old way: CLI client add + user add + token add (no demo data) | ${dialect} | ${ms(p50(samples))} | ${OLD_WAY_ROUNDS} |`
}

async function main(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' })
  const rows: string[] = []
  for (const dialect of benchDialects()) {
    const database = await startBenchDatabase(dialect)
    try {
      rows.push(...await runDialect(database.label, database.url))
      if (OLD_WAY_ROUNDS > 0) rows.push(await cliRows(database.label, database.url))
    } finally {
      await database.stop()
    }
    if (OLD_WAY_ROUNDS > 0) rows.push(await restartRows(database.label, () => startBenchDatabase(dialect)))
  }
  process.stdout.write('\nSandbox control plane (issue 13): p50 over HTTP on loopback, the old ways beside.\n\n')
  process.stdout.write('| operation | database | p50 ms | samples |\n| --- | --- | ---: | ---: |\n')
  process.stdout.write(`${rows.join('\n')}\n`)
}

await main()
