// Finds the external images a Dockerfile builds on, so the harness can make
// stand-ins for exactly those. Deliberately simple (regexes, not the project's
// parser): the harness must not depend on the code it is testing.
import { refKind } from '../../scripts/standins/spec.mjs';
import type { StandinKind } from '../../scripts/standins/spec.mjs';

export interface BaseImageRef {
  ref: string;
  kind: StandinKind;
  /** 1-based line of the instruction that names it. */
  line: number;
}

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** Logical instructions: continuation lines joined, comments and blank lines dropped. */
function instructions(text: string): Instruction[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let escape = '\\';
  for (const l of lines) {
    const m = /^#\s*(\w+)\s*=\s*(\S+)\s*$/.exec(l);
    if (!m) break; // parser directives only at the very top
    if (m[1].toLowerCase() === 'escape') escape = m[2];
  }
  const out: Instruction[] = [];
  let buf = '';
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (buf === '' && /^\s*(#|$)/.test(raw)) continue;
    if (buf !== '' && /^\s*#/.test(raw)) continue; // comment inside a continuation
    if (buf === '') start = i + 1;
    const trimmed = raw.replace(/\s+$/, '');
    if (trimmed.endsWith(escape)) {
      buf += trimmed.slice(0, -escape.length) + ' ';
      continue;
    }
    buf += raw;
    const m = /^\s*(\S+)\s*(.*)$/s.exec(buf);
    if (m) out.push({ keyword: m[1].toUpperCase(), args: m[2].trim(), line: start });
    buf = '';
  }
  return out;
}

const unquote = (s: string) => s.replace(/^(["'])(.*)\1$/, '$2');

/** Docker's ${X}, $X, ${X:-default}, ${X:+alt} substitution (unknown -> empty). */
export function substituteArgs(s: string, args: Record<string, string | undefined>): string {
  return s.replace(/\$\{(\w+)(?::([-+])([^}]*))?\}|\$(\w+)/g, (_all, name, op, word, bare) => {
    const v = args[name ?? bare];
    if (op === '-') return v ? v : word;
    if (op === '+') return v ? word : '';
    return v ?? '';
  });
}

/**
 * External images named by FROM, COPY/ADD --from= and RUN --mount=...,from=,
 * with pre-FROM ARG defaults (overridden by buildArgs) substituted. Stage names
 * and `scratch` are left out; each ref is listed once.
 */
export function findBaseImages(text: string, buildArgs: Record<string, string> = {}): BaseImageRef[] {
  const globals: Record<string, string | undefined> = {};
  const stages = new Set<string>();
  const found = new Map<string, BaseImageRef>();
  let seenFrom = false;
  const add = (raw: string, line: number) => {
    const ref = substituteArgs(unquote(raw), globals);
    if (!ref || ref.toLowerCase() === 'scratch' || stages.has(ref.toLowerCase()) || /^\d+$/.test(ref)) return;
    if (!found.has(ref)) found.set(ref, { ref, kind: refKind(ref), line });
  };

  for (const ins of instructions(text)) {
    if (ins.keyword === 'ARG' && !seenFrom) {
      for (const tok of ins.args.split(/\s+/).filter(Boolean)) {
        const eq = tok.indexOf('=');
        const name = eq < 0 ? tok : tok.slice(0, eq);
        globals[name] = name in buildArgs ? buildArgs[name] : eq < 0 ? undefined : unquote(tok.slice(eq + 1));
      }
    } else if (ins.keyword === 'FROM') {
      seenFrom = true;
      const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      if (words[0]) add(words[0], ins.line);
      if (words.length >= 3 && words[1].toLowerCase() === 'as') stages.add(words[2].toLowerCase());
    } else if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      const m = /(?:^|\s)--from=(\S+)/.exec(ins.args);
      if (m) add(m[1], ins.line);
    } else if (ins.keyword === 'RUN') {
      for (const m of ins.args.matchAll(/--mount=(\S+)/g)) {
        const from = /(?:^|,)from=([^,\s]+)/.exec(m[1]);
        if (from) add(from[1], ins.line);
      }
    }
  }
  return [...found.values()];
}
