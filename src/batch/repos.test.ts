import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commonRoot, discoverRepositories, readRepoList } from './repos.js';

describe('discoverRepositories', () => {
  it('takes git repositories, the git children of a parent, and a plain directory; each once', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dhi-repos-'));
    for (const dir of ['org/a/.git', 'org/b/.git', 'org/not-a-repo', 'single/.git', 'plain'])
      mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'org', 'b', '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(root, 'file'), '');
    const repos = await discoverRepositories(['org', 'single', 'plain', 'org/a', 'file', 'nope'], root);
    expect(repos.map((r) => [r.name, r.displayPath, r.error ?? null])).toEqual([
      ['file', 'file', 'not a directory (batch takes repository directories)'],
      ['nope', 'nope', 'no such file or directory'],
      ['org/a', 'org/a', null],
      ['org/b', 'org/b', null],
      ['plain', 'plain', null],
      ['single', 'single', null],
    ]);
  });

  it('names are relative to the common root of all inputs, so they do not depend on the checkout location', async () => {
    const a = mkdtempSync(join(tmpdir(), 'dhi-repos-'));
    const b = mkdtempSync(join(tmpdir(), 'dhi-repos-elsewhere-'));
    for (const root of [a, b]) for (const dir of ['x/.git', 'y/.git']) mkdirSync(join(root, 'checkouts', dir), { recursive: true });
    const names = async (root: string) => (await discoverRepositories([join(root, 'checkouts')], '/')).map((r) => r.name);
    expect(await names(a)).toEqual(['x', 'y']);
    expect(await names(b)).toEqual(await names(a));
  });
});

describe('helpers', () => {
  it('commonRoot', () => {
    expect(commonRoot(['/w/a/b', '/w/a/c', '/w/a'])).toBe('/w/a');
    expect(commonRoot(['/w/a', '/x'])).toBe('/');
  });

  it('--repos-from skips blank lines and comments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dhi-list-'));
    writeFileSync(join(dir, 'list'), '# repos\n a \n\r\nb\n  # c\n');
    expect(await readRepoList('list', dir, async () => Buffer.from(''))).toEqual(['a', 'b']);
    expect(await readRepoList('-', dir, async () => Buffer.from('x\ny\n'))).toEqual(['x', 'y']);
    await expect(readRepoList('missing', dir, async () => Buffer.from(''))).rejects.toThrow(/--repos-from missing: no such file/);
  });
});
