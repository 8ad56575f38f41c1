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
 * offset inside inserted text maps to the start of the edit that inserted it.
 */
export function mapOffsetBack(offset: number, edits: readonly Edit[]): number {
  let delta = 0;
  for (const e of sortEdits(edits)) {
    const newStart = e.start + delta;
    const newEnd = newStart + e.text.length;
    if (offset < newStart) break;
    if (offset < newEnd) return e.start;
    delta += e.text.length - (e.end - e.start);
  }
  return offset - delta;
}
