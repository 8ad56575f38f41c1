/**
 * Rule documentation generated from each rule's metadata: the README section
 * and `dhi-migrate explain`. One source, so docs cannot drift from code.
 */
import type { Rule } from '../engine/types.js';
import { optionsTable } from '../engine/rule-options.js';

export const RULES_START = '<!-- rules:start (generated from rule metadata by `npm run docs`; a test fails when it drifts) -->';
export const RULES_END = '<!-- rules:end -->';

export function renderRulesSection(rules: readonly Rule[]): string {
  const table = ['| rule | what it does |', '| --- | --- |', ...rules.map((r) => `| [\`${r.id}\`](#rule-${r.id}) | ${r.summary} |`)];
  const sections = rules.map((r) =>
    [`<a id="rule-${r.id}"></a>`, `### ${r.id}`, '', r.summary + '.', '', ruleDocsWithOptions(r)].join('\n'),
  );
  return [RULES_START, table.join('\n'), '', sections.join('\n\n'), RULES_END].join('\n');
}

/** A rule's docs followed by its options (how to set them in the config), when it has any. */
export function ruleDocsWithOptions(rule: Rule): string {
  const table = optionsTable(rule.options);
  if (!table) return rule.docs.trim();
  const first = rule.options![0]!;
  const example = `rules:\n  ${rule.id}:\n    options: { ${first.name}: ${String(first.default)} }`;
  return [rule.docs.trim(), '', 'Options (config file):', '', table, '', '```yaml', example, '```'].join('\n');
}

/** Replaces the generated section of a README; throws when the markers are missing. */
export function replaceRulesSection(readme: string, rules: readonly Rule[]): string {
  const start = readme.indexOf(RULES_START);
  const end = readme.indexOf(RULES_END);
  if (start < 0 || end < start) throw new Error('README.md lacks the rules:start/rules:end markers');
  return readme.slice(0, start) + renderRulesSection(rules) + readme.slice(end + RULES_END.length);
}
