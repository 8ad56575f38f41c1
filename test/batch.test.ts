/**
 * `dhi-migrate batch` and `report merge` through main(), on real git
 * repositories (see batch-fixture.ts). From the TypeScript sources the pool
 * runs jobs in-process; batch-workers.test.ts covers the worker threads.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'prettier';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/output.js';
import type { BatchReport, RepoEntry } from '../src/batch/types.js';
import { FILES, git, makeRepos, REPOS } from './batch-fixture.js';

// Unlike runCli (test/run-cli.ts) this leaves the process cwd alone: the run's cwd is not the
// process's, which the --config/--mappings anchoring tests rely on.
async function run(args: string[], cwd: string, stdin = '') {
  const io: Io & { out: string; err: string } = {
    out: '',
    err: '',
    stdout: (t) => void (io.out += t),
    stderr: (t) => void (io.err += t),
    readStdin: async () => Buffer.from(stdin),
    color: false,
    cwd,
  };
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as BatchReport;
const repoOf = (report: BatchReport, name: string) => report.repositories.find((r) => r.name === name) as RepoEntry;
const fileOf = (repo: RepoEntry, path: string) => repo.files.find((f) => f.path === path)!;

let root: string;
beforeEach(() => {
  root = makeRepos();
});

describe('dry run', () => {
  it('writes one patch per changed repository that git apply accepts, and reports the numbers', async () => {
    const r = await run(['batch', 'repos', '--report-json', 'report.json', '--report-md', 'report.md'], root);
    // beta's binary Dockerfile is an input error: reported, the run goes on, exit 2.
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^dhi-migrate: repos\/beta\/tools\/Dockerfile: binary file$/m);
    expect(r.err).toMatch(/^\[\d\/5\] repos\/alpha: 2 files, 1 changed \(/m);

    const report = readJson(join(root, 'report.json'));
    expect(report.repositories.map((x) => x.name)).toEqual(REPOS);
    expect(report.mode).toBe('dry-run');
    const t = report.totals;
    expect(t.repositories).toEqual({ total: 5, changed: 3, unchanged: 1, withoutDockerfiles: 1, failed: 0, withErrors: 1 });
    expect(t.files).toEqual({ total: 7, changed: 4, unchanged: 2, errors: 1, skipped: 0 });
    expect(t.images).toEqual({ total: 8, migrated: 6, unmapped: 1, alreadyDhi: 1 });
    expect(t.percent).toEqual({ repositoriesChanged: 60, filesChanged: 57.1, imagesMigrated: 75, imagesOnDhi: 87.5 });
    // 6 images, plus the WORKDIR / that keeps beta's `node a.js` starting in / on DHI node (/app)
    expect(t.changesByRule['base-image']).toBe(7);
    expect(t.topUnmapped).toEqual([{ image: 'mycorp/base', count: 1, repositories: 1, reason: expect.stringContaining('mycorp/base') }]);
    expect(t.topFollowUps).toContainEqual(
      expect.objectContaining({ ruleId: 'base-image', severity: 'warning', example: 'beta/web/Dockerfile:1', count: 1, repositories: 1 }),
    );

    const alpha = repoOf(report, 'alpha');
    expect(alpha).toMatchObject({ path: 'repos/alpha', status: 'changed', patch: 'dhi-migrate-patches/alpha.patch', git: null });
    expect(fileOf(alpha, 'api/Dockerfile').images).toEqual([
      { line: 1, from: 'python:3.12-slim', to: 'dhi.io/python:3.12-dev', stage: 'build', role: 'build', status: 'migrated' },
      { line: 3, from: 'python:3.12-slim', to: 'dhi.io/python:3.12', stage: null, role: 'final', status: 'migrated' },
    ]);
    expect(fileOf(alpha, 'Containerfile')).toMatchObject({
      status: 'unchanged',
      images: [{ line: 1, from: 'mycorp/base:1', to: null, status: 'unmapped' }],
    });
    const beta = repoOf(report, 'beta');
    expect(beta.summary).toMatchObject({ files: 3, changed: 2, errors: 1, images: 2, migrated: 2 });
    expect(fileOf(beta, 'tools/Dockerfile')).toMatchObject({ status: 'error', error: 'binary file', images: [] });
    expect(fileOf(beta, 'web/Dockerfile').followUps).toContainEqual(
      expect.objectContaining({ line: 1, severity: 'warning', ruleId: 'base-image' }),
    );
    expect(repoOf(report, 'delta')).toMatchObject({ status: 'no-dockerfiles', patch: null, files: [] });
    expect(fileOf(repoOf(report, 'epsilon'), 'Dockerfile').images[0]).toMatchObject({
      from: 'dhi.io/python:3.12',
      to: null,
      status: 'already-dhi',
    });

    // The patches apply inside each repository and give what --write gives.
    expect(existsSync(join(root, 'dhi-migrate-patches', 'delta.patch'))).toBe(false);
    expect(existsSync(join(root, 'dhi-migrate-patches', 'epsilon.patch'))).toBe(false);
    for (const name of ['alpha', 'beta', 'gamma']) {
      const dir = join(root, 'repos', name);
      git(dir, 'apply', '--check', join(root, 'dhi-migrate-patches', `${name}.patch`));
      git(dir, 'apply', join(root, 'dhi-migrate-patches', `${name}.patch`));
    }
    // ... and give exactly what --write gives.
    const written = makeRepos();
    await run(['batch', 'repos', '--write', '-q'], written);
    for (const file of ['alpha/api/Dockerfile', 'alpha/Containerfile', 'beta/Dockerfile', 'beta/web/Dockerfile', 'gamma/Dockerfile']) {
      expect(readFileSync(join(root, 'repos', file), 'utf8'), file).toBe(readFileSync(join(written, 'repos', file), 'utf8'));
    }
    const api = readFileSync(join(root, 'repos/alpha/api/Dockerfile'), 'utf8');
    expect(api).toContain('FROM dhi.io/python:3.12-dev AS build\n');
    expect(api).toContain('FROM dhi.io/python:3.12\n');
    expect(readFileSync(join(root, 'repos/alpha/Containerfile'), 'utf8')).toBe(FILES.alphaContainerfile);
    expect(readFileSync(join(root, 'repos/gamma/Dockerfile'), 'utf8')).toContain('FROM dhi.io/golang:1.26-dev AS b\n');
    // Nothing was written by the dry run itself: only the patches changed the files.
    expect(git(join(root, 'repos/delta'), 'status', '--porcelain')).toBe('');

    const md = readFileSync(join(root, 'report.md'), 'utf8');
    expect(md).toMatch(/^# dhi-migrate batch report\n/);
    expect(md).toMatch(/\| \*\*Repositories\*\* +\| +5 \|/);
    expect(md).toMatch(/\| migrated +\| +6 \| +75\.0% \|/);
    expect(md).toContain('### alpha: changed');
    expect(md).toContain('  - line 1: `python:3.12-slim` -> `dhi.io/python:3.12-dev`');
    expect(md).toMatch(/- `Containerfile`: unchanged\n {2}- line 1: `mycorp\/base:1` unmapped: .*mycorp\/base/);
    expect(md).toContain('- `tools/Dockerfile`: error: binary file');
    expect(md).toContain('### delta: no-dockerfiles');
    // The reports are already formatted the way prettier formats them.
    expect(await format(md, { parser: 'markdown' })).toBe(md);
    const json = readFileSync(join(root, 'report.json'), 'utf8');
    expect(await format(json, { parser: 'json' })).toBe(json);
    // stdout carries the totals, not the per-repository details.
    expect(r.out).toContain('## Totals');
    expect(r.out).not.toContain('## Repositories');
  });

  it('a second run after applying the changes finds nothing to change and removes stale patches', async () => {
    await run(['batch', 'repos/alpha', '--write', '-q'], root);
    const again = await run(['batch', 'repos/alpha', '-q', '--patch-dir', 'p'], root);
    expect(again.code).toBe(0);
    expect(existsSync(join(root, 'p', 'alpha.patch'))).toBe(false);
  });
});

describe('inputs', () => {
  it('takes a parent directory, explicit repositories, a plain directory, and --repos-from', async () => {
    writeFileSync(join(root, 'list.txt'), '# the list\nrepos/alpha\n\nrepos/delta\nrepos/alpha\nmissing\n');
    const r = await run(['batch', '--repos-from', 'list.txt', 'plain', '--check', '--report-json', 'r.json'], root);
    const report = readJson(join(root, 'r.json'));
    // Names are relative to the common root of all inputs; the same repository named twice is taken once.
    expect(report.repositories.map((x) => [x.name, x.status])).toEqual([
      ['missing', 'error'],
      ['plain', 'changed'],
      ['repos/alpha', 'changed'],
      ['repos/delta', 'no-dockerfiles'],
    ]);
    expect(repoOf(report, 'missing').error).toBe('no such file or directory');
    expect(r.err).toMatch(/^dhi-migrate: missing: no such file or directory$/m);
    expect(r.code).toBe(2);
  });

  it('needs at least one repository and rejects conflicting flags', async () => {
    expect((await run(['batch'], root)).err).toMatch(/no repositories given/);
    expect((await run(['batch', 'repos', '--write', '--check'], root)).code).toBe(2);
    expect((await run(['batch', 'repos', '--allow-dirty'], root)).err).toMatch(/--allow-dirty only applies with --git-branch/);
    expect((await run(['batch', 'repos', '--shard', '4/3'], root)).err).toMatch(/--shard: expected i\/n/);
    expect((await run(['batch', 'repos', '--jobs', '0'], root)).err).toMatch(/--jobs must be/);
    expect((await run(['batch', 'repos', '--git-branch', 'bad..name'], root)).err).toMatch(/not a valid branch name/);
  });
});

describe('--check and --write', () => {
  it('--check exits 1 when a repository would change and writes nothing', async () => {
    const r = await run(['batch', 'repos/alpha', 'repos/epsilon', '--check'], root);
    expect(r.code).toBe(1);
    expect(existsSync(join(root, 'dhi-migrate-patches'))).toBe(false);
    expect(git(join(root, 'repos/alpha'), 'status', '--porcelain')).toBe('');
    expect((await run(['batch', 'repos/epsilon', 'repos/delta', '--check', '-q'], root)).code).toBe(0);
  });

  it('--write edits the files in place and commits nothing', async () => {
    const r = await run(['batch', 'repos', '--write', '-q'], root);
    expect(r.code).toBe(2);
    expect(readFileSync(join(root, 'repos/beta/Dockerfile'), 'utf8')).toMatch(/^FROM dhi\.io\/node:24-alpine\n/);
    expect(git(join(root, 'repos/beta'), 'status', '--porcelain')).toBe(' M Dockerfile\n M web/Dockerfile\n');
    expect(git(join(root, 'repos/beta'), 'rev-list', '--count', 'HEAD').trim()).toBe('1');
  });
});

describe('--git-branch', () => {
  it('creates the branch and commits in each changed clean repository; refuses the dirty one', async () => {
    // A dirty repository with nothing to migrate is no problem.
    writeFileSync(join(root, 'repos/delta/notes.txt'), 'untracked\n');
    const r = await run(['batch', 'repos', '--git-branch', 'dhi-migration', '--report-json', 'r.json', '-q'], root);
    expect(r.code).toBe(2);
    const report = readJson(join(root, 'r.json'));
    expect(report.mode).toBe('git-branch');

    const gamma = repoOf(report, 'gamma');
    expect(gamma.status).toBe('error');
    expect(gamma.error).toMatch(/^working tree has uncommitted changes \(README\.md\); commit or stash them, or pass --allow-dirty$/);
    expect(r.err).toMatch(/^dhi-migrate: repos\/gamma: working tree has uncommitted changes/m);
    expect(gamma.summary).toMatchObject({ files: 1, changed: 1, migrated: 2 }); // what it would have committed
    expect(repoOf(report, 'delta').status).toBe('no-dockerfiles');
    expect(git(join(root, 'repos/gamma'), 'branch', '--list').trim()).toBe('* main');
    expect(readFileSync(join(root, 'repos/gamma/Dockerfile'), 'utf8')).toBe(FILES.gamma);

    const alphaDir = join(root, 'repos/alpha');
    expect(git(alphaDir, 'branch', '--show-current').trim()).toBe('dhi-migration');
    expect(git(alphaDir, 'status', '--porcelain')).toBe('');
    const alpha = repoOf(report, 'alpha');
    expect(alpha.git).toEqual({ branch: 'dhi-migration', commit: git(alphaDir, 'rev-parse', 'HEAD').trim() });
    expect(git(alphaDir, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe('api/Dockerfile');
    expect(git(alphaDir, 'show', 'HEAD:api/Dockerfile')).toContain('FROM dhi.io/python:3.12-dev AS build\n');
    expect(git(alphaDir, 'show', 'main:api/Dockerfile')).toBe(FILES.alphaApi);
    const message = git(alphaDir, 'log', '-1', '--format=%B');
    expect(message).toMatch(/^Migrate api\/Dockerfile to Docker Hardened Images\n\nImages moved:\n/);
    expect(message).toContain('- api/Dockerfile:1: python:3.12-slim -> dhi.io/python:3.12-dev\n');
    expect(message).toContain('- api/Dockerfile:3: python:3.12-slim -> dhi.io/python:3.12\n');
    expect(message).toMatch(/Changes by rule: (.*, )?base-image 2\b/);
    expect(message).not.toContain('Left untouched'); // Containerfile did not change
    expect(message).toMatch(/Generated by dhi-migrate \S+ \(DHI catalog /);

    // beta: the broken file is reported, the others are committed, with the follow-up listed.
    const betaDir = join(root, 'repos/beta');
    expect(git(betaDir, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n')).toEqual(['Dockerfile', 'web/Dockerfile']);
    const betaMessage = git(betaDir, 'log', '-1', '--format=%B');
    expect(betaMessage).toMatch(/^Migrate 2 Dockerfiles to Docker Hardened Images\n/);
    expect(betaMessage).toContain('- web/Dockerfile:1: nginx:1.29-alpine -> dhi.io/nginx:1.30-alpine');
    expect(betaMessage).toMatch(/Follow-ups to review:\n(- .*\n)*- web\/Dockerfile:1 \[warning, base-image\] nginx:1\.29-alpine/);

    // Nothing to change: no branch.
    for (const name of ['delta', 'epsilon']) expect(git(join(root, 'repos', name), 'branch', '--list').trim()).toBe('* main');

    // A re-run continues on the branch and finds nothing more to do.
    const again = await run(['batch', 'repos/alpha', '--git-branch', 'dhi-migration', '-q'], root);
    expect(again.code).toBe(0);
    expect(git(alphaDir, 'rev-list', '--count', 'HEAD').trim()).toBe('2');
  });

  it('--allow-dirty takes the dirty repository and commits only the Dockerfiles', async () => {
    const r = await run(['batch', 'repos/gamma', '--git-branch', 'dhi', '--allow-dirty', '-q'], root);
    expect(r.code).toBe(0);
    const dir = join(root, 'repos/gamma');
    expect(git(dir, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe('Dockerfile');
    expect(git(dir, 'status', '--porcelain')).toBe(' M README.md\n');
    expect(git(dir, 'log', '-1', '--format=%B')).toContain('- Dockerfile:3: gcr.io/distroless/static -> dhi.io/static:20250419');
  });

  it('an existing branch that is not checked out is an error for that repository only', async () => {
    git(join(root, 'repos/alpha'), 'branch', 'taken');
    const r = await run(['batch', 'repos/alpha', 'repos/beta', '--git-branch', 'taken', '--report-json', 'r.json', '-q'], root);
    expect(r.code).toBe(2);
    const report = readJson(join(root, 'r.json'));
    expect(repoOf(report, 'alpha')).toMatchObject({ status: 'error', error: expect.stringContaining('branch taken already exists') });
    expect(repoOf(report, 'beta').git?.branch).toBe('taken');
    expect(readFileSync(join(root, 'repos/alpha/api/Dockerfile'), 'utf8')).toBe(FILES.alphaApi);
  });

  it('a directory that is not a git repository is refused', async () => {
    const r = await run(['batch', 'plain', '--git-branch', 'dhi', '-q'], root);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^dhi-migrate: plain: not a git repository/m);
  });
});

describe('--shard and report merge', () => {
  it('shards cover every repository exactly once and their merged totals equal the whole run', async () => {
    await run(['batch', 'repos', '--check', '-q', '--report-json', 'all.json'], root);
    const names: string[] = [];
    for (const i of [1, 2, 3]) {
      await run(['batch', 'repos', '--check', '-q', '--shard', `${i}/3`, '--report-json', `s${i}.json`], root);
      const shard = readJson(join(root, `s${i}.json`));
      expect(shard.shard).toEqual({ index: i, count: 3 });
      names.push(...shard.repositories.map((x) => x.name));
    }
    expect(names.sort()).toEqual(REPOS);

    const merged = await run(['report', 'merge', 's3.json', 's1.json', 's2.json', '-o', 'merged.json', '--markdown', 'merged.md'], root);
    expect(merged.code).toBe(0);
    const all = readJson(join(root, 'all.json'));
    const m = readJson(join(root, 'merged.json'));
    expect(m.totals).toEqual(all.totals);
    expect(m.repositories).toEqual(all.repositories);
    expect(readFileSync(join(root, 'merged.md'), 'utf8')).toContain('### gamma: changed');

    const missing = await run(['report', 'merge', 's1.json', 's2.json'], root);
    expect(missing.code).toBe(0);
    expect(missing.err).toMatch(/warning: shard 3\/3 missing/);
    expect(JSON.parse(missing.out).shard).toBeNull();
  });

  it('the shard split does not depend on the order of the inputs', async () => {
    const order1 = ['repos/alpha', 'repos/beta', 'repos/gamma', 'repos/delta', 'repos/epsilon'];
    const pick = async (inputs: string[]) => {
      await run(['batch', ...inputs, '--check', '-q', '--shard', '2/3', '--report-json', 'x.json'], root);
      return readJson(join(root, 'x.json')).repositories.map((x) => x.name);
    };
    expect(await pick(order1)).toEqual(await pick([...order1].reverse()));
  });

  it('refuses reports made with another catalog; a repository in two reports is kept once and is an error', async () => {
    await run(['batch', 'repos/alpha', '--check', '-q', '--report-json', 'a.json'], root);
    const dup = await run(['report', 'merge', 'a.json', 'a.json'], root);
    expect(dup.code).toBe(2);
    expect(dup.err).toContain('repository alpha is in both a.json and a.json; kept the one from a.json');
    expect(JSON.parse(dup.out).repositories).toHaveLength(1);

    const other = readJson(join(root, 'a.json'));
    other.catalog.commit = '0'.repeat(40);
    writeFileSync(join(root, 'b.json'), JSON.stringify(other));
    const refused = await run(['report', 'merge', 'a.json', 'b.json', '-o', 'm.json'], root);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/b\.json was made with another DHI catalog/);
    expect(existsSync(join(root, 'm.json'))).toBe(false);

    writeFileSync(join(root, 'c.json'), '{"schemaVersion": 1}');
    expect((await run(['report', 'merge', 'c.json'], root)).err).toMatch(/c\.json: not a dhi-migrate batch report/);
  });
});

describe('concurrency', () => {
  it('--jobs 1 and --jobs 3 give byte-identical reports', async () => {
    await run(['batch', 'repos', '-j', '1', '--report-json', 'j1.json', '--report-md', 'j1.md', '--patch-dir', 'p1', '-q'], root);
    await run(['batch', 'repos', '-j', '3', '--report-json', 'j3.json', '--report-md', 'j3.md', '--patch-dir', 'p3', '-q'], root);
    expect(readFileSync(join(root, 'j3.json'), 'utf8')).toBe(readFileSync(join(root, 'j1.json'), 'utf8').replaceAll('p1/', 'p3/'));
    expect(readFileSync(join(root, 'j3.md'), 'utf8')).toBe(readFileSync(join(root, 'j1.md'), 'utf8').replaceAll('p1/', 'p3/'));
    expect(readFileSync(join(root, 'p3', 'beta.patch'), 'utf8')).toBe(readFileSync(join(root, 'p1', 'beta.patch'), 'utf8'));
  });
});

describe('configuration', () => {
  it("each repository's own config applies to it only: options, mappings and exclude", async () => {
    // alpha maps its private base image and skips its Containerfile's neighbour api/; beta pins no-bump.
    writeFileSync(join(root, 'repos/alpha/.dhi-migrate.yaml'), 'mappings:\n  mycorp/base: python\nexclude:\n  - api/**\n');
    writeFileSync(join(root, 'repos/beta/.dhi-migrate.yaml'), 'bump: false\n');
    const r = await run(['batch', 'repos/alpha', 'repos/beta', '--check', '-q', '--report-json', 'c.json'], root);
    expect(r.code).toBe(2); // beta's binary Dockerfile is still an input error
    const report = readJson(join(root, 'c.json'));
    const alpha = repoOf(report, 'alpha');
    expect(alpha.files.map((f) => f.path)).toEqual(['Containerfile']);
    expect(fileOf(alpha, 'Containerfile').images[0]).toMatchObject({ from: 'mycorp/base:1', status: 'migrated' });
    expect(fileOf(alpha, 'Containerfile').images[0]!.to).toMatch(/^dhi\.io\/python:/);
    // nginx 1.29 is not in the catalog: with bump off, beta's web image stays as it is.
    expect(fileOf(repoOf(report, 'beta'), 'web/Dockerfile').images[0]).toMatchObject({
      from: 'nginx:1.29-alpine',
      to: null,
      status: 'unmapped',
    });
  });

  it('a broken config fails its repository only; --no-config ignores it', async () => {
    writeFileSync(join(root, 'repos/alpha/.dhi-migrate.yaml'), 'bump: [oops\n');
    const r = await run(['batch', 'repos/alpha', 'repos/epsilon', '--check', '-q', '--report-json', 'c.json'], root);
    expect(r.code).toBe(2);
    const report = readJson(join(root, 'c.json'));
    expect(repoOf(report, 'alpha')).toMatchObject({ status: 'error', error: expect.stringContaining('.dhi-migrate.yaml') });
    expect(repoOf(report, 'epsilon').status).toBe('unchanged');
    const ignored = await run(['batch', 'repos/alpha', '--check', '-q', '--no-config', '--report-json', 'n.json'], root);
    expect(ignored.code).toBe(1);
    expect(repoOf(readJson(join(root, 'n.json')), 'alpha').status).toBe('changed');
  });

  it('a missing --config or --mappings file stops the run before any repository (exit 2)', async () => {
    for (const flag of ['--config', '--mappings']) {
      const r = await run(['batch', 'repos', '--write', flag, 'nope.yaml'], root);
      expect(r.code).toBe(2);
      // The tests' cwd is not the process's, so the path is shown anchored at the run's directory.
      expect(r.err).toBe(`dhi-migrate: ${flag}: ${join(root, 'nope.yaml')}: no such file\n`);
      expect(git(join(root, 'repos/alpha'), 'status', '--porcelain')).toBe('');
    }
  });

  it('--mappings applies to every repository', async () => {
    writeFileSync(join(root, 'corp.yaml'), 'mycorp/base: python\n');
    const r = await run(['batch', 'repos/alpha', '--check', '-q', '--mappings', 'corp.yaml', '--report-json', 'm.json'], root);
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    expect(fileOf(repoOf(readJson(join(root, 'm.json')), 'alpha'), 'Containerfile').images[0]!.status).toBe('migrated');
  });
});
