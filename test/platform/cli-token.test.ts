import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { cliOnTempDatabase } from '../cli.ts'

/** `lvapi token …` as an operator runs it (test/cli.ts) on a temporary SQLite file. */
const { lvapi, ok, withApp } = cliOnTempDatabase('cli-token')

async function loginStatus(clientCode: string, token: string): Promise<number> {
  const res = await withApp((app) => app.inject({
    method: 'POST', url: '/session/login', headers: { 'lv-access': token }, payload: { clientName: clientCode, userName: 'root', password: 'Secret123' },
  }))
  return res.statusCode
}

const VENDOR_TOKEN = '47bfb7cd-0a0c-469d-9ae2-e2f86e8104d3'

describe('lvapi token', { timeout: 180_000 }, () => {
  it('token add --token accepts a vendor-format UUID that then logs in (issue 11 item 1)', async () => {
    await ok(['client', 'add', '--code', 'UUIDCO', '--name', 'Uuid Co'])
    await ok(['user', 'add', '--client', 'UUIDCO', '--user', 'root', '--password', 'Secret123', '--role', 'sysadmin'])
    expect(await ok(['token', 'add', '--client', 'UUIDCO', '--token', VENDOR_TOKEN])).toEqual({ token: VENDOR_TOKEN })
    expect(await loginStatus('UUIDCO', VENDOR_TOKEN)).toBe(200)
  })

  it('token list shows ids, dates and SHA-256 fingerprints, never a token; token revoke stops a token (issue 14)', async () => {
    await ok(['client', 'add', '--code', 'LISTCO', '--name', 'List Co'])
    await ok(['user', 'add', '--client', 'LISTCO', '--user', 'root', '--password', 'Secret123', '--role', 'sysadmin'])
    const { token: first } = await ok(['token', 'add', '--client', 'LISTCO'])
    const second = 'Second.Token_Value-2'
    await ok(['token', 'add', '--client', 'LISTCO', '--token', second])
    const listed = await ok(['token', 'list', '--client', 'listco'])
    const fingerprint = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 12)
    expect(listed).toEqual({
      tokens: [
        { id: expect.any(Number), createdDate: expect.any(Number), fingerprint: fingerprint(first) },
        { id: expect.any(Number), createdDate: expect.any(Number), fingerprint: fingerprint(second) },
      ],
    })
    const raw = JSON.stringify(listed)
    expect(raw.includes(first) || raw.includes(second)).toBe(false)
    expect(await loginStatus('LISTCO', second)).toBe(200)

    const secondId = listed.tokens[1].id
    expect(await ok(['token', 'revoke', '--client', 'LISTCO', '--id', String(secondId)])).toEqual({ revoked: secondId })
    expect(await loginStatus('LISTCO', second)).toBe(401)
    expect(await loginStatus('LISTCO', first)).toBe(200)
    expect((await ok(['token', 'list', '--client', 'LISTCO'])).tokens.map((tk: { id: number }) => tk.id)).toEqual([listed.tokens[0].id])

    const again = await lvapi(['token', 'revoke', '--client', 'LISTCO', '--id', String(secondId)])
    expect(again.code).not.toBe(0)
    expect(again.stdout).toBe('')
    expect(again.stderr).toBe(`lvapi: access token ${secondId} of client LISTCO not found\n`)
    const unknown = await lvapi(['token', 'list', '--client', 'NOPE'])
    expect(unknown).toMatchObject({ stdout: '', stderr: 'lvapi: client NOPE not found\n' })
    expect(unknown.code).not.toBe(0)
  })
})
