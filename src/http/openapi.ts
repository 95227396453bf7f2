import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger'

/**
 * The served OpenAPI document (/openapi.json, /docs): what @fastify/swagger builds from the route
 * schemas, finished here so that generators and linters accept it without a warning (issue 14;
 * `npm run lint:openapi` runs Redocly's recommended rules on it). Only the document changes: the
 * route schemas that Ajv validates with and that serialize the answers are never touched.
 */

type Json = Record<string, unknown>
type Schema = Json
interface Operation extends Json {
  operationId?: string
  security?: Array<Record<string, string[]>>
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: Schema; description?: string }>
  requestBody?: { content?: Record<string, { schema?: Schema }> }
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>
}
interface Document extends Json {
  paths?: Record<string, Record<string, Operation>>
  components?: { schemas?: Record<string, Schema>; securitySchemes?: Json }
}

/** The sandbox's control routes (src/sandbox), passed in: http sits below the sandbox. */
export interface SandboxRoutes {
  prefix: string
  /** Header of the optional key (LV-Sandbox-Key), lower-case as Fastify reads it. */
  keyHeader: string
}

const ACCESS_HEADER = 'lv-access'
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options'])
const LICENSE = { name: 'MIT', identifier: 'MIT' }

/** @fastify/swagger's `openapi` option: the parts of the document no route schema says. */
export function openapiOptions(): FastifyDynamicSwaggerOptions['openapi'] {
  return {
    openapi: '3.1.0',
    info: {
      title: 'lvapi: LiveVox Configuration, Contact and Session API',
      version: '1.0.0',
      description: 'Self-hostable implementation of the LiveVox Configuration API, Contact API and Session API.',
      license: LICENSE,
    },
    // Relative: the document is served by the server it describes, on whatever address the
    // caller reached it (a LAN name, a proxy, a container port); a fixed URL would be wrong for most.
    servers: [{ url: '/', description: 'the server that serves this document' }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'header', name: 'LV-Session', description: 'session id returned by Login' },
        access: { type: 'apiKey', in: 'header', name: 'LV-Access', description: 'access token, Login only' },
        sandboxKey: {
          type: 'apiKey', in: 'header', name: 'LV-Sandbox-Key',
          description: 'sandbox control key: required on /_lvapi routes when the server was started with LV_SANDBOX_KEY (docs/sandbox.md)',
        },
      },
    },
  }
}

/** How long a browser or proxy may keep the docs and the document without asking again. */
export const DOCS_MAX_AGE_SECONDS = 3600

/**
 * The docs and the document are the same for every caller and change only with a new release:
 * they are served compressed when the client accepts it, with `Cache-Control: public` and an ETag
 * (304 on If-None-Match), unlike API answers (no-store, security-headers.ts). Must run before
 * @fastify/compress is registered: its onRoute hook reads `compress` when a route is added and,
 * with `global: false`, compresses only the routes that ask for it. The static assets of the
 * Swagger UI come with @fastify/static's own ETag and 304 handling.
 */
export function serveDocsCacheable(app: FastifyInstance, isDocsPath: (url: string) => boolean): void {
  // Only the docs' routes get @fastify/compress (with `compress: false` the plugin adds no
  // per-request hook to a route; API answers are never compressed by it) and this onSend hook:
  // hooks of their own rather than app-wide ones that every API request would call to return at once.
  app.addHook('onRoute', (route: RouteOptions & { compress?: unknown }) => {
    if (!isDocsPath(route.url)) {
      if (route.compress === undefined) route.compress = false
      return
    }
    if (route.compress === undefined) route.compress = {}
    route.onSend = [...hooksOf(route.onSend), docsOnSend]
  })
}

function hooksOf<T>(hooks: T | T[] | undefined): T[] {
  return hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks]
}

function docsOnSend(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, payload?: unknown) => void): void {
  if (reply.statusCode !== 200) return done(null, payload)
  reply.header('cache-control', `public, max-age=${DOCS_MAX_AGE_SECONDS}`)
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload)
  const etag = reply.getHeader('etag') ?? `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`
  reply.header('etag', etag)
  const wanted = request.headers['if-none-match']
  if (wanted !== undefined && wanted.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    reply.code(304)
    return done(null, '')
  }
  done(null, payload)
}

