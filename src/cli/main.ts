// The CLI's entry point (`npm run lvapi` runs its bundle, dist/cli.js); the commands are in program.ts.
import { main } from './program.ts'

// main() turns a failed command into an exit code; anything else it lets through ends the
// process as an unhandled rejection would, which is what it should do.
void main(process.argv.slice(2)).then((code) => { process.exitCode = code })
