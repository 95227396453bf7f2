import { once } from 'node:events'
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
