/**
 * base-image: every FROM (and every ARG default a FROM takes its image from)
 * moves to the Docker Hardened Images equivalent found in the catalog.
 */
import type { Edit, Rule, RuleContext } from '../src/engine/types.js';
import type { DockerfileModel, Stage } from '../src/dockerfile/model.js';
import { expandVariables } from '../src/dockerfile/args.js';
import { shellNeeds } from '../src/dockerfile/stage-needs.js';
import { isDhiReference, mapImage, renderDhiRef, type Role } from '../src/catalog/mapping.js';
import { workdirFix } from './support/workdir-compat.js';

interface Plan {
  stage: Stage;
  role: Role;
  target: string;
  messages: string[];
  warnings: string[];
}

export const baseImageRule: Rule = {
  id: 'base-image',
  summary: 'Rewrite base images to their Docker Hardened Images (dhi.io) equivalent, with a tag that exists in the catalog',
  docs: `Each \`FROM\` is mapped to the DHI repository and tag that match the source image's
version line and distro family, looked up in the catalog snapshot (never invented).
Build stages, and final stages that still run commands, get the build variant
(\`-dev\`, \`-sdk\` for .NET); a final stage that runs no commands gets the runtime
variant. Digests are dropped (they can't apply to the new image); \`--platform\`,
\`AS name\` and casing stay as written. \`scratch\`, stage references and images
already on DHI are left alone; images without an equivalent are reported.
When the DHI image starts in another working directory than the official one
(official \`node\` and \`rust\` start in \`/\`, DHI node in \`/app\`, DHI rust in
\`/build\`; official \`tomcat\` in \`/usr/local/tomcat\`, DHI tomcat in \`/\`) and
the stage runs or copies anything relative to it before its own \`WORKDIR\`,
the original directory is written as \`WORKDIR\` right after the \`FROM\`, so
files land and programs start where they did.

Before:
\`\`\`Dockerfile
FROM python:3.12-slim-bookworm AS build
FROM python:3.12-slim-bookworm
\`\`\`
After:
\`\`\`Dockerfile
FROM dhi.io/python:3.12-debian12-dev AS build
FROM dhi.io/python:3.12-debian12
\`\`\``,
  check(ctx) {
    const plans: Plan[] = [];
    for (const stage of ctx.model.stages) {
      const plan = planStage(ctx, stage);
      if (plan) plans.push(plan);
    }
    emitFixes(ctx, plans);
  },
};

function planStage(ctx: RuleContext, stage: Stage): Plan | null {
  const from = stage.from;
  const at = from.imageRange ?? from.instruction.range;
  if (from.baseStage !== null) return null;
  if (from.imageText === null) {
    ctx.report({ severity: 'warning', message: 'FROM has no image; left untouched', range: from.instruction.range });
    return null;
  }
  if (from.resolvedImage === null) {
    const missing = from.argUses.filter((u) => u.decl?.value == null).map((u) => u.name);
    ctx.report({
      severity: 'warning',
      message: `${from.imageText} can't be resolved statically (ARG ${missing.join(', ')} has no default); left untouched`,
      range: at,
    });
    return null;
  }
  const ref = from.ref;
  if (ref === null) {
    ctx.report({ severity: 'warning', message: `"${from.resolvedImage}" is not a valid image reference; left untouched`, range: at });
    return null;
  }
  if (ref.name === 'scratch' || isDhiReference(ref, { registry: ctx.options.registry, namespace: ctx.options.namespace })) return null;

  const role = chooseRole(ctx, stage);
  const mirror = { registry: ctx.options.registry, namespace: ctx.options.namespace };
  const result = mapImage(ref, role.role, ctx.catalog, {
    noBump: ctx.options.noBump,
    preferDistro: ctx.options.preferDistro,
    mirror,
    mappings: ctx.options.mappings,
    builtin: ctx.options.builtinMappings,
    jdkAtRuntime: role.role === 'runtime' && onlyRunsJava(ctx, stage) ? 'jre' : 'jdk-dev',
  });
  if (result.kind === 'already-dhi') return null;
  if (result.kind === 'unmapped') {
    // The mapper's reasons name the source image already.
    const reason = result.reason.toLowerCase().includes(ref.name) ? result.reason : `${ref.raw}: ${result.reason}`;
    ctx.report({ severity: 'warning', message: `${reason} (left untouched)`, range: at });
    return null;
  }
  const target = renderDhiRef(result.repo, result.tag, result.mirror ?? mirror);
  const messages = [...result.notes];
  if (ref.digest) messages.push(`digest ${ref.digest} dropped: it pins the old image and can't apply to the new one`);
  if (role.why) messages.push(role.why);
  return { stage, role: role.role, target, messages, warnings: [...result.warnings, ...role.warnings] };
}

