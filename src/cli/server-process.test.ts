import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runServerProcess, SERVER_ENV, SERVER_NODE_ARGS } from './server-process.ts'

const root = new URL('../../', import.meta.url)
const text = (file: string) => readFileSync(new URL(file, root), 'utf8')

describe('the server process (npm start, the container, lvapi serve)', () => {
  it('is started with the same node flags and environment everywhere', () => {
    const env = Object.entries(SERVER_ENV).map(([name, value]) => `${name}=${value}`)
    const start = (JSON.parse(text('package.json')) as { scripts: { start: string } }).scripts.start
    expect(start.split('&&').at(-1)!.trim()).toBe([...env, 'node', ...SERVER_NODE_ARGS, 'dist/main.js'].join(' '))
    const dockerfile = text('Dockerfile')
    expect(dockerfile).toContain(`CMD ${JSON.stringify(['node', ...SERVER_NODE_ARGS, 'dist/main.js']).replaceAll(',', ', ')}`)
    for (const line of env) expect(dockerfile).toContain(line)
  })

  it('runs a script with those flags and that environment, and answers its exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lvapi-server-process-'))
    try {
      const script = join(dir, 'probe.mjs')
      const out = join(dir, 'out.json')
      writeFileSync(script, `import { writeFileSync } from 'node:fs'
writeFileSync(${JSON.stringify(out)}, JSON.stringify({ execArgv: process.execArgv, malloc: process.env.MALLOC_MMAP_THRESHOLD_, trim: process.env.MALLOC_TRIM_THRESHOLD_ }))
process.exit(3)
`)
      expect(await runServerProcess(script)).toBe(3)
      expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ execArgv: [...SERVER_NODE_ARGS], malloc: SERVER_ENV.MALLOC_MMAP_THRESHOLD_, trim: SERVER_ENV.MALLOC_TRIM_THRESHOLD_ })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
