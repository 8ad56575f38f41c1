/**
 * Turns a split plan into edits: name (or rename) the build stage, remove the
 * instructions that move, add the build-stage lines the ecosystem needs, and
 * append the runtime stage. Moved instructions keep their text (and the
 * comment lines directly above them); generated lines follow the file's
 * keyword casing, indentation and line endings.
 */
import { renderDhiRef, type Mirror } from '../../src/catalog/mapping.js';
import { expandVariables, findVariables } from '../../src/dockerfile/args.js';
import { formatExecForm } from '../../src/dockerfile/command.js';
import type { DockerfileModel, InstructionInfo } from '../../src/dockerfile/model.js';
import { insertLinesAfter, insertLinesBefore } from '../../src/engine/edit-builder.js';
import { attachedStart } from '../../src/engine/pragmas.js';
import { applyEdits } from '../../src/engine/edits.js';
import type { Edit } from '../../src/engine/types.js';
import { isBuildOnlyEnv } from './knowledge.js';
import type { SplitPlan } from './plan.js';
import { properties } from './stage-facts.js';

export interface RenderedSplit {
  edits: Edit[];
  /** The runtime image reference written into the new FROM. */
  runtimeRef: string;
  copied: string[];
}

export function renderSplit(model: DockerfileModel, plan: SplitPlan, mirror: Mirror): RenderedSplit {
  const { stage, eco, facts } = plan;
  const from = stage.from.instruction;
  const lower = /^[a-z]+$/.test(from.node.getInstruction());
  const kw = (k: string): string => (lower ? k.toLowerCase() : k);
  const indent = from.indent;
  const edits: Edit[] = [];

  // 1. The original stage becomes the build stage.
  const node = from.node as unknown as { getBuildStageRange(): import('vscode-languageserver-types').Range | null };
  const nameRange = node.getBuildStageRange();
  if (nameRange) {
    edits.push({ start: model.lines.offsetAt(nameRange.start), end: model.lines.offsetAt(nameRange.end), text: plan.buildName });
  } else {
    edits.push({ start: from.range.end, end: from.range.end, text: ` ${kw('AS')} ${plan.buildName}` });
  }

  // 2. Instructions that move leave the build stage with their comments.
  const movedSet = new Set(plan.moved);
  for (const ins of plan.moved) edits.push({ start: attachedStart(model, ins), end: ins.lineEnd, text: '' });

  // 3. Build-stage additions.
  if (eco.insertBefore) {
    edits.push(insertLinesBefore(model, eco.insertBefore.instruction, eco.insertBefore.lines));
  }
  // At the very end of the file the new build-stage lines and the new stage share one insertion point.
  let buildTail: string[] = [];
  if (eco.appendToBuild) {
    const last = [...stage.instructions].reverse().find((i) => !movedSet.has(i)) ?? from;
    const edit = insertLinesAfter(model, last, eco.appendToBuild);
    if (edit.start === model.text.length) buildTail = eco.appendToBuild.map((l) => last.indent + l);
    else edits.push(edit);
  }

  // 4. The runtime stage.
  const runtimeRef = renderDhiRef(plan.runtime.repo, plan.runtime.tag, mirror);
  const platform = stage.from.platform && !/BUILDPLATFORM/.test(stage.from.platform) ? `--platform=${stage.from.platform} ` : '';
  const body: string[] = [];
  const copyLines = plan.eco.artifacts.map((a) => {
    const chown = a.chown ? ` --chown=${plan.runtime.user}:${plan.runtime.user}` : '';
    const src = a.path;
    const dest = a.dest ?? a.path;
    const paths = /\s/.test(src + dest) ? formatExecForm([src, dest]) : `${src} ${dest}`;
    return `${kw('COPY')} --from=${plan.buildName}${chown} ${paths}`;
  });
  if (eco.keepWorkdir !== false && facts.cwd !== null && (facts.hasWorkdir || facts.cwd !== (plan.runtime.workdir ?? '/'))) {
    body.push(`${kw('WORKDIR')} ${facts.cwd}`);
  }
  const envLines = facts.envs.map((e) => runtimeEnv(model, e, kw)).filter((l): l is string => l !== null);
  body.push(...envLines, ...(eco.extraEnv ?? []).map((l) => casedLine(l, kw)));
  body.push(...copyLines);
  const chunks = (keywords: string[]): string[] =>
    plan.moved
      .filter((i) => keywords.includes(i.keyword))
      .map((i) =>
        i === eco.command?.instruction ? commandChunk(model, i, eco.command.keyword, eco.command.argv, kw) : movedChunk(model, i),
      );
  body.push(...plan.repeated.map((i) => raw(model, i)), ...chunks(['VOLUME', 'EXPOSE', 'LABEL']));
  const userComments = plan.moved
    .filter((i) => i.keyword === 'USER')
    .map((i) => comments(model, i))
    .filter(Boolean);
  body.push(...userComments, `${kw('USER')} ${plan.runtime.user}`);
  body.push(...chunks(['STOPSIGNAL', 'HEALTHCHECK']));
  if (!eco.dropCommand) body.push(...chunks(['ENTRYPOINT', 'CMD']));

  const args = neededArgs(model, plan, body);
  const fromLine = `${kw('FROM')} ${platform}${templated(model, plan, runtimeRef)}${plan.finalName ? ` ${kw('AS')} ${plan.finalName}` : ''}`;
  const lines = [fromLine, ...args, ...body].map((l) => (indent && !l.startsWith(indent) ? indent + l : l));
  edits.push(appendStage(model, edits, buildTail, lines));
  return { edits, runtimeRef, copied: plan.eco.artifacts.map((a) => (a.dest && a.dest !== a.path ? `${a.path} -> ${a.dest}` : a.path)) };
}

