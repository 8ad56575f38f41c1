/**
 * Fuzzing (issue #7): real-world-shaped Dockerfiles (every fixture, example
 * and end-to-end case in the repository) mutated at the line and byte level
 * (lines deleted, duplicated, swapped, joined, re-cased; hostile lines and
 * bytes inserted: stray FROMs, unterminated heredocs, escapes, `${`, NULs,
 * invalid UTF-8; truncation; CR/CRLF/LF swaps; a BOM) and run through the
 * per-file pipeline the CLI uses. Whatever comes in, nothing throws, no
 * internal error is hit, and when a file is migrated the guarantees of
 * guarantees.ts hold.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withDefaults } from '../src/engine/options.js';
import { FUZZ_SEED, fuzzRuns, fuzzTimeout } from './fuzz-config.js';
import { checkGuarantees, type Outcome } from './guarantees.js';

const repoRoot = join(import.meta.dirname, '..');

function findDockerfiles(dir: string, out: { name: string; bytes: Buffer }[] = []): { name: string; bytes: Buffer }[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findDockerfiles(path, out);
    else if (/Dockerfile/.test(name)) out.push({ name: relative(repoRoot, path), bytes: readFileSync(path) });
  }
  return out;
}

const corpus = [
  ...findDockerfiles(join(repoRoot, 'fixtures')),
  ...findDockerfiles(join(repoRoot, 'examples')),
  ...findDockerfiles(join(repoRoot, 'test', 'e2e', 'cases')),
];

/** Lines that break naive parsers and rewriters. */
const HOSTILE_LINES = [
  'FROM',
  'FROM AS build',
  'FROM python:3.12 AS',
  'FROM ${',
  'FROM $',
  'FROM ${UNSET}',
  'FROM python:${PY:-${INNER}}-slim',
  'FROM scratch AS scratch',
  'FROM build AS build',
  'from --platform= node:22',
  'FROM node:22@sha256:',
  'FROM dhi.io/python:3.12-dev',
  'RUN <<EOF',
  'EOF',
  '\tEOF',
  'COPY <<-X /x',
  'RUN echo "a <<EOF"',
  'ARG BASE',
  'ARG BASE=python:3.12 BASE2=node:22',
  '# escape=`',
  '# escape=\\',
  '# syntax=docker/dockerfile:1',
  '# dhi-migrate ignore',
  '# dhi-migrate ignore=base-image',
  '# dhi-migrate ignore-file',
  '\\',
  '`',
  'ONBUILD ONBUILD RUN x',
  'ONBUILD FROM node:22',
  'SHELL ["powershell", "-Command"]',
  'COPY --from= /a /b',
  'COPY --from=999 /a /b',
  'USER',
  'CMD',
  'CMD []',
  'CMD ["unterminated',
  'HEALTHCHECK CMD',
  'FOO bar',
  '  ',
  '',
];

const TEXT_UNITS = [
  '\\',
  '`',
  '$',
  '{',
  '}',
  '"',
  "'",
  '<<',
  '<<-',
  '\n',
  '\r',
  '\r\n',
  ' ',
  '\t',
  '#',
  ':',
  '@',
  '/',
  '=',
  '-',
  'FROM ',
  ' AS ',
  'EOF',
  'ARG ',
  '${X}',
  'é',
  '🐳',
  '\u0000',
  '\uFEFF',
];

type Mutation =
  | { kind: 'deleteLine' | 'duplicateLine' | 'joinLines' | 'toggleCase' | 'truncate'; at: number }
  | { kind: 'swapLines'; at: number; other: number }
  | { kind: 'insertLine'; at: number; line: string }
  | { kind: 'insertText'; at: number; text: string }
  | { kind: 'insertBytes'; at: number; bytes: number[] }
  | { kind: 'deleteRange'; at: number; length: number }
  | { kind: 'endings'; to: '\n' | '\r\n' | '\r' }
  | { kind: 'bom' };

