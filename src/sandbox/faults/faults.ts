import { STATUS_CODES } from 'node:http'
import { ApiError, Errors, type ErrorDefinition } from '../../http/errors.ts'
import { compilePathPattern } from '../journal/journal.ts'
import type { FaultRuleFields } from '../sandbox.types.ts'
import type { CreateFaultBodyType } from './fault.schemas.ts'
import { matchesTenant, type TenantRef } from '../tenant-ref.ts'

export interface FaultRuleInput extends FaultRuleFields {
  method?: CreateFaultBodyType['method']
  tenant?: string
}

export interface FaultRule extends FaultRuleInput {
  id: number
  /** Requests this rule has answered (or slowed, or dropped) so far. */
  hits: number
}

/** What a matched rule does to one request. */
export interface FaultEffect {
  rule: FaultRule
  latencyMs: number
  error: ApiError | null
  drop: boolean
}

/** What a request offers for matching, computed once per request and only while rules exist. */
export interface FaultTarget {
  operationId: string | undefined
  method: string
  path: string
  tenant: { clientId: number | null; code: string | null }
}

/**
 * The vendor's code and message for a status (spec README §3.3): 429 is code 205 with a
 * Retry-After, 5xx is code 100, the 4xx are the codes the APIs use for those statuses.
 */
const byStatus: Record<number, ErrorDefinition> = {
  400: Errors.InvalidInput,
  401: Errors.SessionInvalid,
  403: Errors.Forbidden,
  404: Errors.NotFound,
  405: Errors.MethodNotAllowed,
  413: Errors.PayloadTooLarge,
  429: Errors.RateLimited,
  500: Errors.Internal,
}

export function faultError(rule: FaultRuleInput): ApiError | null {
  if (rule.status === undefined) return null
  const known = byStatus[rule.status]
  const definition: ErrorDefinition = known ?? {
    status: rule.status,
    code: rule.status >= 500 ? 100 : 202,
    message: STATUS_CODES[rule.status] ?? 'Error',
  }
  const headers: Record<string, string> = {}
  if (rule.retryAfter !== undefined || rule.status === 429 || rule.status === 503) headers['Retry-After'] = String(rule.retryAfter ?? 1)
  return new ApiError({ ...definition, code: rule.code ?? definition.code }, rule.message ?? definition.message, headers)
}

interface CompiledRule {
  rule: FaultRule
  path: ((path: string) => boolean) | null
  tenant: TenantRef | null
}

/**
 * The fault rules, in the order added; the first rule that matches a request and wins its
 * probability roll applies. A rule with `times` stops matching once it has fired that often.
 */
export class FaultRules {
  private rules: CompiledRule[] = []
  private nextId = 1

  get active(): boolean {
    return this.rules.length > 0
  }

  add(input: FaultRuleInput, tenant: TenantRef | null): FaultRule {
    const rule: FaultRule = { id: this.nextId++, ...input, hits: 0 }
    this.rules.push({ rule, path: input.path ? compilePathPattern(input.path) : null, tenant })
    return rule
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r.rule }))
  }

  remove(id: number): boolean {
    const before = this.rules.length
    this.rules = this.rules.filter((r) => r.rule.id !== id)
    return this.rules.length < before
  }

  clear(): void {
    this.rules = []
  }

  /** The effect for this request, counting the hit; null when no rule applies. */
  match(target: FaultTarget, random: () => number = Math.random): FaultEffect | null {
    for (const { rule, path, tenant } of this.rules) {
      if (rule.times !== undefined && rule.hits >= rule.times) continue
      if (rule.operationId && rule.operationId.toLowerCase() !== target.operationId?.toLowerCase()) continue
      if (rule.method && rule.method !== target.method) continue
      if (path && !path(target.path)) continue
      if (tenant && !matchesTenant(tenant, target.tenant)) continue
      if (rule.probability !== undefined && random() >= rule.probability) continue
      rule.hits++
      return { rule, latencyMs: rule.latencyMs ?? 0, error: faultError(rule), drop: rule.drop === true }
    }
    return null
  }
}
