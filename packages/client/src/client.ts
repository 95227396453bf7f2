import createClient, {
  type Client, type ClientPathsWithMethod, type FetchResponse, type MaybeOptionalInit,
} from 'openapi-fetch'
import { parse } from 'csv-parse/stream'
import { LvApiError, retryAfterSeconds } from './errors.ts'
import type { paths } from './schema.d.ts'

/** JSON answers only: the one CSV answer (Bulk Contact Download) has its own helper. */
type Json = `${string}/json`
type Method = 'get' | 'put' | 'post' | 'delete'
type PathFor<M extends Method> = ClientPathsWithMethod<Client<paths, Json>, M>
type RequiredKeysOf<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T]
/** openapi-fetch's own rule: the init argument is required exactly when it has required keys. */
type InitArg<I> = RequiredKeysOf<I> extends never ? [(I & { [key: string]: unknown })?] : [I & { [key: string]: unknown }]
type Operation<P, M extends Method> = P extends keyof paths ? M extends keyof paths[P] ? paths[P][M] & Record<string | number, unknown> : never : never
/** The success branch's body (the error branch has an optional `data?: never`, which this skips). */
type SuccessData<R> = R extends { data: infer D } ? D : never
export type ResultOf<P, M extends Method, I = object> = SuccessData<FetchResponse<Operation<P, M>, I, Json>>
/** The element type of a list answer's page array (`agent`, `callCenter`, `listContactDetails` ...). */
export type PageItem<D> = { [K in keyof D]: D[K] extends readonly (infer T)[] | undefined ? T : never }[keyof D]

type BulkBody = NonNullable<paths['/contact/contacts/bulk']['post']['requestBody']>['content']['application/json']
/** One item of Bulk Create Contact's `createContactDetails`. */
export type NewContact = NonNullable<BulkBody['createContactDetails']>[number]
/** Bulk Contact Download's request: `exportableFields` (required) and the optional date window. */
export type ContactDownloadRequest = Required<Pick<BulkBody, 'exportableFields'>> & Pick<BulkBody, 'startDate' | 'endDate'>
export type LoginResult = ResultOf<'/session/login', 'post'>

export interface RetryOptions {
  /** Retries of a 429 / code 205 answer before it is thrown (default 3). */
  attempts?: number
  /**
   * Longest wait before one retry, in ms (default 30,000). An answer asking for longer is thrown
   * at once with its `retryAfter`, so no call hangs for longer than this on one retry.
   */
  maxDelayMs?: number
}

export interface LvApiClientOptions {
  /** Server root, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string
  /** The LV-Access token, sent on Login only. */
  accessToken: string
  /** Client code, as in Login's `clientName`. */
  clientName: string
  userName: string
  password: string
  /** Log in with Agent credentials (an Agent session; most Configuration methods are then 403). */
  agent?: boolean
  retry?: RetryOptions
  /** A fetch of your own (tests, proxies, instrumentation); globalThis.fetch by default. */
  fetch?: (request: Request) => Promise<Response>
}

const LOGIN_PATH = /\/session\/login(\/agent)?\/?$/i
const MAX_BULK = 1000
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * A typed client for the Configuration, Contact and Session APIs. Methods take the API's paths
 * (`'/configuration/agents/{id}'`) and return the typed JSON body; any non-2xx answer is thrown as
 * an {@link LvApiError}. It logs in on first use and keeps the session; when the server answers
 * 401 for an expired or ended session it logs in again once and repeats the request; a 429
 * (code 205) is retried after Retry-After, within {@link RetryOptions}.
 */
export class LvApiClient {
  /**
   * The underlying openapi-fetch client, with the same session and retry handling: it returns
   * `{ data, error, response }` instead of throwing, for callers that want the raw answer.
   */
  readonly raw: Client<paths, Json>
  private readonly options: LvApiClientOptions
  private readonly fetchImpl: (request: Request) => Promise<Response>
  private session: Promise<string> | undefined
  private currentId: string | undefined

  constructor(options: LvApiClientOptions) {
    this.options = options
    this.fetchImpl = options.fetch ?? ((request) => globalThis.fetch(request))
    this.raw = createClient<paths, Json>({ baseUrl: options.baseUrl, fetch: (request) => this.send(request) })
  }

  /** The current session id, once logged in. */
  get sessionId(): string | undefined {
    return this.currentId
  }

  /** Logs in now (otherwise the first call does); returns Login's answer. */
  async login(): Promise<LoginResult> {
    const answer = this.openSession()
    // track() keeps the session for later calls and handles a failed login; the caller awaits
    // Login's answer itself.
    void this.track(answer.then((r) => r.sessionId))
    return answer
  }

