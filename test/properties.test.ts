/**
 * Property tests (issue #7): for generated realistic Dockerfiles (see
 * arbitraries.ts) the migration is lossless, idempotent, valid and never
 * crashes (see guarantees.ts for exactly what is checked). Fixed seed and a
 * bounded number of cases in CI; `npm run fuzz` for long runs (fuzz-config.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withDefaults, type MigrateOptions } from '../src/engine/options.js';
import { dockerfile } from './arbitraries.js';
import { FUZZ_SEED, fuzzRuns, fuzzTimeout } from './fuzz-config.js';
import { checkGuarantees, type Outcome } from './guarantees.js';

const options: fc.Arbitrary<MigrateOptions> = fc
  .record({
    noBump: fc.boolean(),
    preferDistro: fc.constantFrom<MigrateOptions['preferDistro']>(null, 'debian', 'alpine'),
    mirror: fc.constantFrom<[string | null, string | null]>(
      [null, null],
      [null, null],
      [null, 'acme'],
      ['registry.example.com', 'platform'],
    ),
    target: fc.constantFrom<string | null>(null, null, null, 'build0', '0', 'runtime1'),
    split: fc.boolean(),
  })
  .map(({ mirror: [registry, namespace], ...rest }) => withDefaults({ ...rest, registry, namespace }));

function tally(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
  return counts;
}

describe('guarantees over generated Dockerfiles (property)', () => {
  const runs = fuzzRuns(400);
  it(`lossless, idempotent, valid, no crash: ${runs} files, default options`, { timeout: fuzzTimeout(runs, 15) }, () => {
    const outcomes: Outcome[] = [];
    const started = performance.now();
    fc.assert(
      fc.property(dockerfile, (file) => {
        outcomes.push(checkGuarantees(file.bytes, withDefaults()));
      }),
      { numRuns: runs, seed: FUZZ_SEED },
    );
    const counts = tally(outcomes);
    console.log(`properties (default options): ${outcomes.length} files in ${Math.round(performance.now() - started)} ms`, counts);
    // The generator must exercise the rules, not only produce untouched files.
    expect(counts.changed ?? 0).toBeGreaterThan(outcomes.length * 0.4);
  });

  const optionRuns = fuzzRuns(200);
  it(
    `the same with options varied (--no-bump, --distro, mirrors, --target, --no-split): ${optionRuns} files`,
    { timeout: fuzzTimeout(optionRuns, 15) },
    () => {
      const outcomes: Outcome[] = [];
      const started = performance.now();
      fc.assert(
        fc.property(dockerfile, options, (file, opts) => {
          outcomes.push(checkGuarantees(file.bytes, opts));
        }),
        { numRuns: optionRuns, seed: FUZZ_SEED + 1 },
      );
      console.log(
        `properties (varied options): ${outcomes.length} files in ${Math.round(performance.now() - started)} ms`,
        tally(outcomes),
      );
    },
  );
});
