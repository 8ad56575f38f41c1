/**
 * exec-form-command: a shell-form CMD/ENTRYPOINT runs `/bin/sh -c ...`, which
 * DHI runtime images don't have. Convert it to exec form when that gives the
 * same argv; otherwise say exactly which shell feature it needs.
 */
import type { Rule } from '../src/engine/types.js';
import { formatExecForm, parseCommand, splitShellWords } from '../src/dockerfile/command.js';
import { replaceRange } from '../src/engine/edit-builder.js';
import { argumentsRange, argumentsText, describeStage, finalTarget } from './support/final-stage.js';

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh']);

export const execFormCommandRule: Rule = {
  id: 'exec-form-command',
  summary: 'Convert shell-form CMD/ENTRYPOINT in the final stage to exec form, or report the shell feature that prevents it',
  docs: `A shell-form \`CMD node server.js\` runs \`/bin/sh -c "node server.js"\`; DHI runtime
images have no \`/bin/sh\`. When the command has no shell syntax (no \`&&\`, \`|\`,
\`;\`, redirects, globs, \`$VAR\` expansion, quotes that need a shell) it is
rewritten in exec form, which runs the same program with the same arguments
(and as PID 1, so it gets stop signals); a leading \`exec\` is dropped. When it
does need a shell, and the final image has none, the finding names the exact
feature; so does an exec-form command that starts a shell or a \`.sh\` script
there. A shell-form \`ENTRYPOINT\` is not converted when the stage also has a
\`CMD\`: in exec form the \`CMD\` would become its arguments. \`SHELL\` in the
final stage is reported. Build stages are left alone.

Before:
\`\`\`Dockerfile
FROM dhi.io/node:22
COPY server.js /app/
CMD exec node /app/server.js --port 8080
\`\`\`
After:
\`\`\`Dockerfile
FROM dhi.io/node:22
COPY server.js /app/
CMD ["node", "/app/server.js", "--port", "8080"]
\`\`\``,
  check(ctx) {
    const target = finalTarget(ctx);
    if (!target) return;
    const { model } = ctx;
    const { stage, label } = target;
    const noShell = !target.image.facts.shell;
    const hasCmd = stage.instructions.some((i) => i.keyword === 'CMD');
    for (const ins of stage.instructions) {
      const line = ctx.originalLine(ins.range.start);
      if (ins.keyword === 'SHELL') {
        const shell = argumentsText(model, ins).trim();
        ctx.report(
          noShell
            ? {
                severity: 'warning',
                message: `SHELL ${shell} on line ${line} in the ${describeStage(stage)}: ${label} has no shell, so nothing after it can use one; move the commands that need it into a build stage`,
                range: ins.range,
              }
            : {
                severity: 'info',
                message: `SHELL ${shell} on line ${line} keeps the ${describeStage(stage)} tied to a shell (${label} has one; DHI runtime images don't): move the commands that need it into a build stage`,
                range: ins.range,
              },
        );
        continue;
      }
      if (ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT') continue;
      const content = ins.node.getArgumentsContent() ?? '';
      const cmd = parseCommand(content);
      if (cmd.form === 'exec') {
        const program = cmd.argv[0]?.split('/').pop() ?? '';
        if (!noShell || !(SHELLS.has(program) || program.endsWith('.sh'))) continue;
        const what = SHELLS.has(program)
          ? `runs the shell ${cmd.argv[0]}`
          : `runs the shell script ${cmd.argv[0]}, whose #! interpreter is a shell`;
        ctx.report({
          severity: 'warning',
          message: `${ins.keyword} on line ${line} ${what}, but ${label} has no shell, so the container can't start: run the program directly in exec form, or keep this stage on a -dev image`,
          range: ins.range,
        });
        continue;
      }
      const words = cmd.text.trim().startsWith('[')
        ? ({ ok: false, reason: 'an exec-form array that is not valid JSON (Docker runs it with /bin/sh -c)' } as const)
        : splitShellWords(cmd.text);
      if (!words.ok) {
        if (!noShell) continue; // works where it is; final-stage-shell explains a -dev final stage
        ctx.report({
          severity: 'warning',
          message:
            `shell-form ${ins.keyword} on line ${line} needs a shell (it uses ${words.reason}), but ${label} has none, so the container can't start: ` +
            `write it in exec form (move the shell logic into the program, or a script your runtime runs), or keep this stage on a -dev image`,
          range: ins.range,
        });
        continue;
      }
      if (ins.keyword === 'ENTRYPOINT' && hasCmd) {
        if (!noShell) continue;
        ctx.report({
          severity: 'warning',
          message: `shell-form ENTRYPOINT on line ${line} can't run on ${label} (no shell), and converting it to exec form would pass the stage's CMD to it as arguments (a shell-form ENTRYPOINT ignores CMD): write ENTRYPOINT ${formatExecForm(words.words)} and remove or adjust the CMD`,
          range: ins.range,
        });
        continue;
      }
      const exec = formatExecForm(words.words);
      const why = noShell
        ? `${label} has no /bin/sh to run the shell form`
        : 'it runs the same program without a shell, as PID 1 so it gets stop signals';
      ctx.report({
        severity: 'change',
        message: `shell-form ${ins.keyword} on line ${line} -> ${ins.keyword} ${exec}: ${why}`,
        range: ins.range,
        fix: [replaceRange(argumentsRange(model, ins)!, exec)],
      });
    }
  },
};
