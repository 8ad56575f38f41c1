import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_DOCKERFILE_BYTES } from './decode.js';
import { readDockerfile } from './read.js';

const isRoot = process.getuid?.() === 0;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dhi-read-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readDockerfile', () => {
  it('reads and decodes, returning the original bytes', async () => {
    const bytes = Buffer.from('\uFEFFFROM a\r\nCMD ["b"]\r\n', 'utf8');
    writeFileSync(join(dir, 'Dockerfile'), bytes);
    const result = readDockerfile(join(dir, 'Dockerfile'));
    expect(result).toEqual({ ok: true, bytes, decoded: { text: 'FROM a\r\nCMD ["b"]\r\n', bom: true, eol: '\r\n' } });
  });

  it('reports a missing file', async () => {
    expect(readDockerfile(join(dir, 'nope'))).toEqual({ ok: false, message: 'no such file or directory' });
  });

  it('reports a directory passed as a file', async () => {
    mkdirSync(join(dir, 'Dockerfile'));
    expect(readDockerfile(join(dir, 'Dockerfile'))).toEqual({ ok: false, message: 'is a directory' });
  });

  it('reports binary and invalid UTF-8 content', async () => {
    writeFileSync(join(dir, 'bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]));
    writeFileSync(join(dir, 'latin1'), Buffer.from('FROM caf\xe9\n', 'latin1'));
    expect(readDockerfile(join(dir, 'bin'))).toEqual({ ok: false, message: 'binary file' });
    expect(readDockerfile(join(dir, 'latin1'))).toEqual({ ok: false, message: 'not valid UTF-8' });
  });

  it('refuses a file over the size limit', async () => {
    writeFileSync(join(dir, 'big'), Buffer.alloc(MAX_DOCKERFILE_BYTES + 1, 'a'));
    expect(readDockerfile(join(dir, 'big'))).toEqual({ ok: false, message: 'too large: 5.0 MiB, over the 5 MiB limit for a Dockerfile' });
  });

  it.skipIf(isRoot)('reports an unreadable file (chmod 000) (skipped as root: root reads mode-000 files)', async () => {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM a\n');
    chmodSync(join(dir, 'Dockerfile'), 0o000);
    expect(readDockerfile(join(dir, 'Dockerfile'))).toEqual({ ok: false, message: 'permission denied' });
  });
});
