/**
 * file-ownership: files the app must write stay writable when the final stage
 * runs as the DHI image's non-root user. `--chown` to another image's user
 * (www-data, ...) is mapped to it, and a `COPY --from` of paths a build stage
 * chowned for the app gets `--chown` (copies between stages keep the source
 * owner, which the DHI user is not).
 */
import type { Rule, RuleContext } from '../src/engine/types.js';
import type { InstructionInfo, Stage } from '../src/dockerfile/model.js';
import { parseCommand } from '../src/dockerfile/command.js';
import { programName, programWords, readRunChain } from '../src/dockerfile/shell-chain.js';
import { replaceRange } from '../src/engine/edit-builder.js';
import { stageImage } from '../src/catalog/stage-image.js';
import {
  argumentsRange,
  argumentsText,
  describeStage,
  describeUser,
  finalTarget,
  flagValue,
  isRootSpec,
  mirrorOf,
  stageByRef,
  stageChain,
  type FinalTarget,
  type FlagValue,
  type RunUser,
} from './support/final-stage.js';
import { customUsers, isOwnerSpec, isUserSpec, mapOwnerSpec, ownerFor, type CustomIdentities } from './support/users.js';

export const fileOwnershipRule: Rule = {
  id: 'file-ownership',
  summary: "Give files the app writes to the DHI runtime image's non-root user (COPY --chown) in the final stage",
  docs: `The app in a DHI runtime image runs as its non-root user, so files it must
write have to belong to that user. In the final stage:

- \`COPY --chown\`/\`ADD --chown\` to another non-root user (the official image's
  \`www-data\`, \`node\` on a non-node image ...) is mapped to the DHI user; root
  ownership is kept (read-only for the app, as intended).
- \`COPY --from=<stage>\` without \`--chown\`, of paths that stage chowned to a
  non-root user (\`chown -R app /app/data\`, \`COPY --chown=...\`), gets
  \`--chown=<DHI user>\`: copies between stages keep the source owner, and that
  owner is not the user the app now runs as.

Users the Dockerfile itself creates are handled by \`user-creation\`.

Before:
\`\`\`Dockerfile
FROM dhi.io/node:22-dev AS build
WORKDIR /app
COPY . .
RUN npm ci && mkdir -p data && chown -R 1001:1001 data

FROM dhi.io/node:22
COPY --from=build /app /app
CMD ["node", "/app/index.js"]
\`\`\`
After:
\`\`\`Dockerfile
FROM dhi.io/node:22-dev AS build
WORKDIR /app
COPY . .
RUN npm ci && mkdir -p data && chown -R 1001:1001 data

FROM dhi.io/node:22
COPY --from=build --chown=node:node /app /app
CMD ["node", "/app/index.js"]
\`\`\``,
  check(ctx) {
    const target = finalTarget(ctx);
    if (!target?.user || target.image.isBuildImage) return;
    const { custom } = customUsers(ctx, target.stage);
    const owner = runUser(ctx, target, custom);
    if (!owner) return;
    for (const ins of target.stage.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const chown = flagValue(ctx.model, ins, 'chown');
      if (chown) mapForeignOwner(ctx, target, ins, chown, owner, custom);
      else chownStageCopy(ctx, target, ins, owner);
    }
  },
};

/** The user the app runs as: an explicit non-root USER the Dockerfile keeps, else the image's user; null when unreadable. */
function runUser(ctx: RuleContext, target: FinalTarget, custom: CustomIdentities): RunUser | null {
  const users = stageChain(ctx.model, target.stage.index).flatMap((s) => s.instructions.filter((i) => i.keyword === 'USER'));
  const last = users.at(-1);
  const spec = last ? argumentsText(ctx.model, last).trim() : '';
  if (last && !isOwnerSpec(spec)) return null; // a variable or a malformed USER: who runs is unknown
  if (!last || isRootSpec(spec) || mapOwnerSpec(spec, custom, target.user!) !== null || isUserSpec(spec, target.user!)) return target.user!;
  const name = spec.split(':')[0]!;
  return { name, uid: /^\d+$/.test(name) ? Number(name) : null };
}

function mapForeignOwner(
  ctx: RuleContext,
  target: FinalTarget,
  ins: InstructionInfo,
  chown: FlagValue,
  owner: RunUser,
  custom: CustomIdentities,
): void {
  const spec = chown.value;
  if (!isOwnerSpec(spec) || isRootSpec(spec) || isUserSpec(spec, owner) || mapOwnerSpec(spec, custom, target.user!) !== null) return;
  const mapped = ownerFor(spec, owner);
  if (mapped === spec) return;
  ctx.report({
    severity: 'change',
    message: `${ins.keyword} --chown=${spec} on line ${ctx.originalLine(ins.range.start)} -> --chown=${mapped}: the app runs as ${describeUser(owner)} on ${target.label}, so files it owns must belong to that user (${spec.split(':')[0]} is not the user it runs as)`,
    range: ins.range,
    fix: [replaceRange(chown.range, mapped)],
  });
}

