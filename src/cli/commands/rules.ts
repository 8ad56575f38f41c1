/** `dhi-migrate rules`: the rule list, generated from each rule's metadata. */
import { allRules } from '../../../rules/index.js';
import type { Io } from '../output.js';

export function runRules(io: Io): number {
  const width = Math.max(...allRules.map((r) => r.id.length));
  for (const rule of allRules) io.stdout(`${rule.id.padEnd(width)}  ${rule.summary}\n`);
  return 0;
}
