/**
 * An unreadable Dockerfile through the whole CLI, in-process. Tests usually
 * run as root, which reads mode-000 files, so `openSync` is made to fail the way
 * the kernel would (see also src/io/read.eacces.test.ts and the runuser case
 * in bad-input.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return {
    ...actual,
    openSync: (path: string, ...rest: unknown[]) => {
      if (String(path).endsWith('locked/Dockerfile')) {
        throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
      }
      return (actual.openSync as (...args: unknown[]) => unknown)(path, ...rest);
    },
  };
});

const { errorLines, listFiles, migratedText, runCli, scratchTree, snapshot } = await import('./run-cli.js');

const t = scratchTree({ 'locked/Dockerfile': 'FROM python:3.12\n', 'ok/Dockerfile': 'FROM node:24-alpine\n' }, 'dhi-eacces-');
afterAll(t.cleanup);

describe('an unreadable file', () => {
  it('gets one "permission denied" line, exit 2; the other file is still written', async () => {
    const before = snapshot(join(t.dir, 'locked', 'Dockerfile'));
    const files = listFiles(t.dir);
    const r = await runCli(['--write', '.'], t.dir);
    expect(r.code).toBe(2);
    expect(errorLines(r.err)).toEqual(['dhi-migrate: locked/Dockerfile: permission denied']);
    expect(readFileSync(join(t.dir, 'ok', 'Dockerfile'), 'utf8')).toBe(migratedText('FROM node:24-alpine\n'));
    expect(snapshot(join(t.dir, 'locked', 'Dockerfile'))).toEqual(before);
    expect(listFiles(t.dir)).toEqual(files);
  });
});
