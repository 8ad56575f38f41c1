// `dhi-migrate verify` end to end: the compiled CLI drives real buildah builds
// against local stand-in base images (test/e2e/harness.ts) in a private vfs
// storage, so no daemon, registry or network is involved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BuildahEnv, e2eSkipReason } from './e2e/harness.js';
import type { VerifyReport } from '../src/verify/report.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(repoRoot, 'bin/dhi-migrate.js');
const casesDir = path.join(repoRoot, 'test/verify-cases');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs = 150_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Every file under dir with its bytes and mtime, to prove verify leaves them alone. */
function snapshot(dir: string): Record<string, { bytes: string; mtimeMs: number }> {
  const out: Record<string, { bytes: string; mtimeMs: number }> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const p = path.join(dir, name);
    const st = statSync(p);
    out[name] = { bytes: st.isFile() ? readFileSync(p).toString('base64') : '<dir>', mtimeMs: st.mtimeMs };
  }
  return out;
}

describe('verify without a builder', () => {
  it('exits 2 with one clear line when no builder is on PATH', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'dhi-migrate-nopath-'));
    try {
      const env = { ...process.env, PATH: empty, DHI_MIGRATE_BUILDAH_ROOT: '' };
      const auto = await cli(['verify', path.join(casesDir, 'python-app')], env, repoRoot);
      expect(auto.code).toBe(2);
      expect(auto.stdout).toBe('');
      expect(auto.stderr).toBe(
        'dhi-migrate: no container builder found: verify needs a running Docker engine, buildah or podman on PATH (choose one with --builder)\n',
      );
      const chosen = await cli(['verify', '--builder', 'buildah', path.join(casesDir, 'python-app')], env, repoRoot);
      expect(chosen.code).toBe(2);
      expect(chosen.stderr).toBe('dhi-migrate: --builder buildah: buildah is not installed (not on PATH)\n');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 30_000);

  it('reads the config before looking for a builder: a broken config is exit 2 and its one line', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dhi-migrate-verify-config-'));
    try {
      writeFileSync(path.join(dir, 'Dockerfile'), 'FROM python:3.13\nCMD ["python3", "app.py"]\n');
      writeFileSync(path.join(dir, '.dhi-migrate.yaml'), 'distro: ubuntu\n');
      const env = { ...process.env, PATH: dir, DHI_MIGRATE_BUILDAH_ROOT: '' };
      const r = await cli(['verify', dir], env, repoRoot);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^dhi-migrate: \S*\.dhi-migrate\.yaml:1:\d+: distro: expected "debian" or "alpine", got "ubuntu"\n$/);
      const missing = await cli(['verify', '--no-config', '--mappings', path.join(dir, 'nope.yaml'), dir], env, repoRoot);
      expect(missing.stderr).toBe(`dhi-migrate: --mappings: ${path.join(dir, 'nope.yaml')}: no such file\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('refuses stdin: a build needs a context folder', async () => {
    const r = await cli(['verify', '-'], process.env, repoRoot);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dhi-migrate: verify needs Dockerfiles on disk/);
  }, 30_000);
});

const skipReason = e2eSkipReason();
if (skipReason) console.warn(`[verify] SKIPPING real-build verify tests: ${skipReason}`);

describe.skipIf(skipReason !== null)('verify with buildah (stand-in base images)', () => {
  let env: BuildahEnv;
  let work: string; // copies of the cases, with known mtimes
  let tmp: string; // TMPDIR of the CLI: verify's temp folders must be gone afterwards
  let cliEnv: NodeJS.ProcessEnv;
  let before: ReturnType<typeof snapshot>;
  const storageArgs = () => ['--root', path.join(env.dir, 'storage'), '--runroot', path.join(env.dir, 'run'), '--storage-driver', 'vfs'];

  /** Image names in the test's buildah storage. */
  async function imageNames(): Promise<string[]> {
    const r = await new Promise<string>((resolve, reject) => {
      const c = spawn('buildah', [...storageArgs(), 'images', '--json'], { env: cliEnv, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      c.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      c.on('error', reject);
      c.on('close', () => resolve(out));
    });
    return (JSON.parse(r || '[]') as { names?: string[] }[]).flatMap((i) => i.names ?? []);
  }

  beforeAll(async () => {
    env = new BuildahEnv();
    work = mkdtempSync(path.join(os.tmpdir(), 'dhi-migrate-verify-cases-'));
    tmp = mkdtempSync(path.join(os.tmpdir(), 'dhi-migrate-verify-tmp-'));
    cpSync(casesDir, work, { recursive: true });
    const old = new Date('2001-02-03T04:05:06Z');
    for (const name of readdirSync(work, { recursive: true }) as string[]) utimesSync(path.join(work, name), old, old);
    before = snapshot(work);
    cliEnv = {
      ...process.env,
      // The harness's registries/storage config: short names mean docker.io, as with Docker.
      CONTAINERS_REGISTRIES_CONF: path.join(env.dir, 'registries.conf'),
      CONTAINERS_STORAGE_CONF: path.join(env.dir, 'storage.conf'),
      TMPDIR: tmp,
    };
    // Stand-ins for every base image of the originals and of what the tool makes of them.
    for (const name of ['python-app', 'php-www-data']) {
      const file = path.join(work, name, 'Dockerfile');
      const migrated = await cli([file, '--stdout', '--quiet'], process.env, repoRoot);
      expect(migrated.code, migrated.stderr).toBe(0);
      await env.ensureStandinsFor(readFileSync(file, 'utf8'));
      await env.ensureStandinsFor(migrated.stdout);
    }
  }, 180_000);

  afterAll(async () => {
    await env?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }, 30_000);

  let report: VerifyReport;

  it('builds both versions and reports user, command, shell and size (JSON)', async () => {
    const r = await cli(
      ['verify', 'python-app', '--builder', 'buildah', '--no-pull', '--format', 'json'],
      { ...cliEnv, DHI_MIGRATE_BUILDAH_ROOT: env.dir },
      work,
    );
    expect(r.code, r.stderr + r.stdout).toBe(0);
    report = JSON.parse(r.stdout) as VerifyReport;
    expect(report).toMatchObject({ builder: 'buildah', keptImages: false, ok: true });
    expect(report.files).toHaveLength(1);
    const f = report.files[0]!;
    expect(f).toMatchObject({ path: 'python-app/Dockerfile', status: 'ok', changed: true, warnings: [] });
    expect(f.before).toMatchObject({
      build: { ok: true },
      user: 'root',
      uid: 0,
      root: true,
      entrypoint: ['python3'],
      cmd: ['app.py'],
      command: ['python3', 'app.py'],
      shell: true,
    });
    expect(f.after).toMatchObject({
      build: { ok: true },
      user: 'nonroot',
      uid: 65532,
      root: false,
      command: ['python3', 'app.py'],
      shell: false,
    });
    expect(f.before!.image).toMatch(/^dhi-migrate-verify\/[0-9a-f]{12}:before$/);
    expect(f.after!.image).toBe(f.before!.image.replace(/:before$/, ':after'));
    expect(f.after!.sizeBytes).toBeGreaterThan(0);
    expect(f.before!.sizeBytes).toBeGreaterThan(f.after!.sizeBytes!); // the runtime stand-in has no busybox
    expect(r.stderr).toMatch(/verified 1 file with buildah: 1 ok/);
    // Images removed (no --keep-images); stand-ins untouched.
    const names = await imageNames();
    expect(names.filter((n) => n.includes('dhi-migrate-verify'))).toEqual([]);
    expect(names).toContain('dhi.io/python:3.12');
  }, 180_000);

  it('JSON report has the documented shape', () => {
    expect(Object.keys(report).sort()).toEqual(['builder', 'files', 'keptImages', 'ok', 'version']);
    const f = report.files[0]!;
    expect(Object.keys(f).sort()).toEqual(['after', 'before', 'changed', 'path', 'status', 'warnings']);
    expect(Object.keys(f.after!).sort()).toEqual([
      'build',
      'cmd',
      'command',
      'entrypoint',
      'image',
      'root',
      'shell',
      'sizeBytes',
      'uid',
      'user',
    ]);
    expect(Object.keys(f.after!.build).sort()).toEqual(['durationMs', 'ok']);
  });

  it('names the failing step of a migrated build that fails, and exits 1 (table)', async () => {
    // Honest failure, not a broken fixture: the original RUN hands files to www-data, the user the
    // Docker Official php image runs FPM as. The stand-ins take /etc/passwd from the data:
    // doi-facts.json lists www-data for php, the DHI catalog gives only root and nonroot (DHI images
    // run as nonroot). So busybox chown fails on the migrated base with the real "unknown user"
    // error, and the original builds. The migration runs that RUN on dhi.io/php:8.3-dev (a tag the
    // catalog has) whether or not it splits the stage.
    const r = await cli(
      ['verify', '--builder', 'buildah', '--buildah-root', env.dir, '--no-pull', '--keep-images', 'php-www-data'],
      cliEnv,
      work,
    );
    expect(r.code, r.stderr + r.stdout).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('php-www-data/Dockerfile');
    expect(lines[1]).toMatch(/^\s+original\s+migrated$/);
    expect(lines[2]).toMatch(
      /^ {2}build +ok \(\d+\.\d s\) +FAILED at RUN chown -R www-data:www-data \/var\/www\/html( \(stage \d\/\d\))?$/,
    );
    expect(lines[3]).toMatch(/^ {2}error +chown: unknown user\/group www-data:www-data$/);
    expect(r.stdout).toMatch(/^ {2}user +root$/m);
    expect(r.stdout).toMatch(/^ {2}command +docker-php-entrypoint php-fpm$/m);
    expect(r.stdout).toContain('  => FAILED: the migrated Dockerfile does not build\n');
    expect(r.stderr).toMatch(/1 failed to build/);
    // --keep-images leaves what was built (here only the original) for inspection.
    const kept = (await imageNames()).filter((n) => n.includes('dhi-migrate-verify'));
    expect(kept).toEqual([expect.stringMatching(/dhi-migrate-verify\/[0-9a-f]{12}:before$/)]);
  }, 180_000);

  it("leaves the user's files, mtimes and folders exactly as they were, and no temp files", () => {
    expect(snapshot(work)).toEqual(before);
    expect(readdirSync(tmp).filter((n) => n.startsWith('dhi-migrate-verify-'))).toEqual([]);
  });
});
