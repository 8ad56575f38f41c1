/**
 * Exec form vs shell form of RUN/CMD/ENTRYPOINT/HEALTHCHECK arguments, and a
 * small shell-word reader that says exactly why a shell-form command needs a
 * shell (so a rule can either convert it to exec form or report the reason).
 */

export type CommandForm =
  | { form: 'exec'; argv: string[] }
  | { form: 'shell'; text: string };

/** Parses instruction arguments. JSON arrays of strings are exec form, like Docker. */
export function parseCommand(args: string): CommandForm {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) {
        return { form: 'exec', argv: parsed as string[] };
      }
    } catch {
      // Not valid JSON: Docker then treats the text as a shell command.
    }
  }
  return { form: 'shell', text: args };
}

export type ShellWords = { ok: true; words: string[] } | { ok: false; reason: string };

const OPERATORS: [string, string][] = [
  ['&&', 'the `&&` operator'],
  ['||', 'the `||` operator'],
  [';', 'a `;` command separator'],
  ['|', 'a `|` pipe'],
  ['>', 'an output redirect'],
  ['<', 'an input redirect'],
  ['&', 'a background `&`'],
  ['`', 'command substitution'],
  ['$(', 'command substitution'],
  ['(', 'a subshell'],
  [')', 'a subshell'],
];

/**
 * Splits a shell-form command into words when doing so statically gives the
 * same argv a POSIX shell would; otherwise returns the reason a shell is needed.
 */
export function splitShellWords(text: string): ShellWords {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let i = 0;
  // Docker joins continuation lines before running the shell.
  const src = text.replace(/\\\r?\n/g, '');
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      i++;
      continue;
    }
    if (ch === "'") {
      const close = src.indexOf("'", i + 1);
      if (close < 0) return { ok: false, reason: 'an unterminated single quote' };
      current += src.slice(i + 1, close);
      inWord = true;
      i = close + 1;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let value = '';
      for (; j < src.length && src[j] !== '"'; j++) {
        const c = src[j]!;
        if (c === '$' || c === '`') return { ok: false, reason: '`$` or a backquote inside double quotes (expansion)' };
        if (c === '\\') {
          const next = src[j + 1];
          if (next === '"' || next === '\\') {
            value += next;
            j++;
            continue;
          }
        }
        value += c;
      }
      if (j >= src.length) return { ok: false, reason: 'an unterminated double quote' };
      current += value;
      inWord = true;
      i = j + 1;
      continue;
    }
    if (ch === '\\') {
      if (i + 1 < src.length) current += src[i + 1];
      inWord = true;
      i += 2;
      continue;
    }
    if (ch === '$') return { ok: false, reason: 'a `$` variable expansion' };
    if (ch === '#' && !inWord) return { ok: false, reason: 'a `#` comment' };
    if (!inWord && ch === '~') return { ok: false, reason: 'a `~` home-directory expansion' };
    if (ch === '*' || ch === '?' || ch === '[') return { ok: false, reason: `a \`${ch}\` glob` };
    if (ch === '{' && src.indexOf('}', i) > i && /[,.]/.test(src.slice(i, src.indexOf('}', i)))) {
      return { ok: false, reason: 'a `{...}` brace expansion' };
    }
    const op = OPERATORS.find(([tok]) => src.startsWith(tok, i));
    if (op) return { ok: false, reason: op[1] };
    if (!inWord && /^[A-Za-z_][A-Za-z0-9_]*=/.test(src.slice(i)) && words.length === 0) {
      return { ok: false, reason: 'a leading `VAR=value` assignment' };
    }
    current += ch;
    inWord = true;
    i++;
  }
  if (inWord) words.push(current);
  // `exec prog args` behaves like exec form: the shell replaces itself with prog.
  if (words[0] === 'exec' && words.length > 1) words.shift();
  if (words.length === 0) return { ok: false, reason: 'an empty command' };
  const builtin = SHELL_BUILTINS.has(words[0]!);
  if (builtin) return { ok: false, reason: `the shell builtin \`${words[0]}\`` };
  return { ok: true, words };
}

const SHELL_BUILTINS = new Set(['cd', 'exec', 'export', 'source', '.', 'set', 'eval', 'if', 'for', 'while', 'case', 'trap', 'ulimit', 'umask', 'unset', 'alias', 'wait', 'test', '[']);

/** Renders an argv as a JSON array the way Dockerfiles usually spell it. */
export function formatExecForm(argv: string[]): string {
  return `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;
}
