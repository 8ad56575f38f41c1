/**
 * Inline pragmas, applied centrally by the engine so no rule needs to know:
 *
 *   # dhi-migrate ignore              (directly above an instruction) every rule skips it
 *   # dhi-migrate ignore=rule-a,b     only those rules skip it
 *   # dhi-migrate ignore-file         (before the first instruction) the file is left alone
 *
 * Also the notion of a comment block "attached" to an instruction (comment
 * lines directly above it, no blank line between), which the edit builder
 * uses to keep `# hadolint ignore=...` / `# renovate: ...` lines tied to
 * their instruction whatever is inserted or removed.
 */
import type { DockerfileModel, InstructionInfo } from '../dockerfile/model.js';
import type { Edit, Finding, Range } from './types.js';

const PRAGMA = /^[ \t]*#[ \t]*dhi-migrate[ \t]+(ignore-file|ignore)\b[ \t]*(?:=[ \t]*([^\r\n]*))?[ \t]*$/i;
const PARSER_DIRECTIVE = /^#[ \t]*(syntax|escape|check)[ \t]*=/i;
/** Comments tools read as belonging to the next instruction. */
const TIED_COMMENT = /^[ \t]*#[ \t]*(hadolint[ \t]+ignore|renovate:|dhi-migrate[ \t]+ignore(?!-file))/i;

export interface IgnoredInstruction {
  /** The instruction's whole lines (continuations and heredoc bodies included). */
  range: Range;
  /** null = every rule. */
  rules: ReadonlySet<string> | null;
  /** 1-based line of the pragma comment. */
  pragmaLine: number;
}

export interface Pragmas {
  ignoreFile: boolean;
  ignored: IgnoredInstruction[];
  /** Rule ids named in pragmas that no rule has (reported so typos don't silently do nothing). */
  unknownRules: { id: string; line: number }[];
}

interface CommentLine {
  line: number;
  start: number;
  end: number;
  text: string;
}

function lineText(model: DockerfileModel, line: number): { start: number; end: number; text: string } {
  const start = model.lines.lineStart(line);
  const end = model.lines.nextLineStart(line);
  return { start, end, text: model.text.slice(start, end).replace(/\r?\n$|\r$/, '') };
}

/** End offset of the parser-directive header (`# syntax=`, `# escape=`, `# check=`). */
function directiveHeaderEnd(model: DockerfileModel): number {
  let line = 0;
  while (line < model.lines.lineCount) {
    const { text, end } = lineText(model, line);
    const body = line === 0 ? text.replace(/^\uFEFF/, '') : text;
    if (!PARSER_DIRECTIVE.test(body.trimStart())) break;
    line++;
    if (end >= model.text.length) return model.text.length;
  }
  return line === 0 ? 0 : model.lines.lineStart(line);
}

/**
 * The comment lines directly above an instruction, top to bottom: contiguous
 * `#` lines with no blank line between them and the instruction, never
 * reaching into the previous instruction (continuations, heredocs) or the
 * parser-directive header.
 */
export function attachedComments(model: DockerfileModel, ins: InstructionInfo): CommentLine[] {
  const idx = model.instructions.indexOf(ins);
  const prev = idx > 0 ? model.instructions[idx - 1]! : undefined;
  const floor = prev ? prev.lineEnd : directiveHeaderEnd(model);
  const out: CommentLine[] = [];
  for (let line = ins.startLine - 1; line >= 0; line--) {
    const t = lineText(model, line);
    if (t.start < floor) break;
    if (!/^[ \t]*#/.test(t.text)) break;
    out.unshift({ line, ...t });
  }
  return out;
}

/** Where the instruction's attached comment block starts (its own line start when there is none). */
export function attachedStart(model: DockerfileModel, ins: InstructionInfo): number {
  return attachedComments(model, ins)[0]?.start ?? ins.lineStart;
}

/** Whether the attached block holds a comment other tools tie to this instruction. */
export function hasTiedComment(model: DockerfileModel, ins: InstructionInfo): boolean {
  return attachedComments(model, ins).some((c) => TIED_COMMENT.test(c.text));
}

export function readPragmas(model: DockerfileModel, knownRules: ReadonlySet<string>): Pragmas {
  const pragmas: Pragmas = { ignoreFile: false, ignored: [], unknownRules: [] };
  const first = model.instructions[0];
  const headerEnd = first ? first.lineStart : model.text.length;
  for (let line = 0; line < model.lines.lineCount; line++) {
    const t = lineText(model, line);
    if (t.start >= headerEnd) break;
    const m = PRAGMA.exec(t.text);
    if (m && m[1]!.toLowerCase() === 'ignore-file') pragmas.ignoreFile = true;
  }
  if (pragmas.ignoreFile) return pragmas;
  for (const ins of model.instructions) {
    for (const c of attachedComments(model, ins)) {
      const m = PRAGMA.exec(c.text);
      if (!m || m[1]!.toLowerCase() !== 'ignore') continue;
      const list = m[2]?.trim();
      let rules: Set<string> | null = null;
      if (list) {
        rules = new Set(list.split(/[\s,]+/).filter(Boolean));
        for (const id of rules) if (!knownRules.has(id)) pragmas.unknownRules.push({ id, line: c.line + 1 });
      }
      pragmas.ignored.push({ range: { start: ins.lineStart, end: ins.lineEnd }, rules, pragmaLine: c.line + 1 });
    }
  }
  return pragmas;
}

/**
 * Whether a pragma suppresses a finding: its range starts on an ignored
 * instruction, or its fix rewrites text inside one (pure insertions at the
 * instruction's edges don't count: they leave the instruction as it is).
 */
export function isSuppressed(f: Finding, pragmas: Pragmas): boolean {
  return pragmas.ignored.some((ig) => {
    if (ig.rules !== null && !ig.rules.has(f.ruleId)) return false;
    if (f.range.start >= ig.range.start && f.range.start < ig.range.end) return true;
    return (f.fix ?? []).some((e: Edit) => overlapsInside(e, ig.range));
  });
}

function overlapsInside(e: Edit, r: Range): boolean {
  if (e.start === e.end) return e.start > r.start && e.start < r.end;
  return e.start < r.end && e.end > r.start;
}
