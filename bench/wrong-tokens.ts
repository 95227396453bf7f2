/**
 * Issue 10 item 5: wrong LV-Access tokens must not occupy the CPU. One client holds 5 access
 * tokens; 64 connections send Login with random (well-formed) tokens back to back for
 * WRONG_TOKENS_SECONDS, while another client reads one Agent over and over on one keep-alive
 * connection and, a few seconds in, changes another of its users' password once. Run with the abuse limits off and on
 * (LV_ABUSE_LIMITS; a server from before them ignores the variable).
 *
 *   node --import tsx bench/wrong-tokens.ts        (markdown on stdout, progress on stderr)
 *   BENCH_ONLY=wrong-tokens npm run bench          (the same, alone; BENCH_WRONG_TOKENS=0 skips it in a full run)
 *
 * Environment: WRONG_TOKENS_SECONDS (10), WRONG_TOKENS_CONNECTIONS (64), BENCH_DIALECTS, BENCH_PG_URL.
 * The server hashes passwords at its production cost (LV_PASSWORD_HASH_COST unset: 2^14).
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { Agent } from 'node:http'
import { createDb } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { provisionClient } from '../src/modules/configuration/clients/client.provisioning.ts'
import { createUser } from '../src/modules/configuration/users/user.service.ts'
import { addAccessToken } from '../src/modules/session/access-token.service.ts'
import { benchDialects, startBenchDatabase, type BenchDatabase } from './dialects.ts'
import { serverArgs, startProcess } from './http.ts'
import { fmt, percentile, readAgentLatencies, send } from './probe.ts'

const SECONDS = Number(process.env.WRONG_TOKENS_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.WRONG_TOKENS_CONNECTIONS ?? 64)
const PASSWORD = 'BenchAdmin123'
const log = (text: string) => process.stderr.write(`wrong-tokens bench: ${text}\n`)
const randomToken = () => randomBytes(24).toString('base64').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 32)

async function runMode(database: BenchDatabase, abuseLimits: 'on' | 'off', round: number): Promise<string> {
  const handle = createDb(database.url)
  const now = Date.now()
  const target = `TARGET${round}`
  const other = `OTHER${round}`
  let otherToken: string
  try {
    await migrateToLatest(handle.db)
    const targetId = await provisionClient(handle.db, { code: target, name: 'Bench target' }, now)
    await addAccessToken(handle.db, targetId, now)
    for (let i = 0; i < 4; i++) await addAccessToken(handle.db, targetId, now)
    await createUser(handle.db, targetId, { loginId: 'admin', firstName: 'Bench', lastName: 'Admin', password: PASSWORD, role: 'SYSADMIN' }, now)
    const otherId = await provisionClient(handle.db, { code: other, name: 'Bench other' }, now)
    otherToken = await addAccessToken(handle.db, otherId, now)
    await createUser(handle.db, otherId, { loginId: 'admin', firstName: 'Bench', lastName: 'Admin', password: PASSWORD, role: 'SYSADMIN' }, now)
    await createUser(handle.db, otherId, { loginId: 'changer', firstName: 'Bench', lastName: 'Changer', password: PASSWORD, role: 'MANAGER' }, now)
  } finally {
    await handle.close()
  }
  const server = await startProcess(serverArgs(), {
    DATABASE_URL: database.url, LV_DEMO_DATA: '0', LV_LOG_LEVEL: 'warn', LV_CLIENT_CODE: target, LV_ADMIN_PASSWORD: PASSWORD,
    LV_ABUSE_LIMITS: abuseLimits,
  }, '/health')
  try {
    const loginRes = await send(new Agent(), `${server.url}/session/login`, 'POST', { 'lv-access': otherToken }, JSON.stringify({ clientName: other, userName: 'admin', password: PASSWORD }))
    if (loginRes.status !== 200) throw new Error(`login: ${loginRes.status} ${loginRes.text}`)
    const session = { 'lv-session': (JSON.parse(loginRes.text) as { sessionId: string }).sessionId }
    const readAgent = new Agent({ keepAlive: true, maxSockets: 1 })
    const created = await send(readAgent, `${server.url}/configuration/agents`, 'POST', session, JSON.stringify({
      loginId: 'READER1', firstName: 'Rea', lastName: 'Der', password: 'Agent1234', phone: '2023467763', wrapUpTime: -1, homeAgent: false, active: true, assignedService: [],
    }))
    if (created.status !== 201) throw new Error(`create agent: ${created.status} ${created.text}`)
    const agentUrl = `${server.url}/configuration/agents/${(JSON.parse(created.text) as { id: number }).id}`

    log(`${database.label}, abuse limits ${abuseLimits}: Read Agent alone`)
    let end = Date.now() + 3000
    const alone = await readAgentLatencies(readAgent, agentUrl, session, () => Date.now() > end)

    log(`${database.label}, abuse limits ${abuseLimits}: ${CONNECTIONS} connections of wrong tokens for ${SECONDS} s`)
    end = Date.now() + SECONDS * 1000
    const statuses = new Map<number, number>()
    const body = JSON.stringify({ clientName: target, userName: 'admin', password: PASSWORD })
    const flood = Array.from({ length: CONNECTIONS }, async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 })
      while (Date.now() < end) {
        const res = await send(agent, `${server.url}/session/login`, 'POST', { 'lv-access': randomToken() }, body)
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      }
      agent.destroy()
    })
    let flooding = true
    const flooded = Promise.all(flood).then(() => { flooding = false })
    const change = (async () => {
      await new Promise((r) => setTimeout(r, Math.min(3000, SECONDS * 300)))
      const t0 = process.hrtime.bigint()
      const res = await send(new Agent(), `${server.url}/session/password`, 'PUT', {}, JSON.stringify({ clientName: other, userName: 'changer', password: PASSWORD, newPassword: 'BenchChanged9' }))
      return { ms: Number(process.hrtime.bigint() - t0) / 1e6, status: res.status }
    })()
    await new Promise((r) => setTimeout(r, 50))
    const during = await readAgentLatencies(readAgent, agentUrl, session, () => !flooding)
    const changed = await change
    await flooded
    readAgent.destroy()
    const answered = [...statuses.values()].reduce((a, b) => a + b, 0)
    const row = [
      database.label, abuseLimits,
      fmt(percentile(alone, 0.99), 2),
      `${fmt(during.length)} / ${fmt(percentile(during, 0.5), 2)} / ${fmt(percentile(during, 0.99), 2)} / ${fmt(during.at(-1) ?? Number.NaN, 1)}`,
      `${fmt(changed.ms, 0)} (${changed.status})`,
      `${fmt(answered / SECONDS)} (${[...statuses].sort().map(([s, n]) => `${s}: ${fmt(n)}`).join(', ')})`,
    ]
    return `| ${row.join(' | ')} |`
  } finally {
    await server.stop()
  }
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' })
  if (build.status !== 0) throw new Error('scripts/build.mjs failed')
  const rows: string[] = []
  let round = 0
  for (const dialect of benchDialects()) {
    for (const mode of ['off', 'on'] as const) {
      const database = await startBenchDatabase(dialect)
      try {
        rows.push(await runMode(database, mode, ++round))
      } finally {
        await database.stop()
      }
    }
  }
  process.stdout.write([
    '',
    `## Wrong LV-Access tokens beside another client (issue 10 item 5)`,
    '',
    `${CONNECTIONS} connections send Login with random tokens to a client holding 5 tokens for ${SECONDS} s; another client reads one Agent on one keep-alive connection and changes another user's password once, 3 s in.`,
    '',
    '| database | abuse limits | Read Agent alone p99 ms | Read Agent during flood: n / p50 / p99 / max ms | Change Password ms (status) | wrong logins answered /s (statuses) |',
    '| --- | --- | ---: | ---: | ---: | --- |',
    ...rows,
    '',
  ].join('\n'))
}

await main()
