import { Command, CommanderError } from 'commander'
import { loadConfig } from '../config.ts'
import { createDb, type DbHandle } from '../db/database.ts'
import { CommandFailure, type CliContext } from './context.ts'
import { registerClientCommands } from './commands/client.ts'
import { registerContactCommands } from './commands/contacts.ts'
import { registerDatabaseCommands } from './commands/database.ts'
import { registerFixtureCommands } from './commands/fixture.ts'
import { registerTokenCommands } from './commands/token.ts'
import { registerUserCommands } from './commands/user.ts'

export function buildCli(context: CliContext): Command {
  const program = new Command('lvapi')
    .description('lvapi: LiveVox-compatible API server and provisioning tool. Honours DATABASE_URL.')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
  registerDatabaseCommands(program, context)
  registerClientCommands(program, context)
  registerUserCommands(program, context)
  registerTokenCommands(program, context)
  registerContactCommands(program, context)
  registerFixtureCommands(program, context)
  return program
}

/** Runs one command line; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let handle: DbHandle | undefined
  const context: CliContext = {
    db: () => (handle ??= createDb(loadConfig().DATABASE_URL, { poolSize: 4 })),
    print: (value) => process.stdout.write(`${JSON.stringify(value)}\n`),
  }
  try {
    await buildCli(context).parseAsync(argv, { from: 'user' })
    return 0
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2
    process.stderr.write(`lvapi: ${err instanceof Error ? err.message : String(err)}\n`)
    return err instanceof CommandFailure ? err.exitCode : 1
  } finally {
    await handle?.close()
  }
}
