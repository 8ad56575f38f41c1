import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { compiledWorker, InternalJobError } from './pool.js';

describe('compiledWorker', () => {
  const dirs: string[] = [];
  const scratch = (withWorker: boolean): string => {
    const dir = mkdtempSync(join(tmpdir(), 'dhi-pool-'));
    dirs.push(dir);
    if (withWorker) writeFileSync(join(dir, 'worker.js'), '');
    return dir;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('finds worker.js beside the calling module (tsc output or a bundle chunk)', () => {
    const dir = scratch(true);
    const url = compiledWorker(pathToFileURL(join(dir, 'chunk-ABC.js')).href);
    expect(url?.href).toBe(pathToFileURL(join(dir, 'worker.js')).href);
  });

  it('runs jobs in-process (null) only when running from TypeScript source', () => {
    expect(compiledWorker(pathToFileURL(join(scratch(false), 'pool.ts')).href)).toBeNull();
  });

  it('compiled code without its worker is an error, not a quiet single thread', () => {
    const from = pathToFileURL(join(scratch(false), 'chunk-ABC.js')).href;
    expect(() => compiledWorker(from)).toThrow(InternalJobError);
    expect(() => compiledWorker(from)).toThrow(/worker\.js is missing: rebuild dhi-migrate/);
  });
});
