import { CompiledQuery, type Kysely } from 'kysely'
import type { Db } from '../../db/database.ts'
import { dialectOf, reserveIds } from '../../db/dialect.ts'
import { builtOnce } from '../../lib/built-once.ts'
import { listClientSubtree } from '../../modules/session/session.repository.ts'
import { TENANT_TABLES, type TenantTable } from './tenant-tables.ts'

type Value = string | number | null

/** One table's rows as positional arrays: a demo tenant's 6,000 contacts are 110 columns wide. */
export interface TableRows {
  columns: string[]
  rows: Value[][]
}

/** Every row of a tenant (root client and sub-clients), by table; what a snapshot holds. */
export interface TenantRows {
  clientIds: number[]
  tables: Record<string, TableRows>
}

const any = (db: Db) => db as unknown as Kysely<any>

function toTableRows(objects: Record<string, unknown>[]): TableRows {
  if (objects.length === 0) return { columns: [], rows: [] }
  const columns = Object.keys(objects[0]!)
  return { columns, rows: objects.map((o) => columns.map((c) => (o[c] ?? null) as Value)) }
}

/** Reads every row of the tenant rooted at rootId. `known` tables are taken as given instead of read. */
export async function captureTenant(db: Db, rootId: number, known: Record<string, TableRows> = {}): Promise<TenantRows> {
  const clientIds = await listClientSubtree(db, rootId)
  const tables: Record<string, TableRows> = {}
  tables.clients = toTableRows(await any(db).selectFrom('clients').selectAll().where('id', 'in', clientIds).orderBy('id').execute())
  for (const t of TENANT_TABLES) {
    const given = known[t.name]
    if (given) {
      tables[t.name] = given
      continue
    }
    let query = any(db).selectFrom(t.name).selectAll().where('client_id', 'in', clientIds)
    if (t.id) query = query.orderBy('id')
    tables[t.name] = toTableRows(await query.execute())
  }
  return { clientIds, tables }
}

/**
 * Deletes every row of the given clients, children before parents, their sessions and the login
 * failures counted against their codes. The clients rows go too when `withClients`.
 */
export async function deleteTenantRows(db: Db, clientIds: readonly number[], withClients: boolean): Promise<void> {
  if (clientIds.length === 0) return
  const codes = await db.selectFrom('clients').select('code_key').where('id', 'in', clientIds).execute()
  await db.deleteFrom('sessions').where('client_id', 'in', clientIds).execute()
  if (codes.length > 0) await db.deleteFrom('login_failures').where('client_key', 'in', codes.map((c) => c.code_key)).execute()
  for (const t of [...TENANT_TABLES].reverse()) await any(db).deleteFrom(t.name).where('client_id', 'in', clientIds).execute()
  if (!withClients) return
  // Sub-clients before their parents: clients.parent_id references clients.id.
  const ordered = [...clientIds].sort((a, b) => b - a)
  for (const id of ordered) await db.deleteFrom('clients').where('id', '=', id).execute()
}

/** Inserts a captured tenant's rows, parents first (its previous rows must be gone). */
export async function insertTenantRows(db: Db, snapshot: TenantRows): Promise<void> {
  await insertRows(db, 'clients', snapshot.tables.clients!)
  for (const t of TENANT_TABLES) {
    const rows = snapshot.tables[t.name]
    if (rows) await insertRows(db, t.name, rows)
  }
}

/** Writes a captured tenant back: the rows it holds now are replaced, ids kept. Returns the clients touched. */
export async function restoreTenantRows(db: Db, rootId: number, snapshot: TenantRows): Promise<number[]> {
  const current = await listClientSubtree(db, rootId)
  const affected = [...new Set([...current, ...snapshot.clientIds])]
  await deleteTenantRows(db, affected, true)
  await insertTenantRows(db, snapshot)
  return affected
}

/**
 * Statement texts per table, column set and row count. The rows are bound as parameters, so one
 * text serves every chunk of the same size; building it through Kysely for every chunk of wide
 * contact rows would cost more than running it.
 */
const insertSql = builtOnce<string>(200)

/** Parameters per statement: below SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000

export async function insertRows(db: Db, table: string, data: TableRows): Promise<void> {
  if (data.rows.length === 0) return
  const width = data.columns.length
  const perStatement = Math.max(1, Math.min(500, Math.floor(MAX_PARAMETERS / width)))
  const dialect = dialectOf(db)
  for (let start = 0; start < data.rows.length; start += perStatement) {
    const chunk = data.rows.slice(start, start + perStatement)
    const text = insertSql(`${dialect}|${table}|${data.columns.join(',')}|${chunk.length}`, () => {
      const row = Object.fromEntries(data.columns.map((c) => [c, null]))
      return any(db).insertInto(table).values(chunk.map(() => row)).compile().sql
    })
    await db.executeQuery(CompiledQuery.raw(text, chunk.flat()))
  }
}

/**
 * A copy of a captured tenant for another client (the demo template): every id the rows carry is
 * renumbered to fresh ids of its table, and every reference to one of them follows. Returns the
 * rows as written, by table, so the caller need not read them back.
 */
export async function copyTenantRows(db: Db, template: TenantRows, clientId: number): Promise<Record<string, TableRows>> {
  const renumbered = new Map<string, Map<Value, number>>()
  const sourceClient = template.clientIds[0]!
  const written: Record<string, TableRows> = {}
  for (const t of TENANT_TABLES) {
    const data = template.tables[t.name]
    if (!data || data.rows.length === 0) continue
    const out = await renumber(db, t, data, renumbered, sourceClient, clientId)
    await insertRows(db, t.name, out)
    written[t.name] = out
  }
  return written
}

async function renumber(
  db: Db, t: TenantTable, data: TableRows, renumbered: Map<string, Map<Value, number>>, sourceClient: number, clientId: number,
): Promise<TableRows> {
  const idAt = data.columns.indexOf('id')
  const clientAt = data.columns.indexOf('client_id')
  const refs = Object.entries(t.refs).map(([column, target]) => ({ at: data.columns.indexOf(column), target })).filter((r) => r.at >= 0)
  let ids: Map<Value, number> | undefined
  if (t.id && idAt >= 0) {
    const fresh = await reserveIds(db, t.name, data.rows.length)
    ids = new Map(data.rows.map((row, i) => [row[idAt]!, fresh[i]!]))
    renumbered.set(t.name, ids)
  }
  const rows = data.rows.map((source) => {
    if (source[clientAt] !== sourceClient) throw new Error(`demo template row of ${t.name} belongs to a sub-client`)
    const row = source.slice()
    row[clientAt] = clientId
    if (ids) row[idAt] = ids.get(row[idAt]!)!
    for (const ref of refs) {
      const value = row[ref.at]
      const mapped = value === null ? undefined : renumbered.get(ref.target)?.get(value)
      if (mapped !== undefined) row[ref.at] = mapped
    }
    return row
  })
  return { columns: data.columns, rows }
}
