import { once } from 'node:events'
import { createServer, request as httpRequest, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { batchResponseWrites } from '../../src/http/write-batching.ts'
import { buildTestApp, type TestApp } from '../app.ts'

/**
 * Answers finished in one event-loop turn are written at the turn's end (src/http/write-batching.ts):
 * each connection is corked while its request is handled and uncorked once, whatever the number
 * of requests, so nothing is held back past the turn.
 */
async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return (server.address() as AddressInfo).port
}

/** Writes raw bytes on a fresh connection and collects what comes back until the server closes it or `until` says so. */
async function exchange(port: number, bytes: string, until: (text: string) => boolean): Promise<string> {
  const socket: Socket = connect(port, '127.0.0.1')
  let text = ''
  socket.setEncoding('utf8')
  socket.write(bytes)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`no complete answer: ${JSON.stringify(text)}`)) }, 5000)
    socket.on('data', (chunk: string) => {
      text += chunk
      if (until(text)) { clearTimeout(timer); socket.destroy(); resolve(text) }
    })
    socket.on('error', reject)
  })
}

/** A chunked body's data (RFC 9112 §7.1), up to its last chunk. */
function dechunk(body: string): string {
  let data = ''
  for (let at = 0; ;) {
    const line = body.indexOf('\r\n', at)
    const size = parseInt(body.slice(at, line), 16)
    if (size === 0) return data
    data += body.slice(line + 2, line + 2 + size)
    at = line + 2 + size + 2
  }
}

const answers = (text: string) => text.match(/HTTP\/1\.1 200 OK/g)?.length ?? 0

describe('batchResponseWrites on a bare node:http server', () => {
  let server: Server
  afterEach(async () => { server.close(); await once(server, 'close') })

  it('holds a synchronous answer in the socket until the turn ends, then sends it', async () => {
    const corkedDuringHandler: number[] = []
    server = createServer((req, res) => {
      corkedDuringHandler.push(req.socket.writableCorked)
      res.end('hello')
    })
    batchResponseWrites(server, { holdLateAnswers: true })
    const port = await listen(server)
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      httpRequest({ port, host: '127.0.0.1', path: '/' }, (r) => {
        let body = ''
        r.setEncoding('utf8').on('data', (c) => { body += c }).on('end', () => resolve({ status: r.statusCode ?? 0, body }))
      }).on('error', reject).end()
    })
    expect(res).toEqual({ status: 200, body: 'hello' })
    expect(corkedDuringHandler).toEqual([1])
  })

  it('keeps an answer ended by its handler in the socket until the turn ends (end() alone would write it at once)', async () => {
    const buffered: Array<{ atEnd: number; afterTurn: number }> = []
    server = createServer((req, res) => {
      res.end('hello')
      const atEnd = req.socket.writableLength
      setImmediate(() => buffered.push({ atEnd, afterTurn: req.socket.writableLength }))
    })
    batchResponseWrites(server, { holdLateAnswers: true })
    const port = await listen(server)
    const text = await exchange(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', (t) => t.endsWith('hello'))
    expect(answers(text)).toBe(1)
    expect(buffered).toHaveLength(1)
    expect(buffered[0].atEnd).toBeGreaterThan(0)
    expect(buffered[0].afterTurn).toBe(0)
  })

  it.each([true, false])('with holdLateAnswers %s, holds an answer ended in a later turn (a database reply) until that turn ends, or writes it at once', async (holdLateAnswers) => {
    const buffered: Array<{ atEnd: number; afterTurn: number }> = []
    server = createServer((req, res) => {
      setTimeout(() => {
        res.end('late')
        const atEnd = req.socket.writableLength
        setImmediate(() => buffered.push({ atEnd, afterTurn: req.socket.writableLength }))
      }, 2)
    })
    batchResponseWrites(server, { holdLateAnswers })
    const port = await listen(server)
    const text = await exchange(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', (t) => t.endsWith('late'))
    expect(answers(text)).toBe(1)
    // Written at once, the answer can reach the client before the server's next turn.
    await vi.waitFor(() => expect(buffered).toHaveLength(1))
    expect(buffered).toEqual([{ atEnd: expect.any(Number), afterTurn: 0 }])
    if (holdLateAnswers) expect(buffered[0].atEnd).toBeGreaterThan(0)
    else expect(buffered[0].atEnd).toBe(0)
  })

  it.each([true, false])('with holdLateAnswers %s, sends a streamed answer whole: chunks written in the turn, then more and the end in later turns', async (holdLateAnswers) => {
    server = createServer((_req, res) => {
      res.write('one,')
      res.write('two,')
      setTimeout(() => { res.write('three,'); setTimeout(() => res.end('four'), 5) }, 5)
    })
    batchResponseWrites(server, { holdLateAnswers })
    const port = await listen(server)
    const text = await exchange(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /again HTTP/1.1\r\nHost: x\r\n\r\n', (t) => answers(t) === 2 && t.endsWith('0\r\n\r\n'))
    expect(text.split('HTTP/1.1 200 OK').slice(1).map((answer) => dechunk(answer.slice(answer.indexOf('\r\n\r\n') + 4)))).toEqual(['one,two,three,four', 'one,two,three,four'])
  })

  it('uncorks a connection once per request: pipelined requests in one turn all get their answers', async () => {
    server = createServer((req, res) => res.end(req.url))
    batchResponseWrites(server, { holdLateAnswers: true })
    const port = await listen(server)
    const three = ['/a', '/b', '/c'].map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`).join('')
    const text = await exchange(port, three, (t) => answers(t) === 3 && t.endsWith('/c'))
    expect(answers(text)).toBe(3)
  })
})

describe('the app batches its answers', () => {
  let t: TestApp
  afterEach(async () => { await t.close() })

  it('answers pipelined API requests on one keep-alive connection, in order', async () => {
    t = await buildTestApp()
    const port = await t.app.listen({ port: 0, host: '127.0.0.1' }).then(() => (t.app.server.address() as AddressInfo).port)
    const requests = ['/health', '/configuration/agents/1', '/health'].map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`).join('')
    const text = await exchange(port, requests, (s) => (s.match(/HTTP\/1\.1 \d+/g)?.length ?? 0) === 3 && s.endsWith('}'))
    expect(text.match(/HTTP\/1\.1 \d+/g)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 401', 'HTTP/1.1 200'])
  })
})
