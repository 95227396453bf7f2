import BetterSqlite3 from 'better-sqlite3'
import { registerTimeLimit } from '../src/db/sqlite/bounded-read.ts'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import type { Readable } from 'node:stream'
import { createGzip } from 'node:zlib'
import pg from 'pg'
import { to as copyTo } from 'pg-copy-streams'
import Cursor from 'pg-cursor'
import type { DbHandle } from '../src/db/database.ts'
import type { DialectName } from '../src/db/dialect.ts'
import { csvField, CsvChunker } from '../src/modules/contact/transfer/csv-writer.ts'
import { copySyntheticRows, insertSyntheticRows, insertSyntheticRowsMultiRow } from './synthetic-contacts.ts'

/**
 * What bench/contacts.ts measures differently on each database: how contacts are seeded, the bare
 * baselines beside each API figure, how a search statement is planned, and the targets. The
 * scenarios themselves (bench/contacts.ts) are the same on both.
 */

/** A statement as Kysely compiles it. */
export interface Statement {
  sql: string
  parameters: readonly unknown[]
}

/** The scenarios a target can be set for (row ids of the tables). */
export type ScenarioId =
  | 'download-plain' | 'download-gzip' | 'download-all'
  | 'search-floor' | 'search-prefix3' | 'search-prefix2' | 'search-prefix-and' | 'search-phone' | 'search-name-city'
  | 'bulk-create' | 'import'

export interface BareWrite {
  label: string
  /** Writes contacts `from`..`from + count` of the synthetic set into the client. */
  insert(clientId: number, from: number, count: number, now: number): Promise<void>
}

export interface BareDownload {
  /** "… → CSV"; " → gzip" is appended for the compressed run. */
  label: string
  /** The client's contacts, `columns` in id order, as CSV read to the end; returns the bytes produced (compressed when gzip). */
  run(clientId: number, columns: readonly string[], gzip: boolean): Promise<{ bytes: number; rows: number }>
}

export interface ContactsBenchDialect {
  /** Writes the benchmark's contacts; its rate is the CLI import's baseline. */
  seed: BareWrite
  /** After seeding: the statistics a production database would have before searches run. */
  settle(): Promise<void>
  /** Bulk Create's baselines, each into an empty client of its own; the ratio uses the fastest. */
  bulkCreate: BareWrite[]
  /** Download baselines; the first is the one the ratio is taken against. */
  downloads: BareDownload[]
  /** Runs the statement bare, as the server would (prepared / named); milliseconds. */
  search(statement: Statement): Promise<number>
  /** How the database serves the statement: "index: …" or "scan of the client's contacts …". */
  plan(statement: Statement): Promise<string>
  targets: Partial<Record<ScenarioId, string>>
  close(): Promise<void>
}

export function openContactsBenchDialect(dialect: DialectName, handle: DbHandle, url: string): Promise<ContactsBenchDialect> {
  return dialect === 'postgres' ? openPostgres(url) : Promise.resolve(openSqlite(handle))
}

const secondsSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9

/** Gzip (level 6, zlib's default as the server uses) fed large chunks; counts compressed bytes. */
function gzipCounter() {
  const zip = createGzip()
  let bytes = 0
  zip.on('data', (c: Buffer) => { bytes += c.length })
  return {
    async write(chunk: Buffer) {
      if (!zip.write(chunk)) await once(zip, 'drain')
    },
    async end() {
      zip.end()
      await once(zip, 'end')
      return bytes
    },
  }
}

/**
 * The bare CSV loop both dialects share (the download's writer without the API): raw rows into
 * the hand-rolled RFC 4180 writer, 64 KiB chunks, optionally into gzip.
 */
async function rowsToCsv(rows: AsyncIterable<unknown[][]> | Iterable<unknown[][]>, gzip: boolean): Promise<{ bytes: number; rows: number }> {
  const chunks = new CsvChunker()
  const zip = gzip ? gzipCounter() : null
  let bytes = 0
  let count = 0
  const emit = async (chunk: Buffer | null) => {
    if (chunk === null) return
    if (zip) await zip.write(chunk)
    else bytes += chunk.length
  }
  for await (const batch of rows) {
    for (const r of batch) {
      let line = ''
      for (let i = 0; i < r.length; i++) line += (i > 0 ? ',' : '') + (r[i] == null ? '' : csvField(String(r[i])))
      await emit(chunks.add(`${line}\n`))
    }
    count += batch.length
  }
  await emit(chunks.flush())
  return { bytes: zip ? await zip.end() : bytes, rows: count }
}

// ---- SQLite ----------------------------------------------------------------------------------

