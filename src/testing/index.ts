/**
 * `lvapi/testing`: one call starts an lvapi server on an ephemeral loopback port with an
 * in-memory database, and returns its credentials and typed helpers for the sandbox control
 * plane (docs/sandbox.md). Every helper is a plain HTTP call to /_lvapi, the same API other
 * languages use, so what a test does here it can also do with curl.
 */
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'
import { buildApp } from '../app.ts'
import { bootstrap } from '../bootstrap.ts'
import { loadConfig, type Config } from '../config.ts'
import { createDb } from '../db/database.ts'

export interface StartSandboxOptions {
  /** Seed the bootstrapped client with the demo data set (default false: an empty client, fast). */
  demoData?: boolean
  /** Client code of the bootstrapped client (default SANDBOX). */
  clientCode?: string
  /** Default `sqlite::memory:`; a `postgres://` URL works too (the database must be empty). */
  databaseUrl?: string
  /** Requests the journal keeps (default 1000; 0 turns it off). */
  journalSize?: number
  /** Pino options or true to see the server's log (default: silent). */
  logger?: boolean | object
}

export interface ClockState { now: string; epochMillis: number; frozen: boolean; offsetMillis: number }

/** A duration: milliseconds, or text such as `2h`, `1h30m`, `90s`, `7d`, `500ms` (a leading - goes back). */
export type Duration = number | string

export interface FaultRuleInput {
  operationId?: string
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'
  path?: string
  tenant?: string | number
  status?: number
  code?: number
  message?: string
  retryAfter?: number
  latencyMs?: number
  drop?: boolean
  probability?: number
  times?: number
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
export interface JournalEntry {
  id: number
  time: string
  epochMillis: number
  method: string
  path: string
  operationId: string | null
  status: number
  durationMs: number
  tenant: { clientId: number | null; clientCode: string | null } | null
  principal: { type: string; id: number; userName: string } | null
  request: any
  response: any
  fault: number | null
  dropped: boolean
}

export interface Tenant {
  clientId: number
  clientCode: string
  accessToken: string
  userName: string
  password: string
  baseUrl: string
  demoUsers?: { manager: { userName: string; password: string }; agent: { userName: string; password: string } }
}
export interface CreateTenantOptions {
  demo?: boolean
  fixture?: unknown
  code?: string
  name?: string
  password?: string
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

export async function startSandbox(options: StartSandboxOptions = {}): Promise<Sandbox> {
  const password = `Sb${randomBytes(9).toString('base64url')}7`
  const accessToken = randomBytes(24).toString('base64url')
  const overrides: Partial<Config> = {
    HOST: '127.0.0.1',
    PORT: 0,
    DATABASE_URL: options.databaseUrl ?? 'sqlite::memory:',
    LV_CLIENT_CODE: options.clientCode ?? 'SANDBOX',
    LV_ADMIN_PASSWORD: password,
    LV_ACCESS_TOKEN: accessToken,
    LV_DEMO_DATA: options.demoData ? '1' : '0',
    LV_SANDBOX: 'auto',
    ...(options.journalSize === undefined ? {} : { LV_JOURNAL_SIZE: options.journalSize }),
  }
  // The sandbox's own settings win over the environment; the rest (hash cost, body limit...) is read from it.
  const config = loadConfig({ ...process.env, LV_SANDBOX_KEY: undefined }, overrides)
  const dbHandle = createDb(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE })
  await bootstrap(dbHandle, config, Date.now())
  const app = await buildApp({ config, dbHandle, logger: options.logger ?? false })
  await app.listen({ host: config.HOST, port: 0 })
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`

  async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${baseUrl}/_lvapi${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    const parsed = text ? JSON.parse(text) : undefined
    if (!res.ok) throw new SandboxError(res.status, parsed, `${method} /_lvapi${path}`)
    return parsed as T
  }
  const setClock = (body: object) => control<ClockState>('PUT', '/clock', body)

  const sandbox: Sandbox = {
    baseUrl,
    clientCode: config.LV_CLIENT_CODE,
    accessToken,
    userName: config.LV_ADMIN_USER,
    password,
    async login(credentials = { clientCode: config.LV_CLIENT_CODE, accessToken, userName: config.LV_ADMIN_USER, password }) {
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
    close: () => app.close(),
  }
  return sandbox
}
