/**
 * Second build step (`npm run build` runs it after tsc): the compiled CLI and
 * the batch worker, with their dependencies, as a few ES module files in
 * dist/bundle/. bin/dhi-migrate.js runs dist/bundle/main.js.
 *
 * Why: a one-file run used to load about 160 modules (110 compiled ones, 40 of
 * dockerfile-ast, ...). Node resolves, reads and compiles each on its own, and
 * that was a third of the run's wall time, more than the migration itself
 * (issue #8: a one-file run at most 3x `node -e 0`). The bundle is loaded in
 * one go; commands used rarely (batch, verify, interactive review, reports)
 * stay in chunks of their own, loaded only when used.
 *
 * The input is tsc's output (dist/src), so the bundle runs exactly the code
 * the type checker saw; dist/src stays for the benchmark and the tests that
 * import compiled modules.
 *
 *   node scripts/bundle.mjs
 */
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'src');
const outdir = join(root, 'dist', 'bundle');

const entryPoints = {
  main: join(compiled, 'cli', 'main.js'),
  // Found by the pool as './worker.js' next to its own chunk (src/batch/pool.ts).
  worker: join(compiled, 'batch', 'worker.js'),
};
for (const file of Object.values(entryPoints)) {
  if (!existsSync(file)) {
    console.error(`dhi-migrate bundle: ${file} is missing; run tsc first (npm run build does both)`);
    process.exit(2);
  }
}

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // CommonJS dependencies (yaml, the prompt library's helpers) require() Node
  // built-ins; inside an ES module that needs a real require in scope.
  banner: { js: "import { createRequire as __dhiCreateRequire } from 'node:module'; const require = __dhiCreateRequire(import.meta.url);" },
  // Chunks sit beside the entry points: the pool finds the worker relative to its own chunk.
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
});
