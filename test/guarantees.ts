/**
 * The guarantees of issue #7, as one check over a file's bytes, shared by the
 * property tests (generated Dockerfiles) and the fuzz test (mutated real ones):
 *
 *   no crash   the per-file pipeline the CLI runs never throws and never hits
 *              an internal error; bad input is an input error or a skip;
 *   lossless   output === input with only the engine's reported edit ranges
 *              (composed over all passes, in input offsets) replaced; no edit
 *              lands inside a heredoc body; the BOM and line endings are kept;
 *   idempotent migrating the output changes nothing;
 *   valid      the output has no dockerfile-utils validation error the input
 *              didn't have, and every dhi.io reference it wrote exists in the catalog.
 */
import { expect } from 'vitest';
import { Catalog } from '../src/catalog/catalog.js';
import { migrateDecoded } from '../src/cli/migrate-file.js';
import { applyEdits } from '../src/engine/edits.js';
import { parseDockerfile } from '../src/dockerfile/model.js';
import { migrateText } from '../src/engine/engine.js';
import type { MigrateOptions } from '../src/engine/options.js';
import { decodeDockerfile, isDecodeError } from '../src/io/decode.js';
import { allRules } from '../rules/index.js';
import { dhiRefs, expectNoNewValidationErrors } from './support.js';

export type Outcome = 'decode-error' | 'error' | 'skipped' | 'unchanged' | 'changed';

const catalog = Catalog.builtin();

export function checkGuarantees(bytes: Buffer, options: MigrateOptions): Outcome {
  const decoded = decodeDockerfile(bytes, 'Dockerfile');
  if (isDecodeError(decoded)) return 'decode-error';
  const text = decoded.text;

  const m = migrateDecoded({ displayPath: 'Dockerfile', decoded, contextDir: null, rules: allRules, catalog, options });
  expect(m.internal, `internal error: ${m.result.error}`).toBeUndefined();
  if (m.result.status === 'error' || m.result.status === 'skipped') {
    expect(m.outputBytes).toBeNull();
    expect(m.output).toBe(text);
    return m.result.status;
  }

  const output = m.output;

  // Lossless: only the reported ranges differ.
  expect(applyEdits(text, m.edits)).toBe(output);
  const heredocBodies = m.edits.length > 0 ? parseDockerfile(text).heredocBodies : [];
  for (let i = 0; i < m.edits.length; i++) {
    const e = m.edits[i]!;
    expect(e.start).toBeLessThanOrEqual(e.end);
    if (i > 0) expect(e.start).toBeGreaterThanOrEqual(m.edits[i - 1]!.end);
    expect(e.text, 'an edit changes something').not.toBe(text.slice(e.start, e.end));
    for (const body of heredocBodies) {
      const inside = (offset: number) => offset > body.start && offset < body.end;
      expect(inside(e.start) || inside(e.end), `edit ${e.start}-${e.end} inside heredoc body ${body.start}-${body.end}`).toBe(false);
    }
  }
  if (m.outputBytes) {
    expect(m.outputBytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(decoded.bom);
    expect(m.outputBytes.toString('utf8')).toBe((decoded.bom ? '\uFEFF' : '') + output);
  } else {
    expect(output).toBe(text);
  }
  if (!text.includes('\r')) expect(output.includes('\r'), 'an LF file stays LF').toBe(false);
  if (/\r\n/.test(text) && !/(^|[^\r])\n/.test(text)) expect(/(^|[^\r])\n/.test(output), 'a CRLF file stays CRLF').toBe(false);

  // Idempotent.
  const again = migrateText({ text: output, rules: allRules, catalog, options });
  expect(again.output, 'a second run changes nothing').toBe(output);
  expect(again.edits).toEqual([]);
  expect(again.findings.filter((f) => f.applied)).toEqual([]);

  // Valid and grounded.
  if (output !== text) {
    expectNoNewValidationErrors(text, output, 'output');
    // Only references the tool wrote: a (mutated) input may carry unknown dhi.io tags of its own.
    const known = new Set(dhiRefs(text).map(([repo, tag]) => `${repo}:${tag}`));
    for (const [repo, tag] of dhiRefs(output)) {
      if (!known.has(`${repo}:${tag}`))
        expect(catalog.hasTag(repo, tag), `wrote dhi.io/${repo}:${tag}, which the catalog lacks`).toBe(true);
    }
  }
  return m.result.status;
}
