import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serializeRequest } from '../../src/app.ts'
import { buildTestApp, type TestApp } from '../app.ts'

/** Issue 10 item 12: session ids never reach the log, however the URL spells them; request ids are safe tokens. */
describe('request log URL', () => {
  it.each([
    ['/session/validate/SECRET', '/session/validate/***'],
    ['/session/logout/SECRET?x=1', '/session/logout/***?x=1'],
    ['/session/sessions/SECRET', '/session/sessions/***'],
    ['/session/%76alidate/SECRET', '/session/validate/***'],
    ['/SESSION/v6.0/Validate/SECRET/', '/SESSION/Validate/***'],
    ['//session//logout//SECRET', '/session/logout/***'],
    ['/session/logout?sessionId=SECRET', '/session/logout?sessionId=***'],
    ['/session/logout?%73essionId=SECRET', '/session/logout?sessionId=***'],
    ['/session/logout?%73ession%49d=SECRET&x=1', '/session/logout?sessionId=***&x=1'],
    ['/session/logout?a=1&SESSIONID=SECRET&sessionId=SECRET2', '/session/logout?a=1&SESSIONID=***&sessionId=***'],
    ['/session/logout?sessionId=%E0%A4%A', '/session/logout?sessionId=***'],
    ['/configuration/users?count=1&offset=0', '/configuration/users?count=1&offset=0'],
  ])('%s → %s', (url, logged) => {
    expect(serializeRequest({ method: 'GET', url, ip: '127.0.0.1' })).toEqual({ method: 'GET', url: logged, remoteAddress: '127.0.0.1' })
    expect(JSON.stringify(serializeRequest({ method: 'GET', url }))).not.toContain('SECRET')
  })
})

describe('x-request-id', () => {
  let t: TestApp
  beforeAll(async () => { t = await buildTestApp() })
  afterAll(async () => { await t.close() })

  const idFor = async (header?: string) =>
    (await t.app.inject({ method: 'GET', url: '/health', headers: header === undefined ? {} : { 'x-request-id': header } })).headers['x-request-id']

  it('echoes a short safe token', async () => {
    expect(await idFor('req-42_A.b')).toBe('req-42_A.b')
    expect(await idFor('a'.repeat(64))).toBe('a'.repeat(64))
  })

  it('replaces anything else with a generated id', async () => {
    for (const header of ['', 'a'.repeat(65), 'x y', '<script>', 'id\u00e9', 'a;b=c', 'a\\nb']) {
      const id = await idFor(header)
      expect(id, header).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    }
    expect(await idFor()).toMatch(/^[0-9a-f-]{36}$/)
  })
})
