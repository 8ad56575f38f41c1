/**
 * The fixed-point loop: parse, run every rule, apply the non-overlapping
 * fixes, re-parse, and repeat until no fix remains. Pure: no I/O, no printing.
 */
import { forgetRecentlyParsed, parseDockerfile, type DockerfileModel } from '../dockerfile/model.js';
import type { Catalog } from '../catalog/catalog.js';
import { applyEdits, editsConflict, mapOffsetBack } from './edits.js';
import { reparseDockerfile } from './reparse.js';
import { touchesHeredoc } from './edit-builder.js';
import { composeEdits } from './compose.js';
import type { MigrateOptions } from './options.js';
import type { LineIndex } from '../dockerfile/positions.js';
import type { BuildContext, Edit, Finding, ReportedFinding, Rule, RuleContext } from './types.js';
import { isSuppressed, readPragmas } from './pragmas.js';

/** Rule id of the engine's own findings about `# dhi-migrate ignore=` pragmas. */
export const PRAGMA_RULE_ID = 'ignore-pragma';

export const MAX_PASSES = 12;

export class EngineError extends Error {}

export interface MigrateInput {
  text: string;
  rules: readonly Rule[];
  catalog: Catalog;
  options: MigrateOptions;
  buildContext?: BuildContext;
  /**
   * Interactive review: return false to leave a proposed fix unapplied. Called
   * once per proposed fix and pass (a declined fix is not proposed again);
   * `pass.text` is the text the fix's offsets refer to.
   */
  acceptFix?: (finding: Finding, pass: ProposedIn) => boolean;
  /** The input already parsed (same text and --target), so callers that check it first parse once. */
  model?: DockerfileModel;
}

/** Where a proposed fix comes from: pass 0 is the input; later passes follow applied fixes. */
export interface ProposedIn {
  pass: number;
  text: string;
}

export interface MigrateResult {
  output: string;
  findings: ReportedFinding[];
  passes: number;
  /** The model of the input, for callers that describe what changed. */
  inputModel: DockerfileModel;
  /** true when the file carries `# dhi-migrate ignore-file`: nothing ran. */
  ignoredFile: boolean;
  outputModel: DockerfileModel;
  /**
   * Every applied change as edits over the INPUT text (all passes composed):
   * `applyEdits(text, edits) === output`. Bytes outside these ranges are untouched.
   */
  edits: Edit[];
}

const noContext: BuildContext = { readFile: () => undefined };

interface PassRecord {
  edits: Edit[];
  /** The text the edits were applied to (to map moved lines back). */
  before: string;
}

export function migrateText(input: MigrateInput): MigrateResult {
  try {
    return migrateToFixedPoint(input);
  } finally {
    // The models re-parsed during this file's passes are of no use to the next file.
    forgetRecentlyParsed();
  }
}

function migrateToFixedPoint(input: MigrateInput): MigrateResult {
  const { rules, catalog, options } = input;
  const active = rules.filter((r) => !options.disabledRules.includes(r.id));
  const docsById = new Map(active.map((r) => [r.id, ruleDocsLink(r.id)] as const));
  const seenTexts = new Set<string>();
  const passes: PassRecord[] = [];
  const reported: ReportedFinding[] = [];
  const declined = new Set<string>();
  const inputModel = input.model ?? parseDockerfile(input.text, { target: options.target });
  let model = inputModel;
  let applied: Edit[] = [];
  const knownRules = new Set(rules.map((r) => r.id));
  const inputPragmas = readPragmas(inputModel, knownRules);
  if (inputPragmas.ignoreFile) {
    return { output: input.text, findings: [], passes: 0, inputModel, outputModel: inputModel, ignoredFile: true, edits: [] };
  }
  docsById.set(PRAGMA_RULE_ID, ruleDocsLink(PRAGMA_RULE_ID));
  for (const u of inputPragmas.unknownRules) {
    reported.push({
      ruleId: PRAGMA_RULE_ID,
      severity: 'warning',
      message: `# dhi-migrate ignore names an unknown rule "${u.id}" (see 'dhi-migrate rules')`,
      line: u.line,
      column: 1,
      endLine: u.line,
      applied: false,
      docs: docsById.get(PRAGMA_RULE_ID)!,
    });
  }

  for (let pass = 0; ; pass++) {
    if (pass >= MAX_PASSES) throw new EngineError(`internal error (a bug): rules did not settle after ${MAX_PASSES} passes`);
    seenTexts.add(model.text);
    // Pragma comments stay tied to their instruction across passes, so each pass reads its own.
    const pragmas = pass === 0 ? inputPragmas : readPragmas(model, knownRules);
    const originalLine = (offset: number): number => inputModel.lines.positionAt(mapToInput(offset, passes)).line + 1;
    const findings = runRules(active, model, inputModel, catalog, options, input.buildContext ?? noContext, originalLine).filter(
      (f) => !isSuppressed(f, pragmas),
    );
    const accepted = selectFixes(model, findings, (f) => {
      if (!f.fix) return false;
      const key = `${f.ruleId}\u0000${f.message}`;
      if (declined.has(key)) return false;
      if (input.acceptFix && !input.acceptFix(f, { pass, text: model.text })) {
        declined.add(key);
        return false;
      }
      return true;
    });

    if (accepted.length === 0) {
      // Settled: what is left are findings for a human (and declined fixes).
      for (const f of findings) reported.push(toReported(f, inputModel.lines, passes, false, docsById));
      break;
    }
    for (const f of accepted) reported.push(toReported(f, inputModel.lines, passes, true, docsById));
    const edits = accepted.flatMap((f) => f.fix!);
    const next = applyEdits(model.text, edits);
    if (seenTexts.has(next)) throw new EngineError('internal error (a bug): rules undo each other (ping-pong detected)');
    passes.push({ edits, before: model.text });
    applied = composeEdits(input.text, applied, edits);
    model = reparseDockerfile(model, edits, next, { target: options.target });
  }

  reported.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  return {
    output: model.text,
    findings: dedupe(reported),
    passes: passes.length,
    inputModel,
    outputModel: model,
    ignoredFile: false,
    edits: applied,
  };
}

