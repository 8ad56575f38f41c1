/**
 * A Dockerfile given as a pipe: `dhi-migrate <(curl ...)` through a real
 * shell (bash process substitution hands over /dev/fd/N, a link to a pipe
 * with no path), and a named pipe. Read like a file; never written back.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'bin', 'dhi-migrate.js');
const dir = mkdtempSync(join(tmpdir(), 'dhi-pipes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hasBuilder = ['buildah', 'docker', 'podman'].some((b) => spawnSync('sh', ['-c', `command -v ${b}`]).status === 0);

const bash = (script: string) =>
  spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, BIN: bin }, timeout: 60_000 });

describe.skipIf(!existsSync('/bin/bash'))('a Dockerfile from a pipe', () => {
  it('is migrated from process substitution like a file (dry run)', () => {
    const r = bash(`node "$BIN" <(printf 'FROM python:3.12\\nCMD ["python", "app.py"]\\n')`);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/broken symbolic link/);
    expect(r.stdout).toContain('+FROM dhi.io/python:3.12');
    expect(r.stdout).toContain('+USER nonroot');
  });

  // verify looks for a builder before it looks at files; CI installs buildah.
  it.skipIf(!hasBuilder)('is not verified: a build needs the Dockerfile directory as its context (one line, exit 2)', () => {
    const r = bash(`node "$BIN" verify --format json <(printf 'FROM python:3.12\\n')`);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^dhi-migrate: \/dev\/fd\/\d+: not a regular file \(a pipe\?\): verify builds from the Dockerfile's directory$/m,
    );
  });

  it('is refused with --write: one line, exit 2, and the pipe is not replaced by a file', () => {
    const r = bash(`node "$BIN" --write <(printf 'FROM python:3.12\\n')`);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('dhi-migrate:'))).toEqual([
      expect.stringMatching(/^dhi-migrate: \/dev\/fd\/\d+: not a regular file \(a pipe\?\): nothing can be written back/),
    ]);

    const fifo = join(dir, 'Dockerfile');
    execFileSync('mkfifo', [fifo]);
    const named = spawnSync(process.execPath, [bin, '--write', fifo], { encoding: 'utf8', timeout: 60_000 });
    expect(named.status).toBe(2);
    expect(named.stderr).toContain('not a regular file');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });
});
