/** `dhi-migrate rules` and `dhi-migrate explain <rule>`: documentation generated from each rule's metadata. */
import { allRules, findRule } from '../../../rules/index.js';
import { UsageError } from '../errors.js';
import { ruleDocsWithOptions } from '../rule-docs.js';
import type { Io } from '../output.js';

export function runRules(io: Io): number {
  const width = Math.max(...allRules.map((r) => r.id.length));
  for (const rule of allRules) io.stdout(`${rule.id.padEnd(width)}  ${rule.summary}\n`);
  io.stdout(
    `\n'dhi-migrate explain <rule>' shows a rule's documentation; '# dhi-migrate ignore=<rule>' above an instruction skips it there.\n`,
  );
  return 0;
}

export function runExplain(id: string, io: Io): number {
  const rule = findRule(id);
  if (!rule) throw new UsageError(`explain: unknown rule "${id}" (known: ${allRules.map((r) => r.id).join(', ')})`);
  io.stdout(`${rule.id}: ${rule.summary}.\n\n${ruleDocsWithOptions(rule)}\n`);
  return 0;
}
