import { describe, expect, it } from 'vitest'
import { bootstrap, demoDataWanted } from '../../src/bootstrap.ts'
import { loadConfig } from '../../src/config.ts'
import { createDb } from '../../src/db/database.ts'
import { countClients } from '../../src/modules/configuration/clients/client.repository.ts'
import { createTestDatabaseUrl } from '../database.ts'

/** Issue 10 item 14: the demo tenant's fixed passwords stay on loopback unless asked for elsewhere. */
describe('demo data and HOST', () => {
  it.each([
    ['127.0.0.1', undefined, true], ['localhost', undefined, true], ['::1', undefined, true],
    ['0.0.0.0', '1', true], ['0.0.0.0', '0', false], ['127.0.0.1', '0', false], ['192.168.1.5', '1', true],
  ] as const)('HOST=%s LV_DEMO_DATA=%s → demo data %s', (host, demo, wanted) => {
    expect(demoDataWanted(loadConfig({ HOST: host, ...(demo === undefined ? {} : { LV_DEMO_DATA: demo }) }))).toBe(wanted)
  })

  it.each(['0.0.0.0', '::', '192.168.1.5', 'lvapi.example.com'])('refuses HOST=%s without LV_DEMO_DATA, saying why', (host) => {
    expect(() => demoDataWanted(loadConfig({ HOST: host }))).toThrow(
      new RegExp(`refusing to create the demo tenant on HOST=${host.replace(/\./g, '\\.')}, which is not a loopback address: .*fixed, published passwords.*Set LV_DEMO_DATA=1`),
    )
  })

  it('refuses to bootstrap an empty database on a public HOST and writes nothing; a bootstrapped one starts as before', async () => {
    const handle = createDb(await createTestDatabaseUrl())
    try {
      const open = loadConfig({ HOST: '0.0.0.0', LV_ADMIN_PASSWORD: 'Secret123', LV_CLIENT_CODE: 'GUARD' })
      await expect(bootstrap(handle, open, Date.now())).rejects.toThrow(/LV_DEMO_DATA=1/)
      expect(await countClients(handle.db)).toBe(0)
      const created = await bootstrap(handle, { ...open, LV_DEMO_DATA: '0' }, Date.now())
      expect(created).toMatchObject({ created: true, clientCode: 'GUARD' })
      // Demo data is only ever created in an empty database, so a restart needs no setting.
      expect(await bootstrap(handle, open, Date.now())).toEqual({ created: false })
    } finally {
      await handle.close()
    }
  })
})
