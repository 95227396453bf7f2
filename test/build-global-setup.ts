import { execFileSync } from 'node:child_process'

/** Builds dist/ as `npm run lvapi` and `npm start` do, so tests run what operators run. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: new URL('../', import.meta.url).pathname, stdio: 'inherit' })
}
