import type { ExpressionBuilder, ExpressionWrapper, SqlBool } from 'kysely'
import type { Principal } from './auth.ts'
import { forbidden } from './errors.ts'

/**
 * README §7.3. A `client` parameter may name the session's client or, for Sysadmin / IT User /
 * Superuser, a descendant. Returns the client to act on, or null for any other client: lists
 * and List Info answer empty / `{"size":0}` for it, creates refuse it with 403.
 */
export function clientInScope(principal: Principal, client: number | undefined): number | null {
  if (client === undefined) return principal.clientId
  return principal.clientIds.includes(client) ? client : null
}

/** For creates: the target client, or 403 when it is not the caller's or a descendant. */
export function clientForCreate(principal: Principal, client: number | undefined): number {
  const clientId = clientInScope(principal, client)
  if (clientId === null) throw forbidden('client')
  return clientId
}

export function canSeeService(principal: Principal, serviceId: number): boolean {
  return principal.serviceIds === null || principal.serviceIds.has(serviceId)
}

/**
 * WHERE fragment limiting a service-id column to the session's visible Services; `true` for
 * sessions that see every Service of their client. An empty grant compiles to `false` rather
 * than the invalid `IN ()`.
 */
export function serviceVisibleTo<DB, TB extends keyof DB>(principal: Principal, column: string) {
  return (eb: ExpressionBuilder<DB, TB>): ExpressionWrapper<DB, TB, SqlBool> => {
    if (principal.serviceIds === null) return eb.lit(true)
    const ids = [...principal.serviceIds]
    if (ids.length === 0) return eb.lit(false)
    return eb(eb.ref(column as never), 'in', ids as never)
  }
}
