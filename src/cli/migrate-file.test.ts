import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { directoryContext } from './migrate-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dhi-context-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('directoryContext', () => {
  it('reads files next to the Dockerfile, and nothing above it', () => {
    writeFileSync(join(dir, 'package.json'), '{"name":"a"}');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'go.mod'), 'module x\n');
    const ctx = directoryContext(join(dir, 'sub'));
    expect(ctx.readFile('go.mod')).toBe('module x\n');
    expect(ctx.readFile('../package.json')).toBeUndefined();
    expect(ctx.readFile('missing.txt')).toBeUndefined();
    expect(directoryContext(null).readFile('go.mod')).toBeUndefined();
  });

  it("gives one Dockerfile's migration one view of a file, however often rules ask", () => {
    const ctx = directoryContext(dir);
    expect(ctx.readFile('package.json')).toBeUndefined();
    writeFileSync(join(dir, 'package.json'), '{"name":"a"}');
    expect(ctx.readFile('package.json')).toBeUndefined();
    // A new context (the next Dockerfile) sees the file as it is now.
    expect(directoryContext(dir).readFile('package.json')).toBe('{"name":"a"}');
  });
});
