/**
 * Builds edits that insert, replace or remove whole instructions correctly:
 * honouring the file's line endings and indentation, never splitting a
 * continuation or landing inside a heredoc (instruction ranges include both).
 */
import type { DockerfileModel, InstructionInfo } from '../dockerfile/model.js';
import type { Edit, Range } from './types.js';
import { attachedStart, hasTiedComment } from './pragmas.js';

export function replaceRange(range: Range, text: string): Edit {
  return { start: range.start, end: range.end, text };
}

/** Inserts whole lines after an instruction (after its last continuation/heredoc line). */
export function insertLinesAfter(model: DockerfileModel, ins: InstructionInfo, lines: string[]): Edit {
  const at = ins.lineEnd;
  const endsWithBreak = at > 0 && (model.text[at - 1] === '\n' || model.text[at - 1] === '\r');
  const body = lines.map((l) => ins.indent + l).join(model.eol);
  const text = endsWithBreak ? body + model.eol : model.eol + body + (at < model.text.length ? model.eol : '');
  return { start: at, end: at, text };
}

/**
 * Inserts whole lines before an instruction, with the instruction's
 * indentation, above the comments attached to it: `# hadolint ignore=...`,
 * `# renovate: ...` and `# dhi-migrate ignore` stay directly above their
 * instruction.
 */
export function insertLinesBefore(model: DockerfileModel, ins: InstructionInfo, lines: string[]): Edit {
  const body = lines.map((l) => ins.indent + l + model.eol).join('');
  const at = attachedStart(model, ins);
  return { start: at, end: at, text: body };
}

/** Appends lines at the end of the file, adding a line break first when the file lacks one. */
export function appendLines(model: DockerfileModel, lines: string[]): Edit {
  const text = model.text;
  const needsBreak = text.length > 0 && !text.endsWith('\n') && !text.endsWith('\r');
  const body = lines.join(model.eol) + model.eol;
  return { start: text.length, end: text.length, text: (needsBreak ? model.eol : '') + body };
}

/**
 * Removes an instruction with its whole lines (continuations and heredoc
 * bodies included). Pass the model so that a comment block tied to it
 * (`# hadolint ignore=...`, `# renovate: ...`) goes too instead of ending up
 * above the next instruction; rules should always pass it.
 */
export function removeInstruction(ins: InstructionInfo, model?: DockerfileModel): Edit {
  const start = model && hasTiedComment(model, ins) ? attachedStart(model, ins) : ins.lineStart;
  return { start, end: ins.lineEnd, text: '' };
}

/** True when an edit would start or end strictly inside a heredoc body. */
export function touchesHeredoc(model: DockerfileModel, edit: Edit): boolean {
  return model.heredocBodies.some((h) => (edit.start > h.start && edit.start < h.end) || (edit.end > h.start && edit.end < h.end));
}
