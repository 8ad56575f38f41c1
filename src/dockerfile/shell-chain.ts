/**
 * Reads a shell-form RUN as a flat list of simple commands joined by `&&` or
 * `;`, with the exact offsets of every command and word in the Dockerfile
 * text. Rules use it to remove one command from a chain, or one word from a
 * command, without touching any other byte. Anything else (pipes, `||`,
 * control flow, command substitution, heredocs) is refused with the reason,
 * so the rule reports instead of guessing.
 */
import type { DockerfileModel, InstructionInfo } from './model.js';
import type { Range } from '../engine/types.js';

export interface ShellWord extends Range {
  /** The word after quote removal; null when it expands something (`$VAR`). */
  value: string | null;
}

export interface ShellCommand extends Range {
  words: ShellWord[];
}

export interface ShellChain {
  commands: ShellCommand[];
  /** Comment lines inside continuations: Docker drops them; edits must not span them silently. */
  commentLines: Range[];
}

export type ChainResult = { ok: true; chain: ShellChain } | { ok: false; reason: string };

const RESERVED = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  '{',
  '}',
  '!',
  'function',
  'select',
]);

const REFUSED: [string, string][] = [
  ['||', 'the `||` operator'],
  ['|', 'a `|` pipe'],
  ['&', 'a background `&`'],
  ['>', 'a redirect'],
  ['<', 'a redirect'],
  ['(', 'a subshell'],
  [')', 'a subshell'],
  ['`', 'command substitution'],
];

/**
 * Chains already read, per instruction of a pass's model (an InstructionInfo
 * belongs to one model, so its text can't change): six rules read the same
 * RUN lines in every pass. Callers only read the result.
 */
const chains = new WeakMap<InstructionInfo, ChainResult>();

/** The shell-form RUN body of an instruction as a chain, or why it can't be read as one. */
export function readRunChain(model: DockerfileModel, ins: InstructionInfo): ChainResult {
  let chain = chains.get(ins);
  if (chain === undefined) chains.set(ins, (chain = readRunChainOnce(model, ins)));
  return chain;
}

