import { defineConfig } from 'vitest/config'

// The examples import `lvapi/testing` as a user would; the `lvapi-source` condition
// (package.json "exports") loads it from TypeScript, so they run without a build.
export default defineConfig({
  resolve: { conditions: ['lvapi-source'] },
  test: { include: ['examples/**/*.vitest.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
})
