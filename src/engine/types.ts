/**
 * The rule contract (see ../shared/DESIGN.md): a rule is metadata plus one
 * function that inspects the parsed file and reports findings. A finding may
 * carry a fix made of range edits over the ORIGINAL text of this pass.
 */
import type { DockerfileModel } from '../dockerfile/model.js';
import type { Catalog } from '../catalog/catalog.js';
import type { MigrateOptions } from './options.js';
import type { RuleOptionSpec } from './rule-options.js';

/** Half-open offsets [start, end) into the source text (BOM already removed). */
export interface Range {
  start: number;
  end: number;
}

export interface Edit extends Range {
  text: string;
}

export type Severity = 'change' | 'warning' | 'info';

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Specific: names the image, tag, instruction. */
  message: string;
  range: Range;
  /** Absent = needs a human. */
  fix?: Edit[];
}

/** A finding as reported to the user: positions are in the ORIGINAL input. */
export interface ReportedFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** 1-based line and column in the original file. */
  line: number;
  column: number;
  endLine: number;
  /** true when the engine applied this finding's fix. */
  applied: boolean;
  docs: string;
}

export interface RuleContext {
  /** The text of this pass (earlier passes' fixes applied). */
  readonly model: DockerfileModel;
  /**
   * The file as the user wrote it, before any pass. Stage indexes match for
   * the original stages (rules only append stages), so a rule can ask what an
   * image was before base-image rewrote it (e.g. the official image's CMD).
   */
  readonly original: DockerfileModel;
  readonly catalog: Catalog;
  readonly options: MigrateOptions;
  /** Files next to the Dockerfile (package.json, go.mod ...); absent for stdin. */
  readonly buildContext: BuildContext;
  /**
   * 1-based line in the ORIGINAL file of an offset in this pass's text, for
   * messages that name another instruction's line (earlier passes may have
   * added or removed lines, so `model` line numbers can differ).
   */
  originalLine(offset: number): number;
  report(finding: Omit<Finding, 'ruleId'>): void;
}

/** Read-only access to the build context directory. Never executes anything. */
export interface BuildContext {
  /** Text of a file relative to the context, or undefined when absent/unreadable. */
  readFile(relativePath: string): string | undefined;
}

export interface Rule {
  /** kebab-case, stable: used in reports, config and ignore pragmas. */
  id: string;
  /** One line, shown in diffs and reports. */
  summary: string;
  /** Why the rule exists, with a before/after example (Markdown). */
  docs: string;
  /** Settings the config can give under `rules.<id>.options` (see ./rule-options.ts). */
  options?: readonly RuleOptionSpec[];
  check(ctx: RuleContext): void;
}
