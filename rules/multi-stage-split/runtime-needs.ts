/**
 * After a split: the system packages the original single stage installed
 * that the app may still need at run time, each named in a finding with the
 * options a human has. Reported once the file has settled (findings without a
 * fix only count from the settled pass), so the split is recognised from its
 * shape: exactly one stage more than the input, appended after the input's
 * last (final) stage and copying from it. Only this rule appends stages.
 *
 * Lines in messages are the input's: the packages are read from the original
 * stage, and each finding's range is the same RUN text in the current file.
 */
import type { ImageFacts } from '../../src/catalog/catalog.js';
import { renderDhiRef } from '../../src/catalog/mapping.js';
import { stageImage } from '../../src/catalog/stage-image.js';
import { stageDependencies, type DockerfileModel, type InstructionInfo, type Stage } from '../../src/dockerfile/model.js';
import type { Range, RuleContext } from '../../src/engine/types.js';
import { INSTALL_VERB, runtimeNeeds, runtimePrograms, scanInstalls, wordOffset, type PackageNeed } from './packages.js';
import { readStage } from './stage-facts.js';

interface DoneSplit {
  build: Stage;
  final: Stage;
  runtime: ImageFacts;
  repo: string;
}

function splitDoneThisRun(ctx: RuleContext): DoneSplit | null {
  const { model, original } = ctx;
  const o = original.finalStage;
  if (o < 0 || o !== original.stages.length - 1 || model.stages.length !== original.stages.length + 1) return null;
  if (model.finalStage !== model.stages.length - 1) return null;
  const build = model.stages[o]!;
  const final = model.stages[model.finalStage]!;
  if (!build.name || !stageDependencies(final, model.stages).includes(o)) return null;
  const mirror = { registry: ctx.options.registry, namespace: ctx.options.namespace };
  const buildImage = stageImage(model, o, ctx.catalog, mirror);
  const runtimeImage = stageImage(model, final.index, ctx.catalog, mirror);
  if (!buildImage?.isBuildImage || !runtimeImage || runtimeImage.isBuildImage) return null;
  return { build, final, runtime: runtimeImage.facts, repo: buildImage.repo };
}

export function reportRuntimeNeeds(ctx: RuleContext): void {
  const done = splitDoneThisRun(ctx);
  if (!done) return;
  const origStage = ctx.original.stages[done.build.index]!;
  const facts = readStage(ctx.original, origStage, null);
  const scan = scanInstalls(facts);
  const mirror = { registry: ctx.options.registry, namespace: ctx.options.namespace };
  const ref = renderDhiRef(done.runtime.repo, done.runtime.tag, mirror);
  for (const need of runtimeNeeds(scan, runtimePrograms(facts), done.repo)) {
    const at = locate(
      ctx,
      done.build,
      need.install.instruction,
      need.install.name,
      need.install.manager === 'php-extension' ? /docker-php-ext-install|pecl/ : INSTALL_VERB,
    );
    ctx.report({ severity: 'warning', message: needMessage(need, at.line, done, ref), range: at.range });
  }
  for (const u of scan.unreadable) {
    const at = locate(ctx, done.build, u.instruction, u.word, INSTALL_VERB);
    ctx.report({
      severity: 'warning',
      message: `the packages in ${u.word} (line ${at.line}) can't be read statically: any the app needs at run time are not on ${ref}, which has no package manager`,
      range: at.range,
    });
  }
}

function needMessage(need: PackageNeed, line: number, done: DoneSplit, ref: string): string {
  const { name, manager } = need.install;
  const build = done.build.name!;
  const cant = done.runtime.packageManager ? "doesn't include it" : 'has no package manager to install it';
  const custom = `use a customized DHI image that includes ${name}`;
  const keep = 'keep the final stage on the -dev image (--no-split)';
  switch (need.kind) {
    case 'tool':
      return `${name} (installed on line ${line}) is run by ${need.calledBy!.keyword} on line ${need.calledBy!.startLine + 1}, but ${ref} ${cant}: copy the program and the libraries it loads from the build stage (COPY --from=${build}), ${keep}, or ${custom}`;
    case 'library':
      return `${name} (installed on line ${line}) is a shared library the app may load at run time, but ${ref} ${cant}: copy its files from the build stage (\`${listFiles(manager, name)}\` lists them) with COPY --from=${build}, ${keep}, or ${custom}`;
    case 'php-extension':
      return `PHP extension ${name} (built on line ${line}) exists only in the build stage: copy its .so file and .ini from the build stage (COPY --from=${build}), ${keep}, or ${custom}`;
    default:
      return `${name} (installed on line ${line}) is not a known build-only package, so the app may need it at run time, but ${ref} ${cant}: copy its files from the build stage (\`${listFiles(manager, name)}\` lists them) with COPY --from=${build}, ${keep}, or ${custom}; nothing to do if only the build uses it`;
  }
}

function listFiles(manager: string, name: string): string {
  return manager === 'apk' ? `apk info -L ${name}` : `dpkg -L ${name}`;
}

/**
 * The word's position: its line in the input (for the message) and its range
 * in the current text (the same RUN, unchanged by the split).
 */
function locate(ctx: RuleContext, build: Stage, origIns: InstructionInfo, word: string, after: RegExp): { line: number; range: Range } {
  const origText = text(ctx.original, origIns);
  const offset = wordOffset(origText, word, after);
  const line = ctx.original.lines.positionAt(origIns.range.start + offset).line + 1;
  const same = build.instructions.find((i) => i.keyword === origIns.keyword && text(ctx.model, i) === origText);
  if (!same) return { line, range: build.from.instruction.range };
  const start = same.range.start + offset;
  return { line, range: { start, end: start + (offset > 0 ? word.length : same.range.end - same.range.start) } };
}

function text(model: DockerfileModel, ins: InstructionInfo): string {
  return model.text.slice(ins.range.start, ins.range.end);
}
