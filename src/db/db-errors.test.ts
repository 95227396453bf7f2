import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../test/app.ts'
import { createTestClient, type TestClient } from '../../test/fixtures.ts'
import { registerErrorHandling } from '../http/error-handler.ts'
import type { Db } from './database.ts'
import { dialectOf } from './dialect.ts'
import { isForeignKeyViolation, isUniqueViolation, violatedConstraint } from './db-errors.ts'
import { inTransaction } from './transaction.ts'

/**
 * The same constraint must answer the same vendor error on both dialects (STYLE §4): this file
 * runs under `npm test` (SQLite) and `npm run test:pg` (PostgreSQL) and asserts identical bodies.
 */
let t: TestApp
let c: TestClient
/** A bare app with the real error handler, whose routes perform a write that hits a constraint. */
let probe: FastifyInstance

const callCenter = (clientId: number, name: string) => ({
  client_id: clientId, name, name_key: name.toLowerCase(), manager_name: null, billing_system: null,
  default_input_filter_id: null, open: 1, created_at: 1, modified_at: 1,
})

async function caught(write: () => Promise<unknown>): Promise<unknown> {
  try {
    await write()
  } catch (error) {
    return error
  }
  throw new Error('expected the write to violate a constraint')
}

async function countCallCenters(db: Db, clientId: number): Promise<number> {
  const row = await db.selectFrom('call_centers').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('client_id', '=', clientId).executeTakeFirstOrThrow()
  return Number(row.n)
}

beforeAll(async () => {
  t = await buildTestApp()
  c = await createTestClient(t)
  probe = Fastify({ logger: false })
  registerErrorHandling(probe)
  probe.post('/duplicate', async () => {
    await t.db.insertInto('call_centers').values(callCenter(c.clientId, 'Probe')).execute()
    await t.db.insertInto('call_centers').values(callCenter(c.clientId, 'PROBE')).execute()
  })
  probe.post('/dangling', async () => {
    await t.db.insertInto('services').values({
      client_id: c.clientId, call_center_id: 987_654_321, name: 'S', call_direction: 'OUTBOUND',
      acd_feature_code: 'X', created_at: 1, modified_at: 1,
    }).execute()
  })
  await probe.ready()
})
afterAll(async () => {
  await probe?.close()
  await t?.close()
})

describe('database errors', () => {
  it('runs on the dialect the suite was started for', () => {
    expect(dialectOf(t.db)).toBe(process.env.TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite')
  })

  it('recognises a unique violation and names its columns', async () => {
    const other = await createTestClient(t)
    await t.db.insertInto('call_centers').values(callCenter(other.clientId, 'Main')).execute()
    const error = await caught(() => t.db.insertInto('call_centers').values(callCenter(other.clientId, 'MAIN')).execute())
    expect(isUniqueViolation(error)).toBe(true)
    expect(isForeignKeyViolation(error)).toBe(false)
    // pg names the constraint (call_centers_client_id_name_key_key), SQLite the columns.
    expect(violatedConstraint(error)).toContain('name_key')
  })

  it('recognises a foreign-key violation on a composite (client_id, id) reference', async () => {
    const other = await createTestClient(t)
    const [own] = await t.db.insertInto('call_centers').values(callCenter(other.clientId, 'Own')).returning('id').execute()
    // The call center exists, but under another client: the composite key refuses the link.
    const error = await caught(() => t.db.insertInto('services').values({
      client_id: c.clientId, call_center_id: own!.id, name: 'Cross', call_direction: 'OUTBOUND',
      acd_feature_code: 'X', created_at: 1, modified_at: 1,
    }).execute())
    expect(isForeignKeyViolation(error)).toBe(true)
    expect(isUniqueViolation(error)).toBe(false)
  })

  it('answers a duplicate with the vendor 400/202 body', async () => {
    const res = await probe.inject({ method: 'POST', url: '/duplicate' })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({
      code: 202, message: 'Invalid input [duplicate value]', errorCode: 202, errorMessage: 'Invalid input [duplicate value]',
    })
  })

  it('answers a dangling reference with the vendor 400/202 body', async () => {
    const res = await probe.inject({ method: 'POST', url: '/dangling' })
    expect(res.statusCode).toBe(400)
    const message = 'Invalid input [referenced object does not exist]'
    expect(res.json()).toEqual({ code: 202, message, errorCode: 202, errorMessage: message })
  })

  it('keeps nothing of a transaction that hit a constraint', async () => {
    const other = await createTestClient(t)
    await t.db.insertInto('call_centers').values(callCenter(other.clientId, 'Taken')).execute()
    const error = await caught(() => inTransaction(t.db, async (trx) => {
      await trx.insertInto('call_centers').values(callCenter(other.clientId, 'Fresh')).execute()
      await trx.insertInto('call_centers').values(callCenter(other.clientId, 'taken')).execute()
    }))
    expect(isUniqueViolation(error)).toBe(true)
    expect(await countCallCenters(t.db, other.clientId)).toBe(1)
  })
})
