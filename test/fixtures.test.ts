/**
 * Golden fixtures (OpenRewrite style): fixtures/<rule>/<case>.before.Dockerfile
 * with its hand-reviewed <case>.after.Dockerfile, or <case>.unchanged.Dockerfile
 * for input that must come out byte-identical. A folder named after a rule runs
 * only that rule; fixtures/preset runs every rule. Optional <case>.options.json
 * holds MigrateOptions. Each case also runs a second time (no change allowed)
 * and its output must re-parse without new validation errors.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateText } from '../src/engine/engine.js';
import { withDefaults, type MigrateOptions } from '../src/engine/options.js';
import { Catalog } from '../src/catalog/catalog.js';
import { allRules } from '../rules/index.js';
import { decodeDockerfile, isDecodeError } from '../src/io/decode.js';
import { directoryContext } from '../src/cli/migrate-file.js';
import { expectDhiRefsExist, expectNoNewValidationErrors } from './support.js';

const root = join(import.meta.dirname, '..', 'fixtures');

interface Case {
  folder: string;
  name: string;
  input: string;
  expected: string;
  optionsFile: string;
  contextDir: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const folder of readdirSync(root).sort()) {
    const dir = join(root, folder);
    if (!statSync(dir).isDirectory() || folder === 'e2e') continue;
    for (const file of readdirSync(dir).sort()) {
      const before = /^(.*)\.before\.Dockerfile$/.exec(file);
      const unchanged = /^(.*)\.unchanged\.Dockerfile$/.exec(file);
      const name = before?.[1] ?? unchanged?.[1];
      if (!name) continue;
      const input = join(dir, file);
      const expected = before ? join(dir, `${name}.after.Dockerfile`) : input;
      const contextDir = join(dir, `${name}.context`);
      out.push({ folder, name, input, expected, optionsFile: join(dir, `${name}.options.json`), contextDir: existsSync(contextDir) ? contextDir : dir });
    }
  }
  return out;
}

function decode(path: string): { text: string; bom: boolean } {
  const d = decodeDockerfile(readFileSync(path), path);
  if (isDecodeError(d)) throw new Error(`${path}: ${d.message}`);
  return d;
}

const all = cases();

describe('golden fixtures', () => {
  it('exist', () => expect(all.length).toBeGreaterThan(10));

  for (const c of all) {
    it(`${c.folder}/${c.name}`, () => {
      const rules = c.folder === 'preset' ? allRules : allRules.filter((r) => r.id === c.folder);
      expect(rules.length, `fixtures/${c.folder} names no rule`).toBeGreaterThan(0);
      const fileOptions = (existsSync(c.optionsFile) ? JSON.parse(readFileSync(c.optionsFile, 'utf8')) : {}) as Partial<MigrateOptions>;
      // The other rules count as disabled, so hooks such as splitPending see them as off too.
      const others = allRules.filter((r) => !rules.includes(r)).map((r) => r.id);
      const options = withDefaults({ ...fileOptions, disabledRules: [...(fileOptions.disabledRules ?? []), ...others] });
      const input = decode(c.input);
      const expected = decode(c.expected);
      const run = (text: string) =>
        migrateText({ text, rules, catalog: Catalog.builtin(), options, buildContext: directoryContext(c.contextDir) });

      const first = run(input.text);
      expect(first.output).toBe(expected.text);
      expect(expected.bom).toBe(input.bom);

      const second = run(first.output);
      expect(second.output, 'second run must change nothing').toBe(first.output);
      expect(second.findings.filter((f) => f.applied)).toEqual([]);

      expectNoNewValidationErrors(input.text, first.output, c.name);
      expectDhiRefsExist(first.output, `${c.folder}/${c.name}`);
    });
  }
});
