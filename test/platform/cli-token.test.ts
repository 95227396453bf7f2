import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { createDb } from '../../src/db/database.ts'
import { ManualClock } from '../../src/lib/clock.ts'
import { lvapi as runCli } from '../cli.ts'

/** `lvapi token …` as an operator runs it (test/cli.ts) on a temporary SQLite file. */
let dir: string
let databaseUrl: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lvapi-cli-token-'))
  databaseUrl = `sqlite:${join(dir, 'lvapi.db')}`
})
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

const lvapi = (args: string[]) => runCli(args, { DATABASE_URL: databaseUrl, LV_DEMO_DATA: '0' })

async function ok(args: string[]): Promise<any> {
  const res = await lvapi(args)
  expect(res, args.join(' ')).toMatchObject({ code: 0, stderr: '' })
  expect(res.stdout.trim().split('\n')).toHaveLength(1)
  return JSON.parse(res.stdout)
}

async function loginStatus(clientCode: string, token: string): Promise<number> {
  const dbHandle = createDb(databaseUrl)
  const app = await buildApp({ config: loadConfig({}, { LV_DEMO_DATA: '0' }), dbHandle, clock: new ManualClock(Date.now()), logger: false })
  try {
    const res = await app.inject({
      method: 'POST', url: '/session/login', headers: { 'lv-access': token }, payload: { clientName: clientCode, userName: 'root', password: 'Secret123' },
    })
    return res.statusCode
  } finally {
    await app.close()
  }
}

const VENDOR_TOKEN = '47bfb7cd-0a0c-469d-9ae2-e2f86e8104d3'

describe('lvapi token', { timeout: 180_000 }, () => {
  it('token add --token accepts a vendor-format UUID that then logs in (issue 11 item 1)', async () => {
    await ok(['client', 'add', '--code', 'UUIDCO', '--name', 'Uuid Co'])
    await ok(['user', 'add', '--client', 'UUIDCO', '--user', 'root', '--password', 'Secret123', '--role', 'sysadmin'])
    expect(await ok(['token', 'add', '--client', 'UUIDCO', '--token', VENDOR_TOKEN])).toEqual({ token: VENDOR_TOKEN })
    expect(await loginStatus('UUIDCO', VENDOR_TOKEN)).toBe(200)
  })
})