function runRules(
  rules: readonly Rule[],
  model: DockerfileModel,
  original: DockerfileModel,
  catalog: Catalog,
  options: MigrateOptions,
  buildContext: BuildContext,
  originalLine: (offset: number) => number,
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const ctx: RuleContext = {
      model,
      original,
      catalog,
      options,
      buildContext,
      originalLine,
      report: (f) => findings.push({ ...f, ruleId: rule.id }),
    };
    rule.check(ctx);
  }
  return findings;
}

/** Greedy, deterministic: fixes in source order; a fix is taken whole or not at all. */
function selectFixes(model: DockerfileModel, findings: Finding[], wanted: (f: Finding) => boolean): Finding[] {
  const candidates = findings.filter(wanted).sort((a, b) => firstStart(a) - firstStart(b));
  const taken: Finding[] = [];
  const takenEdits: Edit[] = [];
  for (const f of candidates) {
    const edits = f.fix!;
    if (edits.some((e) => touchesHeredoc(model, e))) {
      throw new EngineError(`internal error (a bug): rule ${f.ruleId} tried to edit inside a heredoc`);
    }
    const selfConflict = edits.some((e, i) => edits.some((o, j) => i < j && editsConflict(e, o)));
    if (selfConflict) throw new EngineError(`internal error (a bug): rule ${f.ruleId} produced overlapping edits`);
    if (edits.some((e) => takenEdits.some((t) => editsConflict(e, t)))) continue;
    taken.push(f);
    takenEdits.push(...edits);
  }
  return taken;
}

function firstStart(f: Finding): number {
  return Math.min(...f.fix!.map((e) => e.start));
}

/** An offset in the current pass's text mapped back through every applied pass to the input. */
function mapToInput(offset: number, passes: PassRecord[]): number {
  for (let i = passes.length - 1; i >= 0; i--) offset = mapOffsetBack(offset, passes[i]!.edits, passes[i]!.before);
  return offset;
}

/** Maps a finding of the current pass back to lines of the original input. */
function toReported(f: Finding, original: LineIndex, passes: PassRecord[], applied: boolean, docs: Map<string, string>): ReportedFinding {
  let start = f.range.start;
  let end = f.range.end;
  for (let i = passes.length - 1; i >= 0; i--) {
    start = mapOffsetBack(start, passes[i]!.edits, passes[i]!.before);
    end = mapOffsetBack(end, passes[i]!.edits, passes[i]!.before);
  }
  const startPos = original.positionAt(start);
  const endPos = original.positionAt(Math.max(start, end));
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    line: startPos.line + 1,
    column: startPos.character + 1,
    endLine: endPos.line + 1,
    applied,
    docs: docs.get(f.ruleId) ?? '',
  };
}

function dedupe(findings: ReportedFinding[]): ReportedFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}|${f.line}|${f.message}|${f.applied}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Where a rule's documentation lives: the README's generated rule table. */
export function ruleDocsLink(ruleId: string): string {
  return `README.md#rule-${ruleId}`;
}
