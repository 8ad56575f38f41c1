/**
 * How many cases the property and fuzz tests run, and from which seed. CI
 * (`npm test`) runs a fixed seed and a bounded number of cases so a failure
 * reproduces and the suite stays fast; `npm run fuzz` runs many more:
 *
 *   DHI_FUZZ_RUNS=50000 npm run fuzz          # cases per property
 *   DHI_FUZZ_SEED=random npm run fuzz         # a fresh seed (printed)
 *   DHI_FUZZ_SEED=123 DHI_FUZZ_RUNS=1 ...     # replay a reported seed
 *
 * fast-check prints the seed and the shrunk counterexample on failure.
 */
const DEFAULT_SEED = 20260822;

function readSeed(): number {
  const raw = process.env.DHI_FUZZ_SEED;
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  if (raw === 'random') {
    const seed = Math.floor(Math.random() * 0x7fffffff);
    console.log(`dhi-migrate fuzz: DHI_FUZZ_SEED=${seed}`);
    return seed;
  }
  const seed = Number(raw);
  if (!Number.isInteger(seed)) throw new Error(`DHI_FUZZ_SEED must be an integer or "random", got ${raw}`);
  return seed;
}

export const FUZZ_SEED = readSeed();

/** Cases for one property: the CI default unless DHI_FUZZ_RUNS says otherwise. */
export function fuzzRuns(ciDefault: number): number {
  const raw = process.env.DHI_FUZZ_RUNS;
  if (raw === undefined || raw === '') return ciDefault;
  const runs = Number(raw);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`DHI_FUZZ_RUNS must be a positive integer, got ${raw}`);
  return runs;
}

/** A test timeout that grows with the number of cases (vitest's 5 s default suits neither). */
export function fuzzTimeout(runs: number, msPerCase: number): number {
  return Math.max(60_000, runs * msPerCase * 4);
}
