/**
 * Whether (and how) the multi-stage split splits the final stage in this
 * pass. Other rules ask `splitPending` so they leave a final stage alone while
 * it is about to be split (its USER/CMD/EXPOSE move to the new final stage).
 *
 * A final stage is split when base-image has put it on a DHI build image
 * (`-dev`, `-sdk`) because it runs commands, it is the last stage, and the
 * ecosystem detector can name a runtime image and what to copy. It is left
 * alone (with the reason) when its start command can't run on the runtime
 * image: it needs a shell the image lacks, a build tool such as npm or mvn,
 * or a program the stage installs as a system package.
 */
import type { ImageFacts } from '../../src/catalog/catalog.js';
import { renderDhiRef } from '../../src/catalog/mapping.js';
import { stageImage, type StageImage } from '../../src/catalog/stage-image.js';
import { parseCommand, splitShellWords } from '../../src/dockerfile/command.js';
import { parseDockerfile, type InstructionInfo, type Stage } from '../../src/dockerfile/model.js';
import { applyEdits } from '../../src/engine/edits.js';
import { isSuppressed, readPragmas } from '../../src/engine/pragmas.js';
import type { RuleContext } from '../../src/engine/types.js';
import { planEcosystem } from './ecosystems/index.js';
import { isSkip, type EcosystemPlan } from './ecosystems/types.js';
import { BUILD_TOOLS, programsOf, SHELLS } from './knowledge.js';
import { INSTALL_VERB, runtimeNeeds, runtimePrograms, scanInstalls, wordOffset } from './packages.js';
import { fileEffects } from './file-effects.js';
import { basename } from './paths.js';
import { renderSplit, type RenderedSplit } from './render.js';
import { oncePerPass } from '../support/pass-memo.js';
import { readStage, startCommand, unwrap, type StageFacts } from './stage-facts.js';

export const RULE_ID = 'multi-stage-split';

export interface SplitPlan {
  /** Index of the stage that becomes the build stage. */
  stageIndex: number;
  stage: Stage;
  facts: StageFacts;
  /** The build image the stage stays on. */
  image: StageImage;
  eco: EcosystemPlan;
  runtime: ImageFacts;
  /** Name the build stage gets (new, or renamed when the final stage's name moves to the runtime stage). */
  buildName: string;
  /** Name of the new runtime stage: the final stage's own name, so `--target <name>` still builds what ships. */
  finalName: string | null;
  /** Instructions that move from the build stage to the runtime stage. */
  moved: InstructionInfo[];
  /** VOLUMEs that must stay in the build stage (a RUN follows) and are repeated in the runtime stage. */
  repeated: InstructionInfo[];
  notes: string[];
  review: string[];
}

export type SplitAnalysis =
  { kind: 'split'; plan: SplitPlan; rendered: RenderedSplit } | { kind: 'skip'; reason: string; at: InstructionInfo };

/**
 * Everything the split would do in this pass, or why it doesn't split; null
 * when it doesn't apply. Computed once per pass: the split rule and every
 * rule asking `splitPending` want the same answer, and it is the most
 * expensive one (plan, render, re-parse of the result).
 */
export const analyzeSplit = oncePerPass(computeSplit);

