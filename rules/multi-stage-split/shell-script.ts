/**
 * A reading (never an execution) of the shell scripts in RUN lines and the
 * commands of CMD / ENTRYPOINT / HEALTHCHECK: which simple commands run, with
 * which words, variable assignments and working directory. Good enough to
 * recognise `apt-get install`, `go build -o`, `pip install`, `cd dir && ...`;
 * anything it can't follow it leaves out rather than guessing.
 */
import { parseCommand } from '../../src/dockerfile/command.js';
import type { InstructionInfo } from '../../src/dockerfile/model.js';
import { resolvePath } from './paths.js';

export interface SimpleCommand {
  words: string[];
  /** `VAR=value` prefixes and earlier `export VAR=value` in the same script. */
  env: Record<string, string>;
  /** Directory the command runs in (tracks `cd`), or null when unknown. */
  cwd: string | null;
  /** Files the command's output redirections (`>`, `>>`) write, as written. */
  writes?: string[];
}

type Token = { kind: 'word'; value: string } | { kind: 'op'; value: string } | { kind: 'redirect'; hasTarget: boolean; output: boolean };

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'time', 'esac']);
const WRAPPERS = new Set(['sudo', 'exec', 'nohup', 'command']);

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let current = '';
  let inWord = false;
  const push = (): void => {
    if (inWord) tokens.push({ kind: 'word', value: current });
    current = '';
    inWord = false;
  };
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\\') {
      if (src[i + 1] === '\n') {
        i += 2;
        continue;
      }
      current += src[i + 1] ?? '';
      inWord = true;
      i += 2;
      continue;
    }
    if (ch === '\n') {
      push();
      tokens.push({ kind: 'op', value: ';' });
      i++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      push();
      i++;
      continue;
    }
    if (ch === '#' && !inWord) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (ch === "'") {
      const close = src.indexOf("'", i + 1);
      const end = close < 0 ? src.length : close;
      current += src.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      for (; j < src.length && src[j] !== '"'; j++) {
        if (src[j] === '\\' && j + 1 < src.length && '"\\$`'.includes(src[j + 1]!)) {
          current += src[j + 1];
          j++;
          continue;
        }
        current += src[j];
      }
      inWord = true;
      i = j + 1;
      continue;
    }
    if (ch === '$' && src[i + 1] === '(') {
      // Command substitution: kept verbatim as part of the word, not followed.
      let depth = 0;
      let j = i + 1;
      for (; j < src.length; j++) {
        if (src[j] === '(') depth++;
        else if (src[j] === ')' && --depth === 0) break;
      }
      current += src.slice(i, j + 1);
      inWord = true;
      i = j + 1;
      continue;
    }
    if (ch === '`') {
      const close = src.indexOf('`', i + 1);
      const end = close < 0 ? src.length : close;
      current += src.slice(i, end + 1);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (ch === '>' || ch === '<') {
      // `2>&1`: the fd number belongs to the redirect, not to the command.
      if (/^\d+$/.test(current)) {
        current = '';
        inWord = false;
      }
      push();
      let j = i;
      while (j < src.length && (src[j] === '>' || src[j] === '<' || src[j] === '&' || src[j] === '|')) j++;
      const op = src.slice(i, j);
      let hasTarget = true;
      if (op.endsWith('&') && /\d|-/.test(src[j] ?? '')) {
        while (j < src.length && /[\d-]/.test(src[j]!)) j++;
        hasTarget = false;
      }
      tokens.push({ kind: 'redirect', hasTarget, output: op.includes('>') && !op.includes('<') });
      i = j;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === ';;') {
      push();
      tokens.push({ kind: 'op', value: two });
      i += 2;
      continue;
    }
    if (ch === ';' || ch === '|' || ch === '&' || ch === '(' || ch === ')') {
      push();
      tokens.push({ kind: 'op', value: ch });
      i++;
      continue;
    }
    current += ch;
    inWord = true;
    i++;
  }
  push();
  return tokens;
}

