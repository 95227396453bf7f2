import { setFlagsFromString } from 'node:v8'
import { buildApp } from './app.ts'
import { bootstrap, type BootstrapResult } from './bootstrap.ts'
import { loadConfig, type Config } from './config.ts'
import { createDb } from './db/database.ts'
import { logTransport } from './http/request-log.ts'
import { releaseHeapWhenIdle } from './lib/idle-memory.ts'

function loginHelp(config: Config, result: BootstrapResult, url: string): string {
  const lines = [
    `lvapi: bootstrapped client ${result.clientCode} (id ${result.clientId}) with Sysadmin user "${result.adminUser}".`,
  ]
  if (result.generatedPassword) lines.push(`  admin password (shown once): ${result.generatedPassword}`)
  if (result.generatedToken) lines.push(`  access token   (shown once): ${result.generatedToken}`)
  lines.push(
    '  log in with:',
    `  curl -s -X POST ${url}/session/login -H 'LV-Access: ${result.generatedToken ?? '<LV_ACCESS_TOKEN>'}' \\`,
    `    -H 'Content-Type: application/json' -d '{"clientName":"${config.LV_CLIENT_CODE}","userName":"${config.LV_ADMIN_USER}","password":"${result.generatedPassword ?? '<LV_ADMIN_PASSWORD>'}"}'`,
  )
  return lines.join('\n')
}

/**
 * A start on an existing database bootstraps nothing and shows no secret: one line that says how
 * to log in, and how to get back in when the first start's password or token is lost.
 */
function restartHelp(config: Config, url: string): string {
  const cli = 'npm run --silent lvapi --'
  return `lvapi: existing database, nothing bootstrapped. Log in with POST ${url}/session/login (LV-Access token; `
    + `clientName ${config.LV_CLIENT_CODE}, userName ${config.LV_ADMIN_USER}); lost the password or token? `
    + `${cli} user set-password --client ${config.LV_CLIENT_CODE} --user ${config.LV_ADMIN_USER} / ${cli} token add --client ${config.LV_CLIENT_CODE}`
}

/** Starts the server: migrate, bootstrap an empty database, listen, and close gracefully on SIGTERM/SIGINT. */
export async function serve(config: Config = loadConfig()): Promise<void> {
  const dbHandle = createDb(config.DATABASE_URL, {
    poolSize: config.DATABASE_POOL_SIZE, statementTimeoutMs: config.LV_STATEMENT_TIMEOUT_MS, vacuumAfterLoads: true,
  })
  // The old generation's growth: SERVER_NODE_ARGS's 50% keeps a SQLite server's peak RSS under
  // 200 MB through a bulk load (its 16 MiB page cache lives in the process). A PostgreSQL server's
  // cache lives in PostgreSQL, and its Bulk Create spends ~7% more CPU on mark-compacts at 60% than
  // at 100% (bench/realistic-results.md, session 9), so it goes back to 100%. V8 reads this flag
  // whenever it sets the next mark-compact's limit, so it can change once the database is known
  // (unlike the young generation's size, fixed at start).
  if (dbHandle.dialect === 'postgres') setFlagsFromString('--heap-growing-percent=100')
  const result = await bootstrap(dbHandle, config, Date.now())
  const app = await buildApp({ config, dbHandle, logTransport: logTransport(process.stdout.isTTY === true) })
  const address = await app.listen({ port: config.PORT, host: config.HOST })
  releaseHeapWhenIdle()
  // The handlers go in before the help line: that line tells an operator (or a supervisor) the
  // server is up, and a SIGTERM that came before them would meet the default disposition and end
  // the process by signal, without draining (seen as a null exit code on a loaded machine).
  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'draining requests and closing the database')
    app.close().then(() => process.exit(0), (err) => {
      app.log.error({ err }, 'error while closing')
      process.exit(1)
    })
  }
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))
  process.stderr.write(`${result.created ? loginHelp(config, result, address) : restartHelp(config, address)}\n`)
}
