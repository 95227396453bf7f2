import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

/** Environment contract of DEVELOPERS.md ("the run contract"); defaults are the documented ones. */
export const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  DATABASE_URL: Type.String({ default: 'sqlite:./data/lvapi.db' }),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, default: 10 }),
  /** Time limit of one Find Matching Contact statement (README "Security"). */
  LV_STATEMENT_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 5000 }),
  LV_CLIENT_CODE: Type.String({ default: 'DEMO', minLength: 1 }),
  LV_ADMIN_USER: Type.String({ default: 'admin', minLength: 1 }),
  LV_ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 1 })),
  // README §2.2 token format (access-token.service.ts), so a vendor UUID token is accepted and a bad one refused at start.
  LV_ACCESS_TOKEN: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{8,128}$' })),
  // Unset = the demo tenant on a loopback HOST only; elsewhere it must be asked for (bootstrap.ts demoDataWanted).
  LV_DEMO_DATA: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')])),
  // Issue 10 item 1: 1 MiB is plenty for any non-bulk body of the spec; only the 1,000-item bulk
  // methods (Bulk Create / Bulk Update Contact, Update Multiple Contacts' DND) take more. Their
  // largest valid body, every field at its maximum length, is 37.5 MB compact and 42.7 MB
  // indented (test/platform/body-limits.test.ts computes it from the schema); 48 MiB leaves room.
  LV_BODY_LIMIT: Type.Integer({ minimum: 1024, default: 1024 * 1024 }),
  LV_BULK_BODY_LIMIT: Type.Integer({ minimum: 1024, default: 48 * 1024 * 1024 }),
  LV_LOG_LEVEL: Type.String({ default: 'info' }),
  // Off unless set: X-Forwarded-For is honoured only behind a proxy named here (src/http/client-address.ts).
  LV_TRUST_PROXY: Type.Optional(Type.String()),
  /**
   * README §8 abuse limits on Login and Change Password (failed or in-progress checks per window,
   * per client address and per target principal); `off` for load tests. Lockout applies either way.
   */
  LV_ABUSE_LIMITS: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on' }),
  LV_ABUSE_WINDOW_SECONDS: Type.Integer({ minimum: 1, maximum: 86400, default: 60 }),
  LV_ABUSE_LIMIT_PER_ADDRESS: Type.Integer({ minimum: 1, default: 30 }),
  LV_ABUSE_LIMIT_PER_PRINCIPAL: Type.Integer({ minimum: 1, default: 10 }),
  /** scrypt hashes run at once (src/lib/secrets.ts HashGate) and, with abuse limits on, how many may wait. */
  LV_HASH_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 2 }),
  LV_HASH_QUEUE: Type.Integer({ minimum: 1, default: 32 }),
  /** docs/sandbox.md: `auto` = on when HOST is loopback or LV_SANDBOX_KEY is set; `off` = never. */
  LV_SANDBOX: Type.Union([Type.Literal('auto'), Type.Literal('off')], { default: 'auto' }),
  LV_SANDBOX_KEY: Type.Optional(Type.String({ minLength: 16 })),
  /** Requests the sandbox journal keeps (0 = no journal). */
  LV_JOURNAL_SIZE: Type.Integer({ minimum: 0, maximum: 100000, default: 1000 }),
  /** Demo tenants the sandbox keeps ready for POST /_lvapi/tenants (docs/sandbox.md "Tenant pool"; 0 = none). */
  LV_SANDBOX_POOL: Type.Integer({ minimum: 0, maximum: 64, default: 4 }),
  /** GET /metrics (src/metrics): `auto` = on when HOST is loopback or LV_METRICS_KEY is set (then required as a bearer token); `on` = also elsewhere without a key. */
  LV_METRICS: Type.Union([Type.Literal('auto'), Type.Literal('on'), Type.Literal('off')], { default: 'auto' }),
  LV_METRICS_KEY: Type.Optional(Type.String({ minLength: 16 })),
})

export type Config = Static<typeof ConfigSchema>

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const raw: Record<string, unknown> = {}
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[key]
    if (value !== undefined && value !== '') raw[key] = value
  }
  Object.assign(raw, overrides)
  const withDefaults = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, raw))
  const errors = [...Value.Errors(ConfigSchema, withDefaults)]
  if (errors.length > 0) {
    const first = errors[0]
    throw new Error(`invalid configuration ${first.path.slice(1)}: ${first.message}`)
  }
  return withDefaults as Config
}