/** The runtime-relevant part of an ENV: verbatim when all of it is, else only those variables. */
function runtimeEnv(model: DockerfileModel, ins: InstructionInfo, kw: (k: string) => string): string | null {
  const props = properties(ins);
  const keep = props.filter((p) => !isBuildOnlyEnv(p.getName()));
  if (keep.length === 0) return null;
  if (keep.length === props.length) return raw(model, ins);
  const text = keep.map((p) => {
    const r = p.getRange();
    return model.text.slice(model.lines.offsetAt(r.start), model.lines.offsetAt(r.end));
  });
  // Anything but plain `NAME=value` words (escaped spaces, odd continuations): carry the ENV whole.
  if (text.some((t, i) => !t.startsWith(`${keep[i]!.getName()}=`) || /[\r\n]|\\\s/.test(t))) return raw(model, ins);
  return `${kw('ENV')} ${text.join(' ')}`;
}

/** Text of an instruction from its keyword to its end (continuation lines included). */
function raw(model: DockerfileModel, ins: InstructionInfo): string {
  return model.text.slice(ins.range.start, ins.range.end);
}

/** Comment lines directly above an instruction, as one chunk, or ''. */
function comments(model: DockerfileModel, ins: InstructionInfo): string {
  const start = attachedStart(model, ins);
  return start < ins.lineStart ? model.text.slice(start, ins.lineStart).replace(/\r?\n$/, '') : '';
}

function movedChunk(model: DockerfileModel, ins: InstructionInfo): string {
  const c = comments(model, ins);
  const text = ins.indent + raw(model, ins);
  return c ? `${c}${model.eol}${text}` : text;
}

function commandChunk(model: DockerfileModel, ins: InstructionInfo, keyword: string, argv: string[], kw: (k: string) => string): string {
  const c = comments(model, ins);
  const text = `${ins.indent}${kw(keyword)} ${formatExecForm(argv)}`;
  return c ? `${c}${model.eol}${text}` : text;
}

function casedLine(line: string, kw: (k: string) => string): string {
  const m = /^([A-Z]+)(\s.*)$/.exec(line);
  return m ? kw(m[1]!) + m[2] : line;
}

/** Stage ARGs that the carried-over text refers to: their value would otherwise be empty. */
function neededArgs(model: DockerfileModel, plan: SplitPlan, body: string[]): string[] {
  const used = new Set(findVariables(body.join('\n')).map((v) => v.name));
  const out: string[] = [];
  for (const ins of plan.facts.args) {
    if (properties(ins).some((p) => used.has(p.getName()))) out.push(raw(model, ins));
  }
  return out;
}

/** Keeps a version ARG of the build FROM in the runtime FROM (`python:${PY}-dev` -> `python:${PY}`). */
function templated(model: DockerfileModel, plan: SplitPlan, ref: string): string {
  const from = plan.stage.from;
  if (from.argUses.length === 0 || from.argUses.some((u) => u.text === from.imageText)) return ref;
  const values = new Map(model.globalArgs.map((d) => [d.name, d.value] as const));
  let template = ref;
  const tagStart = template.lastIndexOf(':') + 1;
  for (const use of from.argUses) {
    const value = expandVariables(use.text, values);
    if (!value) return ref;
    const at = template.indexOf(value, tagStart);
    if (at < 0) return ref;
    template = template.slice(0, at) + use.text + template.slice(at + value.length);
  }
  return expandVariables(template, values) === ref ? template : ref;
}

/**
 * Appends the stage at the end of the file (after `buildTail`, lines that end
 * the build stage), separated by one blank line from what the build stage
 * ends with once the moved instructions are gone.
 */
function appendStage(model: DockerfileModel, edits: Edit[], buildTail: string[], lines: string[]): Edit {
  const eol = model.eol;
  const rest = applyEdits(model.text, edits);
  let text = '';
  if (rest.length > 0 && !/[\r\n]$/.test(rest)) text += eol;
  if (buildTail.length > 0) text += buildTail.join(eol) + eol;
  const endsBlank = buildTail.length === 0 && (rest.length === 0 || /(^|\n)[ \t]*\r?\n$/.test(rest));
  if (!endsBlank) text += eol;
  const end = model.text.length;
  return { start: end, end, text: text + lines.join(eol) + eol };
}
