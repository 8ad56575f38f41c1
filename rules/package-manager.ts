/**
 * package-manager: apt/apk/yum in a final stage on a DHI runtime image can't
 * run (no package manager there): say so on the line, before the build
 * fails, and point at the -dev image where it belongs.
 */
import type { Rule } from '../src/engine/types.js';
import { parseCommand } from '../src/dockerfile/command.js';
import { programName, readRunChain } from '../src/dockerfile/shell-chain.js';
import { partnerTag } from '../src/catalog/mapping.js';
import { describeStage, finalTarget, imageLabel, joinList } from './support/final-stage.js';
import { PACKAGE_MANAGERS } from './support/packages.js';

export const packageManagerRule: Rule = {
  id: 'package-manager',
  summary: 'Report package-manager commands in a final stage on a DHI runtime image, which has no package manager',
  docs: `DHI runtime images have no \`apt\`, \`apk\` or \`yum\` (only the \`-dev\` images do),
so a \`RUN apt-get install ...\` in a final stage on a runtime image fails the
build. The multi-stage split moves such work into a build stage where it can;
what is left in the settled file is reported on its line, naming the package
manager and the \`-dev\` image to install with. Install in a build stage on the
\`-dev\` image and \`COPY\` what the app needs into the final stage (or keep the
final stage on the \`-dev\` image, which runs as root with a shell).

Before:
\`\`\`Dockerfile
FROM dhi.io/python:3.12
RUN apt-get update && apt-get install -y libpq5
\`\`\`
After (by hand):
\`\`\`Dockerfile
FROM dhi.io/python:3.12-dev AS deps
RUN apt-get update && apt-get install -y libpq5

FROM dhi.io/python:3.12
COPY --from=deps /usr/lib/x86_64-linux-gnu/libpq.so.5* /usr/lib/x86_64-linux-gnu/
\`\`\``,
  check(ctx) {
    const target = finalTarget(ctx);
    if (!target || target.image.isBuildImage || target.image.facts.packageManager) return;
    const dev = partnerTag(target.image.repo, target.image.tag, 'build', ctx.catalog);
    const devLabel = dev ? imageLabel(ctx, dev) : 'its -dev image';
    for (const ins of target.stage.instructions) {
      if (ins.keyword !== 'RUN') continue;
      const managers = managersIn(ctx.model, ins);
      if (managers.length === 0) continue;
      ctx.report({
        severity: 'warning',
        message:
          `RUN on line ${ctx.originalLine(ins.range.start)} runs ${joinList(managers)}, but the ${describeStage(target.stage)} is on ${target.label}, a runtime image without a package manager${target.image.facts.shell ? '' : ' or shell'}, so the build fails here: ` +
          `install in a build stage on ${devLabel} and COPY what the app needs into this stage`,
        range: ins.range,
      });
    }
  },
};

function managersIn(model: Parameters<typeof readRunChain>[0], ins: Parameters<typeof readRunChain>[1]): string[] {
  const found = new Set<string>();
  const cmd = parseCommand(ins.node.getArgumentsContent() ?? '');
  if (cmd.form === 'exec') {
    const name = cmd.argv[0]?.split('/').pop() ?? '';
    if (PACKAGE_MANAGERS.has(name)) found.add(name);
    return [...found];
  }
  const chain = readRunChain(model, ins);
  if (chain.ok) {
    for (const c of chain.chain.commands) {
      const name = programName(c);
      if (name && PACKAGE_MANAGERS.has(name)) found.add(name);
    }
    return [...found];
  }
  // Not a plain chain (pipes, ||, heredoc): any word naming a package manager in command position.
  for (const m of cmd.text.matchAll(/(?:^|[;&|(\n]|\bthen|\bdo|\belse)\s*(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*(?:\S*\/)?([a-z-]+)/g)) {
    if (PACKAGE_MANAGERS.has(m[1]!)) found.add(m[1]!);
  }
  return [...found];
}
