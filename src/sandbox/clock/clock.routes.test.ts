import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../test/app.ts'
import { createTestClient, login, PASSWORD } from '../../../test/fixtures.ts'
import { SESSION_IDLE_MS } from '../../modules/session/session.store.ts'
import { updateClock } from './clock.routes.ts'
import { SandboxClock } from './sandbox-clock.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const HOUR = 3_600_000
const DAY = 24 * HOUR

const readClock = async () => (await t.app.inject({ method: 'GET', url: '/_lvapi/clock' })).json()
const putClock = (payload: object) => t.app.inject({ method: 'PUT', url: '/_lvapi/clock', payload })

describe('GET/PUT /_lvapi/clock', () => {
  it('reads the server clock, then advances, sets, freezes, unfreezes and resets it', async () => {
    await putClock({ reset: true })
    const base = t.clock.now()
    expect(await readClock()).toEqual({ now: new Date(base).toISOString(), epochMillis: base, frozen: false, offsetMillis: 0 })

    let res = await putClock({ advance: '1h30m' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ now: new Date(base + 1.5 * HOUR).toISOString(), epochMillis: base + 1.5 * HOUR, frozen: false, offsetMillis: 1.5 * HOUR })

    res = await putClock({ advance: -1000 })
    expect(res.json().offsetMillis).toBe(1.5 * HOUR - 1000)

    const at = Date.parse('2026-03-01T09:00:00Z')
    res = await putClock({ time: '2026-03-01T09:00:00Z', frozen: true })
    expect(res.json()).toEqual({ now: '2026-03-01T09:00:00.000Z', epochMillis: at, frozen: true, offsetMillis: at - base })
    // Real (here: the test's base) time passes; a frozen clock does not move.
    t.clock.advance(5000)
    expect((await readClock()).epochMillis).toBe(at)
    res = await putClock({ advance: '1d' })
    expect(res.json()).toMatchObject({ epochMillis: at + DAY, frozen: true })

    res = await putClock({ frozen: false })
    expect(res.json()).toMatchObject({ epochMillis: at + DAY, frozen: false })
    t.clock.advance(250)
    expect((await readClock()).epochMillis).toBe(at + DAY + 250)

    res = await putClock({ reset: true })
    expect(res.json()).toEqual({ now: new Date(t.clock.now()).toISOString(), epochMillis: t.clock.now(), frozen: false, offsetMillis: 0 })
  })

  it('accepts epoch milliseconds for time and applies reset, time, advance, frozen in that order', async () => {
    const res = await putClock({ frozen: true, advance: '10s', time: 1_800_000_000_000, reset: true })
    expect(res.json()).toMatchObject({ epochMillis: 1_800_000_010_000, frozen: true })
    await putClock({ reset: true })
  })

  it.each([
    [{ advance: '2 hours' }, 'advance'],
    [{ time: '2026-03-01 09:00' }, 'time'],
    [{ time: '2026-03-01T09:00:00' }, 'time must be an ISO 8601 instant with a zone'],
    [{ when: 'now' }, 'additional properties'],
    // Found by test/platform/fuzz-sweep.test.ts: these made Date.toISOString throw (500).
    [{ time: 9223372036854775808 }, 'Invalid input [the clock must stay between 1970-01-01 and 9999-12-31]'],
    [{ advance: 9223372036854775808 }, 'Invalid input [the clock must stay between 1970-01-01 and 9999-12-31]'],
    [{ advance: '99999999999999999d' }, 'Invalid input [the clock must stay between 1970-01-01 and 9999-12-31]'],
    [{ time: '9999-12-31T23:59:59Z', advance: '1s' }, 'Invalid input [the clock must stay between 1970-01-01 and 9999-12-31]'],
    [{ time: 0, advance: -1 }, 'Invalid input [the clock must stay between 1970-01-01 and 9999-12-31]'],
  ])('refuses %j with 400/202 and changes nothing', async (payload, mention) => {
    const before = await readClock()
    const res = await putClock(payload)
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe(202)
    expect(res.json().message).toContain(mention)
    expect(await readClock()).toEqual(before)
  })
})

describe('time-dependent rules follow the sandbox clock', () => {
  it('a session the clock moved past 2 h idle answers exactly as a naturally expired one', async () => {
    await putClock({ reset: true })
    // Two clients: Login hands the same user its live session again.
    const moved = (await createTestClient(t)).admin
    const natural = (await createTestClient(t)).admin
    const call = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/configuration/users/info', headers })
    expect((await call(moved)).statusCode).toBe(200)

    // Control: just under the limit through the API, the session still works.
    await putClock({ advance: SESSION_IDLE_MS - 1000 })
    expect((await call(moved)).statusCode).toBe(200)
    await putClock({ advance: SESSION_IDLE_MS + 1 })
    const viaApi = await call(moved)
    await putClock({ reset: true })

    // The same wait, naturally: the base clock moves and nobody touches the sandbox clock.
    t.clock.advance(SESSION_IDLE_MS + 1)
    const viaTime = await call(natural)
    expect(viaApi.statusCode).toBe(401)
    expect({ status: viaApi.statusCode, body: viaApi.body, type: viaApi.headers['content-type'] })
      .toEqual({ status: viaTime.statusCode, body: viaTime.body, type: viaTime.headers['content-type'] })
    expect(viaApi.json()).toMatchObject({ code: 201, message: 'Unauthorized [invalid or expired session]' })
  })

  it('password expiry follows the clock', async () => {
    await putClock({ reset: true })
    const c = await createTestClient(t)
    await t.db.updateTable('clients').set({ password_expiration_days: 30 }).where('id', '=', c.clientId).execute()
    await login(t.app, c, 'admin', PASSWORD)
    await putClock({ advance: '30d' })
    const res = await t.app.inject({
      method: 'POST', url: '/session/login', headers: { 'lv-access': c.token },
      payload: { clientName: c.code, userName: 'admin', password: PASSWORD },
    })
    await putClock({ reset: true })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({ code: 201, message: 'Unauthorized [password expired]' })
  })

  it('timestamps written and returned are the sandbox clock\'s', async () => {
    const at = Date.parse('2027-06-01T12:00:00Z')
    await putClock({ time: at, frozen: true })
    const c = await createTestClient(t)
    const res = await t.app.inject({ method: 'GET', url: `/configuration/users/${c.adminUserId}`, headers: c.admin })
    await putClock({ reset: true })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ lastLogin: at })
  })
})

describe('updateClock on a running base clock', () => {
  it('freezes at the instant the body names, even when the millisecond turns while it is applied', () => {
    // A base clock that moves on every read: the real clock when a millisecond turns between two reads.
    let tick = 1_700_000_000_000
    const clock = new SandboxClock({ now: () => tick++ })
    expect(updateClock(clock, { time: '2030-01-01T00:00:00Z', frozen: true })).toMatchObject({ now: '2030-01-01T00:00:00.000Z', frozen: true })
    expect(updateClock(clock, { advance: '1h' }).now).toBe('2030-01-01T01:00:00.000Z')
  })
})
