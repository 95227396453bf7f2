// Runs examples/*.jest.test.mjs as plain ESM (no transform): `lvapi/testing` resolves to the
// built dist/testing*.js (package.json "exports"), as it would from node_modules in your project.
// The server starts once in globalSetup; each test file takes its own tenant.
export default {
  rootDir: '..',
  testMatch: ['<rootDir>/examples/**/*.jest.test.mjs'],
  testEnvironment: 'node',
  transform: {},
  globalSetup: '<rootDir>/examples/jest.global-setup.mjs',
  globalTeardown: '<rootDir>/examples/jest.global-teardown.mjs',
  testTimeout: 30_000,
}
