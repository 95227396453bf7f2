import { once } from 'node:events'
import { connect } from 'node:net'
import { request, type Agent, type IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'

/**
 * What the benches share: one request on a node:http agent read to its end, a Bulk Contact
 * Download counted as it streams, and (the abuse benches: heavy-search, wrong-tokens,
 * large-bodies) another session's Read Agent timed back to back while the abuse runs.
 */
export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN

export async function send(agent: Agent | false, url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  const req = request(url, {
    method, agent,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }) },
  })
  // A server may answer (413) and close before the whole body is sent; the answer still counts.
  req.on('error', () => {})
  req.end(body)
  const [res] = await once(req, 'response') as [IncomingMessage]
  const chunks: Buffer[] = []
  for await (const chunk of res) chunks.push(chunk as Buffer)
  return { status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8') }
}

/**
 * Bulk Contact Download of `fields`, over node:http rather than fetch, which would decode the
 * gzip itself and hide the wire size: bytes on the wire, bytes of CSV and its lines.
 */
export async function downloadContacts(baseUrl: string, session: Record<string, string>, fields: readonly string[], gzip: boolean): Promise<{ wire: number; bytes: number; lines: number }> {
  const req = request(`${baseUrl}/contact/contacts/bulk`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...session, 'accept-encoding': gzip ? 'gzip' : 'identity' },
  })
  req.end(JSON.stringify({ exportableFields: fields }))
  const [res] = await once(req, 'response') as [IncomingMessage]
  if (res.statusCode !== 200) throw new Error(`download: ${res.statusCode}`)
  let body: Readable = res
  let wire = 0
  body.on('data', (c: Buffer) => { wire += c.length })
  if (gzip) body = body.pipe(createGunzip())
  let bytes = 0
  let lines = 0
  for await (const chunk of body as AsyncIterable<Buffer>) {
    bytes += chunk.length
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++
  }
  return { wire, bytes, lines }
}

/** Read Agent latencies in ms, sorted, until `until()` says stop; any answer but 200 aborts. */
export async function readAgentLatencies(agent: Agent, url: string, session: Record<string, string>, until: () => boolean): Promise<number[]> {
  const times: number[] = []
  while (!until()) {
    const t0 = process.hrtime.bigint()
    const res = await send(agent, url, 'GET', session)
    if (res.status !== 200) throw new Error(`Read Agent: ${res.status} ${res.text}`)
    times.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  return times.sort((a, b) => a - b)
}

/**
 * One keep-alive HTTP/1.1 connection for timing requests one after another, as wrk would: the
 * request written by hand, the answer read into one buffer reused for every read (net's
 * `onread`) and only counted, its body kept when asked (or not 200). Timed through node:http, the bench's own
 * collector set the realistic search's p99: each answer arrives in freshly allocated buffers
 * (external memory), and every few hundred 100 KB answers V8 ran a full collection in the
 * client, with incremental steps of up to 8 ms landing inside timed searches
 * (bench/realistic-results.md, session 10).
 */
export async function keepAliveConnection(baseUrl: string): Promise<{
  request(method: string, path: string, headers: Record<string, string>, body: string, keepBody?: boolean): Promise<{ status: number; text: string }>
  close(): void
}> {
  const { hostname, port } = new URL(baseUrl)
  let pending: { resolve(answer: { status: number; text: string }): void; reject(error: Error): void; keep: boolean } | null = null
  let head = ''
  let status = 0
  let left = -1
  let kept: Buffer[] = []
  const finish = () => {
    const answer = { status, text: Buffer.concat(kept).toString('utf8') }
    const done = pending!
    pending = null
    head = ''
    left = -1
    kept = []
    done.resolve(answer)
  }
  const body = (chunk: Buffer) => {
    if (pending!.keep || status !== 200) kept.push(Buffer.from(chunk))
    left -= chunk.length
    if (left === 0) finish()
  }
  const socket = connect({
    host: hostname, port: Number(port),
    onread: {
      buffer: Buffer.alloc(256 * 1024),
      // Returns true: false would pause the socket.
      callback(nread: number, buffer: Uint8Array): boolean {
        if (!pending) return true
        let chunk = Buffer.from(buffer.buffer, buffer.byteOffset, nread)
        if (left === -1) {
          // Headers are ASCII and small; they are the only part of an answer read as text.
          const end = chunk.indexOf('\r\n\r\n')
          head += chunk.toString('latin1', 0, end === -1 ? chunk.length : end + 4)
          if (end === -1) return true
          chunk = chunk.subarray(end + 4)
          status = Number(head.slice(9, 12))
          const length = /\r\ncontent-length: *(\d+)/i.exec(head)
          if (!length) {
            pending.reject(new Error(`an answer without content-length: ${head}`))
            return true
          }
          left = Number(length[1])
          if (left === 0) finish()
        }
        if (chunk.length > 0 && left > 0) body(chunk)
        return true
      },
    },
  })
  socket.setNoDelay(true)
  await once(socket, 'connect')
  socket.on('error', (error) => pending?.reject(error))
  return {
    request(method, path, headers, text, keepBody = false) {
      return new Promise((resolve, reject) => {
        pending = { resolve, reject, keep: keepBody }
        const lines = Object.entries({ ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) })
          .map(([name, value]) => `${name}: ${value}\r\n`).join('')
        socket.write(`${method} ${path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\n${lines}\r\n${text}`)
      })
    },
    close: () => socket.destroy(),
  }
}
