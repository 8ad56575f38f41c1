/** Runs rules the way the fixture runner does, for tests that assert findings (message, line). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrateText, type MigrateResult } from '../src/engine/engine.js';
import { withDefaults, type MigrateOptions } from '../src/engine/options.js';
import { Catalog } from '../src/catalog/catalog.js';
import { allRules } from '../rules/index.js';
import type { BuildContext, ReportedFinding } from '../src/engine/types.js';
import { directoryContext } from '../src/cli/migrate-file.js';

export const fixturesDir = join(import.meta.dirname, '..', 'fixtures');

/** Runs only `ruleIds` (the others count as disabled), on text or on fixtures/<folder>/<file>. */
export function runRules(
  ruleIds: string[],
  text: string,
  opts: { options?: Partial<MigrateOptions>; files?: Record<string, string>; contextDir?: string } = {},
): MigrateResult {
  const rules = allRules.filter((r) => ruleIds.includes(r.id));
  if (rules.length !== ruleIds.length) throw new Error(`unknown rule in ${ruleIds.join(', ')}`);
  const others = allRules.filter((r) => !rules.includes(r)).map((r) => r.id);
  const options = withDefaults({ ...opts.options, disabledRules: [...(opts.options?.disabledRules ?? []), ...others] });
  const files = opts.files ?? {};
  const buildContext: BuildContext = opts.contextDir ? directoryContext(opts.contextDir) : { readFile: (p) => files[p] };
  return migrateText({ text, rules, catalog: Catalog.builtin(), options, buildContext });
}

export function fixture(folder: string, file: string): string {
  return readFileSync(join(fixturesDir, folder, file), 'utf8');
}

/** Findings of one rule. */
export function findingsOf(result: MigrateResult, ruleId: string): ReportedFinding[] {
  return result.findings.filter((f) => f.ruleId === ruleId);
}
