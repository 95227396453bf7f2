/**
 * npm run lint:openapi: writes the served /openapi.json to dist/openapi.json and runs Redocly's
 * linter on it with redocly.yaml (the recommended ruleset; every warning that remains is listed,
 * with its reason, in .redocly.lint-ignore.yaml). Fails on any error or on a new warning, so CI
 * catches a route whose document a generator or linter would refuse.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { servedDocument } from './served-document.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
// A fixed path: the ignore file names the document it applies to.
const FILE = 'dist/openapi.json'
mkdirSync(join(ROOT, 'dist'), { recursive: true })
writeFileSync(join(ROOT, FILE), `${JSON.stringify(await servedDocument(), null, 2)}\n`)
const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'redocly'), ['lint', FILE, '--max-problems', '1000', ...process.argv.slice(2)], {
  cwd: ROOT, stdio: 'inherit', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
})
process.exitCode = run.status ?? 1
