/**
 * ARG substitution for FROM lines, following BuildKit's rules: only global
 * ARGs (declared before the first FROM) are visible in FROM, and `${X:-d}`,
 * `${X:+a}`, `${X-d}`, `${X+a}` and `$X` forms are expanded.
 */

export interface VariableUse {
  name: string;
  /** The whole `${...}` or `$X` text, offsets relative to the expanded string's source. */
  start: number;
  end: number;
  text: string;
}

const VAR_RE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

export function findVariables(text: string): VariableUse[] {
  const uses: VariableUse[] = [];
  for (const m of text.matchAll(VAR_RE)) {
    uses.push({ name: (m[1] ?? m[4])!, start: m.index!, end: m.index! + m[0].length, text: m[0] });
  }
  return uses;
}

/**
 * Expands variables; returns null when a variable has no value and no default
 * (the image can't be known statically).
 */
export function expandVariables(text: string, values: ReadonlyMap<string, string | null>): string | null {
  let unresolved = false;
  const out = text.replace(VAR_RE, (_all, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    const value = values.get(name);
    const isSet = value !== undefined && value !== null;
    const nonEmpty = isSet && value !== '';
    switch (op) {
      case ':-':
        return nonEmpty ? value! : (word ?? '');
      case '-':
        return isSet ? value! : (word ?? '');
      case ':+':
        return nonEmpty ? (word ?? '') : '';
      case '+':
        return isSet ? (word ?? '') : '';
      default:
        if (!isSet) unresolved = true;
        return value ?? '';
    }
  });
  return unresolved ? null : out;
}
