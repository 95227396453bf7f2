import { randomUUID } from 'node:crypto'
import { parse as parseQuery, stringify as stringifyQuery } from 'node:querystring'
import { rewriteUrl } from './routing.ts'

const MASK = '***'

function decoded(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * A URL for the log with every session id masked (issue 10 item 12). Session ids travel in paths
 * (Validate, Logout, Session Details) and in `?sessionId=`, and the router and the query parser
 * decode what they read: `/session/%76alidate/<id>` and `?%73essionId=<id>` reach the same
 * handlers. So the URL is normalised as the router sees it and decoded segment by segment and
 * parameter by parameter before anything is compared, and logged in that decoded form.
 */
export function maskSessionIds(url: string): string {
  const normalised = rewriteUrl(url)
  const q = normalised.indexOf('?')
  const segments = (q === -1 ? normalised : normalised.slice(0, q)).split('/').map(decoded)
  for (let i = 2; i < segments.length; i++) {
    if (segments[i - 2].toLowerCase() === 'session' && /^(validate|logout|sessions)$/i.test(segments[i - 1])) segments[i] = MASK
  }
  let path = segments.join('/')
  if (q !== -1) {
    const query = parseQuery(normalised.slice(q + 1))
    for (const key of Object.keys(query)) if (key.toLowerCase() === 'sessionid') query[key] = MASK
    path += `?${stringifyQuery(query)}`
  }
  return path
}

/** A request id a client may choose: short, and nothing a log line or a header could be bent by. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/

/**
 * The request id: the client's `x-request-id` when it is a short safe token (so a caller can
 * follow its request through the logs), otherwise a fresh UUID (issue 10 item 12: the header was
 * echoed unchecked).
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID()
}