function readRunChainOnce(model: DockerfileModel, ins: InstructionInfo): ChainResult {
  const range = ins.node.getArgumentsRange();
  if (!range) return { ok: false, reason: 'an empty command' };
  const start = model.lines.offsetAt(range.start);
  const end = model.lines.offsetAt(range.end);
  const body = model.text.slice(start, end);
  if (/^\s*\[/.test(body) && ins.node.getArgumentsContent()?.trim().endsWith(']')) return { ok: false, reason: 'exec form' };
  if (/^<<-?\s*["']?[A-Za-z_]/.test(body.trimStart())) return { ok: false, reason: 'a heredoc script' };
  return readShellChain(model.text, start, end, model.escapeChar);
}

/** Reads text[start, end) (a RUN body) as a chain of simple commands. */
export function readShellChain(text: string, start: number, end: number, escapeChar: string): ChainResult {
  const commands: ShellCommand[] = [];
  const commentLines: Range[] = [];
  let words: ShellWord[] = [];
  let word: { start: number; value: string; expands: boolean } | null = null;
  let i = start;

  const finishWord = (at: number): void => {
    if (word) words.push({ start: word.start, end: at, value: word.expands ? null : word.value });
    word = null;
  };
  const finishCommand = (): string | null => {
    if (words.length === 0) return 'an empty command between separators';
    const first = words[0]!.value;
    if (first !== null && RESERVED.has(first)) return `shell control flow (\`${first}\`)`;
    commands.push({ start: words[0]!.start, end: words.at(-1)!.end, words });
    words = [];
    return null;
  };
  const begin = (at: number): { start: number; value: string; expands: boolean } => (word ??= { start: at, value: '', expands: false });

  while (i < end) {
    const ch = text[i]!;
    // Line continuation: the escape character right before a line break.
    if (ch === escapeChar && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\r' ? 3 : 2;
      // Docker drops empty and comment lines inside a continued instruction.
      for (;;) {
        const lineEnd = nextBreak(text, i, end);
        const line = text.slice(i, lineEnd);
        if (/^[ \t]*#/.test(line)) {
          commentLines.push({ start: i, end: Math.min(end, lineEnd + 1) });
          i = Math.min(end, lineEnd + 1);
          continue;
        }
        if (/^[ \t]*\r?$/.test(line) && lineEnd < end) {
          i = lineEnd + 1;
          continue;
        }
        break;
      }
      continue;
    }
    if (ch === '\n' || ch === '\r') return { ok: false, reason: 'a multi-line script' };
    if (ch === ' ' || ch === '\t') {
      finishWord(i);
      i++;
      continue;
    }
    if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0 || close >= end) return { ok: false, reason: 'an unterminated single quote' };
      begin(i).value += text.slice(i + 1, close);
      i = close + 1;
      continue;
    }
    if (ch === '"') {
      const w = begin(i);
      let j = i + 1;
      for (; j < end && text[j] !== '"'; j++) {
        const c = text[j]!;
        if (c === '`' || (c === '$' && text[j + 1] === '(')) return { ok: false, reason: 'command substitution' };
        if (c === '$') w.expands = true;
        if (c === '\\' && (text[j + 1] === '"' || text[j + 1] === '\\' || text[j + 1] === '$' || text[j + 1] === '`')) {
          w.value += text[++j];
          continue;
        }
        w.value += c;
      }
      if (j >= end) return { ok: false, reason: 'an unterminated double quote' };
      i = j + 1;
      continue;
    }
    if (ch === '\\') {
      begin(i).value += text[i + 1] ?? '';
      i += 2;
      continue;
    }
    if (ch === '$') {
      if (text[i + 1] === '(') return { ok: false, reason: 'command substitution' };
      const w = begin(i);
      w.expands = true;
      if (text[i + 1] === '{') {
        const close = text.indexOf('}', i);
        if (close < 0 || close >= end) return { ok: false, reason: 'an unterminated `${`' };
        w.value += text.slice(i, close + 1);
        i = close + 1;
      } else {
        w.value += ch;
        i++;
      }
      continue;
    }
    if (ch === '#' && word === null) return { ok: false, reason: 'a `#` comment' };
    if (ch === '&' && text[i + 1] === '&') {
      finishWord(i);
      const bad = finishCommand();
      if (bad) return { ok: false, reason: bad };
      i += 2;
      continue;
    }
    if (ch === ';') {
      finishWord(i);
      const bad = finishCommand();
      if (bad) return { ok: false, reason: bad };
      i++;
      continue;
    }
    const refused = REFUSED.find(([tok]) => text.startsWith(tok, i));
    if (refused) return { ok: false, reason: refused[1] };
    begin(i).value += ch;
    i++;
  }
  finishWord(end);
  if (words.length > 0) {
    const bad = finishCommand();
    if (bad) return { ok: false, reason: bad };
  }
  if (commands.length === 0) return { ok: false, reason: 'an empty command' };
  return { ok: true, chain: { commands, commentLines } };
}

function nextBreak(text: string, from: number, end: number): number {
  const at = text.indexOf('\n', from);
  return at < 0 || at > end ? end : at;
}

/** The words of a command after leading `VAR=value` assignments (the program and its arguments). */
export function programWords(cmd: ShellCommand): ShellWord[] {
  let k = 0;
  while (k < cmd.words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(cmd.words[k]!.value ?? '')) k++;
  return cmd.words.slice(k);
}

/** Base name of a program word (`/usr/bin/apt-get` -> `apt-get`); null when it expands. */
export function programName(cmd: ShellCommand): string | null {
  const w = programWords(cmd)[0];
  return w?.value ? w.value.split('/').pop()! : null;
}

/**
 * Edits that remove the commands at `indexes` from a chain with their
 * separators, leaving the other commands byte-identical. Null when every
 * command would go (remove the instruction instead) or when a removal would
 * swallow a comment line inside the continuation.
 */
export function removeCommands(chain: ShellChain, indexes: ReadonlySet<number>): Range[] | null {
  const cmds = chain.commands;
  if (cmds.every((_, k) => indexes.has(k))) return null;
  const ranges: Range[] = [];
  for (let k = 0; k < cmds.length; k++) {
    if (!indexes.has(k)) continue;
    let last = k;
    while (last + 1 < cmds.length && indexes.has(last + 1)) last++;
    // A run followed by a kept command goes up to that command; a run at the
    // end goes back to the end of the kept command before it.
    const range =
      last + 1 < cmds.length ? { start: cmds[k]!.start, end: cmds[last + 1]!.start } : { start: cmds[k - 1]!.end, end: cmds[last]!.end };
    if (chain.commentLines.some((c) => c.start < range.end && range.start < c.end)) return null;
    ranges.push(range);
    k = last;
  }
  return ranges;
}

/**
 * The range that removes one word from a command so the rest of the line
 * reads naturally: the word and the blanks after it when another word follows
 * on the same line; the blanks before it when it ends its line; its whole
 * line when it is alone on a continuation line. Null when that would swallow
 * a comment line.
 */
export function removeWord(text: string, chain: ShellChain, cmd: ShellCommand, index: number): Range | null {
  const w = cmd.words[index]!;
  const next = cmd.words[index + 1];
  const prev = cmd.words[index - 1];
  let range: Range;
  if (!next) {
    // Last word: from the end of the previous word (continuations included).
    range = { start: prev ? prev.end : w.start, end: w.end };
  } else if (!/[\r\n]/.test(text.slice(w.end, next.start))) {
    range = { start: w.start, end: next.start };
  } else if (prev && !/[\r\n]/.test(text.slice(prev.end, w.start))) {
    range = { start: prev.end, end: w.end };
  } else {
    // Alone on its line: the whole line, continuation included.
    const lineStart = text.lastIndexOf('\n', w.start - 1) + 1;
    const lineEnd = text.indexOf('\n', w.end);
    range = { start: lineStart, end: lineEnd < 0 ? w.end : lineEnd + 1 };
  }
  if (chain.commentLines.some((c) => c.start < range.end && range.start < c.end)) return null;
  return range;
}
