import { availableParallelism } from 'node:os'
import { defaultServerConditions } from 'vite'
import { defineConfig } from 'vitest/config'

const allTests = ['src/**/*.test.ts', 'test/**/*.test.ts', 'packages/*/test/**/*.test.ts']

/**
 * Scale and process tests, each tens of seconds on the 2-core machine: they start the CLI bundle
 * as a child process per command, stream a quarter million contacts through a small heap, or
 * wait out a statement time limit. Together they were most of `npm test`'s time.
 */
const slowTests = [
  'test/platform/cli.test.ts',
  'test/platform/cli-operator.test.ts',
  'test/platform/cli-token.test.ts',
  'src/modules/contact/transfer/contacts-cli.test.ts',
  'src/sandbox/fixtures/fixture-cli.test.ts',
  'src/modules/contact/transfer/contact-export.memory.test.ts',
  'src/sandbox/fixtures/fixture.routes.test.ts',
  'src/sandbox/snapshots/tenant-rows.test.ts',
  'src/db/bounded-read.test.ts',
]

export default defineConfig({
  // @lvapi/client from its TypeScript source (packages/client/package.json "exports").
  ssr: { resolve: { conditions: ['lvapi-source', ...defaultServerConditions] } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker per core minus one: a single worker on the 2-core machine,
    // idle while a test waits for a child process, PostgreSQL or a time limit.
    maxWorkers: Math.max(2, availableParallelism()),
    // Cheap password hashes in tests only (src/lib/secrets.ts): the suite creates thousands.
    env: { LV_PASSWORD_HASH_COST: '10' },
    globalSetup: ['test/build-global-setup.ts', ...(process.env.TEST_DIALECT === 'postgres' ? ['test/pg-global-setup.ts'] : [])],
    // `npm test` runs the fast project, `npm run test:slow` the slow one; CI runs both, and
    // `npm run test:pg` runs both on PostgreSQL. A file path given to vitest runs in whichever
    // project holds it.
    projects: [
      { extends: true, test: { name: 'fast', include: allTests, exclude: slowTests } },
      { extends: true, test: { name: 'slow', include: slowTests } },
    ],
  },
})