function computeSplit(ctx: RuleContext): SplitAnalysis | null {
  const { model, options } = ctx;
  if (!options.split || options.disabledRules.includes(RULE_ID)) return null;
  const index = model.finalStage;
  const stage = model.stages[index];
  if (!stage) return null;
  const mirror = { registry: options.registry, namespace: options.namespace };
  const image = stageImage(model, index, ctx.catalog, mirror);
  if (!image?.isBuildImage) return null;
  if (!stage.instructions.some((i) => i.keyword === 'RUN')) return null;
  const skip = (reason: string, at: InstructionInfo | null = null): SplitAnalysis => ({
    kind: 'skip',
    reason,
    at: at ?? stage.from.instruction,
  });

  if (index !== model.stages.length - 1) {
    return skip(`the build target '${options.target}' is not the last stage; splitting it would insert a stage other stages may depend on`);
  }
  if (options.target !== null && /^\d+$/.test(options.target) && stage.name?.toLowerCase() !== options.target.toLowerCase()) {
    return skip(
      `the build target is given by index (${options.target}); name the stage so the split can keep the target on the runtime stage`,
    );
  }

  if (stage.name !== null && !/^[a-z][a-z0-9_.-]*$/i.test(stage.name)) {
    return skip(`its stage name "${stage.name}" is not a valid stage name, so the build and runtime stages can't be named from it`);
  }

  const facts = readStage(model, stage, image.facts.workdir, (offset) => ctx.originalLine(offset));
  const start = startCommand(facts);
  const outcome = planEcosystem({ ctx, facts, image, start });
  if (isSkip(outcome)) return skip(outcome.skip, outcome.at);
  const taken = new Set(model.stages.map((s) => s.name?.toLowerCase()).filter((n): n is string => !!n));
  const buildName = freeName(stage.name ? `${stage.name}-build` : 'build', taken);
  // What RUN lines did to files the runtime stage doesn't copy is carried (edited files) or named.
  const effects = fileEffects(facts, outcome.artifacts, buildName);
  const eco: EcosystemPlan = {
    ...outcome,
    artifacts: [...outcome.artifacts, ...effects.carry],
    notes: [...outcome.notes, ...effects.notes],
    review: [...outcome.review, ...effects.review],
  };
  const runtime = eco.runtime;
  const runtimeRef = renderDhiRef(runtime.repo, runtime.tag, mirror);
  const review = [...eco.review];

  if (!eco.dropCommand && !eco.command) {
    if (start === null) {
      const def = [...(runtime.entrypoint ?? []), ...(runtime.cmd ?? [])].join(' ');
      review.push(
        `the stage sets no CMD or ENTRYPOINT, so the runtime image's default (${def ? `\`${def}\`` : 'none'}) runs instead of the build image's`,
      );
    } else if (start.needsShell && !runtime.shell) {
      return skip(`${start.needsShell}, and ${runtimeRef} has no shell`, start.instructions.at(-1));
    } else if (start.argv) {
      const argv = unwrap(start.argv);
      const prog = basename(argv[0] ?? '');
      const at = start.instructions.at(-1);
      if ((SHELLS.has(prog) || prog.endsWith('.sh')) && !runtime.shell) {
        return skip(
          `the start command runs ${SHELLS.has(prog) ? `the shell ${prog}` : `the shell script ${argv[0]}`}, and ${runtimeRef} has no shell`,
          at,
        );
      }
      if (BUILD_TOOLS.has(prog) || (prog === 'dotnet' && ['run', 'watch', 'build', 'test'].includes(argv[1] ?? ''))) {
        return skip(
          `the start command runs \`${argv.slice(0, 2).join(' ')}\`, a build tool that ${runtimeRef} doesn't have; start the built app directly and run again`,
          at,
        );
      }
    }
  }

  const missing = startProgramFromPackage(facts, image.repo);
  if (missing) {
    return skip(
      `${missing.at.keyword} on line ${facts.line(missing.at)} starts ${missing.program}, which the stage installs as a system package (${missing.pkg}, line ${missing.line}); ${runtimeRef} can't install packages, so a runtime stage could not start: keep the stage on the -dev image, or base it on a DHI image that ships ${missing.program}`,
      missing.at,
    );
  }

  const health = facts.healthcheck && healthcheckShell(facts.healthcheck);
  if (health && !runtime.shell) {
    review.push(
      `HEALTHCHECK on line ${facts.line(facts.healthcheck!)} is in shell form and uses ${health}, but ${runtimeRef} has no shell to run it: write it in exec form`,
    );
  }

  const { moved, repeated, userNote } = movedInstructions(facts, runtime);
  const notes = [...eco.notes];
  if (userNote) notes.push(userNote);
  const plan: SplitPlan = {
    stageIndex: index,
    stage,
    facts,
    image,
    eco,
    runtime,
    buildName,
    finalName: stage.name,
    moved,
    repeated,
    notes,
    review,
  };
  const rendered = renderSplit(model, plan, mirror);
  if (!splitsCleanly(ctx, rendered)) {
    return skip(
      'the result would not parse back as a build stage and a runtime stage (an unterminated heredoc or a line continuation at the end of the stage would swallow the new stage)',
    );
  }
  return { kind: 'split', plan, rendered };
}

/** The rendered split re-parses with exactly one more stage, the runtime one, last. */
function splitsCleanly(ctx: RuleContext, { edits, runtimeRef }: RenderedSplit): boolean {
  const { model, options } = ctx;
  const next = parseDockerfile(applyEdits(model.text, edits), { target: options.target });
  const last = next.stages.at(-1);
  return (
    next.stages.length === model.stages.length + 1 && next.finalStage === next.stages.length - 1 && last?.from.resolvedImage === runtimeRef
  );
}

