/**
 * The benchmark's corpus generator (scripts/bench/corpus.mjs): deterministic
 * from its seed, and covering every ecosystem; and that the parse-share
 * measurement sees the compiled migration's parses. No timing targets here:
 * those belong to `npm run bench`, which reports them instead of failing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DockerfileParser } from 'dockerfile-ast';
import { ECOSYSTEMS, generateCorpus, writeCorpus } from '../scripts/bench/corpus.mjs';

const repoRoot = join(import.meta.dirname, '..');
const built = existsSync(join(repoRoot, 'dist', 'src', 'cli', 'migrate-file.js'));

describe('bench corpus generator', () => {
  it('is deterministic: same seed, identical files; another seed, different files', () => {
    const a = generateCorpus({ count: 120, seed: 7 });
    const b = generateCorpus({ count: 120, seed: 7 });
    expect(b).toEqual(a);
    const c = generateCorpus({ count: 120, seed: 8 });
    expect(c.map((f) => f.text)).not.toEqual(a.map((f) => f.text));
  });

  it('covers every ecosystem and the shapes the benchmark promises', () => {
    const files = generateCorpus({ count: 300, seed: 1 });
    expect(files).toHaveLength(300);
    expect(new Set(files.map((f) => f.path)).size).toBe(300);
    const kinds = new Set(files.map((f) => f.ecosystem));
    for (const e of ECOSYSTEMS) expect(kinds).toContain(e);
    const texts = files.map((f) => f.text);
    const fromCount = (t: string) => (t.match(/^FROM /gm) ?? []).length;
    expect(texts.some((t) => fromCount(t) === 1)).toBe(true);
    expect(texts.some((t) => fromCount(t) >= 2)).toBe(true);
    expect(texts.some((t) => /^RUN <<(EOF|EOT|SCRIPT)/m.test(t))).toBe(true);
    expect(texts.some((t) => /^ARG \w+=/m.test(t) && /FROM \S*\$\{/.test(t))).toBe(true);
    expect(texts.some((t) => t.includes('\r\n'))).toBe(true);
    expect(texts.some((t) => /^#/m.test(t))).toBe(true);
    expect(texts.some((t) => (t.match(/\\\r?\n/g) ?? []).length >= 8)).toBe(true);
    // Grouped into repositories for batch mode.
    expect(new Set(files.map((f) => f.repo)).size).toBeGreaterThan(1);
  });

  it('produces Dockerfiles that parse with a FROM in each', () => {
    for (const f of generateCorpus({ count: 60, seed: 3 })) {
      const ast = DockerfileParser.parse(f.text);
      expect(ast.getFROMs().length, f.path).toBeGreaterThan(0);
    }
  });

  // The README's lower-bound argument rests on this figure: it must count the
  // parses the compiled migration really makes (a wrapper the dist modules
  // bypassed would report 0).
  it.skipIf(!built)(
    `parse-share counts dockerfile-ast parses made inside the compiled migration${built ? '' : ' (SKIPPED: dist missing, run npm run build)'}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'bench-share-'));
      try {
        writeCorpus(join(dir, 'corpus'), { count: 40, seed: 2 });
        const out = execFileSync(
          process.execPath,
          [join(repoRoot, 'scripts', 'bench', 'throughput.mjs'), 'parse-share', join(dir, 'corpus'), '1'],
          {
            encoding: 'utf8',
          },
        );
        const r = JSON.parse(out.trim().split('\n').at(-1)!);
        expect(r.files).toBe(40);
        // Every file is parsed at least once; changed files are re-parsed after their passes.
        expect(r.parseCallsPerFile).toBeGreaterThan(1);
        expect(r.parseCallsPerFile).toBeLessThan(10);
        expect(Number.isFinite(r.parseCostInInputParses)).toBe(true);
        expect(r.parseCostInInputParses).toBeGreaterThan(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
