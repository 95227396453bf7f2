import type { Command } from 'commander'
import { migrateToLatest } from '../../db/migrate.ts'
import { provisionClient } from '../../modules/configuration/clients/client.provisioning.ts'
import type { CliContext } from '../context.ts'
import { positiveInt } from './options.ts'

export function registerClientCommands(program: Command, context: CliContext): void {
  const client = program.command('client').description('provision clients')
  client.command('add').description('create a client; prints {"id":N}')
    .requiredOption('--code <code>', 'Client Code used at login')
    .requiredOption('--name <name>', 'display name')
    .option('--parent <id>', 'parent client id (makes a sub-client)', positiveInt)
    .action(async (options: { code: string; name: string; parent?: number }) => {
      const { db } = context.db()
      await migrateToLatest(db)
      context.print({ id: await provisionClient(db, { code: options.code, name: options.name, parentId: options.parent }, Date.now()) })
    })
}
