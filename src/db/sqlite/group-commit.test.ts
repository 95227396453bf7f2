import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openSqlite, sqliteDialect } from './sqlite-dialect.ts'
import { inTransaction, useGroupCommit } from '../transaction.ts'

/**
 * Group commit (group-commit.ts) on a SQLite file, as the server opens it, with a second
 * connection standing for everyone else (read workers, other processes): it sees only what was
 * committed.
 */
interface Tables {
  parent: { id: number }
  item: { name: string; parent_id: number | null }
}

let dir: string
let db: Kysely<Tables>
let other: BetterSqlite3.Database
let commits: number

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lvapi-group-commit-'))
  const raw = openSqlite(join(dir, 'db.sqlite'))
  raw.exec('create table parent (id integer primary key); create table item (name text not null unique, parent_id integer references parent (id))')
  raw.exec('insert into parent (id) values (1)')
  commits = 0
  db = new Kysely<Tables>({
    dialect: sqliteDialect(raw),
    log: (event) => { if (event.level === 'query' && /^commit$/i.test(event.query.sql)) commits++ },
  })
  useGroupCommit(db)
  other = new BetterSqlite3(join(dir, 'db.sqlite'), { readonly: true })
})

afterEach(async () => {
  other.close()
  await db.destroy()
  rmSync(dir, { recursive: true, force: true })
})

const committedNames = () => (other.prepare('select name from item order by name').all() as { name: string }[]).map((r) => r.name)
const insert = (trx: Kysely<Tables>, name: string) => trx.insertInto('item').values({ name, parent_id: 1 }).execute()
const names = async (trx: Kysely<Tables>) => (await trx.selectFrom('item').select('name').orderBy('name').execute()).map((r) => r.name)

describe('SQLite group commit', () => {
  it('runs transactions begun in the same turn one after another, sharing one COMMIT', async () => {
    const order: string[] = []
    const first = inTransaction(db, async (trx) => {
      order.push('first begins')
      await insert(trx, 'a')
      await new Promise((resolve) => setTimeout(resolve, 20)) // a member awaiting something else
      order.push('first ends')
      return 'first'
    })
    const second = inTransaction(db, async (trx) => {
      order.push('second begins')
      const seen = await names(trx)
      await insert(trx, 'b')
      return seen
    })
    expect(await Promise.all([first, second])).toEqual(['first', ['a']])
    expect(order).toEqual(['first begins', 'first ends', 'second begins'])
    expect(commits).toBe(1)
    expect(committedNames()).toEqual(['a', 'b'])
  })

  it('tells a member of its success only once the COMMIT is done', async () => {
    const seenByOthers: string[][] = []
    await Promise.all(['a', 'b'].map((name) =>
      inTransaction(db, (trx) => insert(trx, name)).then(() => { seenByOthers.push(committedNames()) })))
    expect(seenByOthers).toEqual([['a', 'b'], ['a', 'b']])
  })

  it('rolls back a member that fails, alone', async () => {
    const results = await Promise.allSettled([
      inTransaction(db, (trx) => insert(trx, 'a')),
      inTransaction(db, async (trx) => {
        await insert(trx, 'b')
        await insert(trx, 'a') // unique: fails
      }),
      inTransaction(db, (trx) => insert(trx, 'c')),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/)
    expect(committedNames()).toEqual(['a', 'c'])
    expect(commits).toBe(1)
  })

  it('fails every member when the COMMIT fails, and leaves nothing behind', async () => {
    const results = await Promise.allSettled([
      inTransaction(db, (trx) => insert(trx, 'a')),
      inTransaction(db, async (trx) => {
        // A deferred foreign key is checked at COMMIT, not when the member's savepoint is released.
        await sql`pragma defer_foreign_keys = on`.execute(trx)
        await trx.insertInto('item').values({ name: 'orphan', parent_id: 99 }).execute()
      }),
    ])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/)
    expect(committedNames()).toEqual([])
    // The connection is free again and the next transaction commits on its own.
    await inTransaction(db, (trx) => insert(trx, 'later'))
    expect(committedNames()).toEqual(['later'])
  })

  it('commits a transaction begun after a COMMIT in a group of its own', async () => {
    await inTransaction(db, (trx) => insert(trx, 'a'))
    await inTransaction(db, (trx) => insert(trx, 'b'))
    expect(commits).toBe(2)
    expect(committedNames()).toEqual(['a', 'b'])
  })

  it('joins the caller’s transaction when called inside one', async () => {
    await inTransaction(db, async (trx) => {
      await insert(trx, 'outer')
      await inTransaction(trx, (inner) => insert(inner, 'inner'))
    })
    expect(commits).toBe(1)
    expect(committedNames()).toEqual(['inner', 'outer'])
  })

  it('lets queries outside transactions run between groups', async () => {
    const writes = Array.from({ length: 3 }, (_, i) => inTransaction(db, (trx) => insert(trx, `w${i}`)))
    const read = names(db)
    await Promise.all(writes)
    // The read waited for the connection: it saw the whole group or none of it.
    expect([[], ['w0', 'w1', 'w2']]).toContainEqual(await read)
  })
})
