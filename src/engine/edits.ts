/**
 * Applying range edits to a string, and mapping offsets in the result back to
 * the text the edits were made against. Edits must not overlap.
 */
import type { Edit } from './types.js';

export function sortEdits(edits: readonly Edit[]): Edit[] {
  return [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * Two edits conflict when their ranges overlap, when both insert at the same
 * point (their order would be arbitrary), or when one inserts strictly inside
 * the range the other replaces.
 */
export function editsConflict(a: Edit, b: Edit): boolean {
  const aInsert = a.start === a.end;
  const bInsert = b.start === b.end;
  if (aInsert && bInsert) return a.start === b.start;
  if (aInsert) return a.start > b.start && a.start < b.end;
  if (bInsert) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = sortEdits(edits);
  let out = '';
  let cursor = 0;
  for (const e of sorted) {
    if (e.start < cursor) throw new Error(`internal error: overlapping edits at offset ${e.start}`);
    out += text.slice(cursor, e.start) + e.text;
    cursor = e.end;
  }
  return out + text.slice(cursor);
}

/**
 * Maps an offset in the edited text back to the text before the edits. An
 * offset inside inserted text maps to the start of the edit that inserted it,
 * unless `before` (the text the edits were applied to) shows the inserted line
 * was moved: the same line removed by exactly one edit of the same set (the
 * split moves EXPOSE, CMD, HEALTHCHECK into the new final stage). Then it maps
 * to where that line was, so a finding about a moved instruction names the
 * line the user wrote it on.
 */
export function mapOffsetBack(offset: number, edits: readonly Edit[], before?: string): number {
  let delta = 0;
  const sorted = sortEdits(edits);
  for (const e of sorted) {
    const newStart = e.start + delta;
    const newEnd = newStart + e.text.length;
    if (offset < newStart) break;
    if (offset < newEnd) return before === undefined ? e.start : (movedFrom(e.text, offset - newStart, sorted, before) ?? e.start);
    delta += e.text.length - (e.end - e.start);
  }
  return offset - delta;
}

/** Where the line of `inserted` holding `at` came from, when exactly one edit removed that same line. */
function movedFrom(inserted: string, at: number, edits: readonly Edit[], before: string): number | null {
  const lineStart = inserted.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = inserted.indexOf('\n', at);
  const line = inserted.slice(lineStart, lineEnd < 0 ? undefined : lineEnd).replace(/\r$/, '');
  if (line.trim() === '') return null;
  let found: number | null = null;
  for (const e of edits) {
    const removed = before.slice(e.start, e.end);
    let from = 0;
    for (let i = removed.indexOf(line, from); i >= 0; i = removed.indexOf(line, from)) {
      from = i + 1;
      const atLineStart = i === 0 ? e.start === 0 || before[e.start - 1] === '\n' : removed[i - 1] === '\n';
      const end = i + line.length;
      const atLineEnd =
        end === removed.length ? e.end === before.length || /^\r?\n/.test(before.slice(e.end)) : /^\r?\n/.test(removed.slice(end));
      if (!atLineStart || !atLineEnd) continue;
      if (found !== null) return null; // the same line removed twice: ambiguous, keep the insertion point
      found = e.start + i + (at - lineStart);
    }
  }
  return found;
}
