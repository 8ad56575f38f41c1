/**
 * Composing the edits of successive engine passes into one list of edits over
 * the ORIGINAL text. The engine applies each pass to the previous pass's
 * output, so pass N's offsets mean nothing in the user's file; composed, they
 * say exactly which ranges of the file changed, which is what the lossless
 * guarantee is stated (and tested) against:
 *
 *   applyEdits(original, composeEdits(original, composeEdits(original, [], p1), p2)) === output
 *
 * The intermediate text is modelled as segments covering the original, each
 * either kept verbatim or replaced. A later edit that touches a replaced
 * segment (even only at its edge) absorbs it, so the result never holds two
 * edits at one point whose order would be ambiguous.
 */
import { sortEdits } from './edits.js';
import type { Edit } from './types.js';

interface Segment {
  /** Range in the original text. */
  start: number;
  end: number;
  /** Text of this segment in the current (intermediate) text. */
  text: string;
  edited: boolean;
}

/**
 * `first` is against `original`; `second` is against the text `first`
 * produced. Returns edits against `original`, sorted, non-overlapping,
 * each one changing something.
 */
export function composeEdits(original: string, first: readonly Edit[], second: readonly Edit[]): Edit[] {
  let segments = segmentsOf(original, first);
  // Last edit first: an edit never shifts the offsets of the edits before it.
  for (const edit of sortEdits(second).reverse()) segments = applyToSegments(segments, edit);
  return toEdits(original, segments);
}

function segmentsOf(original: string, edits: readonly Edit[]): Segment[] {
  const out: Segment[] = [];
  let cursor = 0;
  for (const e of sortEdits(edits)) {
    if (e.start < cursor) throw new Error(`internal error: overlapping edits at offset ${e.start}`);
    if (e.start > cursor) out.push({ start: cursor, end: e.start, text: original.slice(cursor, e.start), edited: false });
    out.push({ start: e.start, end: e.end, text: e.text, edited: true });
    cursor = e.end;
  }
  if (cursor < original.length || out.length === 0) {
    out.push({ start: cursor, end: original.length, text: original.slice(cursor), edited: false });
  }
  return out;
}

function applyToSegments(input: Segment[], edit: Edit): Segment[] {
  const segments = splitKeptAt(splitKeptAt(input, edit.start), edit.end);
  // Positions of each segment in the intermediate text.
  const at: number[] = [];
  let pos = 0;
  for (const s of segments) {
    at.push(pos);
    pos += s.text.length;
  }
  if (edit.end > pos) throw new Error(`internal error: edit ${edit.start}-${edit.end} beyond the text (${pos})`);

  const touched = (i: number): boolean => {
    const s = segments[i]!;
    const from = at[i]!;
    const to = from + s.text.length;
    if (s.edited) return from <= edit.end && to >= edit.start;
    return s.text.length > 0 && from >= edit.start && to <= edit.end;
  };
  let first = -1;
  let last = -1;
  for (let i = 0; i < segments.length; i++) {
    if (!touched(i)) continue;
    if (first < 0) first = i;
    last = i;
  }

  if (first < 0) {
    // A pure insertion between two kept segments (after splitting).
    const index = segments.findIndex((_, i) => at[i]! >= edit.start);
    const insertAt = index < 0 ? segments.length : index;
    const origin = insertAt < segments.length ? segments[insertAt]!.start : segments[segments.length - 1]!.end;
    const inserted: Segment = { start: origin, end: origin, text: edit.text, edited: true };
    return [...segments.slice(0, insertAt), inserted, ...segments.slice(insertAt)];
  }

  const run = segments.slice(first, last + 1);
  const runText = run.map((s) => s.text).join('');
  const runStart = at[first]!;
  const merged: Segment = {
    start: run[0]!.start,
    end: run[run.length - 1]!.end,
    text: runText.slice(0, edit.start - runStart) + edit.text + runText.slice(edit.end - runStart),
    edited: true,
  };
  return [...segments.slice(0, first), merged, ...segments.slice(last + 1)];
}

/** Splits the kept segment that strictly contains intermediate offset `offset`. */
function splitKeptAt(segments: Segment[], offset: number): Segment[] {
  let pos = 0;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    const from = pos;
    pos += s.text.length;
    if (s.edited || offset <= from || offset >= pos) continue;
    const cut = offset - from;
    const left: Segment = { start: s.start, end: s.start + cut, text: s.text.slice(0, cut), edited: false };
    const right: Segment = { start: s.start + cut, end: s.end, text: s.text.slice(cut), edited: false };
    return [...segments.slice(0, i), left, right, ...segments.slice(i + 1)];
  }
  return segments;
}

function toEdits(original: string, segments: Segment[]): Edit[] {
  const edits: Edit[] = [];
  for (const s of segments) {
    if (!s.edited) continue;
    const prev = edits[edits.length - 1];
    // Adjacent replaced segments become one edit: two edits at one point would have no defined order.
    if (prev && prev.end === s.start) {
      prev.end = s.end;
      prev.text += s.text;
    } else {
      edits.push({ start: s.start, end: s.end, text: s.text });
    }
  }
  // A pass that puts back what an earlier pass replaced leaves no change to report.
  return edits.filter((e) => e.text !== original.slice(e.start, e.end));
}
