/**
 * final-stage-shell: in the settled file, say why a final stage still depends
 * on a shell: it stayed on a DHI build image (root, shell, package manager)
 * because of its RUN lines, or it is on a shell-less runtime image and still
 * has shell-form RUN lines that will fail there.
 */
import type { Rule } from '../src/engine/types.js';
import type { InstructionInfo } from '../src/dockerfile/model.js';
import { parseCommand, splitShellWords } from '../src/dockerfile/command.js';
import { partnerTag } from '../src/catalog/mapping.js';
import type { RuleContext } from '../src/engine/types.js';
import type { Stage } from '../src/dockerfile/model.js';
import { describeStage, finalTarget, flagValue, imageLabel, isRootSpec, joinList, stageChain } from './support/final-stage.js';

export const finalStageShellRule: Rule = {
  id: 'final-stage-shell',
  summary:
    'Warn when the final stage needs a shell: kept on a DHI -dev image because of its RUN lines, or RUN on a shell-less runtime image',
  docs: `A final stage that still runs commands can't use a shell-less DHI runtime
image. When the multi-stage split can't move that work into a build stage (or
\`--no-split\` is given), the final stage stays on the \`-dev\` image: larger, with
a shell and package manager, running as root until \`USER\`. This rule names the
\`RUN\` lines (and shell-form commands) that keep it there, and the runtime image
it could use instead. A final stage written directly on a shell-less runtime
image that still has shell-form \`RUN\` lines is reported too: those fail at build
time. It reports on the settled file only and changes nothing.

Before:
\`\`\`Dockerfile
FROM dhi.io/python:3.12-dev
RUN pip install -r requirements.txt
CMD ["python3", "app.py"]
\`\`\`
After (by hand: build on -dev, run on the runtime image):
\`\`\`Dockerfile
FROM dhi.io/python:3.12-dev AS build
RUN pip install --target /app/deps -r requirements.txt

FROM dhi.io/python:3.12
COPY --from=build /app/deps /app/deps
ENV PYTHONPATH=/app/deps
CMD ["python3", "app.py"]
\`\`\``,
  check(ctx) {
    const target = finalTarget(ctx);
    if (!target) return;
    const { stage, image, label } = target;
    const line = (ins: InstructionInfo): number => ctx.originalLine(ins.range.start);
    if (image.isBuildImage) {
      // A stage built on another stage (`FROM base`) is on -dev because of what that chain runs.
      const chain = stageChain(ctx.model, stage.index);
      const needs: string[] = [];
      for (const s of chain) {
        const where = s === stage ? '' : ` in ${stageName(s)}`;
        for (const ins of s.instructions) {
          if (ins.keyword === 'RUN') needs.push(`RUN on line ${line(ins)}${where}`);
          if (s === stage && (ins.keyword === 'CMD' || ins.keyword === 'ENTRYPOINT')) {
            const cmd = parseCommand(ins.node.getArgumentsContent() ?? '');
            const words = cmd.form === 'shell' ? splitShellWords(cmd.text) : null;
            if (words && !words.ok) needs.push(`shell-form ${ins.keyword} on line ${line(ins)} (it uses ${words.reason})`);
          }
        }
      }
      if (needs.length === 0) return;
      const runtime = target.runtime ? imageLabel(ctx, target.runtime) : null;
      const parent = chain.length > 1 ? chain.at(-2)! : null;
      const via = parent ? `, which it inherits from ${stageName(parent)} (FROM on line ${line(stage.from.instruction)})` : '';
      const ownRuns = stage.instructions.some((i) => i.keyword === 'RUN');
      const advice =
        parent && !ownRuns
          ? `base the final stage on ${runtime ?? 'a runtime image'} instead and COPY what the app needs (its files, installed packages) from ${stageName(parent)}`
          : `move that work into a build stage and COPY the results into a final stage on ${runtime ?? 'a runtime image'}`;
      const owned = rootOwnedWorkdir(ctx, chain);
      ctx.report({
        severity: 'warning',
        message:
          `the ${describeStage(stage)} stays on ${label}, a build image (root, shell, package manager)${via}, because it needs a shell: ${joinList(needs)}; ${advice}` +
          (owned ? `; ${owned}` : ''),
        range: stage.from.imageRange ?? stage.from.instruction.range,
      });
      return;
    }
    if (image.facts.shell) return;
    const runs = stage.instructions.filter((i) => i.keyword === 'RUN' && parseCommand(i.node.getArgumentsContent() ?? '').form === 'shell');
    if (runs.length === 0) return;
    const dev = partnerTag(image.repo, image.tag, 'build', ctx.catalog);
    ctx.report({
      severity: 'warning',
      message:
        `the ${describeStage(stage)} is on ${label}, which has no shell, but ${joinList(runs.map((r) => `RUN on line ${line(r)}`))} need${runs.length === 1 ? 's' : ''} one, so the build fails there: ` +
        `move ${runs.length === 1 ? 'it' : 'them'} into a build stage on ${dev ? imageLabel(ctx, dev) : 'the -dev image'} and COPY the results, or put this stage on the -dev image`,
      range: stage.from.imageRange ?? stage.from.instruction.range,
    });
  },
};

function stageName(stage: Stage): string {
  return stage.name ? `stage '${stage.name}'` : `stage ${stage.index}`;
}

/**
 * On a -dev image the files COPY puts into the working directory belong to
 * root; when the stage then runs as a non-root user the app can't write
 * there (Rails' tmp/ and log/, caches, uploads). Said, not fixed: which
 * paths the app writes is not known statically.
 */
function rootOwnedWorkdir(ctx: RuleContext, chain: Stage[]): string | null {
  const { model } = ctx;
  let cwd: string | null = null;
  let user: string | null = null;
  const copies: InstructionInfo[] = [];
  for (const s of chain) {
    for (const ins of s.instructions) {
      const args = ins.node.getArgumentsContent()?.trim() ?? '';
      if (ins.keyword === 'WORKDIR') {
        cwd = args.startsWith('/') ? args.replace(/\/+$/, '') || '/' : null;
        copies.length = 0;
      }
      if (ins.keyword === 'USER') user = args;
      if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && !flagValue(model, ins, 'chown') && !flagValue(model, ins, 'from')) {
        const dest = ins.node.getArguments().at(-1)?.getValue() ?? '';
        const inside = cwd !== null && (!dest.startsWith('/') || dest === cwd || dest.startsWith(cwd + '/'));
        if (inside) copies.push(ins);
      }
    }
  }
  if (user === null || isRootSpec(user) || /\$/.test(user) || cwd === null || cwd === '/' || copies.length === 0) return null;
  const lines = copies.map((c) => String(ctx.originalLine(c.range.start)));
  return `it runs as ${user.split(':')[0]}, but the files ${copies.length === 1 ? 'COPY' : 'the COPYs'} on line${lines.length === 1 ? '' : 's'} ${joinList(lines)} put into ${cwd} belong to root, so the app can't write there (logs, caches, tmp/): add --chown=${user.split(':')[0]} where it writes`;
}
