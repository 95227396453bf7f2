/**
 * `lvapi/testing/client`: the typed helpers of `lvapi/testing` for a sandbox that is already
 * running (started by `startSandbox()` in another process or in a test runner's global setup,
 * or any lvapi server with the sandbox on). Only `fetch`: it loads nothing of the server, so it
 * works inside test runners that cannot load the server's modules (jest's module sandbox).
 */
import type { FaultRuleFields, JournalEntryOf, TenantCredentials } from '../sandbox/sandbox.types.ts'

export interface ClockState { now: string; epochMillis: number; frozen: boolean; offsetMillis: number }

/** A duration: milliseconds, or text such as `2h`, `1h30m`, `90s`, `7d`, `500ms` (a leading - goes back). */
export type Duration = number | string

export interface FaultRuleInput extends FaultRuleFields {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'
  tenant?: string | number
}
export interface FaultRule extends Omit<FaultRuleInput, 'tenant'> { id: number; tenant?: string; hits: number }

export interface JournalFilter {
  tenant?: string | number
  operationId?: string
  method?: string
  path?: string
  /** `404` or a class such as `4xx`. */
  status?: number | string
  since?: number | string
  until?: number | string
  fault?: boolean
  limit?: number
}
// The recorded JSON bodies are whatever was sent: `any` lets a test read into them as it
// reads res.json(), where `unknown` would make every user of lvapi/testing cast first.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JournalEntry = JournalEntryOf<any>

export interface Tenant extends TenantCredentials {
  baseUrl: string
}
export interface CreateTenantOptions {
  demo?: boolean
  fixture?: unknown
  code?: string
  name?: string
  password?: string
}

/** What a test needs to reach a running sandbox and log in to its bootstrapped client. */
export interface SandboxInfo {
  baseUrl: string
  clientCode: string
  accessToken: string
  userName: string
  password: string
  /** LV-Sandbox-Key, when the server is not on loopback and requires it. */
  sandboxKey?: string
}

export interface Sandbox {
  baseUrl: string
  /** The bootstrapped client: clientName, LV-Access token and Sysadmin credentials for Login. */
  clientCode: string
  accessToken: string
  userName: string
  password: string
  /** Logs in (the bootstrapped Sysadmin unless told otherwise) and returns the LV-Session id. */
  login(credentials?: { clientCode: string; accessToken: string; userName: string; password: string; agent?: boolean }): Promise<string>
  tenants: {
    create(options?: CreateTenantOptions): Promise<Tenant>
    delete(tenant: string | number): Promise<void>
    reset(tenant: string | number): Promise<void>
  }
  /** Resets the whole database to its bootstrapped state (every tenant created since is gone). */
  reset(): Promise<void>
  snapshots: {
    take(tenant: string | number, name: string): Promise<void>
    restore(tenant: string | number, name: string): Promise<void>
    list(tenant: string | number): Promise<{ name: string; takenAt: number }[]>
    delete(tenant: string | number, name: string): Promise<void>
  }
  fixtures: {
    load(tenant: string | number, fixture: unknown): Promise<void>
    dump(tenant: string | number): Promise<unknown>
  }
  clock: {
    get(): Promise<ClockState>
    set(time: number | string | Date, options?: { frozen?: boolean }): Promise<ClockState>
    advance(by: Duration): Promise<ClockState>
    freeze(): Promise<ClockState>
    unfreeze(): Promise<ClockState>
    /** Back to real time. */
    reset(): Promise<ClockState>
  }
  faults: {
    add(rule: FaultRuleInput): Promise<FaultRule>
    list(): Promise<FaultRule[]>
    remove(id: number): Promise<void>
    clear(): Promise<void>
  }
  journal: {
    list(filter?: JournalFilter): Promise<JournalEntry[]>
    count(filter?: Omit<JournalFilter, 'limit'>): Promise<number>
    clear(): Promise<void>
  }
  /** Stops the server (startSandbox); a connected client only forgets it. */
  close(): Promise<void>
}

