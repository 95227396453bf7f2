import Fastify from 'fastify'
import { loadConfig } from '../src/config.ts'
import { createDb } from '../src/db/database.ts'
import { systemClock } from '../src/lib/clock.ts'
import { VerifiedSecrets } from '../src/lib/secrets.ts'
import type { RequestContext } from '../src/modules/access/context.ts'
import * as agentService from '../src/modules/configuration/agents/agent.service.ts'
import { toPage } from '../src/http/paging.ts'
import { batchResponseWrites, holdsLateAnswers } from '../src/http/write-batching.ts'
import * as searchService from '../src/modules/contact/search/contact-search.service.ts'
import { searchPageJson } from '../src/modules/contact/search/contact-search.view.ts'
import { AbuseLimiter } from '../src/modules/session/abuse-limits.ts'
import * as sessionService from '../src/modules/session/session.service.ts'
import { SessionStore } from '../src/modules/session/session.store.ts'

/**
 * The floor (issue 15): a bare Fastify route, like the ceiling's (bench/ceiling.ts), that calls the
 * service the app's route calls, on the app's database: the same statements, the same data
 * access layer, the same view. What is left between the floor and the app is the app's HTTP
 * pipeline (routing rules, auth, validation, schemas, hooks, headers); what is left between the
 * ceiling and the floor is the work any implementation must do to answer from the database. A
 * target above the floor's own ratio cannot be met by changing the HTTP pipeline. It writes its
 * answers as the app does (write batching), so the app cannot beat it by that alone.
 *
 * Environment: DATABASE_URL (the app's), FLOOR_SESSION (a session id of the app's admin), PORT.
 */
const config = loadConfig({ DATABASE_URL: process.env.DATABASE_URL, LV_ABUSE_LIMITS: 'off', LV_DEMO_DATA: '0' })
const dbHandle = createDb(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE })
const sessions = new SessionStore(dbHandle.db, systemClock)
const principal = await sessions.resolve(process.env.FLOOR_SESSION ?? '')
if (!principal) throw new Error('floor: FLOOR_SESSION is not a valid session')
const ctx: RequestContext = { db: dbHandle.db, boundedRead: dbHandle.boundedRead, clock: systemClock, sessions, principal }
const deps = { db: dbHandle.db, clock: systemClock, sessions, secrets: new VerifiedSecrets(10_000, Infinity), abuse: new AbuseLimiter(config, systemClock) }

const app = Fastify({ logger: false })
// The app's write batching (src/http/write-batching.ts) is not pipeline cost: it saves the kernel
// work of waking the client, and the floor must not lack what the app has.
batchResponseWrites(app.server, { holdLateAnswers: holdsLateAnswers(dbHandle.dialect) })
app.get('/configuration/agents/:id', async (request) => agentService.readAgent(ctx, Number((request.params as { id: string }).id)))
app.get('/configuration/agents', async () => ({ agent: await agentService.listAgents(ctx, { count: 50, offset: 0 }) }))
app.post('/session/login', async (request) => sessionService.login(deps, request.body as never, request.headers['lv-access'] as string, request.ip, request.ip))
// Find Matching Contact: the app's service (its statement, a bounded read) and its answer's
// writer; the body as the bench sends it, the page from the query string.
app.post('/contact/contacts/search', async (request, reply) => {
  const query = request.query as { count?: string; offset?: string }
  const paging = { count: Number(query.count ?? 50), offset: Number(query.offset ?? 0) }
  const { rows, now } = await searchService.findMatchingContacts(ctx, request.body as never, paging)
  const page = toPage(request, paging, rows)
  return reply.type('application/json').send(searchPageJson(page.items, page.next, now))
})
app.get('/health', async () => ({ status: 'ok' }))
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
process.once('SIGTERM', () => { void app.close().then(() => dbHandle.close()).then(() => process.exit(0)) })