function openSqlite(handle: DbHandle): ContactsBenchDialect {
  // The seeding/writing connection is createDb's own (WAL, synchronous NORMAL, 64 MiB cache, checkpoints every 10000 pages):
  // the settings the server writes with, so the insert baselines compare like with like.
  const writer = handle.sqlite!
  const reader = new BetterSqlite3(handle.sqlitePath!, { readonly: true })
  // The API's search statement calls the time limit's function (src/db/bounded-read.ts); no limit here.
  registerTimeLimit(reader)
  const prepared = new Map<string, BetterSqlite3.Statement>()
  const prepare = (text: string) => {
    let stmt = prepared.get(text)
    if (!stmt) prepared.set(text, (stmt = reader.prepare(text)))
    return stmt
  }
  const insertLoop = (label: string, perTransaction: number): BareWrite => ({
    label,
    insert: async (clientId, from, count, now) => insertSyntheticRows(writer, clientId, from, count, now, perTransaction),
  })
  return {
    seed: insertLoop('bare prepared INSERT loop, transactions of 10,000', 10_000),
    // 0006 seeds sqlite_stat1 for the contacts indexes; nothing to gather.
    settle: async () => {},
    bulkCreate: [insertLoop('bare prepared INSERT loop, transactions of 1000', 1000)],
    downloads: [{
      label: 'bare cursor → CSV',
      async run(clientId, columns, gzip) {
        const stmt = reader.prepare(`select ${columns.join(', ')} from contacts where client_id = ? order by id`).raw(true)
        function* batches(): Generator<unknown[][]> {
          let batch: unknown[][] = []
          for (const row of stmt.iterate(clientId) as Iterable<unknown[]>) {
            batch.push(row)
            if (batch.length === 1000) {
              yield batch
              batch = []
            }
          }
          yield batch
        }
        return rowsToCsv(batches(), gzip)
      },
    }],
    async search(statement) {
      const stmt = prepare(statement.sql)
      const t0 = process.hrtime.bigint()
      stmt.all(...statement.parameters)
      return secondsSince(t0) * 1000
    },
    async plan(statement) {
      const plan = reader.prepare(`explain query plan ${statement.sql}`).all(...statement.parameters) as { detail: string }[]
      const details = plan.map((p) => p.detail)
      // A scan: walking the client's (client_id, id) index, or the whole table.
      const scanned = details.some((d) => /^SCAN contacts|^SEARCH contacts USING (COVERING )?INDEX sqlite_autoindex_contacts_1 \(client_id=\?\)$/.test(d))
      const indexes = [...new Set(details.flatMap((d) => {
        const m = /^SEARCH (\S+) USING (?:COVERING )?(?:INDEX (\S+)|(INTEGER PRIMARY KEY))/.exec(d)
        return m ? [m[2] ?? `${m[1]} rowid`] : []
      }))]
      return scanned ? 'scan of the client\'s contacts' : `index: ${indexes.join(', ')}`
    },
    targets: {
      'download-plain': '< 10 s, RSS < 200 MB',
      'download-gzip': '< 15 s, RSS < 200 MB',
      'search-prefix3': 'p50 < 2 ms',
      'search-prefix-and': 'p50 < 10 ms',
      'bulk-create': '≥ 20,000/s',
      import: '< 40 s, RSS < 300 MB',
    },
    async close() {
      reader.close()
    },
  }
}

// ---- PostgreSQL ------------------------------------------------------------------------------

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  'Index Cond'?: string
  Plans?: PlanNode[]
}

/** Every node of an EXPLAIN (FORMAT JSON) tree. */
function* planNodes(node: PlanNode): Generator<PlanNode> {
  yield node
  for (const child of node.Plans ?? []) yield* planNodes(child)
}

/** `(contacts.client_id = '5'::bigint)`: an index condition that only narrows to the client. */
const onlyClientId = (cond: string): boolean =>
  cond.split(' AND ').every((part) => /^\(*(?:contacts\.)?client_id = [^()]*?\)*$/.test(part.trim()))

/**
 * The scan test of the SQLite plan table, in PostgreSQL's terms: a Seq Scan of contacts, or a walk
 * of a full (not partial) contacts index with no index condition beyond client_id (the primary
 * key, or a (client_id, …) key read from the client's first entry to its last). A partial index
 * (the phone slots') reads only the contacts its predicate admits, so it counts as an index.
 */
export function describePgPlan(root: PlanNode, partialIndexes: ReadonlySet<string>): string {
  const scans: string[] = []
  const indexes: string[] = []
  for (const node of planNodes(root)) {
    if (/Seq Scan$/.test(node['Node Type']) && node['Relation Name'] === 'contacts') scans.push(node['Node Type'])
    const index = node['Index Name']
    if (index === undefined) continue
    const walk = index.startsWith('contacts_') && !partialIndexes.has(index) && (node['Index Cond'] === undefined || onlyClientId(node['Index Cond']))
    if (walk) scans.push(`${node['Node Type']} ${index}`)
    else indexes.push(index)
  }
  if (scans.length > 0) return `scan of the client's contacts (${[...new Set(scans)].join(', ')})`
  return `index: ${[...new Set(indexes)].join(', ')}`
}

