/**
 * Contact API benchmarks (issues 5 and 6): Bulk Create over HTTP, the CLI import, Bulk Contact
 * Download and Find Matching Contact on CONTACTS_BENCH_ROWS contacts (default 1,000,000), on each
 * database of BENCH_DIALECTS in turn (bench/dialects.ts: a temporary SQLite file, a throwaway
 * durable PostgreSQL 15 cluster). Every figure stands beside a bare baseline measured in the same
 * run on the same database (bench/contacts-dialects.ts): on SQLite a prepared-statement insert
 * loop, a cursor-to-CSV loop and the same search statement run bare; on PostgreSQL COPY and
 * multi-row INSERT, COPY TO STDOUT and a pg-cursor-to-CSV loop, and the same search statement
 * as a named prepared statement.
 *
 *   node --max-semi-space-size=1 --import tsx bench/contacts.ts
 *     (markdown on stdout, progress on stderr; also run by `npm run bench`, with that flag: this
 *     process times the searches, and its own default ~5 ms scavenges set their p99)
 *
 * Environment:
 *   CONTACTS_BENCH_ROWS      contacts seeded, downloaded and imported (1,000,000)
 *   CONTACTS_BENCH_CREATE    contacts sent to Bulk Create over HTTP (200,000; at most ROWS)
 *   CONTACTS_BENCH_SEARCHES  timed requests per search scenario, after 30 untimed (1000: p99 is then the
 *                            10th slowest, not the 3rd)
 *   BENCH_DIALECTS           sqlite,postgres (the default), or one of them
 *   BENCH_PG_URL             a superuser URL of an existing PostgreSQL server instead of a throwaway cluster
 */
import { spawn, spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Agent } from 'node:http'
import { once } from 'node:events'
import { createDb, type DbHandle } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { provisionClient } from '../src/modules/configuration/clients/client.provisioning.ts'
import { createUser } from '../src/modules/configuration/users/user.service.ts'
import { addAccessToken } from '../src/modules/session/access-token.service.ts'
import type { Db } from '../src/db/database.ts'
import { pageSize } from '../src/http/paging.ts'
import type { Paging } from '../src/http/schemas.ts'
import { compileRequest } from '../src/modules/contact/search/contact-search.service.ts'
import { matchingContactsQuery } from '../src/modules/contact/search/contact-search.repository.ts'
import type { FindMatchingContactBodyType } from '../src/modules/contact/search/contact-search.schemas.ts'
import { SEARCHABLE_FIELDS } from '../src/modules/contact/search/search-compiler.ts'
import { csvRecord, CsvChunker } from '../src/modules/contact/transfer/csv-writer.ts'
import { importPacing, type ImportPacing } from '../src/modules/contact/transfer/import.dialect.ts'
import { syntheticContact, syntheticDetails } from './synthetic-contacts.ts'
import { openContactsBenchDialect, type ScenarioId } from './contacts-dialects.ts'
import { benchDialects, startBenchDatabase, type BenchDatabase } from './dialects.ts'
import { cliArgs, serverArgs, startProcess } from './http.ts'
import { downloadContacts, fmt, percentile, send } from './probe.ts'

const ROWS = Number(process.env.CONTACTS_BENCH_ROWS ?? 1_000_000)
const HTTP_CREATE = Math.min(ROWS, Number(process.env.CONTACTS_BENCH_CREATE ?? 200_000))
const SEARCHES = Number(process.env.CONTACTS_BENCH_SEARCHES ?? 1000)
const WARM_UP = 30
const PASSWORD = 'BenchAdmin123'
const MB = 1024 * 1024
const log = (text: string) => process.stderr.write(`contacts bench: ${text}\n`)

const DOWNLOAD_FIELDS = ['account', 'dueDate', 'firstName', 'lastName', 'email', 'phone1', 'city', 'state', 'zipCode', 'balance', 'active', 'modifyDate']
const DOWNLOAD_COLUMNS = ['account', 'due_date', 'first_name', 'last_name', 'email', 'phone1', 'city', 'state', 'zip_code', 'balance', 'active', 'modified_at']

interface Row {
  id: ScenarioId
  what: string
  api: string
  /** The API figure in a few words, for the side-by-side table. */
  headline: string
  baseline: string
  ratio: string
  target: string
}

interface DialectResult {
  label: string
  rows: Row[]
  /** Lines of the per-field plan table. */
  plans: string[]
  seeding: string
}

