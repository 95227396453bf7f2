/**
 * A non-2xx answer of the API. Every vendor error body carries `code` and `message` (Contact and
 * Session APIs send exactly those; the Configuration API adds `errorCode` / `errorMessage` with
 * the same values, README §3.1 of the spec), so those are what this reads.
 */
export class LvApiError extends Error {
  override readonly name = 'LvApiError'
  /** HTTP status. */
  readonly status: number
  /**
   * Vendor error code: 202 invalid input, 203 not found, 201 authentication/authorization,
   * 204 method not allowed, 205 rate limited, 100 server error; 0 when the answer had no vendor
   * body (e.g. a proxy's error page).
   */
  readonly code: number
  /** The parsed body as received (JSON when it was JSON, text otherwise). */
  readonly body: unknown
  /** Seconds the server asked to wait (Retry-After), when it said. */
  readonly retryAfter: number | undefined

  constructor(status: number, code: number, message: string, body?: unknown, retryAfter?: number) {
    super(message)
    this.status = status
    this.code = code
    this.body = body
    this.retryAfter = retryAfter
  }

  /** From an openapi-fetch error result: `body` is the parsed JSON, or the text when it was not JSON. */
  static from(response: Response, body: unknown): LvApiError {
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
    const code = typeof fields.code === 'number' ? fields.code : typeof fields.errorCode === 'number' ? fields.errorCode : 0
    const message = typeof fields.message === 'string'
      ? fields.message
      : typeof fields.errorMessage === 'string'
        ? fields.errorMessage
        : `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`
    return new LvApiError(response.status, code, message, body, retryAfterSeconds(response.headers.get('retry-after'), Date.now()))
  }
}

/** Retry-After as seconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined
  const text = header.trim()
  if (/^\d+$/.test(text)) return Number(text)
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000))
}
