import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'
import { loadConfig } from '../../config.ts'
import { migrateToLatest } from '../../db/migrate.ts'
import { seedDemoData } from '../../demo/demo-data.ts'
import type { CliContext } from '../context.ts'
import { runServerProcess } from '../server-process.ts'
import { openClient } from './options.ts'

export function registerDatabaseCommands(program: Command, context: CliContext): void {
  program.command('serve').description('run the HTTP server (same as npm start)')
    .action(async () => {
      // The bundle runs the server bundle beside it in a process of its own, with the flags `npm
      // start` gives it (server-process.ts); from source (no bundle beside it) in this process.
      const bundle = fileURLToPath(new URL('main.js', import.meta.url))
      if (import.meta.url.endsWith('/dist/cli.js') && existsSync(bundle)) {
        // The server's exit code is the command's, whatever main() would make of a finished command.
        process.exit(await runServerProcess(bundle))
      }
      // Loaded here, not at the top: every other command would otherwise load the whole app.
      const { serve } = await import('../../server.ts')
      await serve(loadConfig())
      await new Promise(() => {})
    })

  program.command('migrate').description('apply pending database migrations')
    .action(async () => {
      const applied = await migrateToLatest(context.db().db)
      context.print({ applied })
    })

  program.command('seed-demo').description('add the demo data set to an existing client')
    .requiredOption('--client <code>', 'client code', loadConfig().LV_CLIENT_CODE)
    .action(async (options: { client: string }) => {
      const { db, clientId } = await openClient(context, options.client)
      await seedDemoData(db, clientId, Date.now())
      context.print({ clientId })
    })
}
