/**
 * user-creation: a final stage on a DHI runtime image can't create users (no
 * shell, no useradd, not root), and doesn't need to: the image has its
 * non-root user. The creation is removed and references to the created user
 * are mapped to the image's user.
 */
import type { Edit, Rule, RuleContext } from '../src/engine/types.js';
import type { DockerfileModel, InstructionInfo, Stage } from '../src/dockerfile/model.js';
import { removeCommands, programName, programWords, readRunChain } from '../src/dockerfile/shell-chain.js';
import { removeInstruction, replaceRange } from '../src/engine/edit-builder.js';
import {
  argumentsRange,
  argumentsText,
  describeStage,
  describeUser,
  finalTarget,
  flagValue,
  joinList,
  type FinalTarget,
  type RunUser,
} from './support/final-stage.js';
import { customUsers, CustomIdentities, isOwnerSpec, mapOwnerSpec, type Creation, type CreationSite } from './support/users.js';

export const userCreationRule: Rule = {
  id: 'user-creation',
  summary: "Remove user creation from a final stage on a DHI runtime image and use the image's non-root user instead",
  docs: `A final stage on a DHI runtime image can't run \`useradd\`, \`adduser\`,
\`groupadd\` or \`addgroup\`: there is no shell, no user tools, and the stage
runs as non-root. It doesn't need to: the image already has its non-root user
(\`nonroot\`, \`node\` ...). The creation is removed (the whole \`RUN\` when it
does nothing else; otherwise just that command from an \`&&\`/\`;\` chain, when
that can be done exactly, else it is reported), and references to the created
user or group (\`USER\`, \`COPY --chown\`/\`ADD --chown\`, \`chown\`) are mapped to
the image's user; numeric ids map to its uid. This also covers a user that the
original final stage created when the multi-stage split moved that \`RUN\` into
a build stage. Build stages, and final stages kept on a \`-dev\` image, are left
alone.

Before:
\`\`\`Dockerfile
FROM dhi.io/python:3.12
RUN groupadd -r app && useradd -r -g app app
COPY --chown=app:app . /app
USER app
CMD ["python3", "/app/main.py"]
\`\`\`
After:
\`\`\`Dockerfile
FROM dhi.io/python:3.12
COPY --chown=nonroot:nonroot . /app
USER nonroot
CMD ["python3", "/app/main.py"]
\`\`\``,
  check(ctx) {
    const target = finalTarget(ctx);
    if (!target?.user || target.image.isBuildImage) return;
    const { stage } = target;
    if (copiesPasswd(stage)) return;

    const { custom, createdAt, here } = customUsers(ctx, stage);
    if (custom.size === 0) return;

    for (const site of here) reportSite(ctx, target, site);
    mapReferences(ctx, target, target.user, custom, createdAt);
  },
};

function describeCreations(creations: Creation[]): string {
  return joinList(
    creations.map((c) => {
      const names = c.identities.filter((i) => i.name && (i.kind === 'user') === (c.tool === 'useradd' || c.tool === 'adduser'));
      const what = c.tool === 'useradd' || c.tool === 'adduser' ? 'user' : 'group';
      return names.length > 0 ? `${c.tool} of ${what} '${names[0]!.name}'` : c.tool;
    }),
  );
}

function reportSite(ctx: RuleContext, target: FinalTarget, site: CreationSite): void {
  const { model } = ctx;
  const ins = site.instruction;
  const line = ctx.originalLine(ins.range.start);
  const user = describeUser(target.user!);
  const why = `no shell or user tools, and it runs as non-root`;
  const has = `${target.label} already has the non-root user ${user}`;
  const what = describeCreations(site.creations);
  const unreadable = site.creations.find((c) => c.unreadable)?.unreadable;
  if (unreadable) {
    ctx.report({
      severity: 'warning',
      message: `RUN on line ${line} creates a user or group (${unreadable}) in the ${describeStage(target.stage)}, which can't run on ${target.label}; remove it and use ${user}, the image's non-root user`,
      range: ins.range,
    });
    return;
  }
  const removed = `${what} can't run on ${target.label} (${why}); ${has}, and references to the created names are mapped to it`;
  const removeWholeRun = (): void =>
    ctx.report({
      severity: 'change',
      message: `RUN on line ${line} removed: ${removed}`,
      range: ins.range,
      fix: [removeInstruction(ins, model)],
    });
  if (!site.chain.ok) {
    if (site.chain.reason === 'exec form' && site.commands.length === 1) {
      removeWholeRun();
      return;
    }
    ctx.report({
      severity: 'warning',
      message: `RUN on line ${line} runs ${what}, which can't run on ${target.label}, but the RUN also uses ${site.chain.reason}, so it can't be removed exactly: remove the user creation by hand (${has})`,
      range: ins.range,
    });
    return;
  }
  const chain = site.chain.chain;
  if (site.commands.length === chain.commands.length) {
    removeWholeRun();
    return;
  }
  const ranges = removeCommands(chain, new Set(site.commands));
  if (!ranges) {
    ctx.report({
      severity: 'warning',
      message: `RUN on line ${line} runs ${what}, which can't run on ${target.label}, but removing it would also drop a comment inside the RUN: remove the user creation by hand (${has})`,
      range: ins.range,
    });
    return;
  }
  ctx.report({
    severity: 'change',
    message: `RUN on line ${line}: removed from the chain: ${removed}`,
    range: ins.range,
    fix: ranges.map((r) => replaceRange(r, '')),
  });
}

