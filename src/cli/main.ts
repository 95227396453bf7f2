// The CLI's entry point (`npm run lvapi` runs its bundle, dist/cli.js); the commands are in program.ts.
import { main } from './program.ts'

main(process.argv.slice(2)).then((code) => { process.exitCode = code })
