/**
 * What the interactive review prints: file headers, one hunk per proposed
 * change with its rule id and reason, follow-ups and the final summary.
 * Pure string building; every line fits `width` columns (80 by default).
 */
import { structuredPatch } from 'diff';
import type { ReportedFinding } from '../../report/types.js';
import type { ChangeQuestion, FileReview, ReviewEvent, RunReview } from './types.js';

export interface RenderOptions {
  color: boolean;
  width: number;
}

const SGR = {
  bold: ['1', '22'],
  dim: ['2', '22'],
  red: ['31', '39'],
  green: ['32', '39'],
  yellow: ['33', '39'],
  cyan: ['36', '39'],
  magenta: ['35', '39'],
} as const;
type Style = keyof typeof SGR;

function painter(color: boolean) {
  return (style: Style, text: string) => (color && text ? `\x1b[${SGR[style][0]}m${text}\x1b[${SGR[style][1]}m` : text);
}

const HUNK_CONTEXT = 2;

export function renderEvent(event: ReviewEvent, o: RenderOptions): string {
  if (event.kind === 'file-start') return renderFileStart(event, o);
  if (event.kind === 'file-end') return renderFileEnd(event.review, o);
  const paint = painter(o.color);
  return wrap(`${paint('bold', event.path)}: ${paint('red', event.message)}`, o.width, '  ').join('\n') + '\n';
}

function renderFileStart(event: Extract<ReviewEvent, { kind: 'file-start' }>, o: RenderOptions): string {
  const paint = painter(o.color);
  const out = ['', paint('bold', rule(`${event.path} `, o.width, '='))];
  if (event.images.length === 0) out.push('  no base images');
  for (const img of event.images) {
    const target = img.to ? `-> ${paint('green', img.to)}` : paint('yellow', `stays (${img.reason ?? 'no DHI equivalent'})`);
    const stage = img.stage ? ` [${img.stage}]` : '';
    out.push(...wrap(`  line ${img.line}: ${img.from}${stage} ${target}`, o.width, '      '));
  }
  out.push(`  ${event.proposed === 0 ? 'nothing to change' : plural(event.proposed, 'change', 'changes') + ' proposed'}`);
  return out.join('\n') + '\n';
}

/** The hunk and its explanation, printed before the apply/skip prompt. */
export function renderChange(q: ChangeQuestion, o: RenderOptions): string {
  const paint = painter(o.color);
  const c = q.change;
  const severity = c.severity === 'warning' ? paint('yellow', 'warning') : paint('magenta', c.severity);
  const out = ['', paint('bold', rule(`[${q.index}/${q.total}] ${c.ruleId} `, o.width, '-')) + ''];
  out.push(...wrap(`${severity}: ${c.message}`, o.width, '  '));
  if (c.pass > 0) out.push(paint('dim', 'Line numbers include the changes applied so far.'));
  const patch = structuredPatch('a', 'b', c.before, c.after, undefined, undefined, { context: HUNK_CONTEXT });
  for (const hunk of patch.hunks) {
    out.push(paint('cyan', `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`));
    for (const line of hunk.lines) {
      if (line.startsWith('\\')) continue; // "No newline at end of file": noise in a review
      const sign = line[0]!;
      const style: Style | null = sign === '-' ? 'red' : sign === '+' ? 'green' : null;
      for (const piece of hardWrap(expandTabs(line.replace(/\r$/, '')), o.width, sign)) out.push(style ? paint(style, piece) : piece);
    }
  }
  if (q.dependsOn.length > 0) {
    out.push(...wrap(paint('yellow', 'Depends on an accepted change: proposed only because you applied'), o.width, '  '));
    for (const d of q.dependsOn) out.push(...wrap(`  - ${d.ruleId}: ${d.message}`, o.width, '    '));
  }
  if (q.enables.length > 0) {
    out.push(...wrap(paint('yellow', 'Later changes depend on this one (skipping it drops them):'), o.width, '  '));
    for (const d of q.enables) out.push(...wrap(`  - ${d.ruleId}: ${d.message}`, o.width, '    '));
  }
  return out.join('\n') + '\n';
}

