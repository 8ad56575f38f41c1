/**
 * non-root-user: the final stage ends with an explicit `USER` naming the DHI
 * runtime image's non-root user, so the image runs as it and scanners that
 * only read the Dockerfile (hadolint DL3002, Trivy DS-0002) agree.
 */
import type { Rule, RuleContext } from '../src/engine/types.js';
import type { InstructionInfo, Stage } from '../src/dockerfile/model.js';
import { insertLinesAfter, insertLinesBefore, replaceRange } from '../src/engine/edit-builder.js';
import { ruleOption } from '../src/engine/rule-options.js';
import {
  argumentsRange,
  argumentsText,
  canInsertAfter,
  describeStage,
  describeUser,
  finalTarget,
  imageLabel,
  isRootSpec,
  keyword,
  stageChain,
  type FinalTarget,
} from './support/final-stage.js';

export const nonRootUserRule: Rule = {
  id: 'non-root-user',
  summary: "End the final stage with an explicit USER naming the DHI runtime image's non-root user",
  docs: `DHI runtime images already run as a non-root user (\`nonroot\`, uid 65532;
\`node\` for node, \`nginx\` for nginx ...), but a Dockerfile that says so is
what reviewers and scanners that only read the Dockerfile (hadolint DL3002,
Trivy DS-0002) can check. The final stage gets \`USER <that user>\`, placed
before the \`CMD\`/\`ENTRYPOINT\` (or at the end of the stage); a \`USER root\`
or \`USER 0\` that is still in effect at the end of the final stage is replaced
by it. A final stage kept on a \`-dev\` image (which runs as root) gets the user
of its runtime image. Build stages are left alone: \`USER root\` is fine there.
A final stage that already ends with another non-root \`USER\` is left alone
(users created with \`useradd\` are handled by \`user-creation\`).

Before:
\`\`\`Dockerfile
FROM dhi.io/python:3.12
USER root
COPY app.py /app/
CMD ["python3", "/app/app.py"]
\`\`\`
After:
\`\`\`Dockerfile
FROM dhi.io/python:3.12
USER nonroot
COPY app.py /app/
CMD ["python3", "/app/app.py"]
\`\`\``,
  options: [
    {
      name: 'numericUser',
      type: 'boolean',
      default: false,
      description:
        "Write the user's uid (`USER 65532`) instead of its name, and rewrite a final `USER` naming the runtime image's user by name. Kubernetes `runAsNonRoot` can only verify a numeric user.",
    },
  ],
  check(ctx) {
    const target = finalTarget(ctx);
    if (!target?.user) return;
    const { stage } = target;
    const numeric = ruleOption<boolean>(ctx.options, nonRootUserRule, 'numericUser') && target.user.uid !== null;
    const spelled = numeric ? String(target.user.uid) : target.user.name;
    const users = stageChain(ctx.model, stage.index).flatMap((s) => s.instructions.filter((i) => i.keyword === 'USER'));
    const last = users.at(-1);
    if (last && numeric && last.stageIndex === stage.index) {
      // The catalog user by name (alone or with its group) becomes its uid, group kept as written.
      const spec = argumentsText(ctx.model, last);
      const [name, group] = spec.split(':');
      if (name === target.user.name && name !== spelled) {
        const replacement = group === undefined ? spelled : `${spelled}:${group}`;
        ctx.report({
          severity: 'change',
          message: `USER ${spec} -> USER ${replacement}: numericUser is on, and Kubernetes runAsNonRoot can only verify a numeric user (${describeUser(target.user)})`,
          range: last.range,
          fix: [replaceRange(argumentsRange(ctx.model, last)!, replacement)],
        });
        return;
      }
    }
    if (last && !isRootSpec(argumentsText(ctx.model, last))) return;

    const own = last && last.stageIndex === stage.index;
    if (last && own && !runAfter(stage, last)) {
      const spec = argumentsText(ctx.model, last);
      ctx.report({
        severity: 'change',
        message: `USER ${spec} in the ${describeStage(stage)} -> USER ${spelled}: ${whose(ctx, target)}`,
        range: last.range,
        fix: [replaceRange(argumentsRange(ctx.model, last)!, spelled)],
      });
      return;
    }
    const line = `${keyword(ctx.model, stage, 'USER')} ${spelled}`;
    const before = insertionPoint(stage);
    const after = stage.instructions.at(-1) ?? stage.from.instruction;
    if (!before && !canInsertAfter(after)) return; // an unterminated heredoc would swallow the line
    const fix = before ? insertLinesBefore(ctx.model, before, [line]) : insertLinesAfter(ctx.model, after, [line]);
    const why = last
      ? `USER ${argumentsText(ctx.model, last)} (line ${ctx.originalLine(last.range.start)}) is still in effect at the end of the ${describeStage(stage)}`
      : `the ${describeStage(stage)} has no USER`;
    ctx.report({
      severity: 'change',
      message: `${why}: added USER ${spelled}${before ? ` before ${before.keyword}` : ''}; ${whose(ctx, target)}`,
      range: before?.range ?? stage.from.instruction.range,
      fix: [fix],
    });
  },
};

function whose(ctx: RuleContext, target: FinalTarget): string {
  const user = describeUser(target.user!);
  if (!target.image.isBuildImage) return `${user} is the non-root user ${target.label} runs as`;
  const runtime = target.runtime ? imageLabel(ctx, target.runtime) : 'the runtime image';
  return `${target.label} runs as root, so the stage uses ${user}, the user of its runtime image ${runtime}`;
}

function runAfter(stage: Stage, ins: InstructionInfo): boolean {
  return stage.instructions.some((i) => i.keyword === 'RUN' && i.range.start > ins.range.start);
}

/** The first CMD/ENTRYPOINT with no RUN after it (so no RUN loses root), else null: append. */
function insertionPoint(stage: Stage): InstructionInfo | null {
  return stage.instructions.find((i) => (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') && !runAfter(stage, i)) ?? null;
}
