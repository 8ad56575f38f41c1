/**
 * The CLI as a user runs it: in-process through main() with captured output,
 * plus the real binary and a real `git apply` of the printed diff.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { expectDhiRefsExist } from './support.js';

const repoRoot = join(import.meta.dirname, '..');

const run = runCli;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dhi-cli-'));
  mkdirSync(join(dir, 'api'));
  writeFileSync(
    join(dir, 'api', 'Dockerfile'),
    'FROM python:3.12-slim AS build\nRUN pip install flask\nFROM python:3.12-slim\nCOPY --from=build /usr/local /usr/local\nCMD ["python3", "-m", "flask"]\n',
  );
  writeFileSync(join(dir, 'Containerfile'), 'FROM mycorp/base:1\n');
  mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'x', 'Dockerfile'), 'FROM node:22\n');
});

describe('dry run (default)', () => {
  it('prints a diff that git apply accepts and writes nothing', async () => {
    const before = readFileSync(join(dir, 'api', 'Dockerfile'), 'utf8');
    const r = await run(['.'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('diff --git a/api/Dockerfile b/api/Dockerfile');
    expect(r.out).toContain('+FROM dhi.io/python:3.12-dev AS build');
    expect(r.out).toContain('+FROM dhi.io/python:3.12\n');
    expect(r.out).not.toContain('node_modules');
    expect(readFileSync(join(dir, 'api', 'Dockerfile'), 'utf8')).toBe(before);
    // The unmapped image is reported on stderr with its file and line.
    expect(r.err).toMatch(/Containerfile:1 +warning +base-image +mycorp\/base: no DHI equivalent known \(left untouched\)/);

    execFileSync('git', ['init', '-q'], { cwd: dir });
    writeFileSync(join(dir, 'p.patch'), r.out);
    execFileSync('git', ['apply', 'p.patch'], { cwd: dir });
    const after = readFileSync(join(dir, 'api', 'Dockerfile'), 'utf8');
    expect(after).toContain('FROM dhi.io/python:3.12-dev AS build');
    expectDhiRefsExist(after, 'cli dry run');
  });
});

describe('--check', () => {
  it('exits 1 when a file would change, 0 once migrated', async () => {
    const r = await run(['--check'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('would change api/Dockerfile');
    expect((await run(['--write', '-q'], dir)).code).toBe(0);
    expect((await run(['--check'], dir)).code).toBe(0);
  });
});

describe('--write', () => {
  it('rewrites in place keeping mode and CRLF, and a second run changes nothing', async () => {
    const file = join(dir, 'api', 'Dockerfile');
    writeFileSync(file, 'FROM golang:1.26 AS b\r\nRUN go build -o /app .\r\nFROM gcr.io/distroless/static\r\nCOPY --from=b /app /app\r\n');
    chmodSync(file, 0o640);
    const r = await run(['--write', 'api'], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(
      'FROM dhi.io/golang:1.26-dev AS b\r\nRUN go build -o /app .\r\nFROM dhi.io/static:20250419\r\nCOPY --from=b /app /app\r\nUSER nonroot\r\n',
    );
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(r.err).toContain('wrote api/Dockerfile');
    const again = await run(['--write', 'api'], dir);
    expect(again.err).not.toContain('wrote');
  });
});

describe('--format json', () => {
  it('prints the documented report', async () => {
    const r = await run(['--format', 'json'], dir);
    const report = JSON.parse(r.out);
    expect(report.schemaVersion).toBe(1);
    expect(report.catalog.date).toBe('2026-08-22');
    expect(report.summary).toMatchObject({ files: 2, changed: 1, unchanged: 1, errors: 0 });
    const api = report.files.find((f: { path: string }) => f.path === 'api/Dockerfile');
    expect(api.images).toEqual([
      { line: 1, from: 'python:3.12-slim', to: 'dhi.io/python:3.12-dev', stage: 'build', role: 'build' },
      { line: 3, from: 'python:3.12-slim', to: 'dhi.io/python:3.12', stage: null, role: 'final' },
    ]);
    expect(api.findings[0]).toMatchObject({
      ruleId: 'base-image',
      severity: 'change',
      line: 1,
      applied: true,
      docs: 'README.md#rule-base-image',
    });
    const other = report.files.find((f: { path: string }) => f.path === 'Containerfile');
    expect(other.images[0]).toMatchObject({ from: 'mycorp/base:1', to: null });
    expect(other.images[0].reason).toContain('no DHI equivalent');
  });
});

describe('stdin', () => {
  it('- --stdout prints the whole migrated file', async () => {
    const r = await run(['-', '--stdout'], dir, 'FROM node:24-alpine\nCMD ["node", "a.js"]\n');
    expect(r.code).toBe(0);
    // official node starts in /, DHI node in /app: a.js is found where it was
    expect(r.out).toBe('FROM dhi.io/node:24-alpine\nWORKDIR /\nUSER node\nCMD ["node", "a.js"]\n');
  });
  it('- prints a diff for stdin', async () => {
    const r = await run(['-'], dir, 'FROM node:24-alpine\n');
    expect(r.out).toContain('-FROM node:24-alpine\n+FROM dhi.io/node:24-alpine\n');
  });
});

describe('bad input', () => {
  it('a missing path and a binary Dockerfile: one line each, exit 2, other files still processed', async () => {
    writeFileSync(join(dir, 'Dockerfile'), Buffer.from([0x46, 0x52, 0x00, 0x01, 0x02]));
    const r = await run(['missing-dir', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^dhi-migrate: missing-dir: .*no such file/im);
    expect(r.err).toMatch(/^dhi-migrate: Dockerfile: binary file/m);
    expect(r.out).toContain('diff --git a/api/Dockerfile');
  });
  it('unknown flags and conflicting flags are usage errors', async () => {
    expect((await run(['--frobnicate'], dir)).code).toBe(2);
    const r = await run(['--write', '--check'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe('dhi-migrate: --write and --check cannot be combined\n');
  });
});

describe('map and rules', () => {
  it('map prints the reference, or the reason with exit 1', async () => {
    const ok = await run(['map', 'python:3.12-slim-bookworm', '--role', 'build'], dir);
    expect(ok).toMatchObject({ code: 0, out: 'dhi.io/python:3.12-debian12-dev\n' });
    const none = await run(['map', 'buildpack-deps:bookworm'], dir);
    expect(none.code).toBe(1);
    expect(none.out).toBe('');
    expect(none.err).toContain('buildpack-deps: no DHI equivalent of buildpack-deps');
    const mirror = await run(['map', 'node:22-alpine', '--namespace', 'acme'], dir);
    expect(mirror.out).toBe('acme/dhi-node:22-alpine\n');
  });
  it('rules lists every rule id', async () => {
    const r = await run(['rules'], dir);
    expect(r.out).toMatch(/^base-image +Rewrite base images/m);
  });
});

describe('the installed binary', () => {
  const bin = join(repoRoot, 'bin', 'dhi-migrate.js');
  it.skipIf(!existsSync(join(repoRoot, 'dist', 'src', 'cli', 'main.js')))('runs from dist with --version and a dry run', () => {
    const version = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version);
    const r = spawnSync(process.execPath, [bin, 'api'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('+FROM dhi.io/python:3.12-dev AS build');
  });

  it.skipIf(!existsSync(join(repoRoot, 'dist', 'src', 'cli', 'main.js')))(
    'a reader that leaves early (| head) ends the output quietly; the run still finishes with its exit code',
    async () => {
      const many = mkdtempSync(join(tmpdir(), 'dhi-migrate-epipe-'));
      // Far more diff than a pipe buffer holds, so writes hit the closed pipe.
      for (let i = 0; i < 300; i++) {
        mkdirSync(join(many, `svc${i}`));
        writeFileSync(join(many, `svc${i}`, 'Dockerfile'), 'FROM python:3.12\nCOPY . /app\nCMD ["python3", "app.py"]\n');
      }
      const child = spawn(process.execPath, [bin, many], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const first = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
      child.stdout.destroy(); // what `head -1` does once it has its line
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(first).toMatch(/^diff --git /);
      expect(stderr).not.toMatch(/EPIPE|Unhandled|at /);
      expect(stderr).toMatch(/300 files: 300 changed/);
      expect(code).toBe(0);
    },
    30_000,
  );
});

describe('JSON images after a split', () => {
  it('lists the split stage as build and the appended runtime stage as the final image', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'dhi-migrate-json-split-'));
    writeFileSync(
      join(tmp, 'Dockerfile'),
      'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["python3", "app.py"]\n',
    );
    const r = await run(['--format', 'json', 'Dockerfile'], tmp);
    const images = JSON.parse(r.out).files[0].images;
    expect(images).toEqual([
      { line: 1, from: 'python:3.12-slim', to: 'dhi.io/python:3.12-dev', stage: 'build', role: 'build' },
      { line: 1, from: 'python:3.12-slim', to: 'dhi.io/python:3.12', stage: null, role: 'final', addedBy: 'multi-stage-split' },
    ]);
  });
});
