import type BetterSqlite3 from 'better-sqlite3'
import type pg from 'pg'
import { copyRowsIn } from '../src/db/postgres/copy.ts'

/**
 * Deterministic, believable contacts in quantity, for the benchmark (bench/contacts.ts) and the
 * bounded-memory download probe: the same contact `i` as a `contacts` row (bare inserts, the
 * baselines) and as Create Contact details (the API and CLI paths).
 */

const FIRST = ['Ada', 'Grace', 'Alan', 'Mary', 'Percy', 'John', 'Linus', 'Barbara', 'Edsger', 'Frances', 'Ken', 'Radia']
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Shelley', 'Smith', 'Backus', 'Torvalds', 'Liskov', 'Dijkstra', 'Allen', 'Thompson', 'Perlman']
/** 240 last names in all, so a name is shared by ~0.4% of the contacts rather than by 8%. */
const LAST_SUFFIX = ['', 'son', 'ley', 'man', 'ford', 'wood', 'berg', 'ton', 'field', 'well', 'by', 'er', 'ham', 'stone', 'more', 'ridge', 'dale', 'worth', 'land', 'brook']
const CITIES: Array<[string, string, string]> = [
  ['Boston', 'MA', '021'], ['New York', 'NY', '100'], ['San Francisco', 'CA', '941'], ['Austin', 'TX', '787'],
  ['Denver', 'CO', '802'], ['Seattle', 'WA', '981'], ['Chicago', 'IL', '606'], ['Miami', 'FL', '331'],
]

/** murmur3's finalizer over (i, salt): stable, evenly spread pseudo-random numbers per contact. */
function mix(i: number, salt: number): number {
  let h = Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca77)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz'

/**
 * Accounts spread evenly over the key space: four pseudo-random characters (so any two-character
 * prefix matches about 1/1296 of the contacts), then the number itself, which keeps them unique.
 */
export function syntheticAccount(i: number): string {
  let prefix = ''
  for (let k = 0; k < 4; k++) prefix += ALPHABET[mix(i, 11 + k) % 36]
  return `${prefix.toUpperCase()}${i.toString(36)}`
}

export interface SyntheticContact {
  account: string
  firstName: string
  lastName: string
  email: string
  city: string
  state: string
  zipCode: string
  phone: string
  balance: number
  dueDate: number
  modifiedAt: number
}

export function syntheticContact(i: number, now: number): SyntheticContact {
  const first = FIRST[mix(i, 2) % FIRST.length]!
  const last = `${LAST[mix(i, 3) % LAST.length]!}${LAST_SUFFIX[mix(i, 15) % LAST_SUFFIX.length]!}`
  const [city, state, zip] = CITIES[mix(i, 4) % CITIES.length]!
  return {
    account: syntheticAccount(i),
    firstName: first,
    lastName: last,
    email: `${first}.${last}${i}@example.com`.toLowerCase(),
    city, state,
    zipCode: `${zip}${String(mix(i, 5) % 100).padStart(2, '0')}`,
    phone: `${200 + (mix(i, 6) % 800)}${String(mix(i, 7) % 10_000_000).padStart(7, '0')}`,
    balance: (mix(i, 8) % 1_000_000) / 100,
    dueDate: now + ((mix(i, 9) % 120) - 60) * 86_400_000,
    modifiedAt: now - (mix(i, 10) % 365) * 86_400_000,
  }
}

/** Create Contact details (contacts.md §2.1) of contact `i`: what Bulk Create and the CLI take. */
export function syntheticDetails(i: number, now: number): Record<string, unknown> {
  const c = syntheticContact(i, now)
  return {
    account: c.account,
    person: { firstName: c.firstName, lastName: c.lastName, email: c.email, zipCode: c.zipCode },
    phone: [{ phone: c.phone, ordinal: 1 }],
    city: c.city, state: c.state, balance: c.balance, dueDate: c.dueDate, active: true,
  }
}

const ROW_COLUMNS = [
  'client_id', 'account', 'account_key', 'active', 'balance', 'city', 'state', 'due_date', 'first_name', 'first_name_key',
  'last_name', 'last_name_key', 'email', 'zip_code', 'phone1', 'account_to_speak', 'create_user', 'modify_user', 'created_at', 'modified_at',
] as const

