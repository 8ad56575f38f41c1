import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { replaceRulesSection } from '../src/cli/rule-docs.js';

describe('generated documentation', () => {
  it('README rule section matches the rules metadata (run `npm run docs` to fix)', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    expect(replaceRulesSection(readme, allRules)).toBe(readme);
  });

  it('every rule has an id, a one-line summary and docs with an example', () => {
    const ids = new Set<string>();
    for (const rule of allRules) {
      expect(rule.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(ids.has(rule.id), `duplicate rule id ${rule.id}`).toBe(false);
      ids.add(rule.id);
      expect(rule.summary).not.toContain('\n');
      expect(rule.docs).toMatch(/Before[\s\S]*After/);
    }
  });
});
