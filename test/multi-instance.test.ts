import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * Issue 6: several stateless instances share one PostgreSQL database. Two real server
 * processes (the production entry point, system clock, own pools and session caches) are
 * driven over HTTP; nothing here reaches into either process. PostgreSQL only: an embedded
 * SQLite file is one process's database.
 */
const enabled = process.env.TEST_DIALECT === 'postgres'
const root = fileURLToPath(new URL('..', import.meta.url))
const CLIENT = 'MULTI'
const TOKEN = randomBytes(16).toString('hex')
const PASSWORD = 'Multi1234x'

interface Instance {
  url: string
  process: ChildProcess
  output: string[]
}

async function startInstance(databaseUrl: string): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '5',
      LV_CLIENT_CODE: CLIENT,
      LV_ACCESS_TOKEN: TOKEN,
      LV_ADMIN_PASSWORD: PASSWORD,
      LV_DEMO_DATA: '0',
      LV_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance did not start:\n${output.join('')}`)), 30_000)
    createInterface({ input: child.stdout }).on('line', (line) => {
      output.push(line)
      const match = /Server listening at (http:\/\/[\d.]+:\d+)/.exec(line)
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`instance exited with ${code}:\n${output.join('\n')}`))
    })
  })
  return { url, process: child, output }
}

async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.process.exitCode !== null) return
  const exited = new Promise((resolve) => instance.process.once('exit', resolve))
  instance.process.kill('SIGTERM')
  await exited
}

interface Reply {
  status: number
  body: any
}

async function call(instance: Instance, method: string, path: string, options: { session?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.session) headers['lv-session'] = options.session
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${instance.url}${path}`, {
    method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined }
}

async function login(instance: Instance): Promise<string> {
  const res = await call(instance, 'POST', '/session/login', {
    headers: { 'lv-access': TOKEN }, body: { clientName: CLIENT, userName: 'admin', password: PASSWORD },
  })
  expect(res.status).toBe(200)
  return res.body.sessionId
}

/** README §3.1: Session and Contact API errors are exactly {code, message}; Configuration adds both pairs. */
const vendorError = (code: number, message: string) => ({ code, message })
const configurationError = (code: number, message: string) => ({ code, message, errorCode: code, errorMessage: message })

let a: Instance
let b: Instance

