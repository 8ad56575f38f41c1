/**
 * The CLI runs from the bundle (scripts/bundle.mjs, part of `npm run build`):
 * a one-file run loads a handful of files instead of ~160 modules, and the
 * commands it doesn't use stay unloaded. Module loads are observed with a
 * real module-loader hook (node:module register), not by reading the bundle.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scratchTree } from './run-cli.js';

const repoRoot = join(import.meta.dirname, '..');
const bin = join(repoRoot, 'bin', 'dhi-migrate.js');
const bundleDir = join(repoRoot, 'dist', 'bundle');
const missing = !existsSync(join(bundleDir, 'main.js'));
if (missing) console.warn(`[bundle] SKIPPING: ${bundleDir} is missing; run \`npm run build\` (npm test does)`);

/** Runs the CLI with a loader hook that records every file module it loads. */
function loadedModules(args: string[], cwd: string): { code: number | null; out: string; urls: string[] } {
  const log = join(cwd, 'loaded.txt');
  const hooks = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(${JSON.stringify(log)}, url + '\\n');
  return next(url, context);
}`;
  const register = join(cwd, 'register.mjs');
  writeFileSync(join(cwd, 'hooks.mjs'), hooks);
  writeFileSync(
    register,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(cwd, 'hooks.mjs')).href)});\n`,
  );
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, bin, ...args], { cwd, encoding: 'utf8' });
  const urls = readFileSync(log, 'utf8')
    .split('\n')
    .filter((u) => u && !u.startsWith(pathToFileURL(cwd).href));
  return { code: r.status, out: r.stdout, urls };
}

describe.skipIf(missing)('the bundled CLI', { timeout: 30_000 }, () => {
  it('migrates one file loading only the bundle: no compiled module, no node_modules, a few files', () => {
    const t = scratchTree({ Dockerfile: 'FROM python:3.12-slim-bookworm\nWORKDIR /app\nCOPY . .\nCMD ["python", "app.py"]\n' });
    try {
      const r = loadedModules(['Dockerfile'], t.dir);
      expect(r.code).toBe(0);
      expect(r.out).toContain('+FROM dhi.io/python:3.12-debian12');
      const bundleUrl = pathToFileURL(bundleDir).href + '/';
      const outside = r.urls.filter((u) => u !== pathToFileURL(bin).href && !u.startsWith(bundleUrl));
      expect(outside).toEqual([]);
      // Before the bundle this run loaded about 160 modules; esbuild's shared chunks make about 20.
      expect(r.urls.length).toBeLessThanOrEqual(30);
      // Chunks only other commands need (batch, verify, interactive review, SARIF) stay unloaded.
      const names = r.urls.map((u) => u.slice(bundleUrl.length));
      for (const lazy of ['batch-', 'verify-', 'sarif-', 'prompts']) expect(names.filter((n) => n.startsWith(lazy))).toEqual([]);
    } finally {
      t.cleanup();
    }
  });

  it('loads the lazy chunk of a command when it is used (SARIF output)', () => {
    const t = scratchTree({ Dockerfile: 'FROM node:22-alpine\nCMD ["node", "index.js"]\n' });
    try {
      const r = loadedModules(['--format', 'sarif', 'Dockerfile'], t.dir);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out).version).toBe('2.1.0');
      expect(r.urls.some((u) => /\/sarif-[A-Z0-9]+\.js$/.test(u))).toBe(true);
    } finally {
      t.cleanup();
    }
  });
});
