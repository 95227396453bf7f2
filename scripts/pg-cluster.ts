/**
 * A throwaway PostgreSQL 15 cluster in a temporary directory, for `npm run test:pg`, the
 * vitest global setup and `npm run bench`. No Docker: the Debian binaries are used directly
 * (installed with apt-get when missing), and since PostgreSQL refuses to run as root (CI is
 * root) the server runs as the `postgres` OS user in a directory that user owns.
 *
 *   node --import tsx scripts/pg-cluster.ts run -- <command...>
 *
 * starts a cluster, runs the command with PG_TEST_URL set to the cluster's superuser URL, and
 * stops and removes the cluster when the command ends, fails or is interrupted.
 */
import { execFileSync, spawn } from 'node:child_process'
import { appendFileSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { constants, tmpdir } from 'node:os'
import { join } from 'node:path'

export const PG_BIN_DIR = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin'

export interface PgCluster {
  /** Superuser URL of the `postgres` database, e.g. postgres://postgres@127.0.0.1:41234/postgres */
  url: string
  port: number
  /**
   * Stops the server and deletes its files; safe to call more than once, and from an 'exit'
   * handler. A closure, not a method: callers pass it to process.on/off as it is.
   */
  stop: () => void
}

export interface PgClusterOptions {
  /**
   * Tests trade durability for speed (fsync, full-page writes and synchronous commit off; a
   * crashed test cluster is thrown away anyway). Benchmarks keep PostgreSQL's durable defaults
   * so their figures mean what they would in production.
   */
  durable?: boolean
  /** Extra postgresql.conf lines. */
  settings?: Record<string, string | number>
}

const isRoot = process.getuid?.() === 0

/** Runs a PostgreSQL binary as the `postgres` OS user when we are root. */
function pgCommand(binary: string, args: string[]): [string, string[]] {
  const path = join(PG_BIN_DIR, binary)
  return isRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args]
}

function runPg(binary: string, args: string[]): void {
  const [command, argv] = pgCommand(binary, args)
  execFileSync(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] })
}

/** Installs Debian's `postgresql` package (PostgreSQL 15 on bookworm) when the binaries are missing. */
export function ensurePostgresInstalled(): void {
  if (existsSync(join(PG_BIN_DIR, 'initdb'))) return
  const sudo = isRoot ? [] : ['sudo', '-n']
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  process.stderr.write(`pg-cluster: ${PG_BIN_DIR}/initdb not found, installing postgresql with apt-get\n`)
  const apt = (...args: string[]) => {
    const [command, ...rest] = [...sudo, 'apt-get', ...args]
    execFileSync(command!, rest, { stdio: ['ignore', 'inherit', 'inherit'], env })
  }
  apt('update', '-qq')
  apt('install', '-y', '-qq', '--no-install-recommends', 'postgresql')
  if (!existsSync(join(PG_BIN_DIR, 'initdb'))) {
    throw new Error(`pg-cluster: postgresql installed but ${PG_BIN_DIR}/initdb is still missing (set PG_BIN_DIR)`)
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
  try {
    return { uid: id('-u'), gid: id('-g') }
  } catch {
    throw new Error('pg-cluster: running as root needs the `postgres` OS user (created by the postgresql package)')
  }
}

/** The locale production clusters on Debian get; without it initdb would pick C / SQL_ASCII. */
function clusterLocale(): string {
  try {
    const locales = execFileSync('locale', ['-a'], { encoding: 'utf8' }).split('\n').map((l) => l.trim().toLowerCase())
    if (locales.includes('c.utf8') || locales.includes('c.utf-8')) return 'C.UTF-8'
  } catch { /* no `locale` binary: fall through */ }
  return 'C'
}

export async function startPgCluster(options: PgClusterOptions = {}): Promise<PgCluster> {
  ensurePostgresInstalled()
  // The postgres user must be able to reach the directory, so under root use /tmp (1777).
  const base = mkdtempSync(join(isRoot ? '/tmp' : tmpdir(), 'lvapi-pg-'))
  let stopped = false
  let running = false
  const dataDir = join(base, 'data')
  const stop = () => {
    if (stopped) return
    stopped = true
    if (running) {
      try { runPg('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']) } catch { /* already gone */ }
    }
    rmSync(base, { recursive: true, force: true })
  }
  try {
    if (isRoot) {
      const { uid, gid } = postgresIds()
      chownSync(base, uid, gid)
    }
    runPg('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', `--locale=${clusterLocale()}`, '--no-sync'])
    const settings: Record<string, string | number> = {
      listen_addresses: `'127.0.0.1'`,
      unix_socket_directories: `'${base}'`,
      // Each test file opens its own pool, and the multi-instance tests run two servers.
      max_connections: 300,
      ...(options.durable ? {} : { fsync: 'off', full_page_writes: 'off', synchronous_commit: 'off' }),
      ...options.settings,
    }
    const conf = Object.entries(settings).map(([k, v]) => `${k} = ${v}`).join('\n')
    for (let attempt = 1; ; attempt++) {
      // Another process may take the port between the probe and the start: try a few.
      const port = await freePort()
      appendFileSync(join(dataDir, 'postgresql.conf'), `\n${conf}\nport = ${port}\n`)
      try {
        runPg('pg_ctl', ['-D', dataDir, '-l', join(base, 'server.log'), '-w', '-t', '60', 'start'])
        running = true
        return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, stop }
      } catch (err) {
        if (attempt >= 3) throw err
      }
    }
  } catch (err) {
    const log = join(base, 'server.log')
    const detail = existsSync(log) ? execFileSync('tail', ['-n', '20', log], { encoding: 'utf8' }) : ''
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? ''
    stop()
    throw new Error(`pg-cluster: could not start PostgreSQL: ${(err as Error).message}\n${stderr}${detail}`)
  }
}

/** `run -- <command...>`: the command runs with PG_TEST_URL; the cluster is removed however it ends. */
async function main(argv: string[]): Promise<number> {
  const separator = argv.indexOf('--')
  if (argv[0] !== 'run' || separator < 0 || separator === argv.length - 1) {
    process.stderr.write('usage: node --import tsx scripts/pg-cluster.ts run -- <command...>\n')
    return 2
  }
  const [command, ...args] = argv.slice(separator + 1)
  const cluster = await startPgCluster()
  process.on('exit', cluster.stop)
  process.stderr.write(`pg-cluster: PostgreSQL 15 on port ${cluster.port}\n`)
  const child = spawn(command!, args, { stdio: 'inherit', env: { ...process.env, PG_TEST_URL: cluster.url } })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => child.kill(signal))
  }
  return new Promise((resolve) => {
    child.on('error', (err) => {
      process.stderr.write(`pg-cluster: ${err.message}\n`)
      resolve(127)
    })
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)))
  })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  })
}