  /** Ends the session on the server; the next call logs in again. */
  async logout(): Promise<void> {
    if (this.currentId === undefined) return
    try {
      await this.delete('/session/logout')
    } finally {
      this.session = undefined
      this.currentId = undefined
    }
  }

  get<P extends PathFor<'get'>, I extends MaybeOptionalInit<paths[P], 'get'>>(path: P, ...init: InitArg<I>): Promise<ResultOf<P, 'get', I>> {
    return this.call('GET', path, init[0])
  }

  post<P extends PathFor<'post'>, I extends MaybeOptionalInit<paths[P], 'post'>>(path: P, ...init: InitArg<I>): Promise<ResultOf<P, 'post', I>> {
    return this.call('POST', path, init[0])
  }

  put<P extends PathFor<'put'>, I extends MaybeOptionalInit<paths[P], 'put'>>(path: P, ...init: InitArg<I>): Promise<ResultOf<P, 'put', I>> {
    return this.call('PUT', path, init[0])
  }

  delete<P extends PathFor<'delete'>, I extends MaybeOptionalInit<paths[P], 'delete'>>(path: P, ...init: InitArg<I>): Promise<ResultOf<P, 'delete', I>> {
    return this.call('DELETE', path, init[0])
  }

  /**
   * Every item of a List or Find method, page after page, by following `next` (spec README §5:
   * a relative URI whose query holds the next `offset`; absent, null or "" at the end). Pass the
   * first page's `count` / `offset` as usual; a search's body is sent again with every page. The
   * items come from the answer's page array (`agent`, `callCenter`, `listContactDetails` ...);
   * `itemsKey` picks one where an answer has two (`listAccounts` / `listAccount`).
   */
  paginate<P extends PathFor<'get'>, I extends MaybeOptionalInit<paths[P], 'get'>>(method: 'get', path: P, init: I, itemsKey?: keyof ResultOf<P, 'get', I>): AsyncGenerator<PageItem<ResultOf<P, 'get', I>>>
  paginate<P extends PathFor<'post'>, I extends MaybeOptionalInit<paths[P], 'post'>>(method: 'post', path: P, init: I, itemsKey?: keyof ResultOf<P, 'post', I>): AsyncGenerator<PageItem<ResultOf<P, 'post', I>>>
  async *paginate(method: 'get' | 'post', path: string, init: RequestInitLike, itemsKey?: PropertyKey): AsyncGenerator<unknown> {
    let query = init.params?.query
    for (;;) {
      const page = await this.call<Record<string, unknown>>(method.toUpperCase() as 'GET' | 'POST', path, { ...init, params: { ...init.params, query } })
      const key = itemsKey ?? Object.keys(page).find((k) => Array.isArray(page[k]))
      const items = key === undefined ? undefined : page[key as string]
      if (!Array.isArray(items)) throw new TypeError(`${method.toUpperCase()} ${path} answered no page array; is it a List or Find method?`)
      yield* items
      const next = page.next
      if (typeof next !== 'string' || next.trim() === '' || items.length === 0) return
      query = queryOf(next)
    }
  }

