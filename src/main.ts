// The server's entry point (`npm start` runs its bundle, dist/main.js): serve() is in server.ts,
// so importing it (the CLI's `serve`) never starts a second server.
import { serve } from './server.ts'

serve().catch((err) => {
  process.stderr.write(`lvapi: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
