/**
 * Rule options: a rule declares the settings it reads (name, type, default,
 * description); the config file sets them under `rules.<id>.options`. The
 * declaration is the single source for validation (src/config/schema.ts),
 * for the documentation (README rule sections, `dhi-migrate explain`) and for
 * the value a rule sees, so an option can't be documented but ignored, or
 * read but unvalidated.
 */
import type { MigrateOptions } from './options.js';

interface OptionBase {
  /** camelCase, as written in the config file. */
  name: string;
  /** One or two sentences for the docs. */
  description: string;
}

export type RuleOptionSpec =
  (OptionBase & { type: 'boolean'; default: boolean }) | (OptionBase & { type: 'integer'; default: number; min: number; max: number });

export type RuleOptionValue = boolean | number;

/** Why `value` is not valid for `spec` ("expected ..."), or null when it is. */
export function optionValueProblem(spec: RuleOptionSpec, value: unknown): string | null {
  if (spec.type === 'boolean') return typeof value === 'boolean' ? null : 'expected true or false';
  if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max) {
    return `expected an integer from ${spec.min} to ${spec.max}`;
  }
  return null;
}

/**
 * The value a rule uses: the config's (already validated) or the declared
 * default. Throws for an option the rule never declared: that is a bug in the
 * rule, not in the user's config.
 */
export function ruleOption<T extends RuleOptionValue>(
  options: Pick<MigrateOptions, 'ruleOptions'>,
  rule: { id: string; options?: readonly RuleOptionSpec[] },
  name: string,
): T {
  const spec = rule.options?.find((o) => o.name === name);
  if (!spec) throw new Error(`rule ${rule.id} reads option ${name}, which it does not declare`);
  const given = options.ruleOptions[rule.id]?.[name];
  return (given !== undefined && optionValueProblem(spec, given) === null ? given : spec.default) as T;
}

/** Markdown table of a rule's options, for the README and `explain`; '' when it has none. */
export function optionsTable(specs: readonly RuleOptionSpec[] | undefined): string {
  if (!specs || specs.length === 0) return '';
  const rows = specs.map((s) => {
    const type = s.type === 'integer' ? `integer ${s.min}–${s.max}` : 'boolean';
    return `| \`${s.name}\` | ${type} | \`${String(s.default)}\` | ${s.description} |`;
  });
  return ['| Option | Type | Default | What it does |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