/** @fastify/swagger's `transformObject`: finishes the generated document (see finishDocument). */
export function documentTransform(sandbox: SandboxRoutes) {
  return (documentObject: { openapiObject: object } | { swaggerObject: object }): object =>
    'openapiObject' in documentObject ? finishDocument(documentObject.openapiObject as Document, sandbox) : documentObject.swaggerObject
}

/**
 * - security: `[]` on public operations, the `access` scheme on Login (its LV-Access header
 *   parameter shown as required: Login answers 401 without it), the optional `sandboxKey` on the
 *   sandbox's control routes;
 * - request bodies describe what is really accepted (README §4): digit strings for integers,
 *   numeric strings for decimals, "true"/"false" for booleans, numbers and booleans where a
 *   free-text string is expected. Ajv's coerceTypes already accepts these (app.ts); the vendor's
 *   own examples send them;
 * - every schema with a `title`, and every request body, becomes a named component
 *   (#/components/schemas/<title>), so a generated client has reusable types.
 */
export function finishDocument(doc: Document, sandbox?: SandboxRoutes): Document {
  const components = (doc.components ??= {})
  const schemas = (components.schemas ??= {})
  const namer = new ComponentNamer(schemas)
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue
      documentSecurity(path, op, sandbox)
      for (const media of Object.values(op.requestBody?.content ?? {})) {
        if (!media.schema) continue
        const body = widenInput(media.schema)
        // An untitled body is named after its operation, or after the first operation with the same body.
        if (body.title === undefined && body.type === 'object' && op.operationId) {
          body.title = namer.nameOfContent(body) ?? `${pascal(op.operationId)}Request`
        }
        media.schema = namer.hoist(body, 'Input')
      }
      for (const response of Object.values(op.responses ?? {})) {
        for (const media of Object.values(response.content ?? {})) {
          if (media.schema) media.schema = namer.hoist(media.schema, 'Output')
        }
      }
    }
  }
  return doc
}

function documentSecurity(path: string, op: Operation, sandbox: SandboxRoutes | undefined): void {
  const accessHeader = op.parameters?.find((p) => p.in === 'header' && p.name.toLowerCase() === ACCESS_HEADER)
  if (accessHeader) {
    accessHeader.name = 'LV-Access'
    accessHeader.required = true
    accessHeader.description ??= 'access token of the client (LV-Access); without it Login answers 401'
    op.security = [{ access: [] }]
  } else if (sandbox && (path === sandbox.prefix || path.startsWith(`${sandbox.prefix}/`))) {
    // `{}`: no key when the server runs without LV_SANDBOX_KEY (loopback only, docs/sandbox.md).
    op.security = [{}, { sandboxKey: [] }]
    op.parameters = op.parameters?.filter((p) => !(p.in === 'header' && p.name.toLowerCase() === sandbox.keyHeader))
  } else {
    op.security ??= []
  }
}

const DIGITS = '^[0-9]+$'
const SIGNED_DIGITS = '^-?[0-9]+$'
const DECIMAL = '^-?[0-9]+(\\.[0-9]+)?$'

/**
 * README §4's input leniencies written into a request body's schema (a copy): what Ajv's
 * coerceTypes accepts beside the JSON type. Type lists rather than anyOf keep each constraint
 * where it applies (pattern to strings, minimum to numbers) and the document small.
 */