interface Chowned {
  path: string;
  owner: string;
  /** Offset of the instruction that set the owner, for the message. */
  at: number;
}

function chownStageCopy(ctx: RuleContext, target: FinalTarget, ins: InstructionInfo, owner: RunUser): void {
  const from = flagValue(ctx.model, ins, 'from');
  if (!from) return;
  const source = stageByRef(ctx.model, from.value, target.stage.index);
  if (source === null) return;
  const sources = copySources(ins);
  if (!sources) return;
  const chowned = stageChain(ctx.model, source).flatMap((s) => chownedPaths(ctx, s));
  const hit = chowned.find((c) => !isRootSpec(c.owner) && !isUserSpec(c.owner, owner) && sources.some((src) => overlaps(src, c.path)));
  if (!hit) return;
  const args = argumentsRange(ctx.model, ins);
  if (!args) return;
  const spec = `${owner.name}:${owner.name}`;
  const sourceStage = ctx.model.stages[source]!;
  ctx.report({
    severity: 'change',
    message:
      `${ins.keyword} --from=${from.value} on line ${ctx.originalLine(ins.range.start)}: ${hit.path} was given to ${hit.owner} ` +
      `(line ${ctx.originalLine(hit.at)}, ${describeStage(sourceStage)}) and a copy between stages keeps that owner, but the app runs as ${describeUser(owner)} on ${target.label}: added --chown=${spec} so it can still write there`,
    range: ins.range,
    fix: [{ start: args.start, end: args.start, text: `--chown=${spec} ` }],
  });
}

/** Absolute source paths of a COPY --from (relative ones start at the stage's root); null when one can't be read. */
function copySources(ins: InstructionInfo): string[] | null {
  const content = ins.node.getArgumentsContent() ?? '';
  const cmd = parseCommand(content);
  const args = cmd.form === 'exec' ? cmd.argv : ins.node.getArguments().map((a) => a.getValue());
  if (args.length < 2) return null;
  const out: string[] = [];
  for (const src of args.slice(0, -1)) {
    if (/[$*?[]/.test(src)) return null;
    out.push(normalise(src.startsWith('/') ? src : `/${src}`));
  }
  return out;
}

/** Paths a stage chowned to someone, resolved against its WORKDIR. */
function chownedPaths(ctx: RuleContext, stage: Stage): Chowned[] {
  const { model } = ctx;
  const image = stageImage(model, stage.index, ctx.catalog, mirrorOf(ctx));
  let workdir: string | null = stage.from.baseStage === null ? (image?.facts.workdir ?? '/') : null;
  const out: Chowned[] = [];
  for (const ins of stage.instructions) {
    if (ins.keyword === 'WORKDIR') {
      const dir = ins.node.getArgumentsContent()?.trim() ?? '';
      workdir = dir.includes('$') ? null : dir.startsWith('/') ? normalise(dir) : workdir === null ? null : normalise(`${workdir}/${dir}`);
    } else if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      const chown = flagValue(ctx.model, ins, 'chown');
      const args = ins.node.getArguments().map((a) => a.getValue());
      const dest = args.at(-1);
      if (!chown || !dest || args.length < 2) continue;
      const path = resolve(dest, workdir);
      if (path) out.push({ path, owner: chown.value, at: ins.range.start });
    } else if (ins.keyword === 'RUN') {
      const chain = readRunChain(model, ins);
      if (!chain.ok) continue;
      let cwd = workdir;
      for (const cmd of chain.chain.commands) {
        const name = programName(cmd);
        const words = programWords(cmd)
          .slice(1)
          .map((w) => w.value);
        if (name === 'cd') {
          const dir = words[0];
          cwd = !dir ? null : dir.startsWith('/') ? normalise(dir) : cwd === null ? null : normalise(`${cwd}/${dir}`);
          continue;
        }
        if (name !== 'chown' || words.some((w) => w === null || w.startsWith('--reference'))) continue;
        const operands = (words as string[]).filter((w) => !w.startsWith('-'));
        const [ownerSpec, ...paths] = operands;
        if (!ownerSpec) continue;
        for (const p of paths) {
          const path = resolve(p, cwd);
          if (path) out.push({ path, owner: ownerSpec, at: ins.range.start });
        }
      }
    }
  }
  return out;
}

function resolve(path: string, cwd: string | null): string | null {
  if (/[$*?[]/.test(path)) return null;
  if (path.startsWith('/')) return normalise(path);
  return cwd === null ? null : normalise(`${cwd}/${path}`);
}

function normalise(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function overlaps(a: string, b: string): boolean {
  return a === b || a === '/' || b === '/' || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}
