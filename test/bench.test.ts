/**
 * The benchmark's corpus generator (scripts/bench/corpus.mjs): deterministic
 * from its seed, and covering every ecosystem. No timings here: those belong
 * to `npm run bench`, which reports them instead of failing.
 */
import { describe, expect, it } from 'vitest';
import { DockerfileParser } from 'dockerfile-ast';
import { ECOSYSTEMS, generateCorpus } from '../scripts/bench/corpus.mjs';

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
});
