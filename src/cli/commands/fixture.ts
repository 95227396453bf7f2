import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { parseFixture } from '../../sandbox/fixtures/fixture.parse.ts'
import { dumpFixture, loadFixture } from '../../sandbox/fixtures/fixture.service.ts'
import type { CliContext } from '../context.ts'
import { openClient } from './options.ts'

/** Reads and parses the file before any database work: a file that is not a fixture costs nothing. */
async function readFixtureFile(file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new Error(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`)
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new Error(`${file}: not JSON (${(err as Error).message})`)
  }
}

export function registerFixtureCommands(program: Command, context: CliContext): void {
  const fixture = program.command('fixture').description('load and dump sandbox fixtures (docs/sandbox-fixtures.md)')
  fixture.command('load').description('add a fixture file\'s objects to a client in one transaction; prints the counts added')
    .argument('<file>', 'fixture JSON file')
    .requiredOption('--client <code>', 'client code')
    .action(async (file: string, options: { client: string }) => {
      const parsed = parseFixture(await readFixtureFile(file))
      const { db, clientId } = await openClient(context, options.client)
      context.print(await loadFixture(db, clientId, parsed, Date.now()))
    })
  fixture.command('dump').description('print a client\'s data as a fixture (one JSON line)')
    .requiredOption('--client <code>', 'client code')
    .action(async (options: { client: string }) => {
      const { db, clientId } = await openClient(context, options.client)
      context.print(await dumpFixture(db, clientId, Date.now()))
    })
}
