// npm run lint: typescript-eslint's type-aware recommended rules, import cycles, and the layer
// boundaries of docs/architecture.md written as no-restricted-imports patterns (a broken
// boundary fails CI instead of waiting for a reviewer to notice it).
import tseslint from 'typescript-eslint'
import importX from 'eslint-plugin-import-x'

/** Test code anywhere in the tree: it may reach into test/ and use test-only helpers. */
const testFiles = ['**/*.test.ts', 'test/**', '**/*.test-support.ts', '**/test-fixtures.ts']

const noTestOrBench = [
  { group: ['**/test/**', '!**/packages/client/test/**'], message: 'src/ never imports test code (docs/architecture.md: no test-only code in src/).' },
  { group: ['**/bench/**'], message: 'bench code is measurement only; src/ never imports it.' },
]

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'tmp/**', 'packages/*/dist/**', 'packages/client/src/schema.d.ts', '**/*.mjs', '**/*.js', '**/*.cjs'],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/extensions': ['.ts'], 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: {
      // Cycles make module order matter at start-up and hide which layer owns a fact (issue 12).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // Unused parameters named _x are deliberate (Fastify hook signatures).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Fastify plugins, hooks and handlers are async by contract (a throw must become a
      // rejection the error handler sees), whether or not their body awaits.
      '@typescript-eslint/require-await': 'off',
    },
  },
  // Layer boundaries (docs/architecture.md). Later blocks replace the option of earlier ones for
  // the same rule, so each block lists every pattern that applies to its files.
  {
    files: ['src/**/*.ts'],
    ignores: testFiles,
    rules: { 'no-restricted-imports': ['error', { patterns: noTestOrBench }] },
  },
  {
    // The HTTP plumbing and the libraries below it know no resource module: modules depend on
    // them, never the other way round.
    files: ['src/http/**/*.ts', 'src/lib/**/*.ts'],
    ignores: testFiles,
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [...noTestOrBench,
          { group: ['**/modules/**', '**/sandbox/**', '**/demo/**', '**/cli/**'], message: 'src/http and src/lib sit below the modules (docs/architecture.md).' }],
      }],
    },
  },
  {
    // db/ sees modules only through their table types (Database = every module's *.table.ts).
    files: ['src/db/**/*.ts'],
    ignores: testFiles,
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [...noTestOrBench,
          { regex: '/(modules|sandbox)/(?!.*\\.table\\.ts$)|/(demo|cli|http)/', message: 'src/db sees modules only through their *.table.ts types (docs/architecture.md).' }],
      }],
    },
  },
  {
    // Repositories are Kysely only: no routes or plugins above them (visibility filters from
    // src/http are `.where(...)` arguments and allowed).
    files: ['src/**/*.repository.ts'],
    ignores: testFiles,
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [...noTestOrBench,
          { group: ['**/*.routes.ts', '**/*.plugin.ts', '**/http/routing.ts', '**/http/error-handler.ts'], message: 'A repository is Kysely only; it never imports routes (docs/architecture.md).' }],
      }],
    },
  },
  {
    // Tests, examples and the bench: light-my-request's res.json() (and the bench's response.json())
    // is `any` by design; tests read it and assert whole bodies with toEqual, so the unsafe-any
    // family would flag every assertion and catch nothing.
    files: [...testFiles, 'examples/**', 'packages/client/test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // `res.json() as T` states the body the test expects; that the compiler could infer T from
      // the assertion (res.json<T>()) is style, not a defect.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
)
