import { spawn } from 'node:child_process'
import { once } from 'node:events'

/**
 * How the server is run (package.json `start`, the Dockerfile's CMD and ENV, and `lvapi serve`
 * through runServerProcess; a test keeps the three the same):
 * - --max-semi-space-size=8: V8's young generation stays small, so the RSS of a server answering
 *   bulk bodies stays bounded (bench/storage-results.md, bench/realistic-results.md); 8 rather than
 *   4 MB (until session 9): under 50 connections on PostgreSQL the requests in flight then die
 *   young instead of being promoted (List Agents and Login ~8-10% faster; SQLite unchanged).
 * - --heap-growing-percent=50: the old generation may grow to 1.5 times what survived the last
 *   mark-compact before the next one, instead of V8's own factor, which a bulk load drives to its
 *   maximum of 4: Bulk Create's promoted request data then held ~140 MB of heap for ~33 MB live,
 *   which is what put the server's peak RSS over 200 MB (bench/realistic-results.md, Peak RSS).
 *   50 pays for the larger young generation on SQLite (Bulk Create peak 183-185 MB, was 191-194
 *   at 4 MB and 100%; 60% let the bench's peak reach 203 MB) for ~2% of its CPU; a PostgreSQL
 *   server raises it to 100 at start (server.ts serve says why).
 * - --no-allocation-site-pretenuring: V8 otherwise decides, per allocation site, to allocate straight
 *   into the old generation once the site's objects were seen to survive (a burst of requests in
 *   flight, start-up, a bootstrap). Request objects then die in the old generation, and until the
 *   next mark-compact they keep the young objects they point to alive: on PostgreSQL under 50
 *   connections each scavenge promoted ~500-900 KB, 5-7x the garbage collection time per request,
 *   and the decision stuck for the life of the process. Without it: List Agents on PostgreSQL
 *   ~25% less server CPU per request; SQLite, Bulk Create, downloads and peak RSS unchanged
 *   (bench/realistic-results.md, session 7).
 * - --expose-gc: the server hands its heap back when idle after it grew (lib/idle-memory.ts), sooner
 *   than V8's own memory reducer; nothing else calls gc().
 * - MALLOC_MMAP_THRESHOLD_: every block of 128 KiB or more (scrypt's 16 MB, large buffers) gets its
 *   own mapping, returned to the system when freed, instead of staying in glibc's per-thread arenas
 *   (bench/realistic-results.md). glibc reads it once, at process start.
 * - MALLOC_TRIM_THRESHOLD_: setting the mmap threshold also fixes glibc's trim threshold at its
 *   128 KiB default (no longer adjusted), and the ~64 KiB socket read buffers and other transient
 *   blocks of each request then pushed the heap top past it: every request shrank the heap with
 *   brk and grew it back, ~10 page faults per request, +60% CPU per Read Agent (bench/realistic-
 *   results.md, session 6). 1 MiB of free heap top is kept instead.
 */
export const SERVER_NODE_ARGS = ['--enable-source-maps', '--max-semi-space-size=8', '--heap-growing-percent=50', '--no-allocation-site-pretenuring', '--expose-gc'] as const
export const SERVER_ENV = { MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '1048576' } as const

const SIGNAL_EXIT_BASE = 128

/**
 * Runs `script` (the server's bundle) in a node process with the server's flags and environment,
 * which a running process cannot give itself (V8 sizes its heap and glibc its allocator at start),
 * and resolves with that process's exit code. SIGTERM and SIGINT sent to this process are passed
 * on, so the server drains as it does under `npm start`; except SIGINT from a terminal: Ctrl-C
 * already reaches the server (same process group), and a second SIGINT would stop it undrained.
 */
export async function runServerProcess(script: string, args: readonly string[] = []): Promise<number> {
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, script, ...args], { env: { ...process.env, ...SERVER_ENV }, stdio: 'inherit' })
  const forward = (signal: NodeJS.Signals) => () => { child.kill(signal) }
  const handlers = { SIGTERM: forward('SIGTERM'), SIGINT: process.stdin.isTTY ? () => {} : forward('SIGINT') }
  for (const [signal, handler] of Object.entries(handlers)) process.on(signal, handler)
  try {
    const [code, signal] = await once(child, 'exit') as [number | null, NodeJS.Signals | null]
    return code ?? SIGNAL_EXIT_BASE + (signal === 'SIGKILL' ? 9 : signal === 'SIGINT' ? 2 : 15)
  } finally {
    for (const [signal, handler] of Object.entries(handlers)) process.off(signal, handler)
  }
}