/** JDK tools a start or health-check command may need (a JRE lacks them). */
const JDK_TOOLS = new Set(['javac', 'jar', 'jshell', 'jcmd', 'jmap', 'jstack', 'jstat', 'jinfo', 'jdb', 'jlink', 'jps', 'jfr', 'jhsdb']);

/**
 * A runtime-role stage on a `-jdk` image that only starts `java` (or inherits
 * the image's command) needs no JDK: DHI has no runtime JDK tag, and its JRE
 * runtime is what the dhi-facts guidance prescribes instead of the root
 * `-jdk-dev` image. Anything that might call a JDK tool keeps the JDK.
 */
function onlyRunsJava(ctx: RuleContext, stage: Stage): boolean {
  const stages = ctx.model.stages.filter((s) => s.role !== 'unused' && fromChain(ctx.model, s.index).includes(stage.index));
  for (const s of stages) {
    for (const ins of s.instructions) {
      if (ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT' && ins.keyword !== 'HEALTHCHECK') continue;
      const words = commandWords(ctx.model.text.slice(ins.range.start, ins.range.end));
      if (words.some((w) => JDK_TOOLS.has(w.split('/').at(-1)!))) return false;
      if (/\.sh\b/.test(words.join(' '))) return false; // a script may call anything
    }
  }
  return true;
}

/** The words of an instruction's command, shell or exec form, quotes and brackets removed. */
function commandWords(text: string): string[] {
  return text
    .replace(/^\s*\w+\s+/, '')
    .split(/[\s,\[\]"']+/)
    .filter((w) => w !== '');
}

/**
 * The runtime variant goes to the image the final stage runs on: the root of
 * its `FROM <stage>` chain (e.g. `FROM aspnet AS base` ... `FROM base AS final`),
 * provided no used stage running on that image needs a shell.
 */
function chooseRole(ctx: RuleContext, stage: Stage): { role: Role; why?: string; warnings: string[] } {
  const { model } = ctx;
  if (model.finalStage < 0 || !fromChain(model, model.finalStage).includes(stage.index)) return { role: 'build', warnings: [] };
  const dependents = model.stages.filter((s) => s.role !== 'unused' && fromChain(model, s.index).includes(stage.index));
  const needs = dependents.flatMap((s) => shellNeeds(s, ctx));
  if (needs.length === 0) return { role: 'runtime', warnings: [] };
  // Not a warning here: the multi-stage split may still move the commands into a
  // build stage. Whatever remains in the settled file is reported by final-stage-shell.
  const list = needs.map((n) => n.reason).join('; ');
  return { role: 'build', why: `the final stage needs a shell (${list}), so it starts on the build variant`, warnings: [] };
}

/** The stage and the stages it builds on through `FROM <stage>`, nearest first. */
function fromChain(model: DockerfileModel, index: number): number[] {
  const chain: number[] = [];
  for (let i: number | null = index; i !== null && !chain.includes(i); i = model.stages[i]?.from.baseStage ?? null) chain.push(i);
  return chain;
}

function describeStage(stage: Stage): string {
  const label = stage.name ? `stage '${stage.name}'` : `stage ${stage.index}`;
  return stage.role === 'final' ? `final ${label}` : `${stage.role} ${label}`;
}

function emitFixes(ctx: RuleContext, plans: Plan[]): void {
  const { model } = ctx;
  const argTargets = groupWholeImageArgs(model, plans);
  const doneArgs = new Set<string>();

  for (const plan of plans) {
    const from = plan.stage.from;
    const source = from.resolvedImage!;
    const whole = wholeImageArg(plan);
    let fix: Edit[];
    const notes = [...plan.messages];

    if (whole && argTargets.get(whole) !== null) {
      if (doneArgs.has(whole)) continue; // the ARG edit was emitted with the first stage using it
      doneArgs.add(whole);
      const decl = from.argUses[0]!.decl!;
      fix = [{ ...decl.valueRange!, text: requote(model, decl.valueRange!, plan.target) }];
      notes.push(`ARG ${whole} default rewritten (used by FROM)`);
    } else if (from.argUses.length > 0) {
      const template = templateFor(plan, model);
      if (template !== null) {
        fix = [{ ...from.imageRange!, text: template }];
        notes.push(
          `build args ${from.argUses.map((u) => u.name).join(', ')} still select the version; an override must name a line DHI has`,
        );
      } else {
        fix = [{ ...from.imageRange!, text: plan.target }];
        plan.warnings.push(
          `ARG ${from.argUses.map((u) => u.name).join(', ')} no longer controls this image: its value is not part of the DHI tag`,
        );
      }
    } else {
      fix = [{ ...from.imageRange!, text: plan.target }];
    }

    const severity = plan.warnings.length > 0 ? 'warning' : 'change';
    const detail = [...notes, ...plan.warnings].join('; ');
    ctx.report({
      severity,
      message: `${source} -> ${plan.target} (${describeStage(plan.stage)}, ${plan.role === 'runtime' ? 'runtime' : 'build'} variant)${detail ? `: ${detail}` : ''}`,
      range: from.imageRange!,
      fix,
    });
    const workdir = from.ref ? workdirFix(ctx, plan.stage, from.ref, plan.target) : null;
    if (workdir) ctx.report({ severity: 'change', message: workdir.message, range: from.instruction.range, fix: [workdir.edit] });
  }
}

/** Name of the ARG when the FROM image is exactly one variable (`FROM ${BASE}`). */
function wholeImageArg(plan: Plan): string | null {
  const from = plan.stage.from;
  const only = from.argUses.length === 1 ? from.argUses[0]! : null;
  if (!only || only.text !== from.imageText || !only.decl?.valueRange || !only.decl.value) return null;
  return only.name;
}

/**
 * An ARG holding a whole image may be rewritten only when every FROM using it
 * maps to the same target; otherwise (null) each FROM gets its own literal.
 */
function groupWholeImageArgs(model: DockerfileModel, plans: Plan[]): Map<string, string | null> {
  const targets = new Map<string, string | null>();
  for (const plan of plans) {
    const name = wholeImageArg(plan);
    if (!name) continue;
    const prev = targets.get(name);
    targets.set(name, prev === undefined || prev === plan.target ? plan.target : null);
  }
  // A FROM that uses the ARG inside a longer text, or isn't being migrated, also pins it.
  for (const stage of model.stages) {
    for (const use of stage.from.argUses) {
      if (!targets.has(use.name)) continue;
      const migrated = plans.some((p) => p.stage === stage && wholeImageArg(p) === use.name);
      if (!migrated) targets.set(use.name, null);
    }
  }
  return targets;
}

/** Keeps `${VAR}` in the new reference where its value appears verbatim in the DHI target. */
function templateFor(plan: Plan, model: DockerfileModel): string | null {
  const values = new Map(model.globalArgs.map((d) => [d.name, d.value] as const));
  let template = plan.target;
  const tagStart = template.lastIndexOf(':') + 1;
  for (const use of plan.stage.from.argUses) {
    const value = expandVariables(use.text, values);
    if (!value) return null;
    const at = template.indexOf(value, tagStart);
    if (at < 0) return null;
    template = template.slice(0, at) + use.text + template.slice(at + value.length);
  }
  return expandVariables(template, values) === plan.target ? template : null;
}

/** Keeps the quoting style of an ARG value when replacing it. */
function requote(model: DockerfileModel, range: { start: number; end: number }, value: string): string {
  const raw = model.text.slice(range.start, range.end);
  const q = raw[0];
  if ((q === '"' || q === "'") && raw.endsWith(q) && raw.length >= 2) return `${q}${value}${q}`;
  return value;
}