export function widenInput(schema: Schema): Schema {
  const out: Schema = { ...schema }
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const) {
    if (Array.isArray(out[key])) out[key] = (out[key] as Schema[]).map(widenInput)
  }
  if (isSchema(out.items)) out.items = widenInput(out.items)
  if (isSchema(out.additionalProperties)) out.additionalProperties = widenInput(out.additionalProperties)
  if (isSchema(out.properties)) {
    out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, isSchema(v) ? widenInput(v) : v]))
  }
  // A Nullable scalar (http/schemas.ts: a `[type, 'null']` list) is widened as its scalar and keeps null.
  const types = [out.type].flat()
  const nullable = types.length === 2 && types.includes('null')
  const orNull = (list: string[]) => (nullable ? [...list, 'null'] : list)
  switch (nullable ? types.find((t) => t !== 'null') : out.type) {
    case 'boolean':
      out.type = orNull(['boolean', 'string'])
      out.enum ??= nullable ? [true, false, 'true', 'false', null] : [true, false, 'true', 'false']
      break
    case 'integer':
      out.type = orNull(['integer', 'string'])
      out.pattern = typeof out.minimum === 'number' && out.minimum >= 0 ? DIGITS : SIGNED_DIGITS
      break
    case 'number':
      out.type = orNull(['number', 'string'])
      out.pattern = DECIMAL
      break
    case 'string':
      // Enumerations, formats and patterns are matched after conversion, so a number never passes them.
      if (out.enum === undefined && out.const === undefined && out.format === undefined && out.pattern === undefined) {
        out.type = orNull(['string', 'number', 'boolean'])
      }
      break
  }
  return out
}

/**
 * Moves titled schemas into #/components/schemas. The same title with different content on the
 * other side (a resource's request form, widened, beside its answer) gets its side's suffix
 * (`AgentInput`); two different schemas under one title on the same side are a naming mistake in
 * a module's schemas and fail the document, rather than one of them being documented wrongly.
 */
class ComponentNamer {
  private readonly canonical = new Map<string, string>()
  /** Which side placed each component; those already in the document (app.addSchema) have none. */
  private readonly sides = new Map<string, 'Input' | 'Output'>()

  constructor(private readonly schemas: Record<string, Schema>) {
    for (const [name, schema] of Object.entries(schemas)) this.canonical.set(name, canonicalOf(schema))
  }

  /** The component that already holds exactly this content (titles and descriptions aside). */
  nameOfContent(schema: Schema): string | undefined {
    const text = canonicalOf(schema)
    for (const [name, existing] of this.canonical) if (existing === text) return name
    return undefined
  }

  hoist(schema: Schema, side: 'Input' | 'Output'): Schema {
    const out: Schema = { ...schema }
    for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const) {
      if (Array.isArray(out[key])) out[key] = (out[key] as Schema[]).map((s) => this.hoist(s, side))
    }
    if (isSchema(out.items)) out.items = this.hoist(out.items, side)
    if (isSchema(out.properties)) {
      out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, isSchema(v) ? this.hoist(v, side) : v]))
    }
    if (typeof out.title !== 'string') return out
    const { description, ...component } = out
    const name = this.place(out.title, component, side)
    // A description beside $ref is allowed in 3.1; it says what this use of the schema is.
    return description === undefined ? { $ref: `#/components/schemas/${name}` } : { $ref: `#/components/schemas/${name}`, description }
  }

  private place(title: string, component: Schema, side: 'Input' | 'Output'): string {
    const text = canonicalOf(component)
    const existing = this.canonical.get(title)
    if (existing === text) return this.reuse(title, component)
    if (existing === undefined) return this.add(title, component, text, side)
    // Taken by the other side's form (a request body widened by README §4): this side's own name.
    if (this.sides.get(title) !== side) {
      const sided = `${title}${side}`
      const other = this.canonical.get(sided)
      if (other === undefined) return this.add(sided, component, text, side)
      if (other === text) return this.reuse(sided, component)
    }
    throw new Error(`OpenAPI: two different schemas are titled ${title} (${side}); give one of them another title`)
  }

  private add(name: string, component: Schema, text: string, side: 'Input' | 'Output'): string {
    this.schemas[name] = { ...component, title: name }
    this.canonical.set(name, text)
    this.sides.set(name, side)
    return name
  }

  /** Top-level examples move to the media type and nested ones stay: keep whichever there is. */
  private reuse(name: string, component: Schema): string {
    if (component.examples !== undefined) this.schemas[name].examples ??= component.examples
    return name
  }
}

/** Content without the top-level annotations, keys sorted: equal schemas compare equal. */
function canonicalOf(schema: Schema): string {
  const { title: _title, description: _description, $id: _id, examples: _examples, ...rest } = schema
  return JSON.stringify(rest, (_key, value: unknown) => (isSchema(value)
    ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : value))
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const pascal = (id: string) => id.charAt(0).toUpperCase() + id.slice(1)
