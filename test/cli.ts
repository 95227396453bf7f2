import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

/**
 * The CLI as an operator runs it (`npm run --silent lvapi -- …`): the bundle dist/cli.js, built
 * once for the whole run by test/build-global-setup.ts.
 */
const run = promisify(execFile)
export const root = new URL('../', import.meta.url).pathname
export const CLI = ['dist/cli.js']

export interface CliResult { code: number; stdout: string; stderr: string }

export async function lvapi(args: string[], env: Record<string, string>): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...CLI, ...args], {
      cwd: root, env: { ...process.env, ...env }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024,
    })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const failure = e as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof failure.code === 'number' ? failure.code : -1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' }
  }
}
