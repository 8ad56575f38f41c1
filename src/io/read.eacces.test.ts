/**
 * EACCES can't be provoked with chmod when tests run as root, so this file
 * makes `openSync` fail the way the kernel would and checks the message.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return {
    ...actual,
    openSync: (path: string, ...rest: unknown[]) => {
      if (String(path).endsWith('locked.Dockerfile')) {
        throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
      }
      return (actual.openSync as (...args: unknown[]) => unknown)(path, ...rest);
    },
  };
});

const { readDockerfile } = await import('./read.js');

const dir = mkdtempSync(join(tmpdir(), 'dhi-read-eacces-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readDockerfile on an unreadable file', () => {
  it('says "permission denied" without the errno noise', async () => {
    writeFileSync(join(dir, 'locked.Dockerfile'), 'FROM a\n');
    expect(readDockerfile(join(dir, 'locked.Dockerfile'))).toEqual({ ok: false, message: 'permission denied' });
  });
});
