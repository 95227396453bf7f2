import { ValueNode, type CompiledQuery, type Compilable, type Expression, type OperationNode } from 'kysely'
import { dialectOf, type AnyKysely } from './dialect.ts'

type Scalar = string | number | boolean | null

/**
 * An argument of a prepared query while it is built: a placeholder that compiles to a bind
 * parameter, with no value to look at. Its value exists only when the query executes.
 */
export class Param<T extends Scalar> implements Expression<T> {
  /** @internal */
  constructor(readonly arg: number, readonly index: number) {}

  get expressionType(): T | undefined {
    return undefined
  }

  toOperationNode(): OperationNode {
    return ValueNode.create(this)
  }
}

/** What build receives for each argument: a placeholder, or one per element of a list (IN lists). */
type Placeholder = Param<Scalar> | readonly Param<Scalar>[]
/** What the prepared query is called with, for build's placeholders. */
type ArgsOf<P extends readonly Placeholder[]> = {
  [K in keyof P]: P[K] extends readonly Param<infer E>[] ? readonly E[] : P[K] extends Param<infer E> ? E : never
}

interface Plan {
  sql: string
  query: CompiledQuery['query']
  /** For each SQL parameter: where its value comes from (an argument's placeholder or a constant). */
  sources: Array<Param<Scalar> | { value: unknown }>
}

/**
 * A read on a hot path, built and compiled by Kysely once per dialect and argument shape, then
 * executed with new values. Kysely otherwise rebuilds and recompiles the query on every call,
 * which costs more than running it (bench/storage-results.md).
 *
 * build never sees the values: it gets a Param (a Kysely expression standing for a bind
 * parameter) for each argument, and for a list argument one Param per element, so the only thing
 * it can vary on is a list's length, which is part of the shape. A query that must differ by
 * value is two prepared queries (e.g. all Services vs the granted ones).
 */
export function preparedQuery<P extends Placeholder[], R>(build: (db: AnyKysely, ...params: P) => Compilable<R>) {
  const plans = new Map<string, Plan>()
  return async (db: AnyKysely, ...args: ArgsOf<P>): Promise<R[]> => {
    const values = args as readonly (Scalar | readonly Scalar[])[]
    const key = `${dialectOf(db)}:${values.map((a) => (Array.isArray(a) ? a.length : '-')).join(',')}`
    let plan = plans.get(key)
    if (!plan) {
      const params = values.map((a, i) => (Array.isArray(a) ? a.map((_, j) => new Param(i, j)) : new Param(i, -1))) as P
      const compiled = build(db, ...params).compile()
      plan = {
        sql: compiled.sql,
        query: compiled.query,
        sources: compiled.parameters.map((p) => (p instanceof Param ? p : { value: p })),
      }
      plans.set(key, plan)
    }
    const parameters = plan.sources.map((s) => {
      if (!(s instanceof Param)) return s.value
      const arg = values[s.arg]
      return s.index === -1 ? arg : (arg as readonly Scalar[])[s.index]
    })
    const result = await db.executeQuery<R>({ sql: plan.sql, query: plan.query, parameters, queryId: { queryId: key } })
    return result.rows
  }
}
