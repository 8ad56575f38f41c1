/**
 * --write keeps everything about a file except the edited ranges: mode,
 * owner, line endings (CRLF, LF, mixed), the UTF-8 BOM, a missing final
 * newline. The temp file + rename mechanics are unit-tested in
 * src/io/atomic-write.test.ts; kill safety in test/kill.test.ts.
 */
import { chmodSync, chownSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorLines, listFiles, migratedBytes, runCli, scratchTree, snapshot } from './run-cli.js';

vi.mock('../src/io/atomic-write.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/io/atomic-write.js')>();
  return {
    ...actual,
    writeFileAtomic: async (path: string, data: Buffer | string) => {
      if (path.endsWith('readonly/Dockerfile'))
        throw Object.assign(new Error(`EROFS: read-only file system, open '${path}'`), { code: 'EROFS' });
      return actual.writeFileAtomic(path, data);
    },
  };
});

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function tree(files: Record<string, string | Buffer>) {
  const t = scratchTree(files, 'dhi-write-');
  cleanups.push(t.cleanup);
  return t.dir;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const lfOnly = (b: Buffer) => !b.includes(0x0d);
const crlfOnly = (b: Buffer) => !/(^|[^\r])\n/.test(b.toString('utf8'));

describe('--write keeps the file as it was outside the edits', () => {
  it.each([
    ['LF', Buffer.from('FROM node:24-alpine\nCMD ["node", "a.js"]\n'), [lfOnly]],
    ['CRLF', Buffer.from('FROM node:24-alpine\r\nCMD ["node", "a.js"]\r\n'), [crlfOnly]],
    ['mixed endings', Buffer.from('FROM node:24-alpine\r\n# note\nCMD ["node", "a.js"]\r\n'), []],
    ['no final newline', Buffer.from('FROM node:24-alpine\nCMD ["node", "a.js"]'), [lfOnly]],
    ['BOM + CRLF', Buffer.concat([BOM, Buffer.from('FROM node:24-alpine\r\nCMD ["node", "a.js"]\r\n')]), [crlfOnly]],
  ] as [string, Buffer, ((b: Buffer) => boolean)[]][])('%s', async (_name, before, checks) => {
    const dir = tree({ Dockerfile: before });
    const r = await runCli(['--write', '-q', '.'], dir);
    expect(r.code, r.err).toBe(0);
    const written = readFileSync(join(dir, 'Dockerfile'));
    // Exactly what the pipeline produced (whose lossless-ness the property tests check) ...
    expect(written.equals(migratedBytes(before))).toBe(true);
    expect(written.toString('utf8')).toContain('FROM dhi.io/node:24-alpine');
    // ... with the BOM and the line endings of the original.
    expect(written.subarray(0, 3).equals(BOM)).toBe(before.subarray(0, 3).equals(BOM));
    for (const check of checks) expect(check(written), check.name).toBe(true);
    // The untouched lines are there byte for byte.
    for (const line of before
      .toString('utf8')
      .split(/(?<=\n)/)
      .slice(1))
      expect(written.toString('utf8')).toContain(line);
    expect(listFiles(dir)).toEqual(['Dockerfile']);
  });

  it.each([0o600, 0o640, 0o644, 0o755, 0o444])('mode %o', async (mode) => {
    const dir = tree({ Dockerfile: 'FROM node:24-alpine\n' });
    chmodSync(join(dir, 'Dockerfile'), mode);
    await runCli(['--write', '-q', '.'], dir);
    expect(statSync(join(dir, 'Dockerfile')).mode & 0o7777).toBe(mode);
    expect(readFileSync(join(dir, 'Dockerfile')).equals(migratedBytes('FROM node:24-alpine\n'))).toBe(true);
  });

  it.skipIf(process.getuid?.() !== 0)('owner (as root, rewriting a file someone else owns; skipped unless root)', async () => {
    const dir = tree({ Dockerfile: 'FROM node:24-alpine\n' });
    chownSync(join(dir, 'Dockerfile'), 65534, 65534);
    await runCli(['--write', '-q', '.'], dir);
    const s = statSync(join(dir, 'Dockerfile'));
    expect([s.uid, s.gid]).toEqual([65534, 65534]);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toContain('dhi.io/node');
  });

  it("a file that cannot be written is that file's error (exit 2); the others are written", async () => {
    const dir = tree({ 'readonly/Dockerfile': 'FROM node:24-alpine\n', 'ok/Dockerfile': 'FROM node:24-alpine\n' });
    const before = snapshot(join(dir, 'readonly', 'Dockerfile'));
    const r = await runCli(['--write', '.'], dir);
    expect(r.code).toBe(2);
    expect(errorLines(r.err)).toEqual(['dhi-migrate: readonly/Dockerfile: not written (read-only file system); the file is unchanged']);
    expect(r.err).not.toContain('wrote readonly/Dockerfile');
    expect(r.err).toContain('wrote ok/Dockerfile');
    expect(snapshot(join(dir, 'readonly', 'Dockerfile'))).toEqual(before);
    expect(readFileSync(join(dir, 'ok', 'Dockerfile')).equals(migratedBytes('FROM node:24-alpine\n'))).toBe(true);
  });

  it('an unchanged file is not rewritten at all (same inode, same mtime)', async () => {
    const migrated = migratedBytes('FROM node:24-alpine\n');
    const dir = tree({ Dockerfile: migrated });
    const before = snapshot(join(dir, 'Dockerfile'));
    const r = await runCli(['--write', '.'], dir);
    expect(r.err).not.toContain('wrote');
    expect(snapshot(join(dir, 'Dockerfile'))).toEqual(before);
  });
});