function mapReferences(
  ctx: RuleContext,
  target: FinalTarget,
  user: RunUser,
  custom: CustomIdentities,
  createdAt: Map<string, string>,
): void {
  const { model } = ctx;
  const because = (spec: string): string => {
    const names = spec.split(':').filter((p) => createdAt.has(p));
    const where = names.length > 0 ? ` (${createdAt.get(names[0]!)})` : '';
    return `${names.length > 0 ? `'${names[0]}'` : spec} was created by this Dockerfile${where}, which ${target.label} can't do; ${describeUser(user)} is its non-root user`;
  };
  for (const ins of target.stage.instructions) {
    const line = ctx.originalLine(ins.range.start);
    if (ins.keyword === 'USER') {
      const spec = argumentsText(model, ins).trim();
      const mapped = isOwnerSpec(spec) ? mapOwnerSpec(spec, custom, user) : null;
      if (mapped === null || mapped === spec) continue;
      ctx.report({
        severity: 'change',
        message: `USER ${spec} on line ${line} -> USER ${mapped}: ${because(spec)}`,
        range: ins.range,
        fix: [replaceRange(argumentsRange(model, ins)!, mapped)],
      });
    } else if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      const edit = chownFlagEdit(model, ins, custom, user);
      if (!edit) continue;
      ctx.report({
        severity: 'change',
        message: `${ins.keyword} --chown=${edit.spec} on line ${line} -> --chown=${edit.fix.text}: ${because(edit.spec)}`,
        range: ins.range,
        fix: [edit.fix],
      });
    } else if (ins.keyword === 'RUN') {
      for (const edit of chownCommandEdits(model, ins, custom, user)) {
        ctx.report({
          severity: 'change',
          message: `chown ${edit.spec} in the RUN on line ${line} -> chown ${edit.fix.text}: ${because(edit.spec)}`,
          range: ins.range,
          fix: [edit.fix],
        });
      }
    }
  }
}

/** The `--chown=` value of a COPY/ADD rewritten when it names a custom user or group. */
function chownFlagEdit(
  model: DockerfileModel,
  ins: InstructionInfo,
  custom: CustomIdentities,
  user: RunUser,
): { spec: string; fix: Edit } | null {
  const chown = flagValue(model, ins, 'chown');
  if (!chown || !isOwnerSpec(chown.value)) return null;
  const mapped = mapOwnerSpec(chown.value, custom, user);
  return mapped === null || mapped === chown.value ? null : { spec: chown.value, fix: replaceRange(chown.range, mapped) };
}

/** `chown [-R] app:app /data` owner words in a RUN, rewritten when they name a custom user. */
function chownCommandEdits(
  model: DockerfileModel,
  ins: InstructionInfo,
  custom: CustomIdentities,
  user: RunUser,
): { spec: string; fix: Edit }[] {
  const chain = readRunChain(model, ins);
  if (!chain.ok) return [];
  const edits: { spec: string; fix: Edit }[] = [];
  for (const cmd of chain.chain.commands) {
    if (programName(cmd) !== 'chown') continue;
    const owner = programWords(cmd)
      .slice(1)
      .find((w) => !(w.value ?? '').startsWith('-'));
    if (!owner?.value || !isOwnerSpec(owner.value)) continue;
    const mapped = mapOwnerSpec(owner.value, custom, user);
    if (mapped !== null && mapped !== owner.value) edits.push({ spec: owner.value, fix: replaceRange(owner, mapped) });
  }
  return edits;
}

/** A stage that copies /etc/passwd brings its users along: leave it alone. */
function copiesPasswd(stage: Stage): boolean {
  return stage.instructions.some(
    (i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && /(^|\s|")\/etc\/passwd(\s|"|$)/.test(i.node.getArgumentsContent() ?? ''),
  );
}