const at = fc.nat();
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constantFrom('deleteLine', 'duplicateLine', 'joinLines', 'toggleCase', 'truncate' as const), at }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('swapLines' as const), at, other: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insertLine' as const), at, line: fc.constantFrom(...HOSTILE_LINES) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('insertText' as const),
      at,
      text: fc.array(fc.constantFrom(...TEXT_UNITS), { minLength: 1, maxLength: 4 }).map((u) => u.join('')),
    }),
  },
  // Raw bytes mostly make the file binary or invalid UTF-8: refused early, so rarer.
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('insertBytes' as const),
      at,
      bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deleteRange' as const), at, length: fc.integer({ min: 1, max: 40 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('endings' as const), to: fc.constantFrom<'\n' | '\r\n' | '\r'>('\n', '\r\n', '\r') }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'bom' as const }) },
);

/** Applies mutations to bytes, working on a latin1 view so any byte sequence survives. */
export function mutate(input: Buffer, mutations: Mutation[]): Buffer {
  let s = input.toString('latin1');
  const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
  for (const m of mutations) {
    const lines = s.split('\n');
    const line = (n: number) => n % lines.length;
    const offset = (n: number) => (s.length === 0 ? 0 : n % (s.length + 1));
    switch (m.kind) {
      case 'deleteLine':
        lines.splice(line(m.at), 1);
        s = lines.join('\n');
        break;
      case 'duplicateLine':
        lines.splice(line(m.at), 0, lines[line(m.at)]!);
        s = lines.join('\n');
        break;
      case 'joinLines': {
        const i = line(m.at);
        if (i + 1 < lines.length) lines.splice(i, 2, lines[i]!.replace(/\r$/, '') + lines[i + 1]!);
        s = lines.join('\n');
        break;
      }
      case 'toggleCase': {
        const i = line(m.at);
        const l = lines[i]!;
        lines[i] = l === l.toUpperCase() ? l.toLowerCase() : l.toUpperCase();
        s = lines.join('\n');
        break;
      }
      case 'truncate':
        s = s.slice(0, offset(m.at));
        break;
      case 'swapLines': {
        const a = line(m.at);
        const b = line(m.other);
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        s = lines.join('\n');
        break;
      }
      case 'insertLine':
        lines.splice(line(m.at), 0, utf8(m.line));
        s = lines.join('\n');
        break;
      case 'insertText': {
        const o = offset(m.at);
        s = s.slice(0, o) + utf8(m.text) + s.slice(o);
        break;
      }
      case 'insertBytes': {
        const o = offset(m.at);
        s = s.slice(0, o) + String.fromCharCode(...m.bytes) + s.slice(o);
        break;
      }
      case 'deleteRange': {
        const o = offset(m.at);
        s = s.slice(0, o) + s.slice(o + m.length);
        break;
      }
      case 'endings':
        s = s.replace(/\r\n|\r|\n/g, m.to);
        break;
      case 'bom':
        s = s.startsWith('\xef\xbb\xbf') ? s.slice(3) : '\xef\xbb\xbf' + s;
        break;
    }
  }
  return Buffer.from(s, 'latin1');
}

describe('fuzz: mutated real-world Dockerfiles', () => {
  it('has a corpus', () => expect(corpus.length).toBeGreaterThan(40));

  const runs = fuzzRuns(500);
  it(`never crash, never hit an internal error, keep the guarantees: ${runs} mutants`, { timeout: fuzzTimeout(runs, 15) }, () => {
    const outcomes: Record<Outcome, number> = { 'decode-error': 0, error: 0, skipped: 0, unchanged: 0, changed: 0 };
    const started = performance.now();
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (index, mutations) => {
        const mutant = mutate(corpus[index]!.bytes, mutations);
        try {
          outcomes[checkGuarantees(mutant, withDefaults())]++;
        } catch (err) {
          // The counterexample as text, ready to paste into a fixture or a bug report.
          throw new Error(`${(err as Error).message}\n--- mutant of ${corpus[index]!.name} ---\n${JSON.stringify(mutant.toString('utf8'))}`);
        }
      }),
      { numRuns: runs, seed: FUZZ_SEED + 2 },
    );
    console.log(`fuzz: ${runs} mutants of ${corpus.length} files in ${Math.round(performance.now() - started)} ms`, outcomes);
    // Mutants must reach every path: refused, broken, migrated.
    expect(outcomes.changed).toBeGreaterThan(runs * 0.2);
    expect(outcomes.error).toBeGreaterThan(0);
  });
});
