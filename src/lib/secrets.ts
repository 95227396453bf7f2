import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual, type BinaryLike } from 'node:crypto'
import { ApiError, Errors } from '../http/errors.ts'

/**
 * Passwords are kept only as salted scrypt hashes and compared in constant time. Format:
 * scrypt$N$r$p$salt$hash (base64url), so the cost can rise later without a migration. Access
 * tokens are random secrets and are kept as a SHA-256 digest instead (README §2.2, sha256Hex).
 */
const N = 2 ** hashCost(process.env.LV_PASSWORD_HASH_COST)
const R = 8
const P = 1
const KEY_LENGTH = 32

/**
 * log2 of scrypt's N, 14 unless LV_PASSWORD_HASH_COST says otherwise. Each hash records its own
 * cost, so hashes made at one cost verify at any other; test runs set 10 to spend their time on
 * behaviour rather than on thousands of deliberately slow hashes.
 */
function hashCost(value: string | undefined): number {
  if (value === undefined || value === '') return 14
  const cost = Number(value)
  if (!Number.isInteger(cost) || cost < 10 || cost > 20) throw new Error('invalid configuration LV_PASSWORD_HASH_COST: must be an integer from 10 to 20')
  return cost
}

/**
 * Bounded concurrency for scrypt (issue 10 item 5, README §8). Each hash holds a libuv pool thread
 * for tens of milliseconds; unbounded, a flood of logins fills the pool (4 threads by default) and
 * every file, DNS and crypto task of the process waits behind it, so a real password change took
 * seconds. At most `concurrency` hashes run at once and the rest wait in order. Callers on
 * unauthenticated paths (Login, Change Password) also bound the wait: when `maxQueue` hashes are
 * already waiting they get 429 / 205 with Retry-After at once instead of joining the queue.
 */
export class HashGate {
  private running = 0
  private readonly waiting: Array<() => void> = []

  constructor(private concurrency: number) {}

  setConcurrency(concurrency: number): void {
    this.concurrency = Math.max(1, concurrency)
  }

  async run<T>(task: () => Promise<T>, maxQueue = Infinity): Promise<T> {
    if (this.running < this.concurrency) {
      this.running++
    } else {
      if (this.waiting.length >= maxQueue) throw new ApiError(Errors.RateLimited, undefined, { 'retry-after': '1' })
      // The slot is handed over by the task that finishes (below), so `running` stays counted.
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    }
    try {
      return await task()
    } finally {
      const next = this.waiting.shift()
      if (next) next()
      else this.running--
    }
  }
}

/** The process's one gate: the thread pool it protects is per process. buildApp sets LV_HASH_CONCURRENCY. */
export const hashGate = new HashGate(2)

export interface HashOptions {
  /** Refuse with 429 / 205 rather than wait behind this many queued hashes (default: always wait). */
  maxQueue?: number
}

function scryptAsync(secret: BinaryLike, salt: Buffer, n: number, r: number, p: number, options: HashOptions = {}): Promise<Buffer> {
  return hashGate.run(() => new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r }, (err, key) => (err ? reject(err) : resolve(key)))
  }), options.maxQueue)
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scryptAsync(secret, salt, N, R, P)
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifySecret(secret: string, stored: string, options: HashOptions = {}): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string]
  const expected = Buffer.from(hash, 'base64url')
  const actual = await scryptAsync(secret, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p), options)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/** SHA-256 in hex: the stored form of access tokens (README §2.2) and their fingerprints. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/**
 * scrypt is deliberately slow (~40 ms); repeat logins would pay it every time. A successful
 * verification is remembered as an HMAC under a key that lives only in this process, bound to
 * the stored hash, so a password change or a wrong secret never hits the memo.
 */
export class VerifiedSecrets {
  private readonly key = randomBytes(32)
  private readonly memo = new Map<string, Buffer>()
  private dummyHash: Promise<string> | undefined

  /** @param maxQueue queue bound of HashGate for these (unauthenticated) checks; Infinity = wait. */
  constructor(private readonly capacity = 10_000, private readonly maxQueue = Infinity) {}

  /**
   * Costs what a real verification costs and always fails: credential checks for an unknown
   * client or login name run it so that they take as long as a wrong password (issue 10 item 8).
   */
  async verifyDummy(secret: string): Promise<false> {
    this.dummyHash ??= hashSecret(randomBytes(16).toString('base64url'))
    await verifySecret(secret, await this.dummyHash, { maxQueue: this.maxQueue })
    return false
  }

  private mac(secret: string): Buffer {
    return createHmac('sha256', this.key).update(secret).digest()
  }

  /**
   * Whether this secret was verified against this stored hash before, without hashing. A "no"
   * proves nothing (the memo is bounded and per process): callers use it only to skip work for a
   * secret already known to be right, and check anything else with verify.
   */
  remembers(secret: string, stored: string): boolean {
    const remembered = this.memo.get(stored)
    return remembered !== undefined && timingSafeEqual(remembered, this.mac(secret))
  }

  async verify(secret: string, stored: string): Promise<boolean> {
    const remembered = this.memo.get(stored)
    const mac = this.mac(secret)
    if (remembered && timingSafeEqual(remembered, mac)) return true
    const ok = await verifySecret(secret, stored, { maxQueue: this.maxQueue })
    if (ok) {
      if (this.memo.size >= this.capacity) this.memo.delete(this.memo.keys().next().value!)
      this.memo.set(stored, mac)
    }
    return ok
  }
}

/** A random alphanumeric secret (access tokens, generated admin passwords). */
export function randomAlphanumeric(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
  const bytes = randomBytes(length * 2)
  let out = ''
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i]
    if (b < 248) out += alphabet[b % 62]
  }
  return out.length === length ? out : randomAlphanumeric(length)
}
