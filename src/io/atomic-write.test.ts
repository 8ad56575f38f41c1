import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dhi-write-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tempFiles = (d = dir) => readdirSync(d).filter((name) => name.includes('.dhi-migrate-'));

describe('writeFileAtomic', () => {
  it('replaces the contents byte-exact and leaves no temp file', async () => {
    const path = join(dir, 'Dockerfile');
    writeFileSync(path, 'FROM old\n');
    const data = Buffer.from('\uFEFFFROM dhi.io/node:22\r\nUSER node\r\n', 'utf8');
    await writeFileAtomic(path, data);
    expect(readFileSync(path).equals(data)).toBe(true);
    expect(tempFiles()).toEqual([]);
  });

  it('accepts a string', async () => {
    const path = join(dir, 'Dockerfile');
    writeFileSync(path, 'FROM old\n');
    await writeFileAtomic(path, 'FROM new — ünïcode\n');
    expect(readFileSync(path, 'utf8')).toBe('FROM new — ünïcode\n');
  });

  it.each([0o640, 0o755, 0o600, 0o444])('keeps mode %o', async (mode) => {
    const path = join(dir, 'Dockerfile');
    writeFileSync(path, 'FROM old\n');
    chmodSync(path, mode);
    await writeFileAtomic(path, 'FROM new\n');
    expect(statSync(path).mode & 0o7777).toBe(mode);
    expect(readFileSync(path, 'utf8')).toBe('FROM new\n');
  });

  it('creates a file that did not exist', async () => {
    const path = join(dir, 'Dockerfile.new');
    await writeFileAtomic(path, 'FROM a\n');
    expect(readFileSync(path, 'utf8')).toBe('FROM a\n');
    expect(tempFiles()).toEqual([]);
  });

  it('writes through a symlink to its real path, keeping the link', async () => {
    mkdirSync(join(dir, 'shared'));
    const real = join(dir, 'shared', 'base.Dockerfile');
    writeFileSync(real, 'FROM old\n');
    chmodSync(real, 0o640);
    const link = join(dir, 'Dockerfile');
    symlinkSync('shared/base.Dockerfile', link);

    await writeFileAtomic(link, 'FROM new\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('shared/base.Dockerfile');
    expect(readFileSync(real, 'utf8')).toBe('FROM new\n');
    expect(statSync(real).mode & 0o7777).toBe(0o640);
    expect(tempFiles()).toEqual([]);
    expect(tempFiles(join(dir, 'shared'))).toEqual([]);
  });

  it('removes the temp file and rethrows when the rename fails', async () => {
    // A directory can't be replaced by a file: the temp is written, the rename fails.
    const path = join(dir, 'Dockerfile');
    mkdirSync(path);
    await expect(writeFileAtomic(path, 'FROM a\n')).rejects.toMatchObject({ code: expect.stringMatching(/EISDIR|ENOTEMPTY|EEXIST/) });
    expect(tempFiles()).toEqual([]);
    expect(statSync(path).isDirectory()).toBe(true);
  });

  it('removes the temp file and keeps the original when writing fails', async () => {
    const path = join(dir, 'Dockerfile');
    writeFileSync(path, 'FROM old\n');
    // Not a Buffer or string: handle.writeFile throws after the temp file exists.
    await expect(writeFileAtomic(path, 42 as unknown as string)).rejects.toThrow();
    expect(tempFiles()).toEqual([]);
    expect(readFileSync(path, 'utf8')).toBe('FROM old\n');
  });

  it('fails cleanly when the directory does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'Dockerfile'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
