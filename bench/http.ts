import autocannon from 'autocannon'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Measured {
  requestsPerSecond: number
  p50: number
  p99: number
  errors: number
  non2xx: number
}

export async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  server.close()
  await once(server, 'close')
  return port
}

/**
 * The command after the build step of a package.json script that ends in a node command: its
 * leading NAME=value environment assignments, then node's arguments.
 */
function commandOf(script: 'start' | 'lvapi'): { env: Record<string, string>; args: string[] } {
  const text = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts[script]
  const words = text.split('&&').at(-1)!.trim().split(/\s+/)
  const env: Record<string, string> = {}
  for (let m; words.length > 0 && (m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(words[0])); words.shift()) env[m[1]] = m[2]!
  if (words[0] !== 'node') throw new Error(`package.json ${script} does not end with a node command: ${text}`)
  return { env, args: words.slice(1) }
}

/**
 * The node arguments `npm start` runs the server with (package.json `start`, after its build
 * step), so the benchmarks measure the server exactly as users run it, V8 flags included.
 */
export const serverArgs = (): string[] => commandOf('start').args

/** The environment `npm start` sets for the server (glibc's malloc tuning); startProcess adds it to every run of dist/main.js. */
export const serverEnv = (): Record<string, string> => commandOf('start').env

/** Likewise for the CLI: what `npm run lvapi` runs after its build step. */
export const cliArgs = (): string[] => commandOf('lvapi').args

/** Starts a server child process on PORT and waits until `readyPath` answers. */
export async function startProcess(args: string[], env: Record<string, string>, readyPath: string): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const server = args.includes('dist/main.js') ? serverEnv() : {}
  const child = spawn(process.execPath, args, { env: { ...process.env, ...server, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] })
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`)
    try {
      if ((await fetch(url + readyPath)).ok) break
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`${args.join(' ')} did not start`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      await once(child, 'exit')
    },
  }
}

export async function measure(options: {
  url: string
  method?: 'GET' | 'POST' | 'PUT'
  headers?: Record<string, string>
  body?: string
  seconds: number
  connections: number
}): Promise<Measured> {
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body,
    duration: options.seconds,
    connections: options.connections,
  })
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  }
}
