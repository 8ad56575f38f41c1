// Proves the real-build harness itself on hand-written Dockerfiles
// (test/e2e/cases/<name>/): originals on Docker Official Image stand-ins,
// hand-migrated versions on DHI stand-ins, and negative cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BuildahEnv, e2eSkipReason } from './harness.js';

const casesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cases');
const caseFile = (name: string, file: string) => path.join(casesDir, name, file);

const skipReason = e2eSkipReason();
if (skipReason) console.warn(`[e2e] SKIPPING real-build tests: ${skipReason}`);

describe.skipIf(skipReason !== null)('real-build harness (buildah + stand-in images)', () => {
  let env: BuildahEnv;
  beforeAll(() => {
    env = new BuildahEnv();
  });
  afterAll(async () => {
    await env?.cleanup();
  }, 30_000);

  describe('node: DOI entrypoint vs hand-migrated DHI', () => {
    const dir = path.join(casesDir, 'node-entrypoint');

    it('builds the original and the migrated Dockerfile', async () => {
      const orig = await env.build(caseFile('node-entrypoint', 'Dockerfile'), dir, 'e2e/node-orig');
      expect(orig.ok, orig.log).toBe(true);
      const migrated = await env.build(caseFile('node-entrypoint', 'Dockerfile.migrated'), dir, 'e2e/node-migrated');
      expect(migrated.ok, migrated.log).toBe(true);
    }, 60_000);

    it('original runs `node index.js` through docker-entrypoint.sh, as root', async () => {
      const r = await env.run('e2e/node-orig');
      expect(r.command).toEqual(['docker-entrypoint.sh', 'index.js']);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.ran).toEqual(['node', 'index.js']);
      expect(r.report).toMatchObject({ uid: 0, gid: 0, cwd: '/usr/src/app' });
    }, 30_000);

    it('the DOI entrypoint stand-in keeps the real argument rule', async () => {
      expect((await env.run('e2e/node-orig', { args: ['--version'] })).ran).toEqual(['node', '--version']);
      expect((await env.run('e2e/node-orig', { args: ['npm', 'start'] })).ran).toEqual(['npm', 'start']);
    }, 30_000);

    it('migrated runs `node index.js` as node (1000) in the same workdir, without a shell', async () => {
      const cfg = await env.inspect('e2e/node-migrated');
      expect(cfg).toMatchObject({ user: 'node', entrypoint: null, cmd: ['node', 'index.js'] });
      const r = await env.run('e2e/node-migrated');
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.ran).toEqual(['node', 'index.js']);
      expect(r.report).toMatchObject({ uid: 1000, gid: 1000, cwd: '/usr/src/app' });
      expect(await env.hasShell('e2e/node-migrated')).toBe(false);
      expect(await env.hasShell('e2e/node-orig')).toBe(true);
      expect(await env.fileInfo('e2e/node-migrated', '/usr/src/app/index.js')).toMatchObject({ uid: 1000, gid: 1000 });
    }, 30_000);

    it('a bare `index.js` CMD fails on DHI node (no entrypoint prepends node)', async () => {
      const r = await env.run('e2e/node-migrated', { args: ['index.js'] });
      expect(r.exitCode).not.toBe(0);
      expect(r.report).toBeUndefined();
      expect(r.stderr).toMatch(/executable file not found in \$PATH/);
    }, 30_000);
  });

  describe('python: ARG-templated FROMs, env and the nonroot user', () => {
    const dir = path.join(casesDir, 'python-app');

    it('both build and run `python3 app.py`; migrated as nonroot (65532) with its ENV', async () => {
      const orig = await env.build(caseFile('python-app', 'Dockerfile'), dir, 'e2e/py-orig');
      expect(orig.ok, orig.log).toBe(true);
      const migrated = await env.build(caseFile('python-app', 'Dockerfile.migrated'), dir, 'e2e/py-migrated');
      expect(migrated.ok, migrated.log).toBe(true);

      const a = await env.run('e2e/py-orig');
      const b = await env.run('e2e/py-migrated');
      expect(a.ran).toEqual(['python3', 'app.py']);
      expect(b.ran).toEqual(['python3', 'app.py']);
      expect(a.report).toMatchObject({ uid: 0, cwd: '/srv' });
      expect(b.report).toMatchObject({ uid: 65532, gid: 65532, cwd: '/srv' });
      expect(b.user).toEqual({ name: 'nonroot', uid: 65532, gid: 65532 });
      expect(b.report?.env.PYTHONPATH).toBe('/srv/deps');
      expect(await env.hasShell('e2e/py-migrated')).toBe(false);
    }, 60_000);
  });

  describe('negative cases', () => {
    const dir = path.join(casesDir, 'shell-in-runtime');

    it('a RUN in a final stage on a shell-less DHI runtime fails the build at that step', async () => {
      const r = await env.build(caseFile('shell-in-runtime', 'Dockerfile.migrated'), dir, 'e2e/neg-shell');
      expect(r.ok).toBe(false);
      expect(r.failedStep).toBe('RUN chmod 0555 app.py');
      expect(r.failedStage).toBe('2/2');
      expect(r.error).toMatch(/fork\/exec \/bin\/sh: no such file or directory/);
    }, 60_000);

    it('a DHI tag missing from the catalog fails at its FROM, before buildah runs', async () => {
      const r = await env.build(caseFile('shell-in-runtime', 'Dockerfile.unknown-tag'), dir, 'e2e/neg-tag');
      expect(r.ok).toBe(false);
      expect(r.failedStep).toBe('FROM dhi.io/python:2.7');
      expect(r.error).toMatch(/not in the DHI catalog/);
    }, 30_000);
  });
});
