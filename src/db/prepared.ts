import { CompiledQuery, type Compilable, type Kysely } from 'kysely'
import { dialectOf } from './dialect.ts'

type Scalar = string | number | boolean | null
type Arg = Scalar | readonly Scalar[]

/** Stands in for an argument while the query is built once. */
class Slot {
  constructor(readonly arg: number, readonly index: number) {}
}

interface Plan {
  sql: string
  query: CompiledQuery['query']
  /** For each SQL parameter: where its value comes from (an argument slot or a constant). */
  sources: Array<Slot | { value: unknown }>
}

/**
 * A read on a hot path, built and compiled by Kysely once per dialect and argument shape, then
 * executed with new values. Kysely otherwise rebuilds and recompiles the query on every call,
 * which costs more than running it (bench: Read Agent at 0.22x of the ceiling before, see README).
 *
 * `build` must use its arguments only as values (never branch on them); arrays are allowed
 * (IN lists) and their length is part of the shape.
 */
export function preparedQuery<A extends Arg[], R>(build: (db: Kysely<any>, ...args: A) => Compilable<R>) {
  const plans = new Map<string, Plan>()
  return async (db: Kysely<any>, ...args: A): Promise<R[]> => {
    const key = `${dialectOf(db)}:${args.map((a) => (Array.isArray(a) ? a.length : '-')).join(',')}`
    let plan = plans.get(key)
    if (!plan) {
      const slots = args.map((a, i) => (Array.isArray(a) ? a.map((_, j) => new Slot(i, j)) : new Slot(i, -1))) as unknown as A
      const compiled = build(db, ...slots).compile()
      plan = {
        sql: compiled.sql,
        query: compiled.query,
        sources: compiled.parameters.map((p) => (p instanceof Slot ? p : { value: p })),
      }
      plans.set(key, plan)
    }
    const parameters = plan.sources.map((s) => {
      if (!(s instanceof Slot)) return s.value
      const arg = args[s.arg]
      return s.index === -1 ? arg : (arg as readonly Scalar[])[s.index]
    })
    const result = await db.executeQuery<R>({ sql: plan.sql, query: plan.query, parameters, queryId: { queryId: key } } as CompiledQuery<R>)
    return result.rows
  }
}