/** Splits a shell script into its simple commands, in order. */
export function parseScript(script: string, cwd: string | null, env: Record<string, string> = {}): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  const exported: Record<string, string> = { ...env };
  let dir = cwd;
  let words: string[] = [];
  let writes: string[] = [];
  let skipNext = false;
  let redirectOut = false;
  const flush = (): void => {
    const cmd = words;
    const written = writes;
    words = [];
    writes = [];
    const assigns: Record<string, string> = {};
    while (cmd.length > 0 && (KEYWORDS.has(cmd[0]!) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(cmd[0]!))) {
      const w = cmd.shift()!;
      const eq = w.indexOf('=');
      if (eq > 0 && !KEYWORDS.has(w)) assigns[w.slice(0, eq)] = w.slice(eq + 1);
    }
    while (cmd.length > 1 && (WRAPPERS.has(cmd[0]!) || cmd[0] === 'env')) {
      const w = cmd.shift()!;
      if (w === 'env')
        while (cmd.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(cmd[0]!)) {
          const a = cmd.shift()!;
          assigns[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
        }
    }
    if (cmd.length === 0) {
      // A bare `A=1` line sets a shell variable for later commands.
      Object.assign(exported, assigns);
      return;
    }
    if (cmd[0] === 'export') {
      for (const w of cmd.slice(1)) {
        const eq = w.indexOf('=');
        if (eq > 0) exported[w.slice(0, eq)] = w.slice(eq + 1);
      }
      return;
    }
    if (cmd[0] === 'cd') {
      dir = dir === null || !cmd[1] || cmd[1].includes('$') ? null : resolvePath(dir, cmd[1]);
      return;
    }
    if ((cmd[0] === 'sh' || cmd[0] === 'bash' || cmd[0] === '/bin/sh' || cmd[0] === '/bin/bash') && cmd.includes('-c')) {
      const script = cmd[cmd.indexOf('-c') + 1];
      if (script !== undefined) out.push(...parseScript(script, dir, { ...exported, ...assigns }));
      return;
    }
    out.push({ words: cmd, env: { ...exported, ...assigns }, cwd: dir, ...(written.length > 0 ? { writes: written } : {}) });
  };
  for (const t of tokenize(script)) {
    if (t.kind === 'op') {
      flush();
      continue;
    }
    if (t.kind === 'redirect') {
      skipNext = t.hasTarget;
      redirectOut = t.output;
      continue;
    }
    if (skipNext) {
      skipNext = false;
      if (redirectOut) writes.push(t.value);
      continue;
    }
    words.push(t.value);
  }
  flush();
  return out;
}

/**
 * The shell script a RUN instruction runs: continuation lines joined (comment
 * lines inside them dropped, as Docker does), a heredoc body when the RUN is
 * only `<<EOF`, or the argv of the exec form.
 */
export function runScript(ins: InstructionInfo, escapeChar: string): { script: string } | { argv: string[] } {
  const raw = ins.node.getRawArgumentsContent() ?? '';
  const trimmed = raw.trim();
  if (trimmed.startsWith('[')) {
    const cmd = parseCommand(trimmed);
    if (cmd.form === 'exec') return { argv: cmd.argv };
  }
  const lines = raw.split(/\r?\n/);
  const heredoc = /^<<-?(["']?)([A-Za-z_][A-Za-z0-9_]*)\1\s*$/.exec(lines[0]!.trim());
  if (heredoc) {
    const end = lines.indexOf(heredoc[2]!, 1);
    return { script: lines.slice(1, end < 0 ? undefined : end).join('\n') };
  }
  // `python3 <<EOF`: the body is input to a program, not shell.
  const first = lines[0]!.replace(/<<-?(["']?)[A-Za-z_][A-Za-z0-9_]*\1/, '');
  const body = /<<-?(["']?)[A-Za-z_][A-Za-z0-9_]*\1/.test(lines[0]!) ? [first] : lines;
  const joined: string[] = [];
  let continuing = false;
  for (const line of body) {
    if (continuing && /^\s*#/.test(line)) continue;
    const cont = line.endsWith(escapeChar);
    const text = cont ? line.slice(0, -escapeChar.length) : line;
    if (continuing) joined[joined.length - 1] += ' ' + text;
    else joined.push(text);
    continuing = cont;
  }
  return { script: joined.join('\n') };
}

/** The simple commands of a RUN instruction. */
export function runCommands(ins: InstructionInfo, escapeChar: string, cwd: string | null, env: Record<string, string>): SimpleCommand[] {
  const s = runScript(ins, escapeChar);
  if ('argv' in s) return s.argv.length > 0 ? [{ words: s.argv, env: { ...env }, cwd }] : [];
  return parseScript(s.script, cwd, env);
}
