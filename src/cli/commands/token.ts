import type { Command } from 'commander'
import { addAccessToken, listAccessTokens, revokeAccessToken } from '../../modules/session/access-token.service.ts'
import type { CliContext } from '../context.ts'
import { openClient, positiveInt } from './options.ts'

export function registerTokenCommands(program: Command, context: CliContext): void {
  const token = program.command('token').description('provision LV-Access tokens')
  token.command('add').description('add an access token to a client; prints {"token":"..."} (shown once)')
    .requiredOption('--client <code>', 'client code')
    .option('--token <token>', 'token value (default: generated)')
    .action(async (options: { client: string; token?: string }) => {
      const { db, clientId } = await openClient(context, options.client)
      context.print({ token: await addAccessToken(db, clientId, Date.now(), options.token) })
    })
  token.command('list').description('list a client\'s access tokens: {"tokens":[{"id","createdDate","fingerprint"}]}; fingerprint = first 12 hex digits of the token\'s SHA-256 (null: stored before 0008, not used since)')
    .requiredOption('--client <code>', 'client code')
    .action(async (options: { client: string }) => {
      const { db, clientId } = await openClient(context, options.client)
      context.print({ tokens: await listAccessTokens(db, clientId) })
    })
  token.command('revoke').description('delete an access token (id from token list) and end the sessions opened with it')
    .requiredOption('--client <code>', 'client code')
    .requiredOption('--id <id>', 'token id', positiveInt)
    .action(async (options: { client: string; id: number }) => {
      const { db, clientId } = await openClient(context, options.client)
      if (!(await revokeAccessToken(db, clientId, options.id))) throw new Error(`access token ${options.id} of client ${options.client} not found`)
      context.print({ revoked: options.id })
    })
}
