/**
 * Symlinked Dockerfiles (issue #7): the link's target is edited only when it
 * lies inside the scanned root (each directory argument; the current
 * directory for file arguments). Otherwise the file is reported as skipped and
 * nothing outside is touched. The link itself always stays a link.
 */
import { chmodSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { errorLines, listFiles, migratedText, runCli, scratchTree, snapshot } from './run-cli.js';

const BEFORE = 'FROM node:24-alpine\nCMD ["node", "a.js"]\n';
const AFTER = migratedText(BEFORE);

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

/** <tmp>/repo (the scanned root) and <tmp>/outside, side by side. */
function layout() {
  const t = scratchTree({ 'repo/docker/base.Dockerfile': BEFORE, 'outside/Dockerfile': BEFORE }, 'dhi-links-');
  cleanups.push(t.cleanup);
  return { top: t.dir, repo: join(t.dir, 'repo'), outside: join(t.dir, 'outside') };
}

describe('symlinked Dockerfiles', () => {
  it('a link to a file inside the root: the target is edited once, the link stays a link', async () => {
    const { repo } = layout();
    chmodSync(join(repo, 'docker', 'base.Dockerfile'), 0o640);
    symlinkSync('docker/base.Dockerfile', join(repo, 'Dockerfile'));
    const r = await runCli(['--write', '.'], repo);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(repo, 'docker', 'base.Dockerfile'), 'utf8')).toBe(AFTER);
    expect(lstatSync(join(repo, 'Dockerfile')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(repo, 'Dockerfile'))).toBe('docker/base.Dockerfile');
    expect(statSync(join(repo, 'docker', 'base.Dockerfile')).mode & 0o777).toBe(0o640);
    // Link and target name one file: migrated and reported once.
    expect(r.err.match(/^wrote /gm)).toHaveLength(1);
    expect(listFiles(repo)).toEqual(['Dockerfile', 'docker/base.Dockerfile']);
  });

  it('a link to a file outside the root: reported as skipped, the outside file untouched', async () => {
    const { repo, outside } = layout();
    symlinkSync(join(outside, 'Dockerfile'), join(repo, 'Dockerfile'));
    const before = snapshot(join(outside, 'Dockerfile'));
    const r = await runCli(['--write', '.'], repo);
    expect(r.code, r.err).toBe(0);
    expect(errorLines(r.err)).toEqual([]);
    expect(r.err).toMatch(/^Dockerfile +skipped +symlink to \/.*\/outside\/Dockerfile outside \/.*\/repo; skipped$/m);
    expect(snapshot(join(outside, 'Dockerfile'))).toEqual(before);
    expect(readFileSync(join(repo, 'docker', 'base.Dockerfile'), 'utf8')).toBe(AFTER);
    expect(lstatSync(join(repo, 'Dockerfile')).isSymbolicLink()).toBe(true);
    // The dry run skips it the same way: no diff for a file it would not write.
    const dry = await runCli(['Dockerfile'], repo);
    expect(dry.out).toBe('');
    expect(dry.err).toMatch(/^Dockerfile +skipped +symlink to /m);
  });

  it('a relative link climbing out with ..: outside when scanning repo, inside when scanning its parent', async () => {
    const { top, repo, outside } = layout();
    symlinkSync('../outside/Dockerfile', join(repo, 'Dockerfile.shared'));
    const inRepo = await runCli(['--write', 'repo'], top);
    expect(inRepo.err).toMatch(/^repo\/Dockerfile\.shared +skipped +symlink to /m);
    expect(readFileSync(join(outside, 'Dockerfile'), 'utf8')).toBe(BEFORE);

    const fromTop = await runCli(['--write', '.'], top);
    expect(fromTop.code, fromTop.err).toBe(0);
    expect(fromTop.err).not.toContain('skipped');
    expect(readFileSync(join(outside, 'Dockerfile'), 'utf8')).toBe(AFTER);
    expect(lstatSync(join(repo, 'Dockerfile.shared')).isSymbolicLink()).toBe(true);
  });

  it('a symlink given as a file argument is checked against the current directory', async () => {
    const { top, repo, outside } = layout();
    symlinkSync(join(outside, 'Dockerfile'), join(repo, 'Dockerfile.out'));
    symlinkSync(join(repo, 'docker', 'base.Dockerfile'), join(repo, 'Dockerfile.in'));
    const r = await runCli(['--write', 'Dockerfile.out', 'Dockerfile.in'], repo);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/^Dockerfile\.out +skipped +symlink to /m);
    expect(readFileSync(join(outside, 'Dockerfile'), 'utf8')).toBe(BEFORE);
    expect(readFileSync(join(repo, 'docker', 'base.Dockerfile'), 'utf8')).toBe(AFTER);
    // From the parent directory both targets are inside the cwd.
    writeFileSync(join(repo, 'docker', 'base.Dockerfile'), BEFORE);
    const fromTop = await runCli(['--write', 'repo/Dockerfile.out'], top);
    expect(fromTop.code).toBe(0);
    expect(readFileSync(join(outside, 'Dockerfile'), 'utf8')).toBe(AFTER);
  });

  it('directory symlinks are not followed, so a linked tree outside is never reached', async () => {
    const { repo, outside } = layout();
    symlinkSync(outside, join(repo, 'vendor'));
    mkdirSync(join(repo, 'loop'));
    symlinkSync('..', join(repo, 'loop', 'up'));
    const r = await runCli(['--write', '--format', 'json', '.'], repo);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).files.map((f: { path: string }) => f.path)).toEqual(['docker/base.Dockerfile']);
    expect(readFileSync(join(outside, 'Dockerfile'), 'utf8')).toBe(BEFORE);
  });
});
