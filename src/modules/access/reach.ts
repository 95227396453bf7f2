import type { Db } from '../../db/database.ts'
import type { Principal } from '../../http/auth.ts'
import { forbidden, notFound } from '../../http/errors.ts'

/**
 * How one resource kind is reached by id: `find` looks the row up within the given clients (the
 * session's own and its descendants, README §7.3), `refuse` names why this session may not act on
 * a row it found (null: it may).
 */
export interface ResourceKind<Row> {
  /** The object's name in "<Object> not found [ID:<id>]" (README §3.2). */
  name: string
  find(db: Db, clientIds: readonly number[], id: number): Promise<Row | undefined>
  refuse?(db: Db, principal: Principal, row: Row): string | null | Promise<string | null>
}

/**
 * Direct access by id, with the order of checks decided here for every resource kind (README §3.3,
 * "object-level visibility is checked with existence"; §7.3):
 *   1. not in the session's client or a descendant, or not there at all → 404, the same answer, so
 *      an id of another client tells nothing;
 *   2. in the caller's client but not visible to this session (a Manager's or Agent's Services,
 *      a Superuser and a Sysadmin user) → 403.
 * Role and power (403) were checked before, by the route's access spec (http/auth.ts), and the
 * body before the service was called (400); business rules on the row come after (400).
 */
export function reacher<Row>(kind: ResourceKind<Row>): (db: Db, principal: Principal, id: number) => Promise<Row> {
  return async (db, principal, id) => {
    const row = await kind.find(db, principal.clientIds, id)
    if (!row) throw notFound(kind.name, id)
    const reason = kind.refuse ? await kind.refuse(db, principal, row) : null
    if (reason !== null) throw forbidden(reason)
    return row
  }
}
