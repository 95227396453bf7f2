// Bundles the server's own TypeScript (packages stay external) into dist/main.js. Loading one
// pre-built file instead of transpiling ~150 modules through tsx at every start saves most of
// a second of start-up (measured: 0.38 s vs 1.0-1.4 s to import the app).
import { build } from 'esbuild'

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
})
