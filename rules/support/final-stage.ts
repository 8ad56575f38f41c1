/**
 * What the runtime-hardening rules share: which final stage they act on (only
 * one already on a DHI image, and never while the multi-stage split is about
 * to replace it), the non-root user it must run as, and small helpers for
 * naming stages and writing instructions in the file's own style.
 */
import type { RuleContext } from '../../src/engine/types.js';
import type { DockerfileModel, InstructionInfo, Stage } from '../../src/dockerfile/model.js';
import type { ImageFacts } from '../../src/catalog/catalog.js';
import { stageImage, type StageImage } from '../../src/catalog/stage-image.js';
import { partnerTag, renderDhiRef, type Mirror } from '../../src/catalog/mapping.js';
import { splitPending } from '../multi-stage-split/plan.js';
import { oncePerPass } from './pass-memo.js';

export interface RunUser {
  name: string;
  uid: number | null;
}

export interface FinalTarget {
  stage: Stage;
  image: StageImage;
  /** The image reference as the user's file spells it (mirror-aware). */
  label: string;
  /** The runtime image whose user the stage must end with: itself, or the runtime partner of a -dev image. */
  runtime: ImageFacts | null;
  /** That image's non-root user; null when it runs as root by design (docker-in-docker ...). */
  user: RunUser | null;
}

export function mirrorOf(ctx: RuleContext): Mirror {
  return { registry: ctx.options.registry, namespace: ctx.options.namespace };
}

export function imageLabel(ctx: RuleContext, facts: { repo: string; tag: string }): string {
  return renderDhiRef(facts.repo, facts.tag, mirrorOf(ctx));
}

/**
 * `splitPending` for this pass, computed once: nearly every rule asks
 * (through finalTarget / dhiStages), and each answer plans the whole split.
 */
const splitPendingOnce = oncePerPass(splitPending);

/** The final stage when it is on a DHI image and no split is pending; else null. Once per pass (read-only). */
export const finalTarget = oncePerPass(findFinalTarget);

function findFinalTarget(ctx: RuleContext): FinalTarget | null {
  const { model } = ctx;
  if (model.finalStage < 0 || splitPendingOnce(ctx)) return null;
  const stage = model.stages[model.finalStage]!;
  const image = stageImage(model, stage.index, ctx.catalog, mirrorOf(ctx));
  if (!image) return null;
  const runtime = image.isBuildImage ? (partnerTag(image.repo, image.tag, 'runtime', ctx.catalog) ?? null) : image.facts;
  const user = runtime && runtime.uid !== 0 && runtime.user !== 'root' ? { name: runtime.user, uid: runtime.uid } : null;
  return { stage, image, label: imageLabel(ctx, image), runtime, user };
}

/** Every stage on a DHI image, with its image; the final stage is skipped while a split is pending. Once per pass (read-only). */
export const dhiStages = oncePerPass(findDhiStages);

function findDhiStages(ctx: RuleContext): readonly { stage: Stage; image: StageImage }[] {
  const out: { stage: Stage; image: StageImage }[] = [];
  const pending = splitPendingOnce(ctx);
  for (const stage of ctx.model.stages) {
    if (pending && stage.index === ctx.model.finalStage) continue;
    const image = stageImage(ctx.model, stage.index, ctx.catalog, mirrorOf(ctx));
    if (image) out.push({ stage, image });
  }
  return out;
}

/** `final stage 'app'` / `final stage` / `build stage 'deps'` / `build stage 0`. */
export function describeStage(stage: Stage): string {
  const role = stage.role === 'final' ? 'final' : stage.role === 'build' ? 'build' : 'unused';
  if (stage.name) return `${role} stage '${stage.name}'`;
  // There is one final stage; other unnamed stages are told apart by index.
  return stage.role === 'final' ? 'final stage' : `${role} stage ${stage.index}`;
}

/** The stage and the stages it builds on (`FROM <stage>`), oldest first. */
export function stageChain(model: DockerfileModel, index: number): Stage[] {
  const chain: Stage[] = [];
  const seen = new Set<number>();
  let at: number | null = index;
  while (at !== null && !seen.has(at) && model.stages[at]) {
    seen.add(at);
    chain.unshift(model.stages[at]!);
    at = model.stages[at]!.from.baseStage;
  }
  return chain;
}

/** A keyword in the casing of the stage's FROM (`user` in an all-lowercase file). */
export function keyword(model: DockerfileModel, stage: Stage, word: string): string {
  const from = model.text.slice(stage.from.instruction.range.start, stage.from.instruction.range.start + 4);
  return from === from.toLowerCase() ? word.toLowerCase() : word.toUpperCase();
}

/** Offsets of an instruction's arguments (flags excluded), or null when it has none. */
export function argumentsRange(model: DockerfileModel, ins: InstructionInfo): { start: number; end: number } | null {
  const r = ins.node.getArgumentsRange();
  return r ? { start: model.lines.offsetAt(r.start), end: model.lines.offsetAt(r.end) } : null;
}

/** The raw text of an instruction's arguments. */
export function argumentsText(model: DockerfileModel, ins: InstructionInfo): string {
  const r = argumentsRange(model, ins);
  return r ? model.text.slice(r.start, r.end) : '';
}

/** `root`, `0`, `root:root`, `0:0`, `root:staff` ... (the user part decides). */
export function isRootSpec(spec: string): boolean {
  const user = spec.split(':')[0]!.trim();
  return user === 'root' || /^0+$/.test(user);
}

/** A quoted list for messages: `RUN on line 5, RUN on line 9`. */
export function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** `nonroot (uid 65532)`. */
export function describeUser(user: RunUser): string {
  if (user.uid !== null && user.name === String(user.uid)) return `uid ${user.uid}`;
  return user.uid !== null ? `${user.name} (uid ${user.uid})` : user.name;
}

/** Stage index of a `--from=` value (name or number) before `before`, or null (an image). */
export function stageByRef(model: DockerfileModel, ref: string, before: number): number | null {
  const lower = ref.toLowerCase();
  const byName = model.stages.findIndex((s, i) => i < before && s.name?.toLowerCase() === lower);
  if (byName >= 0) return byName;
  if (/^\d+$/.test(ref) && Number(ref) < before) return Number(ref);
  return null;
}

export interface FlagValue {
  value: string;
  /** Offsets of the value (after `--name=`). */
  range: { start: number; end: number };
}

/** The value of an instruction flag (`--chown=app`, `--from=build`), or null. */
export function flagValue(model: DockerfileModel, ins: InstructionInfo, name: string): FlagValue | null {
  type Flag = {
    getName(): string;
    getValue(): string | null;
    getValueRange(): { start: { line: number; character: number }; end: { line: number; character: number } } | null;
  };
  const flags = (ins.node as unknown as { getFlags?: () => Flag[] }).getFlags?.() ?? [];
  const f = flags.find((x) => x.getName().toLowerCase() === name);
  const r = f?.getValueRange();
  const value = f?.getValue();
  if (!f || !r || !value) return null;
  return { value, range: { start: model.lines.offsetAt(r.start), end: model.lines.offsetAt(r.end) } };
}

/**
 * False when lines inserted after the instruction would be swallowed: an
 * unterminated heredoc runs to the end of the file.
 */
export function canInsertAfter(ins: InstructionInfo): boolean {
  const getter = (ins.node as unknown as { getHeredocs?: () => { getDelimiterRange(): unknown }[] }).getHeredocs;
  if (typeof getter !== 'function') return true;
  return getter.call(ins.node).every((h) => h.getDelimiterRange() !== null);
}
