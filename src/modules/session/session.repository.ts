import type { Kysely } from 'kysely'
import type { Database, Db } from '../../db/database.ts'
import { preparedQuery, type Param } from '../../db/prepared.ts'
import type { NewSessionRow, SessionRow } from './session.table.ts'

export async function findSession(db: Db, sessionId: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirst()
}

export async function findReusableSession(
  db: Db, clientId: number, principalType: 'USER' | 'AGENT', principalId: number, accessTokenId: number,
): Promise<SessionRow | undefined> {
  return (await reusableSessionQuery(db, clientId, principalType, principalId, accessTokenId))[0]
}

// Every login runs this and touchSession: compiled once (db/prepared.ts), not built per request.
const reusableSessionQuery = preparedQuery((
  db: Kysely<Database>, clientId: Param<number>, principalType: Param<'USER' | 'AGENT'>, principalId: Param<number>, accessTokenId: Param<number>,
) => db.selectFrom('sessions').selectAll()
  .where('client_id', '=', clientId)
  .where('principal_type', '=', principalType)
  .where('principal_id', '=', principalId)
  .where('access_token_id', '=', accessTokenId)
  .orderBy('last_access_at', 'desc')
  .limit(1))

export async function insertSession(db: Db, row: NewSessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute()
}

export async function touchSession(db: Db, sessionId: string, at: number): Promise<void> {
  await touchSessionQuery(db, sessionId, at)
}

const touchSessionQuery = preparedQuery((db: Kysely<Database>, sessionId: Param<string>, at: Param<number>) =>
  db.updateTable('sessions').set({ last_access_at: at }).where('id', '=', sessionId))

export async function deleteSession(db: Db, sessionId: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('id', '=', sessionId).executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

export async function deleteSessionsIdleSince(db: Db, cutoff: number): Promise<void> {
  await db.deleteFrom('sessions').where('last_access_at', '<', cutoff).execute()
}

export interface SessionListRow {
  id: string
  session_key: string
  principal_type: 'USER' | 'AGENT'
  principal_id: number
  created_at: number
  last_access_at: number
  user_name: string | null
  user_role: string | null
}

/** Sessions of a client still inside their 2-hour window, with the principal's login name. */
export async function listSessions(
  db: Db, clientId: number, activeSince: number,
  options: { hideSysadmins: boolean; limit: number; offset: number; sessionId?: string; sessionKey?: string },
): Promise<SessionListRow[]> {
  return db.selectFrom('sessions as s')
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 's.principal_id').on('s.principal_type', '=', 'USER').onRef('u.client_id', '=', 's.client_id'))
    .leftJoin('agents as a', (j) => j.onRef('a.id', '=', 's.principal_id').on('s.principal_type', '=', 'AGENT').onRef('a.client_id', '=', 's.client_id'))
    .select((eb) => [
      's.id', 's.session_key', 's.principal_type', 's.principal_id', 's.created_at', 's.last_access_at',
      eb.fn.coalesce('u.login_id', 'a.login_id').as('user_name'),
      'u.role as user_role',
    ])
    .where('s.client_id', '=', clientId)
    .where('s.last_access_at', '>=', activeSince)
    .$if(options.sessionId !== undefined, (qb) => qb.where('s.id', '=', options.sessionId!))
    .$if(options.sessionKey !== undefined, (qb) => qb.where('s.session_key', '=', options.sessionKey!))
    .$if(options.hideSysadmins, (qb) => qb.where((eb) => eb.or([eb('u.role', 'is', null), eb('u.role', '!=', 'SYSADMIN')])))
    .orderBy('s.created_at').orderBy('s.id')
    .limit(options.limit).offset(options.offset)
    .execute()
}

/** What the session check needs about the principal, in one query per kind. */
export interface PrincipalState {
  loginId: string
  role: string
  active: number
  passwordLastModified: number
  managerPowers: string
  excludedPowers: string
  passwordExpirationDays: number
}

export async function findPrincipalState(db: Db, clientId: number, type: 'USER' | 'AGENT', id: number): Promise<PrincipalState | undefined> {
  if (type === 'USER') {
    return db.selectFrom('users').innerJoin('clients', 'clients.id', 'users.client_id')
      .select([
        'users.login_id as loginId', 'users.role as role', 'users.active as active',
        'users.password_last_modified as passwordLastModified',
        'users.optional_manager_powers as managerPowers', 'users.optional_excluded_powers as excludedPowers',
        'clients.password_expiration_days as passwordExpirationDays',
      ])
      .where('users.client_id', '=', clientId).where('users.id', '=', id)
      .executeTakeFirst()
  }
  const row = await db.selectFrom('agents').innerJoin('clients', 'clients.id', 'agents.client_id')
    .select([
      'agents.login_id as loginId', 'agents.active as active',
      'agents.password_last_modified as passwordLastModified',
      'clients.password_expiration_days as passwordExpirationDays',
    ])
    .where('agents.client_id', '=', clientId).where('agents.id', '=', id)
    .executeTakeFirst()
  return row && { ...row, role: 'AGENT', managerPowers: '[]', excludedPowers: '[]' }
}

export async function listGrantedServiceIds(db: Db, clientId: number, type: 'USER' | 'AGENT', id: number): Promise<number[]> {
  const rows = type === 'USER'
    ? await db.selectFrom('user_services').select('service_id').where('client_id', '=', clientId).where('user_id', '=', id).execute()
    : await db.selectFrom('agent_services').select('service_id').where('client_id', '=', clientId).where('agent_id', '=', id).execute()
  return rows.map((r) => r.service_id)
}

/** The client and every descendant (README §7.3 sub-clients). */
export async function listClientSubtree(db: Db, clientId: number): Promise<number[]> {
  const rows = await db.withRecursive('tree(id)', (qb) => qb.selectFrom('clients').select('id').where('id', '=', clientId)
    .unionAll((u) => u.selectFrom('clients').innerJoin('tree', 'tree.id', 'clients.parent_id').select('clients.id')))
    .selectFrom('tree').select('id').execute()
  return rows.map((r) => Number(r.id))
}
