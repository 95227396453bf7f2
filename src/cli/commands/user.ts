import { randomInt } from 'node:crypto'
import { InvalidArgumentError, type Command } from 'commander'
import { inTransaction } from '../../db/transaction.ts'
import { notFound } from '../../http/errors.ts'
import { touchList } from '../../db/list-modifications.ts'
import { randomAlphanumeric } from '../../lib/secrets.ts'
import type { UserRole } from '../../modules/configuration/users/user.table.ts'
import { createUser } from '../../modules/configuration/users/user.service.ts'
import { findUserByLoginId, insertUserService, updateUser } from '../../modules/configuration/users/user.repository.ts'
import { changedCredentials } from '../../modules/identity/credentials.ts'
import { unlockedColumns } from '../../modules/identity/lockout.ts'
import { deletePrincipalSessions } from '../../modules/identity/session-eviction.ts'
import { toManagerPower, POWER_LABELS } from '../../modules/configuration/users/user.powers.ts'
import type { CliContext } from '../context.ts'
import { openClient, positiveInt } from './options.ts'

const roles: Record<string, UserRole> = { sysadmin: 'SYSADMIN', superuser: 'SUPERUSER', it_user: 'IT_USER', manager: 'MANAGER' }

function parseRole(value: string): UserRole {
  const role = roles[value.toLowerCase()]
  if (!role) throw new InvalidArgumentError(`expected one of ${Object.keys(roles).join(', ')}`)
  return role
}

function parsePowers(value: string): string[] {
  return value.split(',').filter((p) => p.trim() !== '').map((name) => {
    const power = toManagerPower(name)
    if (!power) throw new InvalidArgumentError(`unknown power ${name} (administer_agents, modify_services)`)
    return POWER_LABELS[power]
  })
}

/** Like the bootstrap's: passes the password rules (8+ characters, a digit). */
function generatePassword(): string {
  return `${randomAlphanumeric(15)}${randomInt(10)}`
}

export function registerUserCommands(program: Command, context: CliContext): void {
  const user = program.command('user').description('provision LiveVox Users')
  user.command('add').description('create a user; prints {"id":N}')
    .requiredOption('--client <code>', 'client code')
    .requiredOption('--user <name>', 'login id')
    .requiredOption('--password <password>', 'password (8+ characters, one digit)')
    .requiredOption('--role <role>', 'sysadmin | superuser | it_user | manager', parseRole)
    .option('--power <powers>', 'Manager powers: administer_agents,modify_services', parsePowers)
    .option('--first-name <name>', 'first name')
    .option('--last-name <name>', 'last name')
    .action(async (options: { client: string; user: string; password: string; role: UserRole; power?: string[]; firstName?: string; lastName?: string }) => {
      const { db, clientId } = await openClient(context, options.client)
      const id = await createUser(db, clientId, {
        loginId: options.user, password: options.password, role: options.role,
        firstName: options.firstName ?? options.user, lastName: options.lastName ?? options.user,
        optionalManagerPowers: options.power ?? [],
      }, Date.now())
      context.print({ id })
    })

  user.command('grant').description('give a user access to a Service; prints {}')
    .requiredOption('--client <code>', 'client code')
    .requiredOption('--user <name>', 'login id')
    .requiredOption('--service <id>', 'service id', positiveInt)
    .action(async (options: { client: string; user: string; service: number }) => {
      const { db, clientId } = await openClient(context, options.client)
      const found = await findUserByLoginId(db, clientId, options.user)
      if (!found) throw notFound('User', options.user)
      const service = await db.selectFrom('services').select('id').where('client_id', '=', clientId).where('id', '=', options.service).executeTakeFirst()
      if (!service) throw notFound('Service', options.service)
      await insertUserService(db, clientId, found.id, options.service)
      context.print({})
    })

  // The way back in when a password is lost (the first start shows the bootstrapped one once)
  // or a user locked itself out: what Update LiveVox User does with password and unlock.
  user.command('set-password').description('set a user\'s password, unlock it and end its sessions; prints {"id":N}, plus "password" when generated')
    .requiredOption('--client <code>', 'client code')
    .requiredOption('--user <name>', 'login id')
    .option('--password <password>', 'new password (8+ characters, one digit, none of the last 4; default: generated and printed)')
    .action(async (options: { client: string; user: string; password?: string }) => {
      const { db, clientId } = await openClient(context, options.client)
      const found = await findUserByLoginId(db, clientId, options.user)
      if (!found) throw notFound('User', options.user)
      const generated = options.password === undefined ? generatePassword() : undefined
      const now = Date.now()
      // A new stamp ends the user's sessions on every running instance (session.store.ts).
      const credentials = await changedCredentials(options.password ?? generated, found, now)
      await inTransaction(db, async (trx) => {
        await updateUser(trx, clientId, found.id, { ...credentials, ...unlockedColumns(), modified_at: now })
        await deletePrincipalSessions(trx, { clientId, type: 'USER', id: found.id })
        await touchList(trx, clientId, 'users', now)
      })
      context.print(generated === undefined ? { id: found.id } : { id: found.id, password: generated })
    })
}
