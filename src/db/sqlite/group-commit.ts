import { setImmediate as nextTurn } from 'node:timers'
import { sql, type ControlledTransaction, type Kysely } from 'kysely'

/**
 * Group commit for SQLite: write transactions that begin while another one's COMMIT is pending
 * run inside the same database transaction, each in a savepoint of its own, and share its
 * COMMIT.
 *
 * Why: a COMMIT in WAL mode writes every page the transaction changed to the WAL, and its
 * checkpoints write them back. A batch of contacts lands on random pages of the account and name
 * indexes, so four concurrent 1,000-contact Bulk Creates committed apart wrote ~3,000 pages of
 * the account index where one COMMIT of all four writes ~1,500; the COMMIT was a quarter of the
 * event loop's time under the issue-15 load (bench/realistic-results.md, session 8).
 *
 * How: the first transaction opens the group and takes the connection. Its COMMIT waits for the
 * event loop's next turn (setImmediate), during which requests already received (their bodies
 * parsed, their handlers run) that start a transaction join the group instead of queueing for
 * the connection. Members run one at a time, in arrival order, as they would on the one
 * connection anyway; a member that fails rolls back to its savepoint and fails alone. Nobody
 * hears of a member's success before the group's COMMIT succeeded: its promise settles after
 * it, and a failed COMMIT fails every member. What a member sees is what it would have seen
 * running right after the previous one: the same serial order, one connection.
 *
 * A group takes members until its COMMIT begins, and at most MAX_MEMBERS: queries outside
 * transactions wait for the connection meanwhile, as they wait for any transaction.
 */
export class SqliteGroupCommit<DB> {
  private open: Group<DB> | null = null

  constructor(private readonly db: Kysely<DB>) {}

  run<T>(fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
    let group = this.open
    if (group === null || !group.accepts()) {
      group = new Group(this.db.startTransaction().execute(), () => {
        if (this.open === group) this.open = null
      })
      this.open = group
    }
    return group.add(fn)
  }
}

const MAX_MEMBERS = 16

class Group<DB> {
  private members = 0
  private closing = false
  /** Settles when the last member added so far has finished (never rejects). */
  private tail: Promise<unknown>
  /** Members that succeeded, told once the COMMIT has. */
  private readonly succeeded: Array<{ resolve(): void; reject(err: unknown): void }> = []
  private failure: unknown = null

  constructor(private readonly trx: Promise<ControlledTransaction<DB>>, private readonly onClose: () => void) {
    this.tail = trx.catch(() => undefined)
  }

  accepts(): boolean {
    return !this.closing && this.members < MAX_MEMBERS
  }

  add<T>(fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
    this.members++
    const result = new Promise<T>((resolve, reject) => {
      this.tail = this.tail.then(() => this.runMember(fn, resolve, reject))
    })
    if (this.members === 1) nextTurn(() => void this.commit())
    if (this.members === MAX_MEMBERS) this.close()
    return result
  }

  private close(): void {
    if (this.closing) return
    this.closing = true
    this.onClose()
  }

  private async runMember<T>(fn: (trx: Kysely<DB>) => Promise<T>, resolve: (value: T) => void, reject: (err: unknown) => void): Promise<void> {
    if (this.failure !== null) return reject(this.failure)
    // A failure outside the member's own work (no transaction, a savepoint refused) loses the group.
    const lost = (err: unknown) => {
      this.failure = err
      reject(err)
    }
    let trx: ControlledTransaction<DB>
    try {
      trx = await this.trx
      await sql`savepoint lv_member`.execute(trx)
    } catch (err) {
      return lost(err)
    }
    let value: T
    try {
      value = await fn(trx)
    } catch (err) {
      try {
        await sql`rollback to lv_member`.execute(trx)
        await sql`release lv_member`.execute(trx)
      } catch (rollbackErr) {
        // SQLite rolled the whole transaction back (an I/O error, a full disk): the group is lost.
        this.failure = rollbackErr
      }
      return reject(err)
    }
    try {
      await sql`release lv_member`.execute(trx)
    } catch (err) {
      return lost(err)
    }
    this.succeeded.push({ resolve: () => resolve(value), reject })
  }

  private async commit(): Promise<void> {
    // Members that arrive while the earlier ones run still join; the COMMIT waits for them all.
    let seen: Promise<unknown>
    do {
      seen = this.tail
      await seen
    } while (seen !== this.tail)
    this.close()
    let trx: ControlledTransaction<DB>
    try {
      trx = await this.trx
    } catch {
      return // every member was rejected with the error that kept the transaction from starting
    }
    let outcome: unknown = this.failure
    if (outcome === null) {
      try {
        await trx.commit().execute()
      } catch (err) {
        outcome = err
      }
    }
    if (outcome !== null) await trx.rollback().execute().catch(() => {})
    for (const member of this.succeeded) {
      if (outcome === null) member.resolve()
      else member.reject(outcome)
    }
  }
}
