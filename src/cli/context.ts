/**
 * What the commands (commands/*.ts) get from the program (program.ts), apart from it: the
 * program imports every command, so a command importing the program made a loop.
 */
import type { DbHandle } from '../db/database.ts'

/** What every command gets: the configured database, opened on first use and closed at exit. */
export interface CliContext {
  db(): DbHandle
  /** Writes the command's JSON result to stdout. */
  print(value: unknown): void
}

/**
 * A command that ran and printed its result but must still exit non-zero (an import that left
 * records out): its one-line message goes to stderr, its exit code to the shell.
 */
export class CommandFailure extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message)
  }
}
