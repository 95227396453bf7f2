/**
 * npm run client:generate: writes packages/client/src/schema.d.ts, the typed client's view of the
 * API, from the document this server serves at /openapi.json. npm run client:check (`--check`)
 * generates to a temporary file instead and fails with the diff when the committed types no
 * longer match the routes, so a schema change cannot ship without its client types.
 *
 * The document comes from the app itself (served-document.ts): the same routes, no port, no state.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript'
import { servedDocument } from './served-document.ts'

const TARGET = fileURLToPath(new URL('../packages/client/src/schema.d.ts', import.meta.url))

async function generate(): Promise<string> {
  const doc = await servedDocument()
  const ast = await openapiTS(doc as never, { silent: true })
  return `${COMMENT_HEADER}// From lvapi's /openapi.json by \`npm run client:generate\`; \`npm run client:check\` compares it with the routes.\n\n${astToString(ast)}`
}

const text = await generate()
if (process.argv.includes('--check')) {
  const dir = mkdtempSync(join(tmpdir(), 'lvapi-client-'))
  try {
    const fresh = join(dir, 'schema.d.ts')
    writeFileSync(fresh, text)
    let committed = ''
    try {
      committed = readFileSync(TARGET, 'utf8')
    } catch {
      // no file yet: the diff below shows everything as missing
    }
    if (committed !== text) {
      const diff = spawnSync('diff', ['-u', '--label', 'packages/client/src/schema.d.ts', '--label', 'served /openapi.json', TARGET, fresh], { encoding: 'utf8' })
      process.stdout.write(diff.stdout || diff.stderr || '')
      process.stderr.write('client:check: packages/client/src/schema.d.ts does not match the served OpenAPI document; run npm run client:generate and commit it\n')
      process.exitCode = 1
    } else {
      process.stdout.write('client:check: packages/client/src/schema.d.ts matches the served OpenAPI document\n')
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
} else {
  writeFileSync(TARGET, text)
  process.stdout.write(`client:generate: wrote ${TARGET}\n`)
}
