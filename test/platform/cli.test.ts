import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliOnTempDatabase, serveCli } from '../cli.ts'

/**
 * The CLI as an operator runs it (test/cli.ts) on a temporary SQLite file named by DATABASE_URL.
 * Results are checked through the API of an app opened on the same file, so "provisioned" means
 * "usable".
 */
const { ok, fails, withApp } = cliOnTempDatabase('cli')

// Every command starts a process that compiles TypeScript: slow on a busy machine.
describe('provisioning commands', { timeout: 180_000 }, () => {
  it('migrate applies every migration once', async () => {
    const first = await ok(['migrate'])
    expect(first.applied[0]).toBe('0001_platform')
    expect(await ok(['migrate'])).toEqual({ applied: [] })
  })

  it('client add, token add, user add and user grant provision a tenant that can log in', async () => {
    const { id: clientId } = await ok(['client', 'add', '--code', 'ACME', '--name', 'Acme Corp'])
    expect(clientId).toEqual(expect.any(Number))
    const { id: childId } = await ok(['client', 'add', '--code', 'ACME_WEST', '--name', 'Acme West', '--parent', String(clientId)])
    const { token } = await ok(['token', 'add', '--client', 'acme'])
    expect(token).toMatch(/^[A-Za-z0-9]{32}$/)
    expect(await ok(['token', 'add', '--client', 'ACME', '--token', 'Chosen0Token0Value'])).toEqual({ token: 'Chosen0Token0Value' })
    const { id: adminId } = await ok(['user', 'add', '--client', 'ACME', '--user', 'root', '--password', 'Secret123', '--role', 'sysadmin'])
    const { id: managerId } = await ok([
      'user', 'add', '--client', 'ACME', '--user', 'mgr', '--password', 'Secret123', '--role', 'MANAGER',
      '--power', 'administer_agents,modify_services', '--first-name', 'Mia', '--last-name', 'Grant',
    ])

    await withApp(async (app) => {
      const now = Date.now()
      const cc = await app.db.insertInto('call_centers').values({
        client_id: clientId, name: 'CLI', name_key: 'CLI', manager_name: null, billing_system: null, default_input_filter_id: null, open: 1, created_at: now, modified_at: now,
      }).returning('id').executeTakeFirstOrThrow()
      const svc = await app.db.insertInto('services').values({
        client_id: clientId, call_center_id: Number(cc.id), name: 'CLI service', call_direction: 'INBOUND', acd_feature_code: 'AGENT_AT_READY_IN', created_at: now, modified_at: now,
      }).returning('id').executeTakeFirstOrThrow()
      expect(await ok(['user', 'grant', '--client', 'ACME', '--user', 'mgr', '--service', String(svc.id)])).toEqual({})

      for (const accessToken of [token, 'Chosen0Token0Value']) {
        const login = await app.inject({
          method: 'POST', url: '/session/login', headers: { 'lv-access': accessToken }, payload: { clientName: 'acme', userName: 'root', password: 'Secret123' },
        })
        expect(login.statusCode).toBe(200)
        expect(login.json()).toMatchObject({ clientId, userId: adminId })
      }
      const session = (await app.inject({
        method: 'POST', url: '/session/login', headers: { 'lv-access': token }, payload: { clientName: 'ACME', userName: 'root', password: 'Secret123' },
      })).json().sessionId
      const manager = await app.inject({ method: 'GET', url: `/configuration/users/${managerId}`, headers: { 'lv-session': session } })
      expect(manager.json()).toMatchObject({
        loginId: 'mgr', firstName: 'Mia', lastName: 'Grant', role: 'MANAGER',
        optionalManagerPowers: ['Administer Agents', 'Modify Services'], assignedService: [{ id: Number(svc.id) }],
      })
      const children = await app.inject({ method: 'GET', url: `/configuration/users/info?client=${childId}`, headers: { 'lv-session': session } })
      expect(children.json()).toEqual({ size: 0 })
    })
  })

  it('seed-demo adds the demo tenant to an existing client', async () => {
    await ok(['client', 'add', '--code', 'DEMOCLI', '--name', 'Demo'])
    const { clientId } = await ok(['seed-demo', '--client', 'DEMOCLI'])
    expect(clientId).toEqual(expect.any(Number))
    await withApp(async (app) => {
      const users = await app.db.selectFrom('users').select('login_id').where('client_id', '=', clientId).execute()
      expect(users.map((u) => u.login_id)).toContain('manager')
    })
    await fails(['seed-demo', '--client', 'DEMOCLI'], /^lvapi: Invalid input \[/)
  })

  it.each([
    [['bogus'], /^error: unknown command 'bogus'/],
    [['client', 'add', '--name', 'No Code'], /^error: required option '--code <code>' not specified/],
    [['client', 'add', '--code', 'ACME', '--name', 'Again'], /^lvapi: Invalid input \[client code ACME already exists\]/],
    [['client', 'add', '--code', 'bad code!', '--name', 'x'], /^lvapi: Invalid input \[client code bad code!\]/],
    [['client', 'add', '--code', 'ORPHAN', '--name', 'x', '--parent', '999999'], /^lvapi: Client not found \[ID:999999\]/],
    [['client', 'add', '--code', 'ORPHAN', '--name', 'x', '--parent', 'abc'], /^error: option '--parent <id>' argument 'abc' is invalid/],
    [['token', 'add', '--client', 'NOPE'], /^lvapi: client NOPE not found/],
    [['token', 'add', '--client', 'ACME', '--token', 'short'], /^lvapi: Invalid input \[access token must be 8 to 128 letters, digits, '-', '_' or '.'\]/],
    [['user', 'add', '--client', 'ACME', '--user', 'weak', '--password', 'weakpass', '--role', 'manager'], /^lvapi: Invalid password \[Password must contain at least 1 digit\]/],
    [['user', 'add', '--client', 'ACME', '--user', 'root', '--password', 'Secret123', '--role', 'manager'], /^lvapi: Invalid input \[loginId already exists\]/],
    [['user', 'add', '--client', 'ACME', '--user', 'x', '--password', 'Secret123', '--role', 'boss'], /^error: option '--role <role>' argument 'boss' is invalid/],
    [['user', 'add', '--client', 'ACME', '--user', 'x', '--password', 'Secret123', '--role', 'manager', '--power', 'fly'], /^error: option '--power <powers>' argument 'fly' is invalid/],
    [['user', 'add', '--client', 'NOPE', '--user', 'x', '--password', 'Secret123', '--role', 'manager'], /^lvapi: client NOPE not found/],
    [['user', 'grant', '--client', 'ACME', '--user', 'ghost', '--service', '1'], /^lvapi: User not found \[ID:ghost\]/],
    [['user', 'grant', '--client', 'ACME', '--user', 'mgr', '--service', '999999'], /^lvapi: Service not found \[ID:999999\]/],
  ])('fails cleanly: %j', async (args, message) => {
    await fails(args, message)
  })

  it('refuses a sixth access token', async () => {
    await ok(['client', 'add', '--code', 'TOKENS', '--name', 'Tokens'])
    for (let i = 0; i < 5; i++) await ok(['token', 'add', '--client', 'TOKENS'])
    await fails(['token', 'add', '--client', 'TOKENS'], /^lvapi: Invalid input \[a client may have at most 5 access tokens\]/)
  })

  it('fails cleanly on an unusable DATABASE_URL', async () => {
    await fails(['migrate'], /^lvapi: unsupported DATABASE_URL scheme/, { DATABASE_URL: 'mysql://nowhere/db' })
  })
})

describe('serve', { timeout: 120_000 }, () => {
  it('bootstraps, answers /health, keeps secrets out of its log, and exits 0 on SIGTERM', async () => {
    const serveDir = mkdtempSync(join(tmpdir(), 'lvapi-serve-'))
    const password = 'Boot0Admin0Pass'
    const token = 'Boot0Access0Token0Value'
    const { child, output, exited, ready } = serveCli({
      DATABASE_URL: `sqlite:${join(serveDir, 'serve.db')}`, PORT: '0', HOST: '127.0.0.1', LV_DEMO_DATA: '0',
      LV_LOG_LEVEL: 'trace', LV_CLIENT_CODE: 'BOOT', LV_ADMIN_USER: 'boss', LV_ADMIN_PASSWORD: password, LV_ACCESS_TOKEN: token,
    }, (stderr) => stderr.includes('bootstrapped client BOOT'), 'login help')
    try {
      const base = await ready
      const health = await fetch(`${base}/health`)
      expect(health.status).toBe(200)
      expect(await health.json()).toEqual({ status: 'ok', database: 'sqlite' })
      expect(output.stderr).toMatch(/^lvapi: bootstrapped client BOOT \(id \d+\) with Sysadmin user "boss"\./)

      const login = await fetch(`${base}/session/login`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'lv-access': token },
        body: JSON.stringify({ clientName: 'BOOT', userName: 'boss', password }),
      })
      expect(login.status).toBe(200)
      const { sessionId } = await login.json() as { sessionId: string }
      const info = await fetch(`${base}/configuration/users/info`, { headers: { 'lv-session': sessionId } })
      expect(await info.json()).toMatchObject({ size: 1 })

      child.kill('SIGTERM')
      expect((await exited).code).toBe(0)
      expect(output.stdout).toContain('/configuration/users/info')
      for (const secret of [password, token, sessionId]) expect(output.stdout.includes(secret), `log holds ${secret}`).toBe(false)
    } finally {
      child.kill('SIGKILL')
      rmSync(serveDir, { recursive: true, force: true })
    }
  })
})
