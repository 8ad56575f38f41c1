// The one function used, from its own module: the package index loads all of
// jsdiff (19 modules), which showed in the start-up time of a one-file run.
import { structuredPatch } from 'diff/lib/patch/create.js';

export interface UnifiedDiffOptions {
  /**
   * The file starts with a UTF-8 BOM. `before`/`after` are BOM-less text (as
   * the engine sees them), but a patch must match the bytes on disk, so the
   * BOM is put back at the start of both sides.
   */
  bom?: boolean;
}

const CONTEXT_LINES = 3;

/**
 * A git-style patch for one modified file, as `git diff` would print it and
 * `git apply` accepts it. Lines keep their `\r`, so CRLF
 * files round-trip byte-exact. `path` is relative, with `/` separators.
 * Returns '' when nothing changed.
 */
export function unifiedDiff(path: string, before: string, after: string, opts: UnifiedDiffOptions = {}): string {
  if (before === after) return '';
  const bom = opts.bom ? '\uFEFF' : '';
  const patch = structuredPatch(path, path, bom + before, bom + after, undefined, undefined, {
    context: CONTEXT_LINES,
  });

  const name = path.replace(/^(\.\/)+/, '');
  const a = quotePath(`a/${name}`);
  const b = quotePath(`b/${name}`);
  // Like git: a tab after a name with spaces tells `patch` where the name ends.
  const tab = name.includes(' ') ? '\t' : '';
  const out = [`diff --git ${a} ${b}`, `--- ${a}${tab}`, `+++ ${b}${tab}`];
  for (const hunk of patch.hunks) {
    out.push(`@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`);
    out.push(...hunk.lines);
  }
  return out.join('\n') + '\n';
}

/** Unified-diff range: an empty side names the line before it; ",1" is implied. */
function range(start: number, lines: number): string {
  if (lines === 0) return `${start - 1},0`;
  return lines === 1 ? `${start}` : `${start},${lines}`;
}

/**
 * Git's C-style quoting for names with `"`, `\` or control characters.
 * Other non-ASCII stays raw (git's core.quotePath=false), which git apply
 * reads either way and a reviewer can read.
 */
function quotePath(name: string): string {
  if (!/["\\\x00-\x1f\x7f]/.test(name)) return name;
  const escapes: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
  const body = name.replace(/["\\\x00-\x1f\x7f]/g, (ch) => escapes[ch] ?? `\\${ch.charCodeAt(0).toString(8).padStart(3, '0')}`);
  return `"${body}"`;
}