const pacingText = (p: ImportPacing) => `transactions of ${fmt(p.transactionSize)}${p.readAhead ? ', the next read while one is written' : ''}`
const secondsSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9

/** The page's SQL statement as Find Matching Contact builds it: the bare baseline and its query plans. */
async function findMatchingContactsStatement(db: Db, clientId: number, body: FindMatchingContactBodyType, paging: Paging, now: number) {
  const { where, sort } = await compileRequest(db, clientId, body, now)
  return matchingContactsQuery(db, clientId, where, sort, pageSize(paging) + 1, paging.offset).compile()
}

async function provision(db: DbHandle['db'], code: string, now: number): Promise<{ id: number; token: string }> {
  const id = await provisionClient(db, { code, name: `Bench ${code}` }, now)
  const token = await addAccessToken(db, id, now)
  await createUser(db, id, { loginId: 'admin', firstName: 'Bench', lastName: 'Admin', password: PASSWORD, role: 'SYSADMIN' }, now)
  return { id, token }
}

/** Linux: RSS high-water mark of a process, reset on demand. */
const procStatus = (pid: number) => readFileSync(`/proc/${pid}/status`, 'utf8')
const kb = (status: string, key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024
const hasProc = existsSync('/proc/self/clear_refs')
function resetPeak(pid: number): void {
  if (hasProc) writeFileSync(`/proc/${pid}/clear_refs`, '5')
}
const peakRss = (pid: number): number => (hasProc ? kb(procStatus(pid), 'VmHWM') : Number.NaN)

/** The CLI import's input: contacts ROWS..2*ROWS-1 of the synthetic set, as vendor-labelled CSV. */
async function writeImportCsv(csvPath: string, now: number): Promise<void> {
  const header = ['Account', 'First Name', 'Last Name', 'Email', 'Zip/Postal Code', 'Phone 1', 'City', 'State', 'Payment Balance', 'Account Due Date', 'B Active']
  const out = createWriteStream(csvPath)
  const chunker = new CsvChunker()
  const write = async (chunk: Buffer | null) => { if (chunk !== null && !out.write(chunk)) await once(out, 'drain') }
  await write(chunker.add(csvRecord(header)))
  for (let i = 0; i < ROWS; i++) {
    const c = syntheticContact(ROWS + i, now)
    const due = new Date(c.dueDate)
    await write(chunker.add(csvRecord([c.account, c.firstName, c.lastName, c.email, c.zipCode, c.phone, c.city, c.state, String(c.balance),
      `${String(due.getUTCMonth() + 1).padStart(2, '0')}/${String(due.getUTCDate()).padStart(2, '0')}/${due.getUTCFullYear()}`, 'true'])))
  }
  await write(chunker.flush())
  out.end()
  await once(out, 'finish')
}

const searchScenarios = (now: number): Array<{ id: ScenarioId; name: string; body: (i: number) => FindMatchingContactBodyType }> => {
  const sample = (i: number) => syntheticContact((i * 7919) % ROWS, now)
  return [
    {
      id: 'search-floor', name: 'Find Matching Contact: account EQUALS, no match (the HTTP, session and JSON floor)',
      body: (i) => ({ search: { field: 'account', condition: 'EQUALS', criteria: `none-${i}` } }),
    },
    {
      id: 'search-prefix3', name: 'Find Matching Contact: account STARTS_WITH (3 chars), sort account, page of 50',
      body: (i) => ({ search: { field: 'account', condition: 'STARTS_WITH', criteria: sample(i).account.slice(0, 3) }, sort: [{ field: 'account', order: 'ASC' }] }),
    },
    {
      id: 'search-prefix2', name: 'Find Matching Contact: account STARTS_WITH (2 chars), default order (id)',
      body: (i) => ({ search: { field: 'account', condition: 'STARTS_WITH', criteria: sample(i).account.slice(0, 2) } }),
    },
    {
      id: 'search-prefix-and', name: 'Find Matching Contact: account STARTS_WITH AND phone STARTS_WITH (two indexed conditions)',
      body: (i) => ({ search: { rule: 'AND', left: { field: 'account', condition: 'STARTS_WITH', criteria: sample(i).account.slice(0, 2) }, right: { field: 'phone', condition: 'STARTS_WITH', criteria: sample(i).phone.slice(0, 3) } } }),
    },
    {
      id: 'search-phone', name: 'Find Matching Contact: phone EQUALS (OR over ten slot indexes)',
      body: (i) => ({ search: { field: 'phone', condition: 'EQUALS', criteria: sample(i).phone } }),
    },
    {
      id: 'search-name-city', name: 'Find Matching Contact: name EQUALS a last name (~0.4% of contacts) AND city EQUALS (index + filter)',
      body: (i) => ({ search: { rule: 'AND', left: { field: 'name', condition: 'EQUALS', criteria: sample(i).lastName }, right: { field: 'city', condition: 'EQUALS', criteria: sample(i).city } } }),
    },
  ]
}

/** One condition per searchable field, with criteria that match some of the synthetic contacts. */
function planProbes(now: number): Array<{ field: string; condition: string; body: FindMatchingContactBodyType }> {
  const probe = syntheticContact(4242, now)
  const criteria: Record<string, string> = {
    account: probe.account.slice(0, 3), account_due_date: '2026-01-15', account_due_date_basedon_option: '3', last_load_date_basedon_option: '-3',
    group: '12', paymentbalance: '500', amount_to_speak: '500', callattemptstoday: '1', callattemptslifetime: '1', dob: '1980-05-06',
    phone: probe.phone.slice(0, 6), name: probe.lastName.toLowerCase(), postalcode: probe.zipCode.slice(0, 3), city: 'boston', state: 'ma',
    email: probe.email, email_address: probe.email, country: 'united states of america',
  }
  return SEARCHABLE_FIELDS.map((field) => {
    const booleanField = /consent|do_not_dial|dial_today|dial_yesterday|^sms$/.test(field)
    const condition = booleanField ? 'EQUALS' : ['account', 'phone', 'postalcode'].includes(field) ? 'STARTS_WITH' : 'EQUALS'
    return { field, condition, body: { search: { field, condition, criteria: booleanField ? 'true' : criteria[field] ?? 'x' } } }
  })
}

/** A POST of a JSON body on a keep-alive agent; the answer's status and text. */
const postJson = (agent: Agent, url: string, headers: Record<string, string>, body: string) => send(agent, url, 'POST', headers, body)

async function runDialect(database: BenchDatabase, csvPath: string, now: number): Promise<DialectResult> {
  const label = database.label
  const rows: Row[] = []
  const plans: string[] = []
  const handle = createDb(database.url)
  try {
    await migrateToLatest(handle.db)
    const bench = await provision(handle.db, 'BENCH', now)
    await provision(handle.db, 'IMPORT', now)
    // Bulk Create and each of its baselines write into a client of their own, starting empty:
    // every contacts index leads with client_id, so each grows an index region of the same size.
    const bulk = await provision(handle.db, 'BULK', now)
    const dialect = await openContactsBenchDialect(database.dialect, handle, database.url)
    try {
      const bareClients: number[] = []
      for (let k = 0; k < dialect.bulkCreate.length; k++) bareClients.push((await provision(handle.db, `BARE${k + 1}`, now)).id)
      const target = (id: ScenarioId) => dialect.targets[id] ?? ''

      log(`${label}: seeding ${fmt(ROWS)} contacts (${dialect.seed.label})`)
      let start = process.hrtime.bigint()
      await dialect.seed.insert(bench.id, 0, ROWS, now)
      const seedRate = ROWS / secondsSince(start)
      await dialect.settle()
      const seeding = `${dialect.seed.label}: ${fmt(ROWS / seedRate, 1)} s (${fmt(seedRate)} rows/s)`

      // The server as `npm start` runs it: the pre-bundled dist/main.js (built in main()).
      const server = await startProcess(serverArgs(), {
        DATABASE_URL: database.url, LV_DEMO_DATA: '0', LV_LOG_LEVEL: 'warn', LV_CLIENT_CODE: 'BENCH', LV_ADMIN_PASSWORD: PASSWORD,
      }, '/health')
      const pid = server.child.pid!
      try {
        // Every request below goes through node:http agents made for its phase: a connection
        // pooled by fetch at login sat idle through the searches and the plan table, until the
        // server's keep-alive timeout closed it just as fetch reused it ("other side closed").
        const login = async (code: string, token: string) => {
          const fresh = new Agent({ keepAlive: false })
          const body = JSON.stringify({ clientName: code, userName: 'admin', password: PASSWORD })
          const res = await postJson(fresh, `${server.url}/session/login`, { 'lv-access': token }, body)
          if (res.status !== 200) throw new Error(`login ${code}: ${res.status} ${res.text}`)
          return { 'lv-session': (JSON.parse(res.text) as { sessionId: string }).sessionId }
        }
        const session = await login('BENCH', bench.token)

        // ---- Bulk Contact Download -----------------------------------------------------------
        const download = async (fields: string[], gzip: boolean) => {
          resetPeak(pid)
          const before = hasProc ? kb(procStatus(pid), 'VmRSS') : Number.NaN
          const t0 = process.hrtime.bigint()
          const { wire, bytes, lines } = await downloadContacts(server.url, session, fields, gzip)
          if (lines !== ROWS + 1) throw new Error(`${label}: download returned ${lines} lines for ${ROWS} contacts`)
          return { seconds: secondsSince(t0), bytes, wire, peak: peakRss(pid), before }
        }
        const bareDownloads = async (gzip: boolean) => {
          const runs: Array<{ label: string; seconds: number }> = []
          for (const bare of dialect.downloads) {
            const t0 = process.hrtime.bigint()
            const result = await bare.run(bench.id, DOWNLOAD_COLUMNS, gzip)
            if (result.rows !== ROWS) throw new Error(`${label}: ${bare.label} read ${result.rows} rows`)
            runs.push({ label: gzip ? `${bare.label} → gzip` : bare.label, seconds: secondsSince(t0) })
          }
          return runs
        }
        const downloadRow = (id: ScenarioId, what: string, api: Awaited<ReturnType<typeof download>>, bare: Array<{ label: string; seconds: number }>): Row => {
          const ratio = bare.length > 0 ? `${fmt(api.seconds / bare[0].seconds, 2)}x` : ''
          return {
            id, what, ratio, target: target(id),
            api: `${fmt(api.seconds, 1)} s (${fmt(ROWS / api.seconds)} rows/s), server RSS ${fmt(api.before / MB)} MB before, peak ${fmt(api.peak / MB)} MB`,
            headline: `${fmt(api.seconds, 1)} s, ${fmt(ROWS / api.seconds)} rows/s, peak ${fmt(api.peak / MB)} MB${ratio ? ` (${ratio} bare)` : ''}`,
            baseline: bare.map((b) => `${b.label}: ${fmt(b.seconds, 1)} s (${fmt(ROWS / b.seconds)} rows/s)`).join('; '),
          }
        }
        log(`${label}: Bulk Contact Download (plain, gzip, allFields)`)
        const plain = await download(DOWNLOAD_FIELDS, false)
        const zipped = await download(DOWNLOAD_FIELDS, true)
        const all = await download(['allFields'], false)
        const barePlain = await bareDownloads(false)
        const bareZipped = await bareDownloads(true)
        rows.push(downloadRow('download-plain', `Bulk Contact Download, ${DOWNLOAD_FIELDS.length} columns, plain (${fmt(plain.bytes / MB, 1)} MB)`, plain, barePlain))
        rows.push(downloadRow('download-gzip', `Bulk Contact Download, ${DOWNLOAD_FIELDS.length} columns, gzip (${fmt(zipped.wire / MB, 1)} MB on the wire)`, zipped, bareZipped))
        rows.push(downloadRow('download-all', `Bulk Contact Download, allFields (${fmt(all.bytes / MB, 1)} MB)`, all, []))

        // ---- Find Matching Contact -----------------------------------------------------------
        // One keep-alive connection through node:http: fetch's own work added ~0.3 ms to the p50
        // and ~1.5 ms to the p99 of the round trip the table is meant to show.
        const agent = new Agent({ keepAlive: true, maxSockets: 1 })
        for (const s of searchScenarios(now)) {
          log(`${label}: ${s.name}`)
          const api: number[] = []
          for (let i = 0; i < SEARCHES + WARM_UP; i++) {
            const body = JSON.stringify(s.body(i))
            const t0 = process.hrtime.bigint()
            const { status, text } = await postJson(agent, `${server.url}/contact/contacts/search?count=50&offset=0`, session, body)
            if (status !== 200) throw new Error(`${label}: ${s.name}: ${status} ${text}`)
            if (i >= WARM_UP) api.push(secondsSince(t0) * 1000)
          }
          const bare: number[] = []
          for (let i = 0; i < SEARCHES + WARM_UP; i++) {
            const statement = await findMatchingContactsStatement(handle.db, bench.id, s.body(i), { count: 50, offset: 0 }, now)
            const ms = await dialect.search(statement)
            if (i >= WARM_UP) bare.push(ms)
          }
          api.sort((a, b) => a - b)
          bare.sort((a, b) => a - b)
          const figures = `p50 ${fmt(percentile(api, 0.5), 2)} ms, p99 ${fmt(percentile(api, 0.99), 2)} ms`
          rows.push({
            id: s.id, what: s.name, api: figures, headline: figures, target: target(s.id),
            baseline: `same SQL bare: p50 ${fmt(percentile(bare, 0.5), 2)} ms, p99 ${fmt(percentile(bare, 0.99), 2)} ms`,
            ratio: `${fmt(percentile(api, 0.5) / percentile(bare, 0.5), 1)}x`,
          })
        }

        agent.destroy()

        log(`${label}: query plans of every searchable field`)
        for (const probe of planProbes(now)) {
          const statement = await findMatchingContactsStatement(handle.db, bench.id, probe.body, { count: 50, offset: 0 }, now)
          const how = await dialect.plan(statement)
          const times: number[] = []
          for (let i = 0; i < 5; i++) times.push(await dialect.search(statement))
          times.sort((a, b) => a - b)
          plans.push(`| \`${probe.field}\` | ${probe.condition} | ${how} | ${fmt(percentile(times, 0.5), 2)} |`)
        }

        // ---- Bulk Create over HTTP -----------------------------------------------------------
        log(`${label}: Bulk Create over HTTP: ${fmt(HTTP_CREATE)} contacts, 1000 per request, 4 concurrent`)
        const bulkSession = await login('BULK', bulk.token)
        const bodies: string[] = []
        for (let b = 0; b * 1000 < HTTP_CREATE; b++) {
          const size = Math.min(1000, HTTP_CREATE - b * 1000)
          bodies.push(JSON.stringify({ createContactDetails: Array.from({ length: size }, (_, k) => syntheticDetails(b * 1000 + k, now)) }))
        }
        let next = 0
        let created = 0
        const bulkAgent = new Agent({ keepAlive: true, maxSockets: 4 })
        const t0 = process.hrtime.bigint()
        await Promise.all(Array.from({ length: 4 }, async () => {
          while (next < bodies.length) {
            const body = bodies[next++]
            const res = await postJson(bulkAgent, `${server.url}/contact/contacts/bulk`, bulkSession, body)
            if (res.status !== 200) throw new Error(`${label}: bulk create: ${res.status} ${res.text}`)
            const answer = JSON.parse(res.text) as { message?: string }
            created += Number(/(\d+)$/.exec(answer.message ?? '')?.[1] ?? 0)
          }
        }))
        bulkAgent.destroy()
        const httpRate = HTTP_CREATE / secondsSince(t0)
        if (created !== HTTP_CREATE) throw new Error(`${label}: bulk create made ${created} of ${HTTP_CREATE} contacts`)
        const bareRates: Array<{ label: string; rate: number }> = []
        for (const [k, bare] of dialect.bulkCreate.entries()) {
          start = process.hrtime.bigint()
          await bare.insert(bareClients[k], 0, HTTP_CREATE, now)
          bareRates.push({ label: bare.label, rate: HTTP_CREATE / secondsSince(start) })
        }
        const best = bareRates.reduce((a, b) => (b.rate > a.rate ? b : a))
        const ratio = `${fmt(httpRate / best.rate, 2)}x`
        rows.push({
          id: 'bulk-create', target: target('bulk-create'),
          what: `Bulk Create Contact over HTTP (${fmt(HTTP_CREATE)} contacts, 1000 per request, 4 concurrent)`,
          api: `${fmt(httpRate)} contacts/s`,
          headline: `${fmt(httpRate)} contacts/s (${ratio} bare)`,
          baseline: bareRates.map((b) => `${b.label}: ${fmt(b.rate)} rows/s`).join('; '),
          ratio: bareRates.length > 1 ? `${ratio} (vs ${best.label.replace(/^bare /, '').replace(/,.*$/, '')})` : ratio,
        })
      } finally {
        await server.stop()
      }

      // ---- CLI import --------------------------------------------------------------------------
      log(`${label}: CLI import of ${fmt(ROWS)} contacts from CSV (${fmt(statSync(csvPath).size / MB)} MB)`)
      const cli = spawn(process.execPath, [...cliArgs(), 'contacts', 'import', '--client', 'IMPORT', csvPath], {
        env: { ...process.env, DATABASE_URL: database.url }, stdio: ['ignore', 'pipe', 'inherit'],
      })
      let cliPeak = 0
      const sampler = setInterval(() => {
        try { cliPeak = Math.max(cliPeak, kb(procStatus(cli.pid!), 'VmHWM')) } catch { /* exited */ }
      }, 100)
      let stdout = ''
      cli.stdout.on('data', (c: Buffer) => { stdout += c.toString() })
      start = process.hrtime.bigint()
      const [code] = await once(cli, 'exit') as [number]
      const cliSeconds = secondsSince(start)
      clearInterval(sampler)
      if (code !== 0) throw new Error(`${label}: lvapi contacts import exited with ${code}`)
      const summary = JSON.parse(stdout) as { created: number; rejected: number }
      if (summary.created !== ROWS) throw new Error(`${label}: import created ${summary.created} of ${ROWS}: ${stdout}`)
      const peak = hasProc ? `${fmt(cliPeak / MB)} MB` : 'n/a'
      rows.push({
        id: 'import', target: target('import'),
        what: `\`lvapi contacts import\` of ${fmt(ROWS)} contacts from CSV`,
        api: `${fmt(cliSeconds, 1)} s (${fmt(ROWS / cliSeconds)} contacts/s), peak RSS ${peak}; ${pacingText(importPacing(handle.db))}`,
        headline: `${fmt(cliSeconds, 1)} s, ${fmt(ROWS / cliSeconds)} contacts/s, peak ${peak} (${pacingText(importPacing(handle.db))})`,
        baseline: seeding,
        ratio: `${fmt(cliSeconds / (ROWS / seedRate), 2)}x`,
      })
      return { label, rows, plans, seeding }
    } finally {
      await dialect.close()
    }
  } finally {
    await handle.close()
  }
}

function dialectTable(result: DialectResult): string {
  return [
    `### ${result.label}`,
    '',
    `Contact API benchmarks on ${result.label}, ${fmt(ROWS)} contacts in one client (CONTACTS_BENCH_ROWS); ratio = API ÷ bare baseline of the same run (time ratios: lower is better; rate ratios: higher is better). Seeded by ${result.seeding}.`,
    '',
    '| scenario | API | bare baseline (same run) | ratio | target |',
    '| --- | --- | --- | ---: | --- |',
    ...result.rows.map((r) => `| ${r.what} | ${r.api} | ${r.baseline} | ${r.ratio} | ${r.target} |`),
    '',
    `Find Matching Contact, one condition per searchable field (page of 50, default order), as ${result.label} plans it:`,
    '',
    '| field | condition | served by | bare p50 ms |',
    '| --- | --- | --- | ---: |',
    ...result.plans,
  ].join('\n')
}

/** scenario | <each dialect> | target: the headline figures of every dialect on one line. */
function sideBySide(results: DialectResult[]): string {
  const lines = [
    `| scenario | ${results.map((r) => r.label).join(' | ')} | target |`,
    `| --- | ${results.map(() => '---').join(' | ')} | --- |`,
  ]
  for (const first of results[0].rows) {
    const cells = results.map((r) => r.rows.find((row) => row.id === first.id))
    const targets = results.map((r, i) => ({ label: r.label, target: cells[i]?.target ?? '' })).filter((t) => t.target !== '')
    const target = new Set(targets.map((t) => t.target)).size <= 1 ? targets[0]?.target ?? '' : targets.map((t) => `${t.label}: ${t.target}`).join('; ')
    // Sizes in MB may differ between dialects; the rest of a scenario's name does not.
    const scenario = first.what.replace(/ \([^()]* MB[^()]*\)$/, '')
    lines.push(`| ${scenario} | ${cells.map((c) => c?.headline ?? '').join(' | ')} | ${target} |`)
  }
  return lines.join('\n')
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lvapi-contacts-bench-'))
  const results: DialectResult[] = []
  try {
    const now = Date.now()
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' })
    if (build.status !== 0) throw new Error('scripts/build.mjs failed')
    log('writing the import CSV')
    const csvPath = join(dir, 'import.csv')
    await writeImportCsv(csvPath, now)
    for (const dialect of benchDialects()) {
      const database = await startBenchDatabase(dialect)
      try {
        results.push(await runDialect(database, csvPath, now))
      } finally {
        await database.stop()
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const sections = [
    `## Contact API benchmarks, ${fmt(ROWS)} contacts (${results.map((r) => r.label).join(', ')})`,
    '',
    'Side by side (ratio = API ÷ bare baseline of the same run: downloads against the first baseline listed, Bulk Create against the fastest; detail per dialect below):',
    '',
    sideBySide(results),
    ...results.map((r) => `\n${dialectTable(r)}`),
  ]
  process.stdout.write(`${sections.join('\n')}\n`)
}

await main()
