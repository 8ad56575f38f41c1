/**
 * Interactive mode as a user meets it: in-process for the non-terminal cases,
 * and the real compiled CLI in a real pseudo-terminal (tmux) for the review
 * itself: keys sent with send-keys, the screen read with capture-pane, the
 * files checked on disk.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/output.js';

const repoRoot = join(import.meta.dirname, '..');
const bin = join(repoRoot, 'bin', 'dhi-migrate.js');
const ORIGINAL =
  'FROM python:3.12-slim-bookworm AS build\nRUN pip wheel -w /w .\nFROM python:3.12-slim-bookworm\nCOPY --from=build /w /w\n';
const BUILD_MIGRATED = ORIGINAL.replace('python:3.12-slim-bookworm AS', 'dhi.io/python:3.12-debian12-dev AS');

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dhi-migrate-i-'));
  made.push(dir);
  writeFileSync(join(dir, 'Dockerfile'), ORIGINAL);
  return dir;
}

async function runInProcess(args: string[], interactive: boolean) {
  const io: Io & { out: string; err: string } = {
    out: '',
    err: '',
    stdout: (t) => void (io.out += t),
    stderr: (t) => void (io.err += t),
    readStdin: async () => Buffer.alloc(0),
    color: false,
    cwd: process.cwd(),
    interactive,
  };
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

describe('interactive mode without a terminal', () => {
  it('-i refuses with a clear message, exit 2, nothing written', async () => {
    const dir = project();
    const r = await runInProcess(['-i', dir], false);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--interactive needs a terminal.*--yes/);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(ORIGINAL);
  });

  it('--yes accepts everything through the review flow (same file as --write) and prints the summary', async () => {
    const dir = project();
    const viaWrite = project();
    expect((await runInProcess(['--write', '-q', viaWrite], false)).code).toBe(0);
    const r = await runInProcess(['-i', '--yes', dir], false);
    expect(r.code).toBe(0);
    const written = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    expect(written).toContain('FROM dhi.io/python:3.12-debian12');
    expect(written).toBe(readFileSync(join(viaWrite, 'Dockerfile'), 'utf8'));
    expect(r.err).toMatch(/Dockerfile: written; (\d+) of \1 changes accepted/);
    expect(r.err).toContain('Wrote 1 file.');
  });

  it('cannot be combined with --check, --write or --format json', async () => {
    for (const flag of [['--check'], ['--write'], ['--format', 'json']]) {
      const r = await runInProcess(['-i', ...flag, '.'], true);
      expect(r.code).toBe(2);
      expect(r.err).toContain('--interactive cannot be combined with');
    }
  });
});

const distMain = join(repoRoot, 'dist', 'bundle', 'main.js');
const haveTmux = spawnSync('tmux', ['-V']).status === 0;
const skipReason = !haveTmux ? 'tmux not installed (Debian package tmux)' : !existsSync(distMain) ? 'dist not built (npm run build)' : null;
if (skipReason) console.warn(`interactive pseudo-terminal tests SKIPPED: ${skipReason}`);

/** A private tmux server, so a developer's own sessions are never touched. */
const socket = `dhi-migrate-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });

describe.skipIf(skipReason !== null)('interactive mode in a real terminal (tmux, 80x40)', { timeout: 30_000 }, () => {
  afterAll(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
  });

  /** Starts the CLI in a detached 80x40 session; the exit code lands in a marker file. */
  function start(name: string, dir: string, extra = ''): { marker: string } {
    const marker = join(dir, '.exit');
    tmux('new-session', '-d', '-s', name, '-x', '80', '-y', '40', `node ${bin} -i ${extra} ${dir}; echo EXIT=$? >> ${marker}; sleep 60`);
    return { marker };
  }

  async function waitFor(name: string, pattern: RegExp, ms = 10_000): Promise<string> {
    const until = Date.now() + ms;
    let screen = '';
    while (Date.now() < until) {
      screen = tmux('capture-pane', '-p', '-t', name, '-S', '-200');
      if (pattern.test(screen)) return screen;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${pattern} on screen:\n${screen}`);
  }

  async function exitOf(marker: string): Promise<string> {
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      if (existsSync(marker)) return readFileSync(marker, 'utf8').trim();
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the CLI did not exit');
  }

  const keys = (name: string, ...k: string[]) => tmux('send-keys', '-t', name, ...k);

  it('apply one change, skip one, skip the rest, confirm: exactly the accepted change is written', async () => {
    const dir = project();
    const { marker } = start('apply', dir);
    let screen = await waitFor('apply', /\[1\/\d+\] base-image[\s\S]*This change\?/);
    expect(screen).toMatch(/line 1: python:3\.12-slim-bookworm \[build\] -> dhi\.io\/python:3\.12-debian12-dev/);
    expect(screen).toContain('+FROM dhi.io/python:3.12-debian12-dev AS build');
    keys('apply', 'Enter');
    screen = await waitFor('apply', /\[2\/\d+\] base-image[\s\S]*This change\?/);
    expect(screen).toContain('-FROM python:3.12-slim-bookworm\n');
    keys('apply', 'Down', 'Enter'); // skip
    if (!/Write this file\?/.test(await waitFor('apply', /\[3\/\d+\][\s\S]*This change\?|Write this file\?/))) {
      keys('apply', '4', 'Enter'); // skip the rest of this file
    }
    screen = await waitFor('apply', /Write this file\?/);
    expect(screen).toMatch(/Dockerfile: 1 of \d+ changes accepted/);
    keys('apply', 'Enter');
    expect(await exitOf(marker)).toBe('EXIT=0');
    screen = await waitFor('apply', /Wrote 1 file\./);
    for (const line of screen.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(BUILD_MIGRATED);
    rmSync(dir, { recursive: true, force: true });
  });

  it('quit after accepting one change, decline to write: the file is unchanged', async () => {
    const dir = project();
    const { marker } = start('quit', dir, '--no-color');
    await waitFor('quit', /This change\?/);
    keys('quit', 'Enter');
    await waitFor('quit', /\[2\/\d+\][\s\S]*This change\?/);
    keys('quit', '5', 'Enter');
    await waitFor('quit', /Quit: write the changes accepted so far to this file\? \(y\/N\)/);
    // --no-color: not one colour/attribute escape on the screen (-e keeps them in the capture).
    expect(tmux('capture-pane', '-e', '-p', '-t', 'quit', '-S', '-200')).not.toContain('\x1b[');
    keys('quit', 'Enter');
    expect(await exitOf(marker)).toBe('EXIT=0');
    const screen = await waitFor('quit', /Nothing was written/);
    expect(screen).toMatch(/not written; 1 of \d+ changes accepted/);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(ORIGINAL);
    rmSync(dir, { recursive: true, force: true });
  });

  it('Ctrl-C after accepting a change leaves the file as it was', async () => {
    const dir = project();
    const { marker } = start('ctrlc', dir);
    await waitFor('ctrlc', /This change\?/);
    keys('ctrlc', 'Enter');
    await waitFor('ctrlc', /\[2\/\d+\][\s\S]*This change\?/);
    keys('ctrlc', 'C-c');
    expect(await exitOf(marker)).toBe('EXIT=130');
    await waitFor('ctrlc', /Interrupted: no file was written/);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(ORIGINAL);
    rmSync(dir, { recursive: true, force: true });
  });
});
