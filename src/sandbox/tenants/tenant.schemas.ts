import { Type, type Static } from '@sinclair/typebox'
import { Str } from '../../http/schemas.ts'
import { FixtureSchema } from '../fixtures/fixture.schemas.ts'

export const CreateTenantBody = Type.Object({
  demo: Type.Optional(Type.Boolean({ description: 'true: the tenant gets the demo data set (call centers, services, 60 agents, 6,000 contacts ...)' })),
  code: Type.Optional(Str(64, { pattern: '^[A-Za-z0-9_.-]{1,64}$', description: 'client code; generated (SB...) when absent' })),
  name: Type.Optional(Str(255, { description: 'client display name' })),
  password: Type.Optional(Str(128, { minLength: 8, description: 'Sysadmin password; when absent the server\'s generated sandbox password (no per-tenant hashing cost)' })),
  fixture: Type.Optional(FixtureSchema),
}, { additionalProperties: false, examples: [{ demo: true }, {}] })
export type CreateTenantBodyType = Static<typeof CreateTenantBody>

const Login = Type.Object({ userName: Type.String(), password: Type.String() })

export const TenantSchema = Type.Object({
  clientId: Type.Integer(),
  clientCode: Type.String({ description: 'clientName at Login' }),
  accessToken: Type.String({ description: 'LV-Access header at Login' }),
  userName: Type.String({ description: 'the tenant\'s Sysadmin' }),
  password: Type.String(),
  baseUrl: Type.String({ description: 'where this server answered the request' }),
  demoUsers: Type.Optional(Type.Object({ manager: Login, agent: Login }, { description: 'demo logins, with demo data only' })),
}, {
  examples: [{
    clientId: 2, clientCode: 'SB4K2M9QX7TA', accessToken: 'w3Jc0aXn5ZbQyL8rVtE1uGk6HdP2sMfN', userName: 'admin',
    password: 'a8Xk2LmQ9vRt3Yz5', baseUrl: 'http://127.0.0.1:8080',
  }],
})

export const TenantParams = Type.Object({ tenant: Str(64, { description: 'client code or client id of a root client' }) })
export const SnapshotParams = Type.Object({
  tenant: Str(64, { description: 'client code or client id of a root client' }),
  name: Str(64, { description: 'snapshot name: letters, digits, _ . -' }),
})

export const PoolSchema = Type.Object({
  size: Type.Integer({ description: 'demo tenants this server keeps ready (LV_SANDBOX_POOL; 0: no pool)' }),
  ready: Type.Integer({ description: 'parked demo tenants ready now, in the whole database' }),
}, { examples: [{ size: 4, ready: 4 }] })

export const SnapshotInfoSchema = Type.Object({ name: Type.String(), takenAt: Type.Integer({ description: 'epoch millis (server clock)' }) })
export const SnapshotList = Type.Object({ snapshots: Type.Array(SnapshotInfoSchema) })
