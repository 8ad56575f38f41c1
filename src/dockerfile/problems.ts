/**
 * Parse-level breakage, checked before any rule runs. dockerfile-ast is
 * forgiving: it always returns a tree, even for a file Docker would refuse.
 * Rules that edit such a tree can produce confident-looking nonsense (a FROM
 * swallowed into a heredoc body is silently not migrated), so a broken file
 * is reported as an input error and left untouched instead.
 *
 * "Broken" is deliberately narrow: only what makes the stage structure, and
 * so every rule's reading of the file, unreliable, and what Docker itself
 * refuses to parse:
 *   - a heredoc (RUN/COPY/ADD, also under ONBUILD) that no line closes;
 *   - a FROM without an image, or with arguments other than `image [AS name]`;
 *   - an instruction other than ARG before the first FROM;
 *   - instructions but no FROM at all.
 * Merely unusual input is migrated as usual and left to `docker build` to
 * judge: unknown instructions, lowercase keywords, empty continuation lines,
 * a trailing `\` at the end of the file, no final newline, an image the rules
 * can't resolve (reported by the rule itself). A file with no instructions
 * (empty, blank, only comments or parser directives) is a no-op, not an error.
 */
import type { Instruction } from 'dockerfile-ast';
import type { DockerfileModel, InstructionInfo } from './model.js';

export interface InputProblem {
  /** 1-based line in the input. */
  line: number;
  message: string;
}

/** Keywords whose heredocs BuildKit reads (the only ones dockerfile-ast lets swallow lines). */
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
/** What a real heredoc name looks like; anything else is text the parser misread. */
const HEREDOC_NAME = /^[A-Za-z0-9_.-]+$/;

export function findInputProblems(model: DockerfileModel): InputProblem[] {
  const problems: InputProblem[] = [];
  const hasFrom = model.instructions.some((ins) => ins.keyword === 'FROM');
  if (!hasFrom && model.instructions.length > 0) {
    problems.push({ line: model.instructions[0]!.startLine + 1, message: 'no FROM instruction, so no build stage' });
  }
  let sawFrom = false;
  for (const ins of model.instructions) {
    const line = ins.startLine + 1;
    if (ins.keyword === 'FROM') {
      sawFrom = true;
      const problem = fromProblem(ins);
      if (problem) problems.push({ line, message: problem });
    } else if (hasFrom && !sawFrom && ins.keyword !== 'ARG') {
      problems.push({ line, message: `${ins.keyword} before the first FROM (only ARG may come before it)` });
    }
    problems.push(...heredocProblems(model, ins));
  }
  return problems.sort((a, b) => a.line - b.line);
}

/** One line for `dhi-migrate: <file>: <problem>`; the first problem, with a count of the rest. */
export function describeInputProblems(problems: InputProblem[]): string {
  const [first, ...rest] = problems;
  if (!first) return '';
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})` : '';
  return `line ${first.line}: ${first.message}${more}; left untouched`;
}

function fromProblem(ins: InstructionInfo): string | null {
  // Flags (--platform) are not arguments here.
  const args = ins.node.getArguments().map((a) => a.getValue());
  if (args.length === 0) return 'FROM has no image';
  const shapeOk = args.length === 1 || (args.length === 3 && args[1]!.toLowerCase() === 'as');
  if (shapeOk && args[0]!.toLowerCase() !== 'as') return null;
  return `FROM expects "image [AS name]", found "${args.join(' ')}"`;
}

interface HeredocLike {
  getName(): string | null;
  getNameRange(): import('vscode-languageserver-types').Range | null;
  getDelimiterRange(): unknown;
}

function heredocProblems(model: DockerfileModel, ins: InstructionInfo): InputProblem[] {
  const keyword = ins.keyword === 'ONBUILD' ? triggerKeyword(ins.node) : ins.keyword;
  if (keyword === null || !HEREDOC_KEYWORDS.has(keyword)) return [];
  // getHeredocs is protected in the typings but public at run time.
  const getter = (ins.node as unknown as { getHeredocs?: () => HeredocLike[] }).getHeredocs;
  if (typeof getter !== 'function') return [];
  const problems: InputProblem[] = [];
  for (const heredoc of getter.call(ins.node)) {
    const name = heredoc.getName();
    // `$((1 << 2))` gives a nameless "heredoc"; BuildKit ignores it, and so does the parser's line count.
    if (!name || heredoc.getDelimiterRange()) continue;
    const line = ins.startLine + 1;
    if (!HEREDOC_NAME.test(name)) {
      // `RUN echo "a <<EOF"`: Docker sees a quoted string, the parser a heredoc named `EOF"` swallowing the rest.
      problems.push({
        line,
        message: `"<<" in quotes or JSON is read as a heredoc (<<${name}) that never ends; the Dockerfile parser dhi-migrate uses can't read this file`,
      });
      continue;
    }
    // The parser also misses a terminator right after a body line ending in `\` (BuildKit reads
    // body lines raw), yet ends the instruction there: only a missing line is a real problem.
    if (!hasTerminatorLine(model, ins, heredoc, name)) {
      problems.push({ line, message: `unterminated heredoc <<${name}: no line closes it, so the rest of the file would be its body` });
    }
  }
  return problems;
}

/** Whether a line after the heredoc's opening line is exactly its name (tabs stripped for `<<-`). */
function hasTerminatorLine(model: DockerfileModel, ins: InstructionInfo, heredoc: HeredocLike, name: string): boolean {
  const nameRange = heredoc.getNameRange();
  const opensAt = nameRange ? model.lines.offsetAt(nameRange.start) : ins.range.start;
  const stripTabs = /<<-["']?$/.test(model.text.slice(Math.max(0, opensAt - 4), opensAt));
  const openingLine = nameRange ? nameRange.start.line : ins.startLine;
  for (let line = openingLine + 1; line < model.lines.lineCount; line++) {
    let candidate = model.text.slice(model.lines.lineStart(line), model.lines.nextLineStart(line)).replace(/\r?\n$|\r$/, '');
    if (stripTabs) candidate = candidate.replace(/^\t+/, '');
    if (candidate === name) return true;
  }
  return false;
}

function triggerKeyword(node: Instruction): string | null {
  const trigger = (node as unknown as { getTrigger?: () => string | null }).getTrigger?.();
  return trigger ? trigger.toUpperCase() : null;
}
