import { describe, expect, it } from 'vitest'
import type { buildApp } from '../../src/app.ts'
import { cliOnTempDatabase, serveCli } from '../cli.ts'

/**
 * Getting back in (issue 14 "Operator comforts"): `lvapi user set-password` and the line a start on
 * an existing database prints. The CLI runs as an operator runs it (test/cli.ts) on a temporary
 * SQLite file; logins go through an app opened on the same file.
 */
const { databaseUrl, ok, fails, withApp } = cliOnTempDatabase('cli-operator')

describe('lvapi user set-password', { timeout: 180_000 }, () => {
  it('sets a generated or given password, unlocks the user, resets its failures and ends its sessions', async () => {
    const { id: clientId } = await ok(['client', 'add', '--code', 'LOST', '--name', 'Lost'])
    const { token } = await ok(['token', 'add', '--client', 'LOST'])
    const { id: userId } = await ok(['user', 'add', '--client', 'LOST', '--user', 'admin', '--password', 'Forgotten1', '--role', 'sysadmin'])
    const loginAs = (app: Awaited<ReturnType<typeof buildApp>>, password: string) => app.inject({
      method: 'POST', url: '/session/login', headers: { 'lv-access': token }, payload: { clientName: 'LOST', userName: 'admin', password },
    })
    const oldSession = await withApp(async (app) => {
      const login = await loginAs(app, 'Forgotten1')
      expect(login.statusCode).toBe(200)
      await app.db.updateTable('users').set({ locked: 1, failed_login_attempts: 5 }).where('id', '=', userId).execute()
      const locked = await loginAs(app, 'Forgotten1')
      expect(locked.statusCode).toBe(401)
      expect(locked.json()).toMatchObject({ code: 201, message: 'Unauthorized [account locked]' })
      return login.json().sessionId as string
    })

    const generated = await ok(['user', 'set-password', '--client', 'LOST', '--user', 'admin'])
    expect(generated).toEqual({ id: userId, password: expect.stringMatching(/^[A-Za-z0-9]{15}\d$/) })
    await withApp(async (app) => {
      const row = await app.db.selectFrom('users').select(['locked', 'failed_login_attempts']).where('id', '=', userId).executeTakeFirstOrThrow()
      expect(row).toEqual({ locked: 0, failed_login_attempts: 0 })
      const validate = await app.inject({ method: 'GET', url: `/session/validate/${oldSession}` })
      expect(validate.statusCode).toBe(404)
      expect((await loginAs(app, 'Forgotten1')).statusCode).toBe(401)
      expect((await loginAs(app, generated.password)).statusCode).toBe(200)
    })

    expect(await ok(['user', 'set-password', '--client', 'LOST', '--user', 'admin', '--password', 'Chosen123'])).toEqual({ id: userId })
    await withApp(async (app) => {
      expect((await loginAs(app, generated.password)).statusCode).toBe(401)
      const login = await loginAs(app, 'Chosen123')
      expect(login.statusCode).toBe(200)
      expect(login.json()).toMatchObject({ clientId, userId })
    })
  })

  it.each([
    [['user', 'set-password', '--client', 'LOST', '--user', 'admin', '--password', 'weakpass'], /^lvapi: Invalid password \[Password must contain at least 1 digit\]\n$/],
    [['user', 'set-password', '--client', 'LOST', '--user', 'admin', '--password', 'Sh0rt'], /^lvapi: Invalid password \[Password must be at least 8 characters long\]\n$/],
    [['user', 'set-password', '--client', 'LOST', '--user', 'admin', '--password', 'Chosen123'], /^lvapi: Invalid password \[Password cannot match any of the previous 4 passwords\]\n$/],
    [['user', 'set-password', '--client', 'LOST', '--user', 'admin', '--password', ''], /^lvapi: Missing required field \[password\]\n$/],
    [['user', 'set-password', '--client', 'LOST', '--user', 'ghost'], /^lvapi: User not found \[ID:ghost\]\n$/],
    [['user', 'set-password', '--client', 'NOPE', '--user', 'admin'], /^lvapi: client NOPE not found\n$/],
    [['user', 'set-password', '--client', 'LOST'], /^error: required option '--user <name>' not specified\n$/],
  ])('applies the password rules and fails cleanly: %j', async (args, message) => {
    await fails(args, message)
  })
})

describe('serve on an existing database', { timeout: 120_000 }, () => {
  it('prints one line on how to log in and how to get back in, and bootstraps nothing', async () => {
    await ok(['client', 'add', '--code', 'AGAIN', '--name', 'Again'])
    const { child, output, exited, ready } = serveCli(
      { DATABASE_URL: databaseUrl(), PORT: '0', HOST: '127.0.0.1', LV_DEMO_DATA: '0', LV_CLIENT_CODE: 'AGAIN', LV_ADMIN_USER: 'boss' },
      (stderr) => stderr.endsWith('\n'), 'help line',
    )
    try {
      const base = await ready
      expect(output.stderr).toBe(`lvapi: existing database, nothing bootstrapped. Log in with POST ${base}/session/login (LV-Access token; `
        + 'clientName AGAIN, userName boss); lost the password or token? '
        + 'npm run --silent lvapi -- user set-password --client AGAIN --user boss / npm run --silent lvapi -- token add --client AGAIN\n')
      // Sent the moment the help line is complete: the server must already drain on SIGTERM then.
      child.kill('SIGTERM')
      expect(await exited, output.stderr).toEqual({ code: 0, signal: null })
    } finally {
      child.kill('SIGKILL')
    }
    await withApp(async (app) => {
      expect(await app.db.selectFrom('users').select('login_id').where('login_id', '=', 'boss').execute()).toEqual([])
    })
  })
})