  /**
   * Bulk Create Contact for any number of contacts: sent in requests of `chunkSize` (at most the
   * API's 1,000), one after another. As with the API, invalid items and existing accounts are
   * skipped, not fatal; `created` counts what the server created. A failed request is thrown; the
   * chunks before it stay created (`onChunk` reports progress).
   */
  async bulkCreateContacts(
    contacts: Iterable<NewContact> | AsyncIterable<NewContact>,
    options: { chunkSize?: number; onChunk?: (progress: { sent: number; created: number }) => void } = {},
  ): Promise<{ sent: number; created: number; requests: number }> {
    const chunkSize = options.chunkSize ?? MAX_BULK
    if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_BULK) throw new RangeError(`chunkSize must be 1..${MAX_BULK}`)
    const total = { sent: 0, created: 0, requests: 0 }
    let chunk: NewContact[] = []
    const flush = async () => {
      const answer = await this.post('/contact/contacts/bulk', { body: { createContactDetails: chunk } })
      // "Successfully updated contacts <n>": n is the number created (contacts.md, seed wording).
      const created = /(\d+)\s*$/.exec((answer as { message?: string }).message ?? '')
      total.sent += chunk.length
      total.created += created ? Number(created[1]) : 0
      total.requests += 1
      chunk = []
      options.onChunk?.({ sent: total.sent, created: total.created })
    }
    for await (const contact of contacts) {
      chunk.push(contact)
      if (chunk.length === chunkSize) await flush()
    }
    if (chunk.length > 0) await flush()
    return total
  }

  /**
   * Bulk Contact Download as a stream of rows, each an object keyed by the CSV's header labels
   * (`Account`, `Account Due Date`, ...: the labels the server writes for the requested
   * `exportableFields`, in that order). Rows are parsed as they arrive (gzip is negotiated and
   * undone by fetch); stopping the loop early cancels the download.
   */
  async *downloadContacts(request: ContactDownloadRequest): AsyncGenerator<Record<string, string>> {
    const { data, error, response } = await this.raw.POST('/contact/contacts/bulk', { body: request, parseAs: 'stream' })
    if (error !== undefined || !response.ok) throw LvApiError.from(response, error)
    if (!data) return
    // csv-parse reads the bytes itself (UTF-8, a character split across chunks included).
    const rows = data.pipeThrough(parse({ columns: true, bom: true }))
    for await (const row of rows as AsyncIterable<Record<string, string>>) yield row
  }

  private async call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, init: unknown): Promise<T> {
    const { data, error, response } = await (this.raw.request as (m: string, p: string, i: unknown) => Promise<{ data?: unknown; error?: unknown; response: Response }>)(method, path, init)
    if (!response.ok) throw LvApiError.from(response, error)
    return data as T
  }

  private async openSession(): Promise<LoginResult> {
    const o = this.options
    const { data, error, response } = await this.raw.POST('/session/login', {
      params: { header: { 'LV-Access': o.accessToken } },
      body: { clientName: o.clientName, userName: o.userName, password: o.password, agent: o.agent ?? false },
    })
    if (!response.ok || !data) throw LvApiError.from(response, error)
    return data
  }

  /** The session for the next request: the current one, or a login every waiting request shares. */
  private currentSession(): Promise<string> {
    return this.session ?? this.track(this.openSession().then((r) => r.sessionId))
  }

  private track(login: Promise<string>): Promise<string> {
    this.session = login
    login.then((id) => { if (this.session === login) this.currentId = id }, () => {
      // A failed login is thrown to the requests waiting for it and then forgotten.
      if (this.session === login) this.session = undefined
    })
    return login
  }

  /**
   * Every request goes through here (openapi-fetch's `fetch` option): the session header, one
   * login again after a 401 for the session it sent, and retries of 429 / code 205. The request
   * is cloned for each attempt, so a body can be sent again.
   */
  private async send(request: Request): Promise<Response> {
    const retry = { attempts: this.options.retry?.attempts ?? 3, maxDelayMs: this.options.retry?.maxDelayMs ?? 30_000 }
    const isLogin = LOGIN_PATH.test(new URL(request.url).pathname)
    let loggedInAgain = false
    for (let retries = 0; ;) {
      const attempt = request.clone()
      const sessionId = isLogin ? undefined : await this.currentSession()
      if (sessionId !== undefined) attempt.headers.set('LV-Session', sessionId)
      const response = await this.fetchImpl(attempt)
      if (response.status === 401 && sessionId !== undefined && !loggedInAgain) {
        // Expired (two idle hours), logged out elsewhere, or ended by a password change: log in
        // once more. A second 401 is the caller's (e.g. the account was locked) and is thrown.
        loggedInAgain = true
        await response.body?.cancel()
        this.forgetSession(sessionId)
        continue
      }
      if (retries < retry.attempts && await isRateLimited(response)) {
        const asked = retryAfterSeconds(response.headers.get('retry-after'), Date.now())
        const delay = asked === undefined ? Math.min(500 * 2 ** retries, retry.maxDelayMs) : asked * 1000
        if (delay <= retry.maxDelayMs) {
          await response.body?.cancel()
          await sleep(delay)
          retries += 1
          continue
        }
      }
      return response
    }
  }

  /** Drops the session a request was refused with, unless a concurrent request already replaced it. */
  private forgetSession(sessionId: string): void {
    if (this.currentId !== sessionId) return
    this.session = undefined
    this.currentId = undefined
  }
}

interface RequestInitLike {
  params?: { query?: Record<string, unknown> } & Record<string, unknown>
  [key: string]: unknown
}

/** The query of a `next` link as parameters (repeated names become arrays, as they were sent). */
function queryOf(next: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {}
  for (const [name, value] of new URL(next, 'http://next.invalid/').searchParams) {
    const seen = query[name]
    query[name] = seen === undefined ? value : [...[seen].flat(), value]
  }
  return query
}

/** README §8 of the spec: 429 with code 205; a 205 body under another status counts too. */
async function isRateLimited(response: Response): Promise<boolean> {
  if (response.status === 429) return true
  if (response.ok || response.status === 401) return false
  try {
    const body = await response.clone().json() as { code?: unknown; errorCode?: unknown }
    return body.code === 205 || body.errorCode === 205
  } catch {
    return false
  }
}