describe.skipIf(!enabled)('two instances on one PostgreSQL database', () => {
  beforeAll(async () => {
    const { createPgTestDatabase } = await import('./pg.ts')
    const databaseUrl = await createPgTestDatabase()
    // Both start at once on the empty database: migrations and the bootstrap of the root
    // client must tolerate a second instance doing the same thing at the same moment.
    ;[a, b] = await Promise.all([startInstance(databaseUrl), startInstance(databaseUrl)])
  })
  afterAll(async () => {
    await Promise.all([stopInstance(a), stopInstance(b)])
  })

  describe('sessions', () => {
    it('accepts a session created on A at B', async () => {
      const session = await login(a)
      const res = await call(b, 'GET', '/session/sessions?count=10&offset=0', { session })
      expect(res.status).toBe(200)
      expect(await call(b, 'GET', `/session/validate/${session}`)).toEqual({ status: 204, body: undefined })
    })

    it('returns the same session id for a second login on the other instance', async () => {
      const first = await login(a)
      expect(await login(b)).toBe(first)
    })

    it('refuses a session on B within one second of its logout on A', async () => {
      const session = await login(a)
      // B has the session in its cache before the logout: the cache must not outlive it.
      expect((await call(b, 'GET', '/session/sessions?count=1&offset=0', { session })).status).toBe(200)
      expect((await call(a, 'DELETE', '/session/logout', { session })).status).toBe(204)
      const loggedOutAt = Date.now()
      expect((await call(a, 'GET', '/session/sessions?count=1&offset=0', { session })).status).toBe(401)
      let refused: Reply | undefined
      while (Date.now() - loggedOutAt < 1000) {
        const res = await call(b, 'GET', '/session/sessions?count=1&offset=0', { session })
        if (res.status !== 200) {
          refused = res
          break
        }
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      expect(Date.now() - loggedOutAt).toBeLessThan(1000)
      expect(refused).toEqual({ status: 401, body: vendorError(201, 'Unauthorized [invalid or expired session]') })
    })
  })

  describe('configuration writes', () => {
    // One session, used on whichever instance the load balancer picks (a login by the same
    // user with the same token returns the same session id anyway, session.md).
    let onA: string
    let onB: string
    beforeAll(async () => {
      onA = onB = await login(a)
    })

    /**
     * Several rounds of the same create sent to A and B at the same moment: in some rounds both
     * pass the existence check before either inserts, and the unique key must decide.
     */
    async function race(create: (instance: Instance, session: string, round: number) => Promise<Reply>, rounds = 8) {
      const outcomes: Reply[][] = []
      for (let round = 0; round < rounds; round++) {
        outcomes.push(await Promise.all([create(a, onA, round), create(b, onB, round)]))
      }
      return outcomes
    }

    function expectOneWinner(outcomes: Reply[][], message: string): number[] {
      const ids: number[] = []
      for (const pair of outcomes) {
        const won = pair.filter((r) => r.status === 201)
        const lost = pair.filter((r) => r.status !== 201)
        expect(won, JSON.stringify(pair)).toHaveLength(1)
        expect(lost).toEqual([{ status: 400, body: configurationError(202, message) }])
        ids.push(won[0].body.id)
      }
      return ids
    }

    it('creates a call center name once when A and B race for it', async () => {
      const outcomes = await race((instance, session, round) =>
        call(instance, 'POST', '/configuration/callCenters', { session, body: { name: instance === a ? `Race ${round}` : `RACE ${round}` } }))
      const ids = expectOneWinner(outcomes, 'Invalid input [call center name already exists]')
      for (const id of ids) {
        expect((await call(b, 'GET', `/configuration/callCenters/${id}`, { session: onB })).status).toBe(200)
      }
    })

    const agentBody = (loginId: string) => ({
      loginId, firstName: 'Rae', lastName: 'Cer', password: 'A12345678', phone: '2023467763',
      wrapUpTime: -1, homeAgent: false, active: true,
    })

    it('creates an agent loginId once when A and B race for it', async () => {
      const outcomes = await race((instance, session, round) =>
        call(instance, 'POST', '/configuration/agents', { session, body: agentBody(instance === a ? `racer${round}` : `RACER${round}`) }))
      const ids = expectOneWinner(outcomes, 'Invalid input [loginId already exists]')
      const listed = await call(a, 'GET', '/configuration/agents?count=100&offset=0', { session: onA })
      const racers = listed.body.agent.filter((agent: { loginId: string }) => agent.loginId.startsWith('RACER'))
      expect(racers.map((agent: { id: number }) => agent.id).sort()).toEqual([...ids].sort())
    })

    it('answers the same List Info on both instances after a write on either', async () => {
      const info = async () => Promise.all([
        call(a, 'GET', '/configuration/agents/info', { session: onA }),
        call(b, 'GET', '/configuration/agents/info', { session: onB }),
      ])
      const [beforeA, beforeB] = await info()
      expect(beforeA).toEqual(beforeB)
      const startedAt = Date.now()
      expect((await call(a, 'POST', '/configuration/agents', { session: onA, body: agentBody('infoa') })).status).toBe(201)
      const [afterA, afterB] = await info()
      expect(afterA.status).toBe(200)
      expect(afterB).toEqual(afterA)
      expect(afterA.body.size).toBe(beforeA.body.size + 1)
      expect(afterA.body.lastModified).toBeGreaterThanOrEqual(startedAt)
      expect((await call(b, 'POST', '/configuration/agents', { session: onB, body: agentBody('infob') })).status).toBe(201)
      const [lastA, lastB] = await info()
      expect(lastB).toEqual(lastA)
      expect(lastA.body.size).toBe(afterA.body.size + 1)
      expect(lastA.body.lastModified).toBeGreaterThanOrEqual(afterA.body.lastModified)
    })
  })

  describe('contact writes', () => {
    let session: string
    beforeAll(async () => {
      session = await login(b)
    })

    it('creates a contact account once when A and B race for it', async () => {
      for (let round = 0; round < 8; round++) {
        const create = (instance: Instance) => call(instance, 'POST', '/contact/contacts', {
          session, body: { createContactDetails: { account: `RACE-${round}`, person: { firstName: instance === a ? 'A' : 'B' } } },
        })
        const pair = await Promise.all([create(a), create(b)])
        expect(pair.filter((r) => r.status === 201), JSON.stringify(pair)).toHaveLength(1)
        expect(pair.filter((r) => r.status !== 201)).toEqual([{ status: 400, body: vendorError(202, 'Contact already exists!') }])
      }
      const listed = await call(a, 'GET', '/contact/contacts?count=100&offset=0', { session })
      const racers = listed.body.listContactDetails.filter((c: { account: string }) => c.account.startsWith('RACE-'))
      expect(racers.map((c: { account: string }) => c.account).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `RACE-${i}`))
    })

    it('creates each account once when Bulk Create requests with overlapping accounts race on A and B', async () => {
      // 300 accounts: A sends 0-199 and 100-299, B the same in reverse order, all at once. Rows
      // inserted in item order would make A and B wait for each other's accounts (a deadlock).
      const item = (i: number, by: string) => ({ account: `BULK-${String(i).padStart(3, '0')}`, person: { firstName: by } })
      const bodyFor = (from: number, by: string) => {
        const items = Array.from({ length: 200 }, (_, k) => item(from + k, by))
        return { createContactDetails: by === 'B' ? items.reverse() : items }
      }
      const replies = await Promise.all([
        call(a, 'POST', '/contact/contacts/bulk', { session, body: bodyFor(0, 'A') }),
        call(b, 'POST', '/contact/contacts/bulk', { session, body: bodyFor(100, 'B') }),
        call(a, 'POST', '/contact/contacts/bulk', { session, body: bodyFor(100, 'A') }),
        call(b, 'POST', '/contact/contacts/bulk', { session, body: bodyFor(0, 'B') }),
      ])
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200])
      const created = replies.map((r) => Number(/(\d+)$/.exec(r.body.message)![1]))
      expect(created.reduce((sum, n) => sum + n, 0)).toBe(300)
      const found = await call(b, 'POST', '/contact/contacts/search?count=1000&offset=0', {
        session, body: { search: { field: 'account', condition: 'STARTS_WITH', criteria: 'BULK-' } },
      })
      const accounts = found.body.findMatchingContactsDetails.map((c: { account: string }) => c.account)
      expect(accounts.sort()).toEqual(Array.from({ length: 300 }, (_, i) => item(i, '').account))
    })

    it('loses no write when Bulk Update and DND requests on overlapping contacts run on A and B at once', async () => {
      const accounts = Array.from({ length: 60 }, (_, i) => `OVL-${String(i).padStart(2, '0')}`)
      const phoneOf = (i: number) => `404555${String(1000 + i)}`
      const created = await Promise.all(accounts.map((account, i) => call(i % 2 ? a : b, 'POST', '/contact/contacts', {
        session, body: { createContactDetails: { account, phone: [{ phone: phoneOf(i), ordinal: 1 }] } },
      })))
      expect(created.map((r) => r.status)).toEqual(accounts.map(() => 201))

      // Four writers on the same rows, each changing different fields (or DND flags that
      // combine): a read-modify-write of whole rows would drop some of them. B lists the rows in
      // the opposite order, so locks taken in request order would deadlock (a 500).
      const results = await Promise.all([
        call(a, 'PUT', '/contact/contacts/bulk', {
          session, body: { updateContactDetails: accounts.slice(0, 40).map((account, i) => ({ account, balance: 100 + i })) },
        }),
        call(b, 'PUT', '/contact/contacts/bulk', {
          session, body: { updateContactDetails: accounts.slice(20).map((account) => ({ account, person: { firstName: 'Bee' } })).reverse() },
        }),
        call(a, 'POST', '/contact/contacts/dnd', {
          session, body: { contactDnd: accounts.map((account) => ({ account, accountBlock: 'DAILY' })) },
        }),
        call(b, 'POST', '/contact/contacts/dnd', {
          session,
          body: { contactDnd: accounts.map((account, i) => ({ account, accountBlock: 'PERMANENT', updateContactDND: [{ phone: phoneOf(i), ordinal: 1, phoneBlock: 'DAILY' }] })).reverse() },
        }),
      ])
      expect(results).toEqual([
        { status: 204, body: undefined },
        { status: 204, body: undefined },
        { status: 200, body: { updated: 60 } },
        { status: 200, body: { updated: 60 } },
      ])

      const listed = await call(b, 'GET', '/contact/contacts?count=1000&offset=0', { session })
      const byAccount = new Map<string, any>(listed.body.listContactDetails.map((c: { account: string }) => [c.account, c]))
      const lost: string[] = []
      accounts.forEach((account, i) => {
        const contact = byAccount.get(account)
        const seen = {
          balance: contact?.balance, firstName: contact?.person?.firstName, accountBlock: contact?.accountBlock, phoneBlock: contact?.phone?.[0]?.phoneBlock,
        }
        const expected = { balance: i < 40 ? 100 + i : 0, firstName: i >= 20 ? 'Bee' : null, accountBlock: 'BOTH', phoneBlock: 'DAILY' }
        if (JSON.stringify(seen) !== JSON.stringify(expected)) lost.push(`${account}: ${JSON.stringify(seen)} expected ${JSON.stringify(expected)}`)
      })
      expect(lost).toEqual([])
    })
  })
})
