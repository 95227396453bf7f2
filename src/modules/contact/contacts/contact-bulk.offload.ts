import { Worker } from 'node:worker_threads'
import { setFlagsFromString } from 'node:v8'
import type { FastifyBaseLogger } from 'fastify'
import type { BulkBodyReading, BulkBodyTask } from './contact-bulk.body.ts'

/**
 * Bodies longer than this (characters; ~200 contacts of a typical size) are read by the worker;
 * smaller ones stay on the event loop, which spares them the round trip. It must stay at or
 * above the sandbox journal's JOURNAL_BODY_LIMIT (bytes, ≥ characters): the journal copies the
 * bodies it keeps as the route saw them, and a body read by the worker reaches the route with
 * placeholder items (contact-bulk.offload.test.ts).
 */
export const WORKER_BODY_CHARS = 64 * 1024

/**
 * The worker's young generation, in MB per semi-space. Its tasks come one at a time and what a
 * task builds is garbage once the answer is posted, so a small one costs little; at the 8 MB of
 * the event loop (`npm start`) the worker's heap alone held ~16 MB of it through a bulk load.
 */
const WORKER_SEMI_SPACE_MB = 1

type Answer = { id: number; reading: BulkBodyReading } | { id: number; failed: string }

/**
 * The one worker thread that reads large Bulk Create bodies (contact-bulk.body.ts), started at
 * the first such body and stopped with the app. Tasks queue in the worker's port and run in
 * order. When the worker cannot serve, `read` answers null and the caller reads the body on the
 * event loop, as it would without a worker: the bodies it held when it died (a hostile body
 * beyond its heap, say), and every body if it never came online (its module failed to load). A
 * worker that had been serving is started again at the next body.
 */
export class BulkBodyWorker {
  #worker: Worker | null = null
  #broken = false
  #next = 0
  readonly #pending = new Map<number, (reading: BulkBodyReading | null) => void>()
  readonly #log: FastifyBaseLogger

  constructor(log: FastifyBaseLogger) {
    this.#log = log
  }

  read(task: BulkBodyTask): Promise<BulkBodyReading | null> {
    if (this.#broken) return Promise.resolve(null)
    const worker = this.#worker ?? this.#start()
    const id = this.#next++
    return new Promise((resolve) => {
      this.#pending.set(id, resolve)
      worker.postMessage({ id, task })
    })
  }

  async close(): Promise<void> {
    this.#broken = true
    const worker = this.#worker
    this.#worker = null
    this.#settleAll()
    if (worker) await worker.terminate()
  }

  #start(): Worker {
    const worker = withSemiSpace(WORKER_SEMI_SPACE_MB, () => new Worker(...workerEntry()))
    // The server's connections keep the process alive, not this thread.
    worker.unref()
    worker.on('message', (answer: Answer) => {
      const resolve = this.#pending.get(answer.id)
      this.#pending.delete(answer.id)
      if ('failed' in answer) this.#log.warn({ failed: answer.failed }, 'bulk body worker could not read a body; reading it on the event loop')
      resolve?.('reading' in answer ? answer.reading : null)
    })
    let online = false
    worker.once('online', () => { online = true })
    const fail = (err: unknown) => {
      if (this.#broken || this.#worker !== worker) return
      this.#log.error({ err }, online ? 'bulk body worker stopped; a new one starts at the next large body' : 'bulk body worker did not start; large bodies are read on the event loop')
      this.#broken = !online
      this.#worker = null
      this.#settleAll()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)))
    this.#worker = worker
    return worker
  }

  #settleAll(): void {
    for (const resolve of this.#pending.values()) resolve(null)
    this.#pending.clear()
  }
}

/**
 * From the bundle (dist/main.js, dist/testing.js) the worker is dist/contact-bulk-worker.js,
 * which scripts/build.mjs writes beside them; from source (vitest, tsx) it is the .ts file beside
 * this one, loaded through tsx.
 */
function workerEntry(): [URL | string, { eval?: boolean }] {
  if (!import.meta.url.endsWith('.ts')) return [new URL('./contact-bulk-worker.js', import.meta.url), {}]
  // `--import tsx` in the worker's execArgv does not reach its entry module on Node 20: the entry
  // is loaded through tsx's API from a small script instead.
  const entry = JSON.stringify(new URL('./contact-bulk.worker.ts', import.meta.url).href)
  return [`import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}) })`, { eval: true }]
}

/**
 * Creates a worker whose heap has semi-spaces of `mb`. A Worker's resourceLimits cannot say it:
 * V8 lets the --max-semi-space-size flag (`npm start` passes one for the event loop) win over
 * them. V8 reads the flag when it sets up an isolate's heap, which a worker does on its own
 * thread before it runs any JavaScript: the flag is set for that moment and put back once the
 * worker is online. The event loop's heap was set up at start and does not read it again.
 */
function withSemiSpace(mb: number, create: () => Worker): Worker {
  const flag = '--max-semi-space-size='
  const own = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].filter((arg) => arg.startsWith(flag)).pop()
  setFlagsFromString(`${flag}${mb}`)
  let worker: Worker
  try {
    worker = create()
  } catch (err) {
    setFlagsFromString(own ?? `${flag}0`)
    throw err
  }
  const restore = () => setFlagsFromString(own ?? `${flag}0`)
  worker.once('online', restore)
  worker.once('error', restore)
  return worker
}
