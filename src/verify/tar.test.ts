import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { firstTarEntry } from './tar.js';

function tarOf(dir: string, name: string, format = 'gnu'): Buffer {
  return execFileSync('tar', [`--format=${format}`, '-C', dir, '-cf', '-', name]);
}

describe('firstTarEntry (what `docker cp CONTAINER:PATH -` writes)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dhi-migrate-tar-'));
  mkdirSync(path.join(dir, 'bin'));
  writeFileSync(path.join(dir, 'bin/busybox'), 'ELF...');
  symlinkSync('busybox', path.join(dir, 'bin/sh'));
  writeFileSync(path.join(dir, 'passwd'), 'root:x:0:0::/root:/bin/sh\n');
  const long = 'x'.repeat(150);
  writeFileSync(path.join(dir, long), '');

  it('reads a file with its content and a symlink with its target', () => {
    expect(firstTarEntry(tarOf(dir, 'passwd'))).toMatchObject({
      name: 'passwd',
      type: 'file',
      content: Buffer.from('root:x:0:0::/root:/bin/sh\n'),
    });
    expect(firstTarEntry(tarOf(path.join(dir, 'bin'), 'sh'))).toMatchObject({ name: 'sh', type: 'symlink', linkName: 'busybox' });
  });

  it('applies PAX and GNU long-name headers; an empty archive has no entry', () => {
    expect(firstTarEntry(tarOf(dir, long, 'pax'))).toMatchObject({ name: long, type: 'file' });
    expect(firstTarEntry(tarOf(dir, long, 'gnu'))).toMatchObject({ name: long, type: 'file' });
    expect(firstTarEntry(Buffer.alloc(1024))).toBeNull();
    expect(firstTarEntry(Buffer.alloc(0))).toBeNull();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));
});