/** A control call failed: the status and the body the server answered. */
export class SandboxError extends Error {
  constructor(readonly status: number, readonly body: unknown, what: string) {
    super(`${what} answered ${status}: ${JSON.stringify(body)}`)
  }
}

const seg = (value: string | number) => encodeURIComponent(String(value))

function queryString(filter: object): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filter)) if (value !== undefined) params.set(key, String(value))
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** The helpers for a running sandbox; `close` is given by whoever started the server. */
export function connectSandbox(info: SandboxInfo, close: () => Promise<void> = async () => {}): Sandbox {
  const { baseUrl } = info
  async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${baseUrl}/_lvapi${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(info.sandboxKey ? { 'lv-sandbox-key': info.sandboxKey } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    const parsed: unknown = text ? JSON.parse(text) : undefined
    if (!res.ok) throw new SandboxError(res.status, parsed, `${method} /_lvapi${path}`)
    return parsed as T
  }
  const setClock = (body: object) => control<ClockState>('PUT', '/clock', body)

  return {
    baseUrl,
    clientCode: info.clientCode,
    accessToken: info.accessToken,
    userName: info.userName,
    password: info.password,
    /** Logs in (the bootstrapped Sysadmin unless told otherwise) and returns the LV-Session id. */
    async login(credentials = info) {
      const res = await fetch(`${baseUrl}/session/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'lv-access': credentials.accessToken },
        body: JSON.stringify({ clientName: credentials.clientCode, userName: credentials.userName, password: credentials.password, ...(credentials.agent ? { agent: true } : {}) }),
      })
      const body = await res.json() as { sessionId?: string }
      if (!res.ok || !body.sessionId) throw new SandboxError(res.status, body, 'POST /session/login')
      return body.sessionId
    },
    tenants: {
      create: (tenant = {}) => control<Tenant>('POST', '/tenants', tenant),
      delete: async (tenant) => { await control('DELETE', `/tenants/${seg(tenant)}`) },
      reset: async (tenant) => { await control('POST', `/tenants/${seg(tenant)}/reset`) },
    },
    reset: async () => { await control('POST', '/reset') },
    snapshots: {
      take: async (tenant, name) => { await control('PUT', `/tenants/${seg(tenant)}/snapshots/${seg(name)}`) },
      restore: async (tenant, name) => { await control('POST', `/tenants/${seg(tenant)}/snapshots/${seg(name)}/restore`) },
      list: async (tenant) => (await control<{ snapshots: { name: string; takenAt: number }[] }>('GET', `/tenants/${seg(tenant)}/snapshots`)).snapshots,
      delete: async (tenant, name) => { await control('DELETE', `/tenants/${seg(tenant)}/snapshots/${seg(name)}`) },
    },
    fixtures: {
      load: async (tenant, fixture) => { await control('POST', `/tenants/${seg(tenant)}/fixture`, fixture) },
      dump: (tenant) => control<unknown>('GET', `/tenants/${seg(tenant)}/fixture`),
    },
    clock: {
      get: () => control<ClockState>('GET', '/clock'),
      set: (time, opts = {}) => setClock({ time: time instanceof Date ? time.getTime() : time, ...opts }),
      advance: (by) => setClock({ advance: by }),
      freeze: () => setClock({ frozen: true }),
      unfreeze: () => setClock({ frozen: false }),
      reset: () => setClock({ reset: true }),
    },
    faults: {
      add: (rule) => control<FaultRule>('POST', '/faults', { ...rule, ...(rule.tenant === undefined ? {} : { tenant: String(rule.tenant) }) }),
      list: async () => (await control<{ faults: FaultRule[] }>('GET', '/faults')).faults,
      remove: async (id) => { await control('DELETE', `/faults/${id}`) },
      clear: async () => { await control('DELETE', '/faults') },
    },
    journal: {
      list: async (filter = {}) => (await control<{ entries: JournalEntry[] }>('GET', `/journal${queryString(filter)}`)).entries,
      count: async (filter = {}) => (await control<{ count: number }>('GET', `/journal/count${queryString(filter)}`)).count,
      clear: async () => { await control('DELETE', '/journal') },
    },
    close,
  }
}
