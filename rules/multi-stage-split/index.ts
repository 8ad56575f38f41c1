/**
 * multi-stage-split: a final stage that still builds things (base-image put
 * it on the `-dev`/`-sdk` image because it runs commands) becomes the build
 * stage, and a new final stage on the minimal runtime image receives only
 * what the app needs.
 */
import { renderDhiRef } from '../../src/catalog/mapping.js';
import type { Rule, RuleContext } from '../../src/engine/types.js';
import { analyzeSplit, RULE_ID, type SplitPlan } from './plan.js';
import type { RenderedSplit } from './render.js';
import { reportRuntimeNeeds } from './runtime-needs.js';

export const multiStageSplitRule: Rule = {
  id: RULE_ID,
  summary: 'Split a final stage that builds things into a build stage (-dev/-sdk) and a minimal runtime stage that receives only the app',
  docs: `A final stage that installs packages, dependencies or compiles (base-image keeps
it on the build variant because it runs commands) is split. The original stage
becomes the build stage (named \`build\`; a named stage gives its name to the new
final stage so \`--target\` keeps building what ships) with its instructions in
order. A new final stage on the runtime image of the same line and distro gets
WORKDIR, the runtime ENV (not \`DEBIAN_FRONTEND\`, \`PIP_*\`, \`npm_config_*\` ...),
\`COPY --from\` of the artifacts, EXPOSE, LABEL, USER (the image's user),
HEALTHCHECK and ENTRYPOINT/CMD, which move out of the build stage.

What is copied depends on the ecosystem: the app directory with production
\`node_modules\` (Node, owned by \`node\`; \`npm start\` resolved through package.json),
a virtual environment plus the app (Python; a venv is created before the first
\`pip install\`), the binary on \`dhi.io/static\` (Go, Rust), the jar on the
eclipse-temurin JRE (Maven, Gradle), the \`dotnet publish\` output on aspnetcore or
dotnet, the app with its gems or vendor/ (Ruby, PHP), built assets on nginx (static
sites). System packages the app may need at run time (shared libraries, tools the
CMD or HEALTHCHECK runs) are reported one by one with options; build-only packages
are not. An uncertain artifact makes the split a warning to review; a start command
that needs a shell, a build tool or a system package the runtime image lacks leaves
the stage on -dev (reported). \`--no-split\` turns the rule off.

Before:
\`\`\`Dockerfile
FROM dhi.io/python:3.12-debian12-dev
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
EXPOSE 8000
CMD ["python", "app.py"]
\`\`\`
After:
\`\`\`Dockerfile
FROM dhi.io/python:3.12-debian12-dev AS build
WORKDIR /app
COPY requirements.txt .
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
RUN pip install -r requirements.txt
COPY . .

FROM dhi.io/python:3.12-debian12
WORKDIR /app
ENV PATH=/opt/venv/bin:$PATH
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
EXPOSE 8000
USER nonroot
CMD ["python", "app.py"]
\`\`\``,
  check(ctx) {
    if (!ctx.options.split) return;
    const analysis = analyzeSplit(ctx);
    if (analysis?.kind === 'split') {
      reportSplit(ctx, analysis.plan, analysis.rendered);
      return;
    }
    if (analysis?.kind === 'skip') {
      const stage = ctx.model.stages[ctx.model.finalStage]!;
      const label = stage.name ? `final stage '${stage.name}'` : 'the final stage';
      ctx.report({ severity: 'info', message: `${label} is not split: ${analysis.reason}`, range: analysis.at.range });
      return;
    }
    reportRuntimeNeeds(ctx);
  },
};

function reportSplit(ctx: RuleContext, plan: SplitPlan, rendered: RenderedSplit): void {
  const mirror = { registry: ctx.options.registry, namespace: ctx.options.namespace };
  const buildRef = renderDhiRef(plan.image.repo, plan.image.tag, mirror);
  const moved = [...new Set(plan.moved.map((i) => i.keyword).filter((k) => k !== 'USER'))];
  const parts = [
    `split the ${plan.eco.ecosystem} final stage: build stage '${plan.buildName}' stays on ${buildRef}, new ${plan.finalName ? `final stage '${plan.finalName}'` : 'final stage'} on ${rendered.runtimeRef}`,
    `copies ${rendered.copied.join(', ') || 'nothing'}`,
  ];
  if (moved.length > 0) parts.push(`moves ${moved.join(', ')}`);
  parts.push(`runs as ${plan.runtime.user}`);
  parts.push(...plan.notes);
  const review = plan.review.length > 0 ? `; review: ${plan.review.join('; ')}` : '';
  ctx.report({
    severity: plan.review.length > 0 ? 'warning' : 'change',
    message: parts.join('; ') + review,
    range: plan.stage.from.instruction.range,
    fix: rendered.edits,
  });
}
