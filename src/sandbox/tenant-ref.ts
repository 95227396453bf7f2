import type { Db } from '../db/database.ts'
import type { Principal } from '../http/auth.ts'
import { ApiError, Errors, invalidInput } from '../http/errors.ts'
import { findClient, findClientByCode } from '../modules/configuration/clients/client.repository.ts'

/** A tenant as fault rules and journal queries name it: by client code or by client id. */
export interface TenantRef {
  clientId: number
  /** Upper case, as client codes are compared (code_key). */
  code: string
}

/**
 * The client codes of the sandbox's tenant pool (tenants/tenant-pool.ts): a parked tenant, or one
 * being filled, is named by none of the control calls; `~` is outside every client code the API
 * and the CLI accept, so no client of anyone else has one.
 */
export const POOL_CODE_PREFIX = '~'
export const isPoolCode = (code: string): boolean => code.startsWith(POOL_CODE_PREFIX)

/**
 * A tenant named by client code or id in a control call's path; only root clients are tenants, and
 * the pool's parked ones (tenant-pool.ts) are none: they answer as a client that does not exist.
 */
export async function findTenant(db: Db, tenant: string): Promise<{ clientId: number; code: string }> {
  const row = /^\d{1,15}$/.test(tenant) ? await findClient(db, Number(tenant)) : await findClientByCode(db, tenant)
  if (!row || row.parent_id !== null || isPoolCode(row.code)) throw new ApiError(Errors.NotFound, `Tenant not found [${tenant}]`)
  return { clientId: Number(row.id), code: row.code }
}

export async function resolveTenant(db: Db, tenant: string): Promise<TenantRef> {
  const row = /^\d{1,15}$/.test(tenant) ? await findClient(db, Number(tenant)) : await findClientByCode(db, tenant)
  if (!row || isPoolCode(row.code)) throw invalidInput(`tenant ${tenant} is not a client code or id`)
  return { clientId: Number(row.id), code: row.code_key }
}

/**
 * The tenant a request acts for: its session's client, or for Login (no session yet) the
 * clientName it sends. Either may be missing (an unauthenticated call with no body).
 */
export function tenantOf(principal: Principal | null | undefined, body: unknown): { clientId: number | null; code: string | null } {
  if (principal) return { clientId: principal.clientId, code: null }
  const clientName = body && typeof body === 'object' ? (body as { clientName?: unknown }).clientName : undefined
  return { clientId: null, code: typeof clientName === 'string' ? clientName.toUpperCase() : null }
}

export function matchesTenant(tenant: TenantRef, request: { clientId: number | null; code: string | null }): boolean {
  return request.clientId !== null ? request.clientId === tenant.clientId : request.code === tenant.code
}
