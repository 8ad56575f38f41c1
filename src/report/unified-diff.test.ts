import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unifiedDiff } from './unified-diff.js';

let repo: string;
beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'dhi-diff-'));
  git('init', '-q');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

function git(...args: string[]): string {
  // Pin settings that would otherwise let the host's git config rewrite line endings.
  return execFileSync('git', ['-c', 'core.autocrlf=false', '-c', 'core.safecrlf=false', ...args], {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Writes `before` to disk, applies the patch with real git, returns the resulting bytes. */
function applyWithGit(path: string, before: string, after: string, bom = false): Buffer {
  const prefix = bom ? '\uFEFF' : '';
  const file = join(repo, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, prefix + before);
  const patch = unifiedDiff(path, before, after, { bom });
  writeFileSync(join(repo, 'change.patch'), patch);
  git('apply', '--whitespace=nowarn', 'change.patch');
  const result = readFileSync(file);
  expect(result.equals(Buffer.from(prefix + after, 'utf8'))).toBe(true);
  // And back again: the patch is exact in both directions.
  git('apply', '-R', '--whitespace=nowarn', 'change.patch');
  expect(readFileSync(file).equals(Buffer.from(prefix + before, 'utf8'))).toBe(true);
  return result;
}

const lines = (n: number, eol = '\n') => Array.from({ length: n }, (_, i) => `RUN echo ${i + 1}`).join(eol) + eol;

describe('unifiedDiff', () => {
  it('returns an empty string when nothing changed', () => {
    expect(unifiedDiff('Dockerfile', 'FROM a\n', 'FROM a\n')).toBe('');
  });

  it('prints a git-style patch with 3 lines of context', () => {
    const before = lines(10);
    const after = before.replace('RUN echo 5\n', 'RUN echo five\n');
    expect(unifiedDiff('app/Dockerfile', before, after)).toBe(
      [
        'diff --git a/app/Dockerfile b/app/Dockerfile',
        '--- a/app/Dockerfile',
        '+++ b/app/Dockerfile',
        '@@ -2,7 +2,7 @@',
        ' RUN echo 2',
        ' RUN echo 3',
        ' RUN echo 4',
        '-RUN echo 5',
        '+RUN echo five',
        ' RUN echo 6',
        ' RUN echo 7',
        ' RUN echo 8',
        '',
      ].join('\n'),
    );
  });

  it('marks a missing final newline', () => {
    const patch = unifiedDiff('Dockerfile', 'FROM a\nCMD ["x"]', 'FROM b\nCMD ["x"]');
    expect(patch).toContain('-FROM a\n+FROM b\n CMD ["x"]\n\\ No newline at end of file\n');
  });

  describe('applies with git apply, byte-exact', () => {
    const cases: [string, string, string][] = [
      ['plain change', lines(20), lines(20).replace('echo 10\n', 'echo ten\n')],
      ['two hunks', lines(30), lines(30).replace('echo 3\n', 'echo three\n').replace('echo 25\n', 'echo 25\nUSER nonroot\n')],
      ['first line', 'FROM node:22\n' + lines(8), 'FROM dhi.io/node:22\n' + lines(8)],
      ['last line', lines(8) + 'CMD ["node"]\n', lines(8) + 'CMD ["node", "app.js"]\n'],
      ['insert at start', lines(5), '# syntax=docker/dockerfile:1\n' + lines(5)],
      ['append at end', lines(5), lines(5) + 'USER nonroot\n'],
      ['no final newline before', lines(5) + 'CMD x', lines(5) + 'CMD x\n'],
      ['no final newline after', lines(5) + 'CMD x\n', lines(5) + 'CMD x'],
      ['no final newline both, last line changed', lines(5) + 'CMD x', lines(5) + 'CMD y'],
      ['no final newline both, other line changed', 'FROM a\n' + lines(5) + 'CMD x', 'FROM b\n' + lines(5) + 'CMD x'],
      ['from empty', '', 'FROM a\n'],
      ['to empty', 'FROM a\n', ''],
      ['CRLF', lines(10, '\r\n'), lines(10, '\r\n').replace('echo 1\r\n', 'echo one\r\nUSER app\r\n')],
      ['CRLF, last line without EOL', 'FROM a\r\nCMD x', 'FROM b\r\nCMD x'],
      ['mixed EOL', 'FROM a\r\nRUN b\nRUN c\r\n', 'FROM z\r\nRUN b\nRUN c\r\nUSER u\n'],
      ['only EOL changed', 'FROM a\nCMD b\n', 'FROM a\r\nCMD b\n'],
      ['non-ASCII', '# Zoë 🐳\nFROM a\n', '# Zoë 🐳\nFROM dhi.io/a\n'],
      ['whitespace-only lines', 'FROM a\n  \n\t\nCMD b\n', 'FROM c\n  \n\t\nCMD b\n'],
      ['lines that look like diff syntax', '--- a\n+++ b\n@@ x @@\nFROM a\n', '--- a\n+++ b\n@@ x @@\nFROM b\n'],
    ];
    it.each(cases)('%s', (_name, before, after) => {
      applyWithGit('Dockerfile', before, after);
    });

    it('file with a BOM, change on the first line', () => {
      const before = 'FROM python:3.12\r\nCMD ["python"]\r\n';
      const patch = unifiedDiff('Dockerfile', before, before.replace('python:3.12', 'dhi.io/python:3.12'), { bom: true });
      expect(patch).toContain('-\uFEFFFROM python:3.12\r\n+\uFEFFFROM dhi.io/python:3.12\r\n');
      applyWithGit('Dockerfile', before, before.replace('python:3.12', 'dhi.io/python:3.12'), true);
    });

    it('file with a BOM, change away from the first line', () => {
      applyWithGit('Dockerfile', lines(10), lines(10).replace('echo 9', 'echo nine'), true);
    });

    it('path with spaces', () => {
      const patch = unifiedDiff('my app/Docker file', 'FROM a\n', 'FROM b\n');
      expect(patch.split('\n').slice(0, 3)).toEqual([
        'diff --git a/my app/Docker file b/my app/Docker file',
        '--- a/my app/Docker file\t',
        '+++ b/my app/Docker file\t',
      ]);
      applyWithGit('my app/Docker file', 'FROM a\n', 'FROM b\n');
    });

    it('path with quotes, backslash and non-ASCII', () => {
      applyWithGit('wëird/"q"\\x.Dockerfile', 'FROM a\n', 'FROM b\n');
    });

    it('path given as ./relative', () => {
      expect(unifiedDiff('./svc/Dockerfile', 'a\n', 'b\n')).toMatch(/^diff --git a\/svc\/Dockerfile b\/svc\/Dockerfile\n/);
      applyWithGit('./svc/Dockerfile', 'FROM a\n', 'FROM b\n');
    });
  });

  it('applies for random edits of random files (property, real git apply)', () => {
    const line = fc.constantFrom('FROM a', 'FROM b', 'RUN x', '', '  ', 'USER u', 'CMD ["z"]', 'é🐳');
    const eol = fc.constantFrom('\n', '\r\n');
    const file = fc.tuple(fc.array(fc.tuple(line, eol), { maxLength: 14 }), fc.boolean()).map(([ls, finalEol]) => {
      const text = ls.map(([l, e]) => l + e).join('');
      return finalEol || text === '' ? text : text.replace(/\r?\n$/, '');
    });
    fc.assert(
      fc.property(file, file, fc.boolean(), (before, after, bom) => {
        if (before === after) return;
        applyWithGit('Dockerfile', before, after, bom);
      }),
      { numRuns: 40 },
    );
  });
});
