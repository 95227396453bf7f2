import { createHmac, randomBytes, scrypt, timingSafeEqual, type BinaryLike } from 'node:crypto'

/**
 * Passwords and access tokens are kept only as salted scrypt hashes and compared in constant
 * time. Format: scrypt$N$r$p$salt$hash (base64url), so the cost can rise later without a migration.
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

function scryptAsync(secret: BinaryLike, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r }, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scryptAsync(secret, salt, N, R, P)
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string]
  const expected = Buffer.from(hash, 'base64url')
  const actual = await scryptAsync(secret, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p))
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/**
 * scrypt is deliberately slow (~40 ms); repeat logins would pay it every time. A successful
 * verification is remembered as an HMAC under a key that lives only in this process, bound to
 * the stored hash, so a password change or a wrong secret never hits the memo.
 */
export class VerifiedSecrets {
  private readonly key = randomBytes(32)
  private readonly memo = new Map<string, Buffer>()

  constructor(private readonly capacity = 10_000) {}

  private mac(secret: string): Buffer {
    return createHmac('sha256', this.key).update(secret).digest()
  }

  async verify(secret: string, stored: string): Promise<boolean> {
    const remembered = this.memo.get(stored)
    const mac = this.mac(secret)
    if (remembered && timingSafeEqual(remembered, mac)) return true
    const ok = await verifySecret(secret, stored)
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
    const b = bytes[i]!
    if (b < 248) out += alphabet[b % 62]
  }
  return out.length === length ? out : randomAlphanumeric(length)
}
