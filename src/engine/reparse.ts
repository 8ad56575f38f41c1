/**
 * The model of a pass's result without parsing the whole file again.
 *
 * Fixes touch a few lines (a FROM's image, an inserted USER), yet every pass
 * used to re-parse the whole file, and dockerfile-ast's parse is most of what
 * a migration costs. Here an instruction no edit touched, still on the same
 * lines, keeps its node: dockerfile-ast positions are {line, character}, so a
 * node stays exact when its lines and their line numbers are unchanged. Only
 * the rest is parsed, from a copy of the text whose reused lines are blanked
 * (same line breaks, so every position matches the real text).
 *
 * A heredoc's body belongs to its instruction's lines, so it is kept or
 * parsed with it. The result equals parseDockerfile(text) for everything the
 * model exposes (reparse.test.ts checks that against full parses); when that
 * can't be shown cheaply (parser directives edited, a line continuation next
 * to a kept instruction, a parsed instruction running into a kept one) it
 * simply parses the whole text.
 */
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import {
  buildModel,
  parseDockerfile,
  recentlyParsed,
  type DockerfileModel,
  type InstructionInfo,
  type ParseOptions,
} from '../dockerfile/model.js';
import { LineIndex } from '../dockerfile/positions.js';
import type { Edit } from './types.js';

/** Span of whole lines [start, end) in the new text that a reused instruction occupies. */
interface Kept {
  info: InstructionInfo;
  start: number;
  end: number;
}

/** `text` is `applyEdits(previous.text, edits)`. */
export function reparseDockerfile(previous: DockerfileModel, edits: readonly Edit[], text: string, opts: ParseOptions): DockerfileModel {
  const full = (): DockerfileModel => parseDockerfile(text, opts);
  const known = recentlyParsed(text, opts);
  if (known) return known;
  const old = previous.text;
  const first = previous.instructions[0];
  // Lone CRs end lines for dockerfile-ast but not for every line reader here: not worth the doubt.
  if (!first || /\r(?!\n)/.test(text)) return full();
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  // Edits above the first instruction may change parser directives (the escape character).
  if (sorted.length === 0 || sorted[0]!.start < first.lineStart) return full();

  const lines = new LineIndex(text);
  const esc = previous.escapeChar;
  const kept: Kept[] = [];
  let e = 0;
  let shift = 0; // length change of the edits wholly before the current instruction
  for (const info of previous.instructions) {
    while (e < sorted.length && sorted[e]!.end < info.lineStart) {
      shift += sorted[e]!.text.length - (sorted[e]!.end - sorted[e]!.start);
      e++;
    }
    const touched = e < sorted.length && sorted[e]!.start <= info.lineEnd;
    if (touched) continue;
    const start = info.lineStart + shift;
    const end = info.lineEnd + shift;
    // Same first line number, so every {line, character} inside is still right.
    const at = lines.positionAt(start);
    if (at.line !== info.startLine || at.character !== 0 || lines.nextLineStart(info.endLine) !== end) continue;
    if (endsWithContinuation(old, previous.lines.lineStart(info.endLine), info.lineEnd, esc)) continue;
    if (continuedFromAbove(text, start, esc)) continue;
    kept.push({ info, start, end });
  }
  if (kept.length === 0) return full();

  // Parse only what is not kept: kept lines become single spaces, line breaks stay.
  let masked = '';
  let cursor = 0;
  for (const k of kept) {
    masked += text.slice(cursor, k.start) + text.slice(k.start, k.end).replace(/[^\r\n]+/g, ' ');
    cursor = k.end;
  }
  masked += text.slice(cursor);
  const partial = DockerfileParser.parse(masked);
  if (partial.getEscapeCharacter() !== esc) return full();

  const nodes: Instruction[] = [];
  let k = 0;
  for (const node of partial.getInstructions()) {
    const r = node.getRange();
    const start = lines.offsetAt(r.start);
    while (k < kept.length && kept[k]!.end <= start) nodes.push(kept[k++]!.info.node);
    // A parsed instruction reaching into a kept one would mean the two join in the real text.
    if (k < kept.length && lines.offsetAt(r.end) >= kept[k]!.start) return full();
    nodes.push(node);
  }
  while (k < kept.length) nodes.push(kept[k++]!.info.node);
  return buildModel(text, nodes, esc, opts, () => DockerfileParser.parse(text));
}

/** The instruction's last line ends in the escape character: it would continue onto whatever follows. */
function endsWithContinuation(text: string, lastLineStart: number, lineEnd: number, esc: string): boolean {
  return text.slice(lastLineStart, lineEnd).trimEnd().endsWith(esc);
}

/**
 * The nearest line above that is neither blank nor a comment ends in the
 * escape character, so the line at `start` continues an instruction above.
 */
function continuedFromAbove(text: string, start: number, esc: string): boolean {
  let end = start;
  while (end > 0) {
    const lineStart = end >= 2 ? text.lastIndexOf('\n', end - 2) + 1 : 0;
    const line = text.slice(lineStart, end).trim();
    if (line !== '' && !line.startsWith('#')) return line.endsWith(esc);
    end = lineStart;
  }
  return false;
}
