/**
 * Batch mode on real worker threads: the compiled binary (dist/, built by
 * `npm test`) on the real git repositories of batch-fixture.ts. Skipped, with
 * a warning, when dist/ has not been built.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILES, git, makeRepos } from './batch-fixture.js';

const repoRoot = join(import.meta.dirname, '..');
const bin = join(repoRoot, 'bin', 'dhi-migrate.js');
const compiledWorker = join(repoRoot, 'dist', 'bundle', 'worker.js');
const missing = !existsSync(compiledWorker);
if (missing) console.warn(`[batch-workers] SKIPPING: ${compiledWorker} is missing; run \`npm run build\` (npm test does)`);

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe.skipIf(missing)('batch on worker threads (compiled)', { timeout: 30_000 }, () => {
  it('--jobs 1 and --jobs 2 give identical reports and patches, and the patches apply', () => {
    const root = makeRepos();
    const one = cli(['batch', 'repos', '-j', '1', '--report-json', 'j1.json', '--report-md', 'j1.md', '--patch-dir', 'p1'], root);
    const two = cli(['batch', 'repos', '-j', '2', '--report-json', 'j2.json', '--report-md', 'j2.md', '--patch-dir', 'p2'], root);
    expect(one.code).toBe(2);
    expect(two.code).toBe(2);
    expect(two.err).toMatch(/^dhi-migrate: repos\/beta\/tools\/Dockerfile: binary file$/m);
    expect(two.err).toMatch(/^5 repositories, 7 files in [\d.]+ s \([\d.]+ files\/s\)$/m);
    expect(two.out).toMatch(/\| \*\*Dockerfiles\*\* +\| +7 \|/);

    const text = (f: string) => readFileSync(join(root, f), 'utf8');
    expect(text('j2.json')).toBe(text('j1.json').replaceAll('p1/', 'p2/'));
    expect(text('j2.md')).toBe(text('j1.md').replaceAll('p1/', 'p2/'));
    const report = JSON.parse(text('j2.json'));
    expect(report.totals.images).toEqual({ total: 8, migrated: 6, unmapped: 1, alreadyDhi: 1 });
    for (const name of ['alpha', 'beta', 'gamma']) {
      expect(text(`p2/${name}.patch`)).toBe(text(`p1/${name}.patch`));
      git(join(root, 'repos', name), 'apply', join(root, 'p2', `${name}.patch`));
    }
    expect(text('repos/beta/Dockerfile')).toMatch(/^FROM dhi\.io\/node:24-alpine\n/);
  });

  it('--git-branch commits from the workers', () => {
    const root = makeRepos();
    const r = cli(['batch', 'repos', '-j', '2', '--git-branch', 'dhi-migration', '-q'], root);
    expect(r.code).toBe(2); // gamma is dirty, beta has a binary Dockerfile
    for (const name of ['alpha', 'beta']) {
      const dir = join(root, 'repos', name);
      expect(git(dir, 'branch', '--show-current').trim()).toBe('dhi-migration');
      expect(git(dir, 'log', '-1', '--format=%s')).toMatch(/^Migrate .* to Docker Hardened Images$/m);
    }
    expect(git(join(root, 'repos/gamma'), 'branch', '--show-current').trim()).toBe('main');
    expect(readFileSync(join(root, 'repos/gamma/Dockerfile'), 'utf8')).toBe(FILES.gamma);
  });

  it('a job that throws in a worker is an internal error for its repository; the pool goes on', async () => {
    const { createExecutor } = await import(join(repoRoot, 'dist', 'src', 'batch', 'pool.js'));
    const root = makeRepos();
    const executor = createExecutor(1);
    expect(executor.kind).toBe('worker-threads');
    try {
      await expect(executor.run({ repo: null }, () => undefined)).rejects.toThrow(/TypeError/);
      const job = {
        repo: { name: 'epsilon', absPath: join(root, 'repos/epsilon'), displayPath: 'repos/epsilon' },
        options: (await import(join(repoRoot, 'dist', 'src', 'engine', 'options.js'))).defaultOptions,
        write: false,
        git: null,
        patch: null,
        tool: { name: 'dhi-migrate', version: '0', catalog: { commit: 'x', date: 'y' } },
      };
      let files = 0;
      const outcome = await executor.run(job, () => files++);
      expect(outcome).toMatchObject({ internal: false, entry: { name: 'epsilon', status: 'unchanged' } });
      expect(files).toBe(1);
    } finally {
      await executor.close();
    }
  });
});
