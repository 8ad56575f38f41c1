import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeEdits } from './compose.js';
import { applyEdits } from './edits.js';
import type { Edit } from './types.js';
import { FUZZ_SEED, fuzzRuns, fuzzTimeout } from '../../test/fuzz-config.js';

/** Non-overlapping edits over a text of `length` (several inserts at one point allowed, as applyEdits allows). */
function editsFor(length: number): fc.Arbitrary<Edit[]> {
  const point = fc.integer({ min: 0, max: length });
  const edit = fc.tuple(point, point, fc.constantFrom('', 'x', 'YY', 'new\n', '\r\n'));
  return fc.array(edit, { maxLength: 5 }).map((raw) => {
    const sorted = raw
      .map(([a, b, text]) => ({ start: Math.min(a, b), end: Math.max(a, b), text }))
      .sort((a, b) => a.start - b.start || a.end - b.end);
    const out: Edit[] = [];
    let cursor = 0;
    for (const e of sorted) {
      if (e.start < cursor) continue;
      out.push(e);
      cursor = e.end;
    }
    return out;
  });
}

describe('composeEdits', () => {
  it('maps a second pass onto the original', () => {
    const original = 'FROM a\nRUN b\n';
    const first: Edit[] = [{ start: 5, end: 6, text: 'dhi.io/a:1' }];
    const pass1 = applyEdits(original, first); // FROM dhi.io/a:1\nRUN b\n
    const second: Edit[] = [{ start: pass1.indexOf('RUN'), end: pass1.indexOf('RUN'), text: 'USER x\n' }];
    const composed = composeEdits(original, first, second);
    expect(composed).toEqual([
      { start: 5, end: 6, text: 'dhi.io/a:1' },
      { start: 7, end: 7, text: 'USER x\n' },
    ]);
    expect(applyEdits(original, composed)).toBe(applyEdits(pass1, second));
  });

  it('absorbs an earlier edit that a later one touches, even at its edge', () => {
    const original = 'FROM a\n';
    const first: Edit[] = [{ start: 5, end: 6, text: 'bbb' }];
    // Inserts right after the replaced text: one edit, no ambiguous order.
    const composed = composeEdits(original, first, [{ start: 8, end: 8, text: ':1' }]);
    expect(composed).toEqual([{ start: 5, end: 6, text: 'bbb:1' }]);
  });

  it('drops a change a later pass undoes', () => {
    const original = 'FROM a\n';
    const composed = composeEdits(original, [{ start: 5, end: 6, text: 'b' }], [{ start: 5, end: 6, text: 'a' }]);
    expect(composed).toEqual([]);
  });

  const runs = fuzzRuns(1500);
  it(`equals applying the passes one after another (property, ${runs} cases)`, { timeout: fuzzTimeout(runs, 1) }, () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '\n', '\r', 'é', '🐳'), maxLength: 30 });
    fc.assert(
      fc.property(
        text.chain((original) =>
          fc.tuple(
            fc.constant(original),
            // Up to four passes, each drawn against the previous pass's output.
            fc.integer({ min: 1, max: 4 }).chain((n) => passes(original, n)),
          ),
        ),
        ([original, steps]) => {
          let current = original;
          let composed: Edit[] = [];
          for (const edits of steps) {
            composed = composeEdits(original, composed, edits);
            current = applyEdits(current, edits);
            expect(applyEdits(original, composed)).toBe(current);
          }
          for (let i = 1; i < composed.length; i++) expect(composed[i]!.start).toBeGreaterThan(composed[i - 1]!.end - 1);
          for (const e of composed) expect(e.text).not.toBe(original.slice(e.start, e.end));
        },
      ),
      { numRuns: runs, seed: FUZZ_SEED },
    );
  });
});

function passes(original: string, n: number): fc.Arbitrary<Edit[][]> {
  if (n === 0) return fc.constant([]);
  return editsFor(original.length).chain((edits) => passes(applyEdits(original, edits), n - 1).map((rest) => [edits, ...rest]));
}
