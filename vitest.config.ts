import { defaultServerConditions } from 'vite'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // @lvapi/client from its TypeScript source (packages/client/package.json "exports").
  ssr: { resolve: { conditions: ['lvapi-source', ...defaultServerConditions] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Cheap password hashes in tests only (src/lib/secrets.ts): the suite creates thousands.
    env: { LV_PASSWORD_HASH_COST: '10' },
    globalSetup: ['test/build-global-setup.ts', ...(process.env.TEST_DIALECT === 'postgres' ? ['test/pg-global-setup.ts'] : [])],
  },
})
