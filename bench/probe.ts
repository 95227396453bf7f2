import { once } from 'node:events'
import { request, type Agent, type IncomingMessage } from 'node:http'

/**
 * What the abuse benches (heavy-search, wrong-tokens, large-bodies) share: one request on a
 * keep-alive node:http agent read to its end, and another session's Read Agent timed back to
 * back while the abuse runs.
 */
export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN

export async function send(agent: Agent, url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
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
