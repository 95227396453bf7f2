import type { Command } from 'commander'
import { migrateToLatest } from '../../db/migrate.ts'
import { addAccessToken } from '../../modules/session/access-token.service.ts'
import type { CliContext } from '../program.ts'
import { requireClient } from './options.ts'

export function registerTokenCommands(program: Command, context: CliContext): void {
  const token = program.command('token').description('provision LV-Access tokens')
  token.command('add').description('add an access token to a client; prints {"token":"..."} (shown once)')
    .requiredOption('--client <code>', 'client code')
    .option('--token <token>', 'token value (default: generated)')
    .action(async (options: { client: string; token?: string }) => {
      const { db } = context.db()
      await migrateToLatest(db)
      const clientId = await requireClient(db, options.client)
      context.print({ token: await addAccessToken(db, clientId, Date.now(), options.token) })
    })
}
