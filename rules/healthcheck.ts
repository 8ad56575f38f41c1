/**
 * healthcheck: a HEALTHCHECK that calls curl, wget or a shell can't run in a
 * shell-less DHI runtime image (none of them is there), and the container
 * would be marked unhealthy. Report it with a check that works there;
 * convert a shell-form check of another program to exec form.
 */
import type { Rule } from '../src/engine/types.js';
import type { ImageFacts } from '../src/catalog/catalog.js';
import { formatExecForm, parseCommand, splitShellWords } from '../src/dockerfile/command.js';
import { replaceRange } from '../src/engine/edit-builder.js';
import { finalTarget } from './support/final-stage.js';

const HTTP_CLIENTS = new Set(['curl', 'wget']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh']);

export const healthcheckRule: Rule = {
  id: 'healthcheck',
  summary: 'Report HEALTHCHECKs that need curl, wget or a shell in a shell-less final stage; convert other shell-form checks to exec form',
  docs: `DHI runtime images have no shell and no \`curl\` or \`wget\`, so a
\`HEALTHCHECK CMD curl -f http://localhost/ || exit 1\` fails every time and the
container is reported unhealthy. In a final stage on an image without a shell,
such checks are reported with advice: check with a program the image has
(for example \`node -e "fetch(...)"\` or \`python3 -c "import urllib.request ..."\`),
a small health-check binary copied from a build stage, or the orchestrator's
own probes; \`HEALTHCHECK NONE\` turns it off. A shell-form check of another
program that needs no shell syntax is rewritten in exec form.
\`HEALTHCHECK NONE\` and exec-form checks of other programs are fine.

Before:
\`\`\`Dockerfile
FROM dhi.io/python:3.12
HEALTHCHECK --interval=30s CMD /app/bin/healthcheck --port 8000
\`\`\`
After:
\`\`\`Dockerfile
FROM dhi.io/python:3.12
HEALTHCHECK --interval=30s CMD ["/app/bin/healthcheck", "--port", "8000"]
\`\`\``,
  check(ctx) {
    const target = finalTarget(ctx);
    if (!target || target.image.facts.shell) return;
    const { model } = ctx;
    for (const ins of target.stage.instructions) {
      if (ins.keyword !== 'HEALTHCHECK') continue;
      const sub = (
        ins.node as unknown as { getSubcommand(): { getValue(): string; getRange(): { end: { line: number; character: number } } } | null }
      ).getSubcommand();
      if (!sub || sub.getValue().toUpperCase() !== 'CMD') continue;
      const line = ctx.originalLine(ins.range.start);
      const start = model.lines.offsetAt(sub.getRange().end);
      const end = ins.range.end;
      const text = model.text.slice(start, end);
      const cmd = parseCommand((ins.node.getArgumentsContent() ?? '').replace(/^\s*\S+/, ''));
      if (cmd.form === 'exec') {
        const advice = adviceFor(target.image.facts, cmd.argv);
        const program = (cmd.argv[0] ?? '').split('/').pop()!;
        if (!HTTP_CLIENTS.has(program) && !SHELLS.has(program)) continue;
        ctx.report({
          severity: 'warning',
          message: `HEALTHCHECK on line ${line} runs ${program}, which ${target.label} doesn't have (DHI runtime images ship no ${SHELLS.has(program) ? 'shell' : 'curl or wget'}), so the container would always be unhealthy: ${advice}`,
          range: ins.range,
        });
        continue;
      }
      const words = splitShellWords(cmd.text);
      const advice = adviceFor(target.image.facts, words.ok ? words.words : cmd.text.split(/\s+/));
      const program = words.ok ? words.words[0]! : (cmd.text.trim().split(/\s+/)[0] ?? '');
      if (words.ok && !HTTP_CLIENTS.has(program) && !SHELLS.has(program)) {
        const exec = formatExecForm(words.words);
        const lead = /^\s*/.exec(text)![0];
        ctx.report({
          severity: 'change',
          message: `shell-form HEALTHCHECK on line ${line} -> CMD ${exec}: ${target.label} has no /bin/sh to run the shell form`,
          range: ins.range,
          fix: [replaceRange({ start: start + lead.length, end }, exec)],
        });
        continue;
      }
      const needs = [
        words.ok ? null : `a shell (it uses ${words.reason})`,
        HTTP_CLIENTS.has(program) || SHELLS.has(program) ? program : null,
      ].filter(Boolean);
      ctx.report({
        severity: 'warning',
        message: `HEALTHCHECK on line ${line} needs ${needs.join(' and ')}, which ${target.label} doesn't have, so the container would always be unhealthy: ${advice}`,
        range: ins.range,
      });
    }
  },
};

/** A check that works on the image: its own interpreter fetching the URL the check used. */
function adviceFor(facts: ImageFacts, words: string[]): string {
  const url = words.find((w) => /^https?:\/\//.test(w)) ?? 'http://localhost:8080/health';
  const program = (facts.entrypoint?.[0] ?? facts.cmd?.[0] ?? '').split('/').pop() ?? '';
  let example: string | null = null;
  if (program === 'node')
    example = formatExecForm(['node', '-e', `fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`]);
  else if (/^python3?/.test(program))
    example = formatExecForm(['python3', '-c', `import urllib.request; urllib.request.urlopen('${url}', timeout=3)`]);
  const options = ['a health-check binary copied from a build stage', "the orchestrator's own probes", 'HEALTHCHECK NONE'];
  return example ? `use HEALTHCHECK CMD ${example}, ${options.join(', or ')}` : `use ${options.join(', or ')}`;
}
