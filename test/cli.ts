import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect } from 'vitest'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { createDb } from '../src/db/database.ts'
import { ManualClock } from '../src/lib/clock.ts'

/**
 * The CLI as an operator runs it (`npm run --silent lvapi -- …`): the bundle dist/cli.js, built
 * once for the whole run by test/build-global-setup.ts.
 */
const run = promisify(execFile)
export const root = new URL('../', import.meta.url).pathname
export const CLI = ['dist/cli.js']

export interface CliResult { code: number; stdout: string; stderr: string }

export async function lvapi(args: string[], env: Record<string, string>): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...CLI, ...args], {
      cwd: root, env: { ...process.env, ...env }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024,
    })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const failure = e as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof failure.code === 'number' ? failure.code : -1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' }
  }
}

/**
 * `lvapi serve` as a child process: its output so far, how it exited (code and signal both: a
 * process ended by a signal it did not handle has a null code), and `ready`, the base URL once
 * Fastify has logged its address (stdout) and `started(stderr)` holds. Fastify logs the address
 * before listen() resolves and the start-up lines reach stderr, so a test waits for both.
 */
export function serveCli(env: Record<string, string>, started: (stderr: string) => boolean, what: string) {
  const child = spawn(process.execPath, [...CLI, 'serve'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const output = { stdout: '', stderr: '' }
  child.stdout.on('data', (d) => { output.stdout += String(d) })
  child.stderr.on('data', (d) => { output.stderr += String(d) })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address and ${what} within 90s: ${output.stdout}\n${output.stderr}`)), 90_000)
    const look = () => {
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output.stdout)
      if (m && started(output.stderr)) { clearTimeout(timer); resolve(m[1]) }
    }
    child.stdout.on('data', look)
    child.stderr.on('data', look)
  })
  return { child, output, exited, ready }
}

/**
 * One test file's CLI on a temporary SQLite file of its own (created before, removed after the
 * file's tests), with the checks every CLI suite makes: `ok` (exit 0, one JSON line on stdout,
 * nothing on stderr) and `fails` (non-zero exit, nothing on stdout, exactly one line on stderr:
 * `lvapi: <message>` when given a string, matching when given a RegExp). `withApp` opens an app on
 * the same file, so "provisioned" is checked as "usable" through the API.
 */
export function cliOnTempDatabase(name: string) {
  let dir = ''
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), `lvapi-${name}-`)) })
  afterAll(() => { rmSync(dir, { recursive: true, force: true }) })
  const path = (file: string) => join(dir, file)
  const databaseUrl = () => `sqlite:${path('lvapi.db')}`
  const run = (args: string[], env: Record<string, string> = {}) => lvapi(args, { DATABASE_URL: databaseUrl(), LV_DEMO_DATA: '0', ...env })

  async function ok(args: string[]): Promise<any> {
    const res = await run(args)
    expect(res, args.join(' ')).toMatchObject({ code: 0, stderr: '' })
    expect(res.stdout.endsWith('\n') && res.stdout.trim().split('\n'), args.join(' ')).toHaveLength(1)
    return JSON.parse(res.stdout)
  }

  async function fails(args: string[], message: string | RegExp, env: Record<string, string> = {}): Promise<void> {
    const res = await run(args, env)
    const where = args.join(' ')
    expect(res.code, where).not.toBe(0)
    expect(res.stdout, where).toBe('')
    expect(res.stderr.endsWith('\n'), where).toBe(true)
    expect(res.stderr.trimEnd().split('\n'), where).toHaveLength(1)
    if (typeof message === 'string') expect(res.stderr, where).toBe(`lvapi: ${message}\n`)
    else expect(res.stderr, where).toMatch(message)
  }

  async function withApp<T>(fn: (app: FastifyInstance) => Promise<T>): Promise<T> {
    const app = await buildApp({ config: loadConfig({}, { LV_DEMO_DATA: '0' }), dbHandle: createDb(databaseUrl()), clock: new ManualClock(Date.now()), logger: false })
    try {
      return await fn(app)
    } finally {
      await app.close()
    }
  }

  return { path, databaseUrl, lvapi: run, ok, fails, withApp }
}
