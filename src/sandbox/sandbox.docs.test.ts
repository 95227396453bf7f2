import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, root), 'utf8')

/** A file as docs/sandbox.md shows it: without its leading comment lines. */
const shown = (path: string) => read(path).replace(/^(\/\/[^\n]*\n)+/, '').trimEnd()

describe('docs/sandbox.md', () => {
  it.each([
    'examples/sandbox.vitest.test.ts',
    'examples/sandbox.jest.test.mjs',
    'examples/jest.config.mjs',
    'examples/jest.global-setup.mjs',
    'examples/jest.global-teardown.mjs',
  ])('shows %s as CI runs it', (path) => {
    expect(read('docs/sandbox.md')).toContain(shown(path))
  })

  it('documents every control route', async () => {
    const { buildTestApp } = await import('../../test/app.ts')
    const t = await buildTestApp()
    try {
      const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> }
      const text = read('docs/sandbox.md')
      const routes = Object.entries(doc.paths).filter(([path]) => path.startsWith('/_lvapi/'))
        .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
      expect(routes.length).toBeGreaterThan(10)
      // Each path shows up with a curl line: parameters are written as example values there.
      const missing = routes.filter((r) => {
        const pattern = r.split(' ')[1]!.replace(/\{[^}]+\}/g, '[^/ "?]+').replace(/\//g, '\\/')
        return !new RegExp(`\\$LV${pattern}(["?\\s]|$)`, 'm').test(text)
      })
      expect(missing).toEqual([])
    } finally {
      await t.close()
    }
  })
})
