import { InvalidArgumentError, type Command } from 'commander'
import { migrateToLatest } from '../../db/migrate.ts'
import { notFound } from '../../http/errors.ts'
import type { UserRole } from '../../modules/configuration/users/user.table.ts'
import { createUser } from '../../modules/configuration/users/user.service.ts'
import { findUserByLoginId, insertUserService } from '../../modules/configuration/users/user.repository.ts'
import { toManagerPower, POWER_LABELS } from '../../modules/configuration/users/user.powers.ts'
import type { CliContext } from '../program.ts'
import { positiveInt, requireClient } from './options.ts'

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
      const { db } = context.db()
      await migrateToLatest(db)
      const clientId = await requireClient(db, options.client)
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
      const { db } = context.db()
      await migrateToLatest(db)
      const clientId = await requireClient(db, options.client)
      const found = await findUserByLoginId(db, clientId, options.user)
      if (!found) throw notFound('User', options.user)
      const service = await db.selectFrom('services').select('id').where('client_id', '=', clientId).where('id', '=', options.service).executeTakeFirst()
      if (!service) throw notFound('Service', options.service)
      await insertUserService(db, clientId, found.id, options.service)
      context.print({})
    })
}