/**
 * True when the split is enabled and would split the final stage in this
 * pass: not when a `# dhi-migrate ignore` pragma suppresses it (the engine
 * would drop the fix, and the final stage must not wait for it forever).
 */
export function splitPending(ctx: RuleContext): boolean {
  if (!ctx.options.split || ctx.options.disabledRules.includes(RULE_ID)) return false;
  const analysis = analyzeSplit(ctx);
  if (analysis?.kind !== 'split') return false;
  const { plan, rendered } = analysis;
  const edits = rendered.edits;
  const finding = { ruleId: RULE_ID, severity: 'change' as const, message: '', range: plan.stage.from.instruction.range, fix: edits };
  return !isSuppressed(finding, readPragmas(ctx.model, new Set([RULE_ID])));
}

function freeName(base: string, taken: Set<string>): string {
  if (!taken.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`.toLowerCase())) return `${base}-${n}`;
}

const ALWAYS_MOVED = new Set(['EXPOSE', 'LABEL']);
const LAST_MOVED = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'STOPSIGNAL']);
/** Instructions after which USER / VOLUME still change what the build produces. */
const USER_SENSITIVE = new Set(['RUN', 'WORKDIR']);

/**
 * Image metadata moves: every EXPOSE and LABEL, the effective CMD,
 * ENTRYPOINT, HEALTHCHECK and STOPSIGNAL. USER and VOLUME move only when no
 * later RUN depends on them; a USER is replaced by the runtime image's user.
 */
function movedInstructions(
  facts: StageFacts,
  runtime: ImageFacts,
): { moved: InstructionInfo[]; repeated: InstructionInfo[]; userNote: string | null } {
  const list = facts.stage.instructions;
  const moved: InstructionInfo[] = [];
  const repeated: InstructionInfo[] = [];
  const lastOf = new Map<string, InstructionInfo>();
  for (const ins of list) if (LAST_MOVED.has(ins.keyword)) lastOf.set(ins.keyword, ins);
  list.forEach((ins, i) => {
    const later = list.slice(i + 1);
    if (ALWAYS_MOVED.has(ins.keyword) || lastOf.get(ins.keyword) === ins) moved.push(ins);
    else if (ins.keyword === 'USER' && !later.some((l) => USER_SENSITIVE.has(l.keyword))) moved.push(ins);
    else if (ins.keyword === 'VOLUME') (later.some((l) => l.keyword === 'RUN') ? repeated : moved).push(ins);
  });
  const lastUser = facts.users.at(-1)?.node.getArgumentsContent()?.trim() ?? null;
  let userNote: string | null = null;
  if (lastUser !== null && lastUser.split(':')[0] !== runtime.user && lastUser.split(':')[0] !== String(runtime.uid)) {
    userNote = /^(root|0)(:|$)/.test(lastUser)
      ? `the app now runs as ${runtime.user} instead of root`
      : `USER ${lastUser} becomes USER ${runtime.user}, the runtime image's user (${lastUser} doesn't exist there)`;
  }
  return { moved, repeated, userNote };
}

/** Why a shell-form HEALTHCHECK needs a shell, or null (exec form, NONE, or plain words). */
function healthcheckShell(ins: InstructionInfo): string | null {
  const m = /^\s*CMD\s+([\s\S]*)$/i.exec(ins.node.getArgumentsContent() ?? '');
  if (!m) return null;
  const cmd = parseCommand(m[1]!);
  if (cmd.form === 'exec') return null;
  const words = splitShellWords(cmd.text);
  return words.ok ? null : words.reason;
}

/** The program the container starts (or the one an init wrapper starts) when a system package of the stage provides it. */
function startProgramFromPackage(
  facts: StageFacts,
  repo: string,
): { program: string; pkg: string; line: number; at: InstructionInfo } | null {
  const start = [facts.entrypoint, facts.cmd].filter((c) => c !== null).map((c) => c!.instruction);
  const programs = runtimePrograms(facts).filter((p) => start.includes(p.instruction));
  const need = runtimeNeeds(scanInstalls(facts), programs, repo).find((n) => n.kind === 'tool');
  if (!need) return null;
  const program = programs.find((p) => programsOf(need.install.name).includes(p.program))!;
  const ins = need.install.instruction;
  const offset = ins.range.start + wordOffset(facts.model.text.slice(ins.range.start, ins.range.end), need.install.name, INSTALL_VERB);
  return { program: program.program, pkg: need.install.name, line: facts.lineOf(offset), at: need.calledBy! };
}
