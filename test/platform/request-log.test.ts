import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { createDb } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { logTransport, PRETTY_OPTIONS } from '../../src/http/request-log.ts'

/**
 * The server's log (issue 14): one line per request, JSON for a collector, pino-pretty for a
 * terminal (server.ts picks by process.stdout.isTTY). The app logs through the transport it is
 * given into a file here, as pino's transport thread writes it.
 */
let dir: string
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'lvapi-log-')) })
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

/** Runs three requests through an app logging with `transport`; returns the log's lines once all three are there. */
async function logOf(transport: object, file: string): Promise<string[]> {
  const dbHandle = createDb('sqlite::memory:')
  await migrateToLatest(dbHandle.db)
  const app = await buildApp({ config: loadConfig({}, { LV_DEMO_DATA: '0', LV_LOG_LEVEL: 'info' }), dbHandle, logTransport: transport })
  try {
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200)
    expect((await app.inject({ method: 'GET', url: '/nowhere' })).statusCode).toBe(404)
    expect((await app.inject({ method: 'GET', url: '/session/validate/s3cr3t-session?x=1' })).statusCode).toBe(404)
  } finally {
    await app.close()
  }
  // The transport thread writes on its own schedule: wait for the lines, not for a time.
  for (let i = 0; i < 200; i++) {
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('request completed')) : []
    if (lines.length >= 3) return lines
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`the log never had three request lines: ${existsSync(file) ? readFileSync(file, 'utf8') : '(no file)'}`)
}

describe('request log', () => {
  it('writes one JSON line per request: method, masked url, status and time', async () => {
    const file = join(dir, 'json.log')
    const lines = await logOf({ target: 'pino/file', options: { destination: file } }, file)
    const entries = lines.map((l) => JSON.parse(l))
    expect(entries.map((e) => [e.req.method, e.req.url, e.res.statusCode])).toEqual([
      ['GET', '/health', 200], ['GET', '/nowhere', 404], ['GET', '/session/validate/***?x=1', 404],
    ])
    for (const e of entries) expect(e).toMatchObject({ level: 30, msg: 'request completed', reqId: expect.any(String), responseTime: expect.any(Number) })
    const all = readFileSync(file, 'utf8')
    expect(all).not.toContain('incoming request')
    expect(all).not.toContain('s3cr3t-session')
  })

  it('writes one readable line per request through pino-pretty when stdout is a terminal', async () => {
    expect(logTransport(false)).toBeUndefined()
    expect(logTransport(true)).toEqual({ target: 'pino-pretty', options: PRETTY_OPTIONS })
    const file = join(dir, 'pretty.log')
    const lines = await logOf({ target: 'pino-pretty', options: { ...PRETTY_OPTIONS, colorize: false, destination: file } }, file)
    expect(lines).toEqual([
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: GET \/health 200 [\d.]+ms request completed \{"reqId":"[^"]+"\}$/),
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: GET \/nowhere 404 [\d.]+ms request completed \{"reqId":"[^"]+"\}$/),
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: GET \/session\/validate\/\*\*\*\?x=1 404 [\d.]+ms request completed \{"reqId":"[^"]+"\}$/),
    ])
  })
})