/** The bare baseline: one prepared INSERT per row, `perTransaction` rows per transaction. */
export function insertSyntheticRows(raw: BetterSqlite3.Database, clientId: number, from: number, count: number, now: number, perTransaction = 10_000): void {
  const insert = raw.prepare(`insert into contacts (${ROW_COLUMNS.join(', ')}) values (${ROW_COLUMNS.map(() => '?').join(', ')})`)
  const batch = raw.transaction((start: number, end: number) => {
    for (let i = start; i < end; i++) {
      const c = syntheticContact(i, now)
      insert.run(
        clientId, c.account, c.account.toLowerCase(), 1, c.balance, c.city, c.state, c.dueDate, c.firstName, c.firstName.toLowerCase(),
        c.lastName, c.lastName.toLowerCase(), c.email, c.zipCode, c.phone, c.account, 'bench', 'bench', c.modifiedAt, c.modifiedAt,
      )
    }
  })
  for (let start = from; start < from + count; start += perTransaction) batch(start, Math.min(start + perTransaction, from + count))
}

/**
 * Contact `i` as the values of a `contacts` row in ROW_COLUMNS order: what insertSyntheticRows
 * binds, for the PostgreSQL baselines below (kept beside it so the two cannot drift apart).
 */
export function syntheticRow(clientId: number, i: number, now: number): unknown[] {
  const c = syntheticContact(i, now)
  return [
    clientId, c.account, c.account.toLowerCase(), 1, c.balance, c.city, c.state, c.dueDate, c.firstName, c.firstName.toLowerCase(),
    c.lastName, c.lastName.toLowerCase(), c.email, c.zipCode, c.phone, c.account, 'bench', 'bench', c.modifiedAt, c.modifiedAt,
  ]
}

function* syntheticRows(clientId: number, start: number, end: number, now: number): Generator<unknown[]> {
  for (let i = start; i < end; i++) yield syntheticRow(clientId, i, now)
}

/**
 * PostgreSQL's seeding path and bare baseline: the rows of insertSyntheticRows through COPY FROM
 * STDIN, one COPY per `perTransaction` rows. A lone statement is its own transaction, so no
 * BEGIN/COMMIT round trips are added.
 */
export async function copySyntheticRows(client: pg.ClientBase, clientId: number, from: number, count: number, now: number, perTransaction = 25_000): Promise<void> {
  for (let start = from; start < from + count; start += perTransaction) {
    const end = Math.min(start + perTransaction, from + count)
    const copied = await copyRowsIn(client, 'contacts', ROW_COLUMNS, syntheticRows(clientId, start, end, now))
    if (copied !== end - start) throw new Error(`COPY wrote ${copied} of ${end - start} rows`)
  }
}

/**
 * PostgreSQL's other bare baseline: one multi-row INSERT of `perStatement` rows per statement
 * (and so per transaction), as a named prepared statement, parsed once per connection and size.
 */
export async function insertSyntheticRowsMultiRow(client: pg.ClientBase, clientId: number, from: number, count: number, now: number, perStatement = 1000): Promise<void> {
  const texts = new Map<number, string>()
  const textFor = (rows: number) => {
    let text = texts.get(rows)
    if (text === undefined) {
      const tuples = Array.from({ length: rows }, (_, r) => `(${ROW_COLUMNS.map((_, k) => `$${r * ROW_COLUMNS.length + k + 1}`).join(', ')})`)
      texts.set(rows, (text = `insert into contacts (${ROW_COLUMNS.join(', ')}) values ${tuples.join(', ')}`))
    }
    return text
  }
  for (let start = from; start < from + count; start += perStatement) {
    const end = Math.min(start + perStatement, from + count)
    const values: unknown[] = []
    for (let i = start; i < end; i++) values.push(...syntheticRow(clientId, i, now))
    const result = await client.query({ name: `bench_contacts_insert_${end - start}`, text: textFor(end - start), values })
    if (result.rowCount !== end - start) throw new Error(`INSERT wrote ${result.rowCount} of ${end - start} rows`)
  }
}
