/**
 * A bug hit while migrating one file is reported as a bug, with the file name,
 * and does not stop the run: the other files are still migrated and written,
 * nothing is written for that file, and the run exits 3 (not 2, which means
 * "your input"), so scripts can tell the two apart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Rule } from '../src/engine/types.js';

vi.mock('../rules/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../rules/index.js')>();
  const crashing: Rule = {
    id: 'test-crash',
    summary: 'throws on files that ask for it',
    docs: 'test only',
    check(ctx) {
      if (ctx.model.text.includes('CRASH-ME')) throw new TypeError("Cannot read properties of undefined (reading 'tag')");
    },
  };
  return { ...actual, allRules: [...actual.allRules, crashing] };
});

const { errorLines, listFiles, migratedText, runCli, scratchTree, snapshot } = await import('./run-cli.js');

const t = scratchTree(
  {
    'bad/Dockerfile': '# CRASH-ME\nFROM python:3.12\n',
    'ok/Dockerfile': 'FROM node:24-alpine\n',
    'broken/Dockerfile': 'FROM\n',
  },
  'dhi-internal-',
);
afterAll(t.cleanup);

describe('an internal error in one file', () => {
  it('says it is a bug, names the file, goes on with the others, exits 3', async () => {
    const before = snapshot(join(t.dir, 'bad', 'Dockerfile'));
    const files = listFiles(t.dir);
    const r = await runCli(['--write', '.'], t.dir);
    expect(r.code).toBe(3);
    const lines = errorLines(r.err);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^dhi-migrate: bad\/Dockerfile: internal error \(this is a bug, please report it\): Cannot read properties of undefined \(reading 'tag'\) \(at Object\.check \(.*internal-error\.test\.ts:\d+:\d+\)\)$/,
    );
    // The input error is still reported as such; the bug decides the exit code.
    expect(lines[1]).toBe('dhi-migrate: broken/Dockerfile: line 1: FROM has no image; left untouched');
    expect(readFileSync(join(t.dir, 'ok', 'Dockerfile'), 'utf8')).toBe(migratedText('FROM node:24-alpine\n'));
    expect(snapshot(join(t.dir, 'bad', 'Dockerfile'))).toEqual(before);
    expect(listFiles(t.dir)).toEqual(files);
  });

  it('is a bug in the JSON report too', async () => {
    const r = await runCli(['--format', 'json', 'bad'], t.dir);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.out);
    expect(report.files[0]).toMatchObject({ path: 'bad/Dockerfile', status: 'error' });
    expect(report.files[0].error).toMatch(/^internal error \(this is a bug, please report it\): /);
  });
});
