/**
 * Contact API benchmarks (issue 5): Bulk Create over HTTP, the CLI import, Bulk Contact Download
 * and Find Matching Contact on a temporary SQLite database of CONTACTS_BENCH_ROWS contacts
 * (default 1,000,000), each figure printed beside a bare baseline measured in the same run:
 * a prepared-statement insert loop, a cursor-to-CSV loop, the same search statement run bare.
 *
 *   node --import tsx bench/contacts.ts            (prints markdown tables on stdout)
 */
import BetterSqlite3 from 'better-sqlite3'
import { spawn, spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request, type IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'
import { once } from 'node:events'
import { createGunzip, createGzip } from 'node:zlib'
import { createDb, type DbHandle } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { provisionClient } from '../src/modules/configuration/clients/client.provisioning.ts'
import { createUser } from '../src/modules/configuration/users/user.service.ts'
import { addAccessToken } from '../src/modules/session/access-token.service.ts'
import { findMatchingContactsStatement } from '../src/modules/contact/search/contact-search.service.ts'
import type { FindMatchingContactBodyType } from '../src/modules/contact/search/contact-search.schemas.ts'
import { SEARCHABLE_FIELDS } from '../src/modules/contact/search/search-compiler.ts'
import { csvField, csvRecord, CsvChunker } from '../src/modules/contact/transfer/csv-writer.ts'
import { insertSyntheticRows, syntheticContact, syntheticDetails } from '../src/modules/contact/transfer/synthetic-contacts.ts'
import { startProcess } from './http.ts'

const ROWS = Number(process.env.CONTACTS_BENCH_ROWS ?? 1_000_000)
const HTTP_CREATE = Math.min(ROWS, Number(process.env.CONTACTS_BENCH_CREATE ?? 200_000))
const SEARCHES = Number(process.env.CONTACTS_BENCH_SEARCHES ?? 300)
const PASSWORD = 'BenchAdmin123'
const MB = 1024 * 1024
const log = (text: string) => process.stderr.write(`contacts bench: ${text}\n`)

const DOWNLOAD_FIELDS = ['account', 'dueDate', 'firstName', 'lastName', 'email', 'phone1', 'city', 'state', 'zipCode', 'balance', 'active', 'modifyDate']
const DOWNLOAD_COLUMNS = ['account', 'due_date', 'first_name', 'last_name', 'email', 'phone1', 'city', 'state', 'zip_code', 'balance', 'active', 'modified_at']

interface Row {
  what: string
  api: string
  baseline: string
  ratio: string
  target: string
}

const secondsSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!

async function provision(handle: DbHandle, code: string, now: number): Promise<{ id: number; token: string }> {
  const id = await provisionClient(handle.db, { code, name: `Bench ${code}` }, now)
  const token = await addAccessToken(handle.db, id, now)
  await createUser(handle.db, id, { loginId: 'admin', firstName: 'Bench', lastName: 'Admin', password: PASSWORD, role: 'SYSADMIN' }, now)
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

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lvapi-contacts-bench-'))
  const path = join(dir, 'bench.db')
  const rows: Row[] = []
  const plans: string[] = []
  try {
    const now = Date.now()
    const handle = createDb(`sqlite:${path}`)
    await migrateToLatest(handle.db)
    const bench = await provision(handle, 'BENCH', now)
    await provision(handle, 'IMPORT', now)
    // Bulk Create and its baseline each write into a client of their own, starting empty: every
    // contacts index leads with client_id, so both grow an index region of the same size.
    const bulk = await provision(handle, 'BULK', now)
    const bare = await provision(handle, 'BARE', now)

    log(`bare insert of ${fmt(ROWS)} contacts (transactions of 10,000)`)
    let start = process.hrtime.bigint()
    insertSyntheticRows(handle.sqlite!, bench.id, 0, ROWS, now, 10_000)
    const bareInsertRate = ROWS / secondsSince(start)

    log('writing the import CSV')
    const csvPath = join(dir, 'import.csv')
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
    await handle.close()

    // The server as `npm start` runs it: the pre-bundled dist/main.js (scripts/build.mjs).
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' })
    if (build.status !== 0) throw new Error('scripts/build.mjs failed')
    const server = await startProcess(['--enable-source-maps', 'dist/main.js'], {
      DATABASE_URL: `sqlite:${path}`, LV_DEMO_DATA: '0', LV_LOG_LEVEL: 'warn', LV_CLIENT_CODE: 'BENCH', LV_ADMIN_PASSWORD: PASSWORD,
    }, '/health')
    const pid = server.child.pid!
    const reader = new BetterSqlite3(path, { readonly: true })
    try {
      const login = async (code: string, token: string) => {
        const res = await fetch(`${server.url}/session/login`, {
          method: 'POST', headers: { 'content-type': 'application/json', 'lv-access': token },
          body: JSON.stringify({ clientName: code, userName: 'admin', password: PASSWORD }),
        })
        if (!res.ok) throw new Error(`login ${code}: ${res.status} ${await res.text()}`)
        return { 'lv-session': ((await res.json()) as { sessionId: string }).sessionId }
      }
      const session = await login('BENCH', bench.token)

      // ---- Bulk Contact Download -------------------------------------------------------------
      const download = async (fields: string[], gzip: boolean) => {
        resetPeak(pid)
        const before = hasProc ? kb(procStatus(pid), 'VmRSS') : Number.NaN
        const t0 = process.hrtime.bigint()
        // node:http rather than fetch, which would decode the gzip itself and hide the wire size.
        const req = request(`${server.url}/contact/contacts/bulk`, {
          method: 'POST', headers: { 'content-type': 'application/json', ...session, 'accept-encoding': gzip ? 'gzip' : 'identity' },
        })
        req.end(JSON.stringify({ exportableFields: fields }))
        const [res] = await once(req, 'response') as [IncomingMessage]
        if (res.statusCode !== 200) throw new Error(`download: ${res.statusCode}`)
        let body: Readable = res
        let wire = 0
        body.on('data', (c: Buffer) => { wire += c.length })
        if (gzip) body = body.pipe(createGunzip())
        let bytes = 0
        let lines = 0
        for await (const chunk of body as AsyncIterable<Buffer>) {
          bytes += chunk.length
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++
        }
        if (lines !== ROWS + 1) throw new Error(`download returned ${lines} lines`)
        return { seconds: secondsSince(t0), bytes, wire, peak: peakRss(pid), before }
      }
      const bareCsv = async (columns: string[], gzip: boolean) => {
        const t0 = process.hrtime.bigint()
        const stmt = reader.prepare(`select ${columns.join(', ')} from contacts where client_id = ? order by id`).raw(true)
        const chunks = new CsvChunker()
        const zip = gzip ? createGzip() : null
        let bytes = 0
        zip?.on('data', (c: Buffer) => { bytes += c.length })
        const emit = async (chunk: Buffer | null) => {
          if (chunk === null) return
          if (!zip) bytes += chunk.length
          else if (!zip.write(chunk)) await once(zip, 'drain')
        }
        for (const r of stmt.iterate(bench.id) as Iterable<unknown[]>) {
          let line = ''
          for (let i = 0; i < r.length; i++) line += (i > 0 ? ',' : '') + (r[i] == null ? '' : csvField(String(r[i])))
          await emit(chunks.add(`${line}\n`))
        }
        await emit(chunks.flush())
        if (zip) {
          zip.end()
          await once(zip, 'end')
        }
        return { seconds: secondsSince(t0), bytes }
      }
      log('Bulk Contact Download (plain, gzip, allFields)')
      const plain = await download(DOWNLOAD_FIELDS, false)
      const zipped = await download(DOWNLOAD_FIELDS, true)
      const all = await download(['allFields'], false)
      const barePlain = await bareCsv(DOWNLOAD_COLUMNS, false)
      const bareZipped = await bareCsv(DOWNLOAD_COLUMNS, true)
      rows.push({
        what: `Bulk Contact Download, ${DOWNLOAD_FIELDS.length} columns, plain (${fmt(plain.bytes / MB)} MB)`,
        api: `${fmt(plain.seconds, 1)} s (${fmt(ROWS / plain.seconds)} rows/s), server RSS ${fmt(plain.before / MB)} MB before, peak ${fmt(plain.peak / MB)} MB`,
        baseline: `bare cursor → CSV: ${fmt(barePlain.seconds, 1)} s (${fmt(ROWS / barePlain.seconds)} rows/s)`,
        ratio: `${fmt(plain.seconds / barePlain.seconds, 2)}x`,
        target: '< 10 s, RSS < 200 MB',
      })
      rows.push({
        what: `Bulk Contact Download, ${DOWNLOAD_FIELDS.length} columns, gzip (${fmt(zipped.wire / MB)} MB on the wire)`,
        api: `${fmt(zipped.seconds, 1)} s (${fmt(ROWS / zipped.seconds)} rows/s), server RSS ${fmt(zipped.before / MB)} MB before, peak ${fmt(zipped.peak / MB)} MB`,
        baseline: `bare cursor → CSV → gzip: ${fmt(bareZipped.seconds, 1)} s`,
        ratio: `${fmt(zipped.seconds / bareZipped.seconds, 2)}x`,
        target: '< 15 s, RSS < 200 MB',
      })
      rows.push({
        what: `Bulk Contact Download, allFields (${fmt(all.bytes / MB)} MB)`,
        api: `${fmt(all.seconds, 1)} s (${fmt(ROWS / all.seconds)} rows/s), server RSS ${fmt(all.before / MB)} MB before, peak ${fmt(all.peak / MB)} MB`,
        baseline: '', ratio: '', target: '',
      })

      // ---- Find Matching Contact -------------------------------------------------------------
      const sample = (i: number) => syntheticContact((i * 7919) % ROWS, now)
      const scenarios: Array<{ name: string; target: string; body: (i: number) => FindMatchingContactBodyType }> = [
        {
          name: 'Find Matching Contact: account EQUALS, no match (the HTTP, session and JSON floor)', target: '',
          body: (i) => ({ search: { field: 'account', condition: 'EQUALS', criteria: `none-${i}` } }),
        },
        {
          name: 'Find Matching Contact: account STARTS_WITH (3 chars), sort account, page of 50', target: 'p50 < 2 ms',
          body: (i) => ({ search: { field: 'account', condition: 'STARTS_WITH', criteria: sample(i).account.slice(0, 3) }, sort: [{ field: 'account', order: 'ASC' }] }),
        },
        {
          name: 'Find Matching Contact: account STARTS_WITH (2 chars), default order (id)', target: '',
          body: (i) => ({ search: { field: 'account', condition: 'STARTS_WITH', criteria: sample(i).account.slice(0, 2) } }),
        },
        {
          name: 'Find Matching Contact: account STARTS_WITH AND phone STARTS_WITH (two indexed conditions)', target: 'p50 < 10 ms',
          body: (i) => ({ search: { rule: 'AND', left: { field: 'account', condition: 'STARTS_WITH', criteria: sample(i).account.slice(0, 2) }, right: { field: 'phone', condition: 'STARTS_WITH', criteria: sample(i).phone.slice(0, 3) } } }),
        },
        {
          name: 'Find Matching Contact: phone EQUALS (OR over ten slot indexes)', target: '',
          body: (i) => ({ search: { field: 'phone', condition: 'EQUALS', criteria: sample(i).phone } }),
        },
        {
          name: 'Find Matching Contact: name EQUALS a last name (~0.4% of contacts) AND city EQUALS (index + filter)', target: '',
          body: (i) => ({ search: { rule: 'AND', left: { field: 'name', condition: 'EQUALS', criteria: sample(i).lastName }, right: { field: 'city', condition: 'EQUALS', criteria: sample(i).city } } }),
        },
      ]
      const { db: planDb, close: closePlanDb } = createDb(`sqlite:${path}`)
      for (const s of scenarios) {
        log(s.name)
        const api: number[] = []
        for (let i = 0; i < SEARCHES + 30; i++) {
          const t0 = process.hrtime.bigint()
          const res = await fetch(`${server.url}/contact/contacts/search?count=50&offset=0`, {
            method: 'POST', headers: { 'content-type': 'application/json', ...session }, body: JSON.stringify(s.body(i)),
          })
          if (res.status !== 200) throw new Error(`${s.name}: ${res.status} ${await res.text()}`)
          await res.arrayBuffer()
          if (i >= 30) api.push(secondsSince(t0) * 1000)
        }
        const bareTimes: number[] = []
        for (let i = 0; i < SEARCHES + 30; i++) {
          const compiled = await findMatchingContactsStatement(planDb, bench.id, s.body(i), { count: 50, offset: 0 }, now)
          const stmt = reader.prepare(compiled.sql)
          const t0 = process.hrtime.bigint()
          stmt.all(...(compiled.parameters as unknown[]))
          if (i >= 30) bareTimes.push(secondsSince(t0) * 1000)
        }
        api.sort((a, b) => a - b)
        bareTimes.sort((a, b) => a - b)
        rows.push({
          what: s.name,
          api: `p50 ${fmt(percentile(api, 0.5), 2)} ms, p99 ${fmt(percentile(api, 0.99), 2)} ms`,
          baseline: `same SQL bare: p50 ${fmt(percentile(bareTimes, 0.5), 2)} ms`,
          ratio: `${fmt(percentile(api, 0.5) / percentile(bareTimes, 0.5), 1)}x`,
          target: s.target,
        })
      }

      log('query plans of every searchable field')
      const probe = syntheticContact(4242, now)
      const criteria: Record<string, string> = {
        account: probe.account.slice(0, 3), account_due_date: '2026-01-15', account_due_date_basedon_option: '3', last_load_date_basedon_option: '-3',
        group: '12', paymentbalance: '500', amount_to_speak: '500', callattemptstoday: '1', callattemptslifetime: '1', dob: '1980-05-06',
        phone: probe.phone.slice(0, 6), name: probe.lastName.toLowerCase(), postalcode: probe.zipCode.slice(0, 3), city: 'boston', state: 'ma',
        email: probe.email, email_address: probe.email, country: 'united states of america',
      }
      for (const field of SEARCHABLE_FIELDS) {
        const booleanField = /consent|do_not_dial|dial_today|dial_yesterday|^sms$/.test(field)
        const condition = booleanField ? 'EQUALS' : ['account', 'phone', 'postalcode'].includes(field) ? 'STARTS_WITH' : 'EQUALS'
        const body = { search: { field, condition, criteria: booleanField ? 'true' : criteria[field] ?? 'x' } } as FindMatchingContactBodyType
        const compiled = await findMatchingContactsStatement(planDb, bench.id, body, { count: 50, offset: 0 }, now)
        const plan = reader.prepare(`explain query plan ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as { detail: string }[]
        const details = plan.map((p) => p.detail)
        // A scan: walking the client's (client_id, id) index, or the whole table.
        const scanned = details.some((d) => /^SCAN contacts|^SEARCH contacts USING (COVERING )?INDEX sqlite_autoindex_contacts_1 \(client_id=\?\)$/.test(d))
        const indexes = [...new Set(details.flatMap((d) => {
          const m = /^SEARCH (\S+) USING (?:COVERING )?(?:INDEX (\S+)|(INTEGER PRIMARY KEY))/.exec(d)
          return m ? [m[2] ?? `${m[1]} rowid`] : []
        }))]
        const stmt = reader.prepare(compiled.sql)
        const times: number[] = []
        for (let i = 0; i < 5; i++) {
          const t0 = process.hrtime.bigint()
          stmt.all(...(compiled.parameters as unknown[]))
          times.push(secondsSince(t0) * 1000)
        }
        times.sort((a, b) => a - b)
        const how = scanned ? 'scan of the client\'s contacts' : `index: ${indexes.join(', ')}`
        plans.push(`| \`${field}\` | ${condition} | ${how} | ${fmt(percentile(times, 0.5), 2)} |`)
      }
      await closePlanDb()

      // ---- Bulk Create over HTTP -------------------------------------------------------------
      log(`Bulk Create over HTTP: ${fmt(HTTP_CREATE)} contacts, 1000 per request, 4 concurrent`)
      const bulkSession = await login('BULK', bulk.token)
      const bodies: string[] = []
      for (let b = 0; b < HTTP_CREATE / 1000; b++) {
        bodies.push(JSON.stringify({ createContactDetails: Array.from({ length: 1000 }, (_, k) => syntheticDetails(b * 1000 + k, now)) }))
      }
      let next = 0
      let created = 0
      const t0 = process.hrtime.bigint()
      await Promise.all(Array.from({ length: 4 }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++]!
          const res = await fetch(`${server.url}/contact/contacts/bulk`, { method: 'POST', headers: { 'content-type': 'application/json', ...bulkSession }, body })
          const answer = await res.json() as { message?: string }
          if (res.status !== 200) throw new Error(`bulk create: ${res.status} ${JSON.stringify(answer)}`)
          created += Number(/(\d+)$/.exec(answer.message ?? '')?.[1] ?? 0)
        }
      }))
      const httpSeconds = secondsSince(t0)
      if (created !== HTTP_CREATE) throw new Error(`bulk create made ${created} contacts`)
      const writer = new BetterSqlite3(path)
      writer.pragma('busy_timeout = 5000')
      start = process.hrtime.bigint()
      insertSyntheticRows(writer, bare.id, 0, HTTP_CREATE, now, 1000)
      const bare1000 = HTTP_CREATE / secondsSince(start)
      writer.close()
      rows.push({
        what: `Bulk Create Contact over HTTP (${fmt(HTTP_CREATE)} contacts, 1000 per request, 4 concurrent)`,
        api: `${fmt(HTTP_CREATE / httpSeconds)} contacts/s`,
        baseline: `bare prepared INSERT loop, transactions of 1000: ${fmt(bare1000)} rows/s`,
        ratio: `${fmt((HTTP_CREATE / httpSeconds) / bare1000, 2)}x`,
        target: '≥ 20,000/s',
      })
    } finally {
      reader.close()
      await server.stop()
    }

    // ---- CLI import ------------------------------------------------------------------------
    log(`CLI import of ${fmt(ROWS)} contacts from CSV (${fmt(statSync(csvPath).size / MB)} MB)`)
    const cli = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'contacts', 'import', '--client', 'IMPORT', csvPath], {
      env: { ...process.env, DATABASE_URL: `sqlite:${path}` }, stdio: ['ignore', 'pipe', 'inherit'],
    })
    let cliPeak = 0
    const sampler = setInterval(() => {
      try { cliPeak = Math.max(cliPeak, kb(procStatus(cli.pid!), 'VmHWM')) } catch { /* exited */ }
    }, 100)
    let stdout = ''
    cli.stdout!.on('data', (c: Buffer) => { stdout += c })
    start = process.hrtime.bigint()
    const [code] = await once(cli, 'exit') as [number]
    const cliSeconds = secondsSince(start)
    clearInterval(sampler)
    if (code !== 0) throw new Error(`lvapi contacts import exited with ${code}`)
    const summary = JSON.parse(stdout) as { created: number; rejected: number }
    if (summary.created !== ROWS) throw new Error(`import created ${summary.created} of ${ROWS}: ${stdout}`)
    rows.push({
      what: `\`lvapi contacts import\` of ${fmt(ROWS)} contacts from CSV (transactions of 25,000)`,
      api: `${fmt(cliSeconds, 1)} s (${fmt(ROWS / cliSeconds)} contacts/s), peak RSS ${hasProc ? `${fmt(cliPeak / MB)} MB` : 'n/a'}`,
      baseline: `bare prepared INSERT loop, transactions of 10,000: ${fmt(ROWS / bareInsertRate, 1)} s (${fmt(bareInsertRate)} rows/s)`,
      ratio: `${fmt(cliSeconds / (ROWS / bareInsertRate), 2)}x`,
      target: '< 40 s, RSS < 300 MB',
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }

  const lines = [
    `Contact API benchmarks on SQLite, ${fmt(ROWS)} contacts in one client (CONTACTS_BENCH_ROWS); ratio = API ÷ bare baseline of the same run (time ratios: lower is better; rate ratios: higher is better).`,
    '',
    '| scenario | API | bare baseline (same run) | ratio | target |',
    '| --- | --- | --- | ---: | --- |',
    ...rows.map((r) => `| ${r.what} | ${r.api} | ${r.baseline} | ${r.ratio} | ${r.target} |`),
    '',
    'Find Matching Contact, one condition per searchable field (page of 50, default order), as SQLite plans it:',
    '',
    '| field | condition | served by | bare p50 ms |',
    '| --- | --- | --- | ---: |',
    ...plans,
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
}

await main()
