/**
 * The control plane's bodies (docs/sandbox.md) as both sides see them: the sandbox answers them
 * and `lvapi/testing/client` types what it sends and reads with them. No imports, and types
 * only: `lvapi/testing/client` must load nothing of the server (jest's module sandbox).
 */

/** A fault rule's matching and effect, as Add Fault Rule takes it (method and tenant differ by side). */
export interface FaultRuleFields {
  operationId?: string
  path?: string
  status?: number
  code?: number
  message?: string
  retryAfter?: number
  latencyMs?: number
  drop?: boolean
  probability?: number
  times?: number
}

/** One recorded request as the journal answers it; `Body` is what its JSON bodies are typed as. */
export interface JournalEntryOf<Body> {
  id: number
  time: string
  epochMillis: number
  method: string
  path: string
  operationId: string | null
  status: number
  durationMs: number
  tenant: { clientId: number | null; clientCode: string | null } | null
  principal: { type: 'USER' | 'AGENT'; id: number; userName: string } | null
  request: Body
  response: Body
  /** The fault rule that answered instead of the server, or null. */
  fault: number | null
  dropped: boolean
}

/** Create Tenant's answer: the new client and how to log in to it. */
export interface TenantCredentials {
  clientId: number
  clientCode: string
  accessToken: string
  userName: string
  password: string
  /** Demo logins present in the tenant when it has the demo data set. */
  demoUsers?: { manager: { userName: string; password: string }; agent: { userName: string; password: string } }
}
