import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'
import { timingSafeEqual } from 'node:crypto'
import type { Config } from '../config.ts'
import { ApiError, Errors } from '../http/errors.ts'
import type { Clock } from '../lib/clock.ts'
import { SandboxClock } from './clock/sandbox-clock.ts'

export type SandboxConfig = Pick<Config, 'HOST' | 'LV_SANDBOX' | 'LV_SANDBOX_KEY' | 'LV_JOURNAL_SIZE'>

/** Header every control call carries when LV_SANDBOX_KEY is set. */
export const SANDBOX_KEY_HEADER = 'lv-sandbox-key'

/** Every control route lives under this prefix, which no vendor path uses. */
export const SANDBOX_PREFIX = '/_lvapi'

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1|::ffff:127(?:\.\d{1,3}){3}|\[::1\])$/i

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host.trim())
}

/**
 * The access rule (docs/sandbox.md): on by default when the server listens on loopback only, where
 * nobody else can reach it; on any other address only with a key, which every control call must
 * then present. LV_SANDBOX=off turns it off everywhere (a loopback server behind a reverse proxy
 * is reachable from outside).
 */
export function sandboxEnabled(config: SandboxConfig): boolean {
  if (config.LV_SANDBOX === 'off') return false
  return config.LV_SANDBOX_KEY !== undefined || isLoopback(config.HOST)
}

/** The app's clock: controllable through /_lvapi/clock in sandbox mode, the given one otherwise. */
export function appClock(config: SandboxConfig, base: Clock): Clock {
  return sandboxEnabled(config) ? new SandboxClock(base) : base
}

function keyGuard(key: string) {
  const expected = Buffer.from(key)
  return async (request: FastifyRequest) => {
    const given = request.headers[SANDBOX_KEY_HEADER]
    const presented = Buffer.from(typeof given === 'string' ? given : '')
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      throw new ApiError(Errors.InvalidAccessToken, `Unauthorized [missing or invalid LV-Sandbox-Key header]`)
    }
  }
}

/**
 * The sandbox control plane. Registered in the API scope (app.ts) so the request hooks below see
 * every vendor route, while the control routes live in their own child scope under /_lvapi. When
 * the sandbox is off nothing is registered: the whole namespace is an unknown route (404).
 */
async function sandbox(app: FastifyInstance, opts: { config: SandboxConfig }): Promise<void> {
  if (!sandboxEnabled(opts.config)) return
  await app.register(async (control) => {
    if (opts.config.LV_SANDBOX_KEY !== undefined) control.addHook('onRequest', keyGuard(opts.config.LV_SANDBOX_KEY))
  }, { prefix: SANDBOX_PREFIX })
}

/** Hooks of this plugin apply to the scope it is registered in (what fastify-plugin does). */
export const sandboxPlugin: FastifyPluginAsync<{ config: SandboxConfig }> = Object.assign(sandbox, {
  [Symbol.for('skip-override')]: true,
})
