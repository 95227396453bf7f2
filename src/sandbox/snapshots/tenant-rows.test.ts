import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { buildTestApp, type TestApp } from '../../../test/app.ts'
import { login } from '../../../test/fixtures.ts'
import { TENANT_TABLES } from './tenant-tables.ts'

let t: TestApp
beforeAll(async () => { t = await buildTestApp() })
afterAll(async () => { await t.close() })

const any = () => t.db as unknown as Kysely<any>
const inject = (method: 'POST' | 'PUT' | 'DELETE' | 'GET', url: string, payload?: object, headers: Record<string, string> = {}) => t.app.inject({ method, url, payload, headers })

/** Every row of the client, every table, in a stable order: what "the same state" means. */
async function dump(clientId: number): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {}
  out.clients = (await any().selectFrom('clients').selectAll().where('id', '=', clientId).execute()).map((r) => JSON.stringify(r))
  for (const table of TENANT_TABLES) {
    out[table.name] = (await any().selectFrom(table.name).selectAll().where('client_id', '=', clientId).execute()).map((r) => JSON.stringify(r)).sort()
  }
  return out
}

async function demoTenant() {
  const res = await inject('POST', '/_lvapi/tenants', { demo: true })
  expect(res.statusCode).toBe(201)
  return res.json() as { clientId: number; clientCode: string; accessToken: string; userName: string; password: string }
}

const changes = (clientId: number) => t.db.selectFrom('sandbox_changes').select(['table_name', 'row_id']).where('client_id', '=', clientId).execute()

describe('reset after writes of every kind, recorded row by row', () => {
  it('returns every row of every table, ids included, and forgets the recorded writes', async () => {
    await demoTenant() // the first demo tenant seeds the template; the second is copied from it
    const tenant = await demoTenant()
    const created = await dump(tenant.clientId)
    expect(created.contacts).toHaveLength(6000)
    expect(await changes(tenant.clientId)).toEqual([])

    const admin = await login(t.app, { code: tenant.clientCode, token: tenant.accessToken }, tenant.userName, tenant.password)
    expect((await inject('POST', '/configuration/agents', { clientId: tenant.clientId, loginId: 'NEWBIE', firstName: 'N', lastName: 'B', password: 'Newbie1234', phone: '4045550000', wrapUpTime: 15, homeAgent: false, active: true }, admin)).statusCode).toBe(201)
    // An agent deleted (its service and skill links go by cascade), a contact changed, another
    // deleted with its notes, call results and account links, a whole table emptied.
    const agent = await t.db.selectFrom('agents').select('id').where('client_id', '=', tenant.clientId).orderBy('id').executeTakeFirstOrThrow()
    await t.db.deleteFrom('agents').where('id', '=', agent.id).execute()
    const [changed, removed] = await t.db.selectFrom('contact_notes').select('contact_id').where('client_id', '=', tenant.clientId).groupBy('contact_id').orderBy('contact_id').limit(2).execute()
    await t.db.updateTable('contacts').set({ first_name: 'Changed' }).where('id', '=', changed!.contact_id).execute()
    await t.db.deleteFrom('contacts').where('id', '=', removed!.contact_id).execute()
    await t.db.deleteFrom('contact_custom_fields').where('client_id', '=', tenant.clientId).execute()
    expect((await changes(tenant.clientId)).length).toBeGreaterThan(4)

    expect((await inject('POST', `/_lvapi/tenants/${tenant.clientCode}/reset`)).statusCode).toBe(204)
    expect(await dump(tenant.clientId)).toEqual(created)
    expect(await changes(tenant.clientId)).toEqual([])
    expect((await inject('GET', '/configuration/agents', undefined, admin)).statusCode).toBe(401)

    // The same after a named snapshot was restored (every row rewritten) and a clients row changed.
    expect((await inject('PUT', `/_lvapi/tenants/${tenant.clientCode}/snapshots/later`)).statusCode).toBe(201)
    await t.db.updateTable('clients').set({ service_level_seconds: 99 }).where('id', '=', tenant.clientId).execute()
    await t.db.deleteFrom('contact_notes').where('client_id', '=', tenant.clientId).execute()
    expect((await inject('POST', `/_lvapi/tenants/${tenant.clientCode}/snapshots/later/restore`)).statusCode).toBe(204)
    expect(await dump(tenant.clientId)).toEqual(created)
    await t.db.deleteFrom('contact_notes').where('client_id', '=', tenant.clientId).execute()
    expect((await inject('POST', `/_lvapi/tenants/${tenant.clientCode}/reset`)).statusCode).toBe(204)
    expect(await dump(tenant.clientId)).toEqual(created)
  }, 120_000) // seeds the demo data set and dumps 12,000 rows four times: 16-22 s alone, more beside other suites

  it('records nothing for clients the sandbox does not track', async () => {
    const tenant = await demoTenant()
    await inject('DELETE', `/_lvapi/tenants/${tenant.clientCode}`)
    expect(await t.db.selectFrom('sandbox_tracked').select('client_id').where('client_id', '=', tenant.clientId).execute()).toEqual([])
    expect(await changes(tenant.clientId)).toEqual([])
  })
})