async function openPostgres(url: string): Promise<ContactsBenchDialect> {
  // One bare connection (no pool, no statement-naming wrapper): the baselines are what a tuned
  // client does directly, next to the server doing the same work behind the API.
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const partial = await client.query<{ name: string }>(
    `select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid where i.indrelid = 'contacts'::regclass and i.indpred is not null`)
  const partialIndexes = new Set(partial.rows.map((r) => r.name))
  const nameOf = (text: string) => `bench_${createHash('sha1').update(text).digest('base64url')}`
  const copyWrite = (label: string, perTransaction: number): BareWrite => ({
    label,
    insert: (clientId, from, count, now) => copySyntheticRows(client, clientId, from, count, now, perTransaction),
  })
  const selectText = (clientId: number, columns: readonly string[]) =>
    `select ${columns.join(', ')} from contacts where client_id = ${Number(clientId)} order by id`
  return {
    seed: copyWrite('bare COPY FROM STDIN, transactions of 25,000', 25_000),
    async settle() {
      // COPY leaves 1M rows without statistics, hint bits or visibility map: VACUUM (ANALYZE)
      // gives the planner its statistics and spares the first reader (whichever scenario runs
      // first) the hint-bit writes, and autovacuum from starting mid-measurement.
      await client.query('VACUUM (ANALYZE) contacts')
      // The seeding dirtied ~1 GB of pages that the checkpointer would otherwise write out over
      // the next minutes, in the middle of the latency measurements (a bare index probe then
      // showed a p99 of 2.4 ms against a p50 of 0.14 ms).
      await client.query('CHECKPOINT')
    },
    bulkCreate: [
      {
        label: 'bare multi-row INSERT (prepared), 1000 rows a statement',
        insert: (clientId, from, count, now) => insertSyntheticRowsMultiRow(client, clientId, from, count, now, 1000),
      },
      copyWrite('bare COPY FROM STDIN, 1000 rows a transaction', 1000),
    ],
    downloads: [
      {
        label: 'bare COPY (SELECT …) TO STDOUT (csv)',
        async run(clientId, columns, gzip) {
          const stream = client.query(copyTo(`COPY (${selectText(clientId, columns)}) TO STDOUT WITH (FORMAT csv)`))
          const zip = gzip ? gzipCounter() : null
          let bytes = 0
          // COPY hands over whatever one socket read held; zlib wants large writes.
          let pending: Buffer[] = []
          let pendingBytes = 0
          const flush = async () => {
            if (pendingBytes === 0) return
            const chunk = Buffer.concat(pending, pendingBytes)
            pending = []
            pendingBytes = 0
            await zip!.write(chunk)
          }
          for await (const chunk of stream as Readable as AsyncIterable<Buffer>) {
            if (!zip) {
              bytes += chunk.length
              continue
            }
            pending.push(chunk)
            pendingBytes += chunk.length
            if (pendingBytes >= 64 * 1024) await flush()
          }
          if (zip) {
            await flush()
            bytes = await zip.end()
          }
          return { bytes, rows: stream.rowCount }
        },
      },
      {
        label: 'bare pg-cursor → CSV',
        async run(clientId, columns, gzip) {
          const cursor = client.query(new Cursor<unknown[]>(selectText(clientId, columns), [], { rowMode: 'array' }))
          async function* batches(): AsyncGenerator<unknown[][]> {
            try {
              // The server's batch size (contact-export.ts BATCH).
              for (let rows = await cursor.read(1000); rows.length > 0; rows = await cursor.read(1000)) yield rows
            } finally {
              await cursor.close()
            }
          }
          return rowsToCsv(batches(), gzip)
        },
      },
    ],
    async search(statement) {
      const t0 = process.hrtime.bigint()
      await client.query({ name: nameOf(statement.sql), text: statement.sql, values: [...statement.parameters] })
      return secondsSince(t0) * 1000
    },
    async plan(statement) {
      const result = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${statement.sql}`, [...statement.parameters])
      return describePgPlan(result.rows[0]!['QUERY PLAN'][0]!.Plan, partialIndexes)
    },
    targets: {
      'download-plain': '≥ 200,000 rows/s (1M ≤ 5 s), RSS < 200 MB',
      'download-gzip': '< 15 s, RSS < 200 MB',
      'search-prefix3': 'p99 < 5 ms',
      'search-prefix2': 'p99 < 5 ms',
      'search-prefix-and': 'p99 < 5 ms',
      'bulk-create': '≥ 25,000/s',
      import: '< 40 s, RSS < 300 MB',
    },
    close: () => client.end(),
  }
}
