/**
 * The working directory a stage inherits from its base image changes with the
 * move to DHI: official `node` and `rust` set none (`/`), DHI node starts in
 * `/app` and DHI rust in `/build`; official `tomcat` starts in
 * `/usr/local/tomcat`, DHI tomcat in `/`. A relative `COPY . .`, a RUN, or the
 * CMD of such a stage would then silently work somewhere else (`node
 * /server.js` can't find what `COPY server.js .` put in `/app`). base-image
 * keeps the original behaviour by writing the original directory as an
 * explicit `WORKDIR` right after the FROM, when something in the stage (or a
 * stage built on it) depends on it before its own WORKDIR.
 */
import type { Edit, RuleContext } from '../../src/engine/types.js';
import type { InstructionInfo, Stage } from '../../src/dockerfile/model.js';
import type { ImageRef } from '../../src/dockerfile/image-ref.js';
import { parseImageRef } from '../../src/dockerfile/image-ref.js';
import { doiImage } from '../../src/catalog/doi-images.js';
import { dhiRepoTag } from '../../src/catalog/stage-image.js';
import { insertLinesAfter } from '../../src/engine/edit-builder.js';
import { keyword } from './final-stage.js';

export interface WorkdirFix {
  message: string;
  edit: Edit;
}

/**
 * The WORKDIR to add after `stage`'s FROM when it moves from `source` to the
 * DHI reference `target`, or null when the directories agree, either is
 * unknown, or nothing depends on it.
 */
export function workdirFix(ctx: RuleContext, stage: Stage, source: ImageRef, target: string): WorkdirFix | null {
  const original = doiImage(source);
  const targetRef = parseImageRef(target);
  const dhi = targetRef ? dhiRepoTag(targetRef, { registry: ctx.options.registry, namespace: ctx.options.namespace }) : null;
  const facts = dhi ? ctx.catalog.facts(dhi.repo, dhi.tag) : undefined;
  if (!original || !facts) return null;
  const before = original.workdir ?? '/';
  const after = facts.workdir ?? '/';
  if (normalize(before) === normalize(after)) return null;

  const dependent = firstDependent(ctx, stage);
  if (!dependent) return null;
  const line = `${keyword(ctx.model, stage, 'WORKDIR')} ${before}`;
  const what =
    dependent.keyword === 'COPY' || dependent.keyword === 'ADD' ? `its ${dependent.keyword} to a relative path` : dependent.keyword;
  return {
    message: `added ${line} after FROM (line ${ctx.originalLine(stage.from.instruction.range.start)}): ${source.raw} starts in ${before} but ${target} starts in ${after}, and ${what} on line ${ctx.originalLine(dependent.range.start)} depends on it`,
    edit: insertLinesAfter(ctx.model, stage.from.instruction, [line]),
  };
}

function normalize(dir: string): string {
  return dir.length > 1 ? dir.replace(/\/+$/, '') : dir;
}

/**
 * The first instruction, in the stage or a stage built FROM it, that runs in
 * or writes relative to the inherited directory before any WORKDIR: RUN,
 * CMD, ENTRYPOINT, HEALTHCHECK, a relative WORKDIR, or COPY/ADD to a relative
 * destination.
 */
function firstDependent(ctx: RuleContext, root: Stage): InstructionInfo | null {
  const stages = [root, ...ctx.model.stages.filter((s) => s.index > root.index && inheritsFrom(ctx, s, root.index))];
  for (const stage of stages) {
    for (const ins of stage.instructions) {
      if (ins.keyword === 'WORKDIR') {
        if (relativeArg(lastArgument(ins))) return ins;
        break;
      }
      if (['RUN', 'CMD', 'ENTRYPOINT'].includes(ins.keyword)) return ins;
      if (ins.keyword === 'HEALTHCHECK' && !/^\s*none\s*$/i.test(lastArgument(ins) ?? '')) return ins;
      if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && relativeArg(lastArgument(ins))) return ins;
    }
  }
  return null;
}

function inheritsFrom(ctx: RuleContext, stage: Stage, root: number): boolean {
  const seen = new Set<number>();
  for (let s: Stage | undefined = stage; s && s.from.baseStage !== null && !seen.has(s.index); s = ctx.model.stages[s.from.baseStage]) {
    seen.add(s.index);
    if (s.from.baseStage === root) return true;
  }
  return false;
}

/** The last argument (a COPY's destination), in shell or JSON form. */
function lastArgument(ins: InstructionInfo): string | undefined {
  const args = ins.node.getArguments().map((a) => a.getValue());
  const text = args.join(' ').trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && parsed.every((p) => typeof p === 'string')) return parsed.at(-1) as string | undefined;
    } catch {
      return undefined;
    }
  }
  return args.at(-1);
}

/** A path that resolves against the working directory (variables are taken as absolute: can't tell). */
function relativeArg(value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  const unquoted = value.replace(/^["']|["']$/g, '');
  return !unquoted.startsWith('/') && !unquoted.startsWith('$') && !/^[A-Za-z]:[\\/]/.test(unquoted);
}