function renderFileEnd(review: FileReview, o: RenderOptions): string {
  const paint = painter(o.color);
  const out: string[] = [];
  const proposed = review.applied.length + review.declined.length;
  if (proposed > 0) {
    const head = `${review.path}: ${review.applied.length} of ${plural(proposed, 'change', 'changes')} accepted`;
    out.push(...wrap(head + (review.complete ? '' : ' (review stopped)'), o.width, '  '));
  }
  if (review.manual.length > 0) {
    out.push(paint('bold', `Left for you in ${review.path}:`));
    out.push(...followUps(review.path, review.manual, o));
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}

function followUps(path: string, findings: ReportedFinding[], o: RenderOptions): string[] {
  const paint = painter(o.color);
  return findings.flatMap((f) => {
    const sev = f.severity === 'warning' ? paint('yellow', f.severity) : paint('cyan', f.severity);
    return wrap(`  ${path}:${f.line} ${sev} ${paint('dim', f.ruleId)} ${f.message}`, o.width, '    ');
  });
}

export interface WriteOutcome {
  written: string[];
  failed: { path: string; message: string }[];
}

/** The end of the run: what was written, what was not, and everything left for a human. */
export function renderSummary(run: RunReview, outcome: WriteOutcome, o: RenderOptions): string {
  const paint = painter(o.color);
  const out = ['', paint('bold', rule('Summary ', o.width, '='))];
  const changed = run.files.filter((f) => f.status === 'changed');
  for (const f of run.files) {
    if (f.status === 'error' || f.status === 'skipped') {
      out.push(...wrap(`${f.path}: ${f.status}: ${f.error ?? ''}`, o.width, '  '));
      continue;
    }
    const proposed = f.applied.length + f.declined.length;
    if (proposed === 0 && f.status === 'unchanged') {
      out.push(...wrap(`${f.path}: nothing to change`, o.width, '  '));
      continue;
    }
    const fate = outcome.written.includes(f.path)
      ? paint('green', 'written')
      : f.status === 'changed'
        ? paint('yellow', 'not written')
        : 'unchanged';
    out.push(...wrap(`${f.path}: ${fate}; ${f.applied.length} of ${plural(proposed, 'change', 'changes')} accepted`, o.width, '  '));
  }
  for (const p of run.notReviewed) out.push(...wrap(`${p}: not reviewed (quit); unchanged`, o.width, '  '));
  for (const e of outcome.failed) out.push(...wrap(paint('red', `${e.path}: not written: ${e.message}`), o.width, '  '));

  const warned = run.files.filter((f) => f.applied.some((a) => a.severity === 'warning'));
  if (warned.length > 0) {
    out.push(paint('bold', 'Accepted with a warning (check these):'));
    for (const f of warned)
      out.push(
        ...followUps(
          f.path,
          f.applied.filter((a) => a.severity === 'warning'),
          o,
        ),
      );
  }
  const manual = run.files.filter((f) => f.manual.length > 0);
  if (manual.length > 0) {
    out.push(paint('bold', 'Manual follow-ups:'));
    for (const f of manual) out.push(...followUps(f.path, f.manual, o));
  }
  if (outcome.written.length > 0) out.push(paint('bold', `Wrote ${plural(outcome.written.length, 'file', 'files')}.`));
  else if (changed.length > 0) out.push(paint('bold', run.confirmed ? 'Nothing was written.' : 'Nothing was written (not confirmed).'));
  else out.push(paint('bold', 'Nothing to write.'));
  return out.join('\n') + '\n';
}

/** `text ====` filling the width. */
function rule(text: string, width: number, ch: string): string {
  const room = width - visibleLength(text);
  return room > 2 ? text + ch.repeat(room) : text;
}

/** Word wrap; words longer than a line are cut. Continuation lines get `indent`. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  const lead = /^ */.exec(text)![0];
  let line = '';
  for (const [i, bare] of text.slice(lead.length).split(/ +/).entries()) {
    const word = i === 0 ? lead + bare : bare;
    const prefix = line === '' ? (lines.length === 0 ? '' : indent) : line + ' ';
    if (visibleLength(prefix + word) <= width) {
      line = prefix + word;
      continue;
    }
    if (line !== '') lines.push(line);
    let rest = (lines.length === 0 ? '' : indent) + word;
    while (visibleLength(rest) > width) {
      const cut = cutAt(rest, width);
      lines.push(rest.slice(0, cut));
      rest = indent + rest.slice(cut);
    }
    line = rest;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** Diff lines are cut, not re-flowed (spacing matters); continuations keep the +/- sign. */
function hardWrap(line: string, width: number, sign: string): string[] {
  if (line.length <= width) return [line];
  const pieces = [line.slice(0, width)];
  for (let i = width; i < line.length; i += width - 2) pieces.push(`${sign} ${line.slice(i, i + width - 2)}`);
  return pieces;
}

/** Tabs as spaces (stops every 8 columns after the +/- sign), so widths are what the terminal shows. */
function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = line[0] ?? '';
  for (const ch of line.slice(1)) out += ch === '\t' ? ' '.repeat(8 - ((out.length - 1) % 8)) : ch;
  return out;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}

/** An index into `text` where the visible prefix is `width` long (escape codes don't count). */
function cutAt(text: string, width: number): number {
  let visible = 0;
  for (let i = 0; i < text.length;) {
    const m = text[i] === '\x1b' ? /^\x1b\[[0-9;]*m/.exec(text.slice(i)) : null;
    if (m) {
      i += m[0].length;
      continue;
    }
    if (visible === width) return i;
    visible++;
    i++;
  }
  return text.length;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
