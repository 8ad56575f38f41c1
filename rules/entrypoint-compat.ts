/**
 * entrypoint-compat: the DHI image's ENTRYPOINT/CMD often differ from the
 * official image's. Compute what the container runs before and after the
 * migration and keep it the same: prepend the interpreter the official
 * entrypoint used to add, drop a program the DHI ENTRYPOINT already runs,
 * resolve npm/yarn/pnpm scripts (no package manager at runtime), and keep
 * the default command a Dockerfile without CMD inherited.
 */
import type { Rule, RuleContext } from '../src/engine/types.js';
import type { DockerfileModel, InstructionInfo, Stage } from '../src/dockerfile/model.js';
import type { ImageFacts } from '../src/catalog/catalog.js';
import { formatExecForm, parseCommand, splitShellWords, type CommandForm } from '../src/dockerfile/command.js';
import { insertLinesAfter, replaceRange } from '../src/engine/edit-builder.js';
import { doiImage, type DoiImage } from '../src/catalog/doi-images.js';
import {
  argumentsRange,
  canInsertAfter,
  describeStage,
  finalTarget,
  keyword,
  stageChain,
  type FinalTarget,
} from './support/final-stage.js';

export const entrypointCompatRule: Rule = {
  id: 'entrypoint-compat',
  summary: "Keep the final stage's start command the same on the DHI image's ENTRYPOINT/CMD",
  docs: `DHI images often start differently from the official images: \`node\` has no
\`docker-entrypoint.sh\` (which ran \`node\` in front of \`CMD ["index.js"]\`),
\`nginx\` has \`ENTRYPOINT ["nginx"]\`, runtime images have no npm. This rule
compares what the final stage runs before and after and keeps it the same:

- a CMD whose first word the official entrypoint (or a distroless ENTRYPOINT)
  ran with an interpreter (\`index.js\`, \`--inspect\`, \`app.py\` on distroless
  python) gets that interpreter in front: \`CMD ["node", "index.js"]\`;
- a CMD that repeats the program the DHI ENTRYPOINT already runs loses it:
  \`CMD ["nginx", "-g", "daemon off;"]\` on \`ENTRYPOINT ["nginx"]\` becomes
  \`CMD ["-g", "daemon off;"]\`;
- \`CMD ["npm", "start"]\` (also \`npm run x\`, \`yarn x\`, \`pnpm x\`) on a runtime
  image is resolved from the \`package.json\` next to the Dockerfile when the
  script is a plain \`node <file> ...\` command (no \`pre\`/\`post\` script);
  otherwise it is reported with the reason;
- a final stage without CMD or ENTRYPOINT that relied on the official image's
  default command gets that command when the DHI image starts nothing by
  itself, or a warning naming both commands when they differ.

Before:
\`\`\`Dockerfile
FROM dhi.io/node:22
WORKDIR /app
COPY index.js .
CMD ["index.js"]
\`\`\`
After:
\`\`\`Dockerfile
FROM dhi.io/node:22
WORKDIR /app
COPY index.js .
CMD ["node", "index.js"]
\`\`\``,
  check(ctx) {
    const target = finalTarget(ctx);
    if (!target) return;
    const eff = effectiveCommand(ctx.model, target.stage, target.image.facts);
    const origin = originalImage(ctx, target.stage.index);
    if (packageScript(ctx, target, eff)) return;
    if (repeatedProgram(ctx, target, eff)) return;
    if (prependInterpreter(ctx, target, eff, origin)) return;
    inheritedDefault(ctx, target, eff, origin);
  },
};

interface Setting {
  form: CommandForm;
  /** The instruction that set it; null = the image's default. */
  ins: InstructionInfo | null;
}

interface Effective {
  entrypoint: Setting | null;
  cmd: Setting | null;
}

/** ENTRYPOINT and CMD in effect for a stage, with Docker's rule that ENTRYPOINT resets an inherited CMD. */
function effectiveCommand(model: DockerfileModel, stage: Stage, facts: ImageFacts): Effective {
  let entrypoint: Setting | null = facts.entrypoint?.length ? { form: { form: 'exec', argv: facts.entrypoint }, ins: null } : null;
  let cmd: Setting | null = facts.cmd?.length ? { form: { form: 'exec', argv: facts.cmd }, ins: null } : null;
  for (const s of stageChain(model, stage.index)) {
    let cmdSet = false;
    for (const ins of s.instructions) {
      if (ins.keyword === 'CMD') {
        cmd = { form: parseCommand(ins.node.getArgumentsContent() ?? ''), ins };
        cmdSet = true;
      } else if (ins.keyword === 'ENTRYPOINT') {
        entrypoint = { form: parseCommand(ins.node.getArgumentsContent() ?? ''), ins };
        if (!cmdSet) cmd = null;
      }
    }
  }
  return { entrypoint, cmd };
}

/** The official (or distroless) image the user's final stage started from, with its default start-up. */
function originalImage(ctx: RuleContext, index: number): DoiImage | null {
  const orig = ctx.original;
  // A stage the split appended stands for the user's own final stage.
  let at = index < orig.stages.length ? index : orig.finalStage;
  const seen = new Set<number>();
  while (orig.stages[at]?.from.baseStage != null && !seen.has(at)) {
    seen.add(at);
    at = orig.stages[at]!.from.baseStage!;
  }
  const ref = orig.stages[at]?.from.ref;
  return ref ? doiImage(ref) : null;
}

const base = (p: string): string => p.split('/').pop() ?? p;
/** `python3.13` and `python3` are the same program; so are `/nodejs/bin/node` and `node`. */
const family = (p: string): string => base(p).replace(/[\d.]+$/, '');
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh']);

type EntrypointKind = 'none' | 'wrapper' | 'script' | 'program';

function kindOf(argv: readonly string[] | null): EntrypointKind {
  if (!argv || argv.length === 0) return 'none';
  const b = base(argv[0]!);
  if (b === 'tini' || b === 'dumb-init') return 'wrapper';
  if (b.includes('entrypoint') || b.endsWith('.sh')) return 'script';
  return 'program';
}

/** Own exec-form CMD/ENTRYPOINT of the final stage, or null (shell form waits for exec-form-command). */
function ownExec(s: Setting | null, stage: Stage): { argv: string[]; ins: InstructionInfo } | null {
  if (!s?.ins || s.ins.stageIndex !== stage.index || s.form.form !== 'exec') return null;
  return { argv: s.form.argv, ins: s.ins };
}

function replaceArgs(ctx: RuleContext, ins: InstructionInfo, argv: string[]) {
  return replaceRange(argumentsRange(ctx.model, ins)!, formatExecForm(argv));
}

// --- npm / yarn / pnpm -----------------------------------------------------------

const SCRIPT_RUNNERS = new Set(['npm', 'yarn', 'pnpm']);

function packageScript(ctx: RuleContext, target: FinalTarget, eff: Effective): boolean {
  if (target.image.isBuildImage) return false;
  const ep = eff.entrypoint;
  const starter = ep?.ins
    ? ownExec(ep, target.stage)
    : kindOf(ep?.form.form === 'exec' ? ep.form.argv : null) === 'program'
      ? null
      : ownExec(eff.cmd, target.stage);
  if (!starter || !SCRIPT_RUNNERS.has(base(starter.argv[0] ?? ''))) return false;
  const { argv, ins } = starter;
  const line = ctx.originalLine(ins.range.start);
  const shown = `${ins.keyword} ${formatExecForm(argv)} on line ${line}`;
  const tool = base(argv[0]!);
  const fail = (reason: string): true => {
    ctx.report({
      severity: 'warning',
      message: `${shown} can't run on ${target.label}: it has no ${tool} (only the -dev image has); ${reason}. Write ${ins.keyword} ["node", "<entry file>", ...] with what the script runs`,
      range: ins.range,
    });
    return true;
  };
  if (ins.keyword === 'ENTRYPOINT' && eff.cmd) return fail('the stage also has a CMD that would be appended to it');
  const hasNode = [target.image.facts.cmd?.[0], target.image.facts.entrypoint?.[0]].some((p) => p && base(p) === 'node');
  if (!hasNode) return fail(`${target.label} has no node either`);
  const resolved = resolveScript(ctx, tool, argv.slice(1));
  if ('reason' in resolved) return fail(resolved.reason);
  ctx.report({
    severity: 'change',
    message: `${shown} -> ${ins.keyword} ${formatExecForm(resolved.argv)}: ${target.label} has no ${tool} (only the -dev image has), and the "${resolved.script}" script ${resolved.source} runs \`${resolved.body}\``,
    range: ins.range,
    fix: [replaceArgs(ctx, ins, resolved.argv)],
  });
  return true;
}

type Resolution = { argv: string[]; script: string; body: string; source: string } | { reason: string };

const NPM_LIFECYCLE = new Set(['start', 'stop', 'restart', 'test']);
const NPM_RUN = new Set(['run', 'run-script', 'rum', 'urn']);

function resolveScript(ctx: RuleContext, tool: string, args: string[]): Resolution {
  let script: string | undefined;
  let rest: string[];
  if (args[0]?.startsWith('-')) return { reason: `\`${tool} ${args[0]}\` options before the script name can't be resolved statically` };
  if (tool === 'npm') {
    if (NPM_LIFECYCLE.has(args[0] ?? '')) [script, rest] = [args[0], args.slice(1)];
    else if (NPM_RUN.has(args[0] ?? '')) [script, rest] = [args[1], args.slice(2)];
    else return { reason: `\`npm ${args.join(' ')}\` doesn't run a package.json script` };
    if (rest.length > 0 && rest[0] !== '--')
      return { reason: `\`${rest.join(' ')}\` are npm options (only arguments after \`--\` reach the script)` };
    rest = rest.slice(1);
  } else {
    [script, rest] = args[0] === 'run' ? [args[1], args.slice(2)] : [args[0], args.slice(1)];
    if (rest[0] === '--') rest = rest.slice(1);
  }
  if (!script) return { reason: `\`${tool} ${args.join(' ')}\` names no script` };
  const text = ctx.buildContext.readFile('package.json');
  if (text === undefined) return { reason: 'there is no package.json next to the Dockerfile to resolve the script from' };
  let scripts: Record<string, unknown>;
  try {
    const pkg = JSON.parse(text) as { scripts?: Record<string, unknown> };
    scripts = pkg && typeof pkg.scripts === 'object' && pkg.scripts ? pkg.scripts : {};
  } catch {
    return { reason: 'package.json next to the Dockerfile is not valid JSON' };
  }
  let body = scripts[script];
  let source = 'in package.json';
  if (body === undefined && tool === 'npm' && script === 'start' && ctx.buildContext.readFile('server.js') !== undefined) {
    body = 'node server.js';
    source = "(npm's default when package.json has none and server.js exists)";
  }
  if (typeof body !== 'string') return { reason: `package.json has no "${script}" script` };
  const hooks = [`pre${script}`, `post${script}`].filter((h) => typeof scripts[h] === 'string');
  if (hooks.length > 0) return { reason: `${tool} would also run the "${hooks.join('" and "')}" script${hooks.length > 1 ? 's' : ''}` };
  const words = splitShellWords(body);
  if (!words.ok) return { reason: `the "${script}" script (\`${body}\`) needs a shell (it uses ${words.reason})` };
  if (words.words[0] !== 'node') return { reason: `the "${script}" script runs \`${body}\`, not a plain \`node <file>\` command` };
  return { argv: [...words.words, ...rest], script, body, source };
}

// --- a program the DHI ENTRYPOINT already runs ------------------------------------

function repeatedProgram(ctx: RuleContext, target: FinalTarget, eff: Effective): boolean {
  const ep = eff.entrypoint;
  if (!ep || ep.ins || ep.form.form !== 'exec' || kindOf(ep.form.argv) !== 'program') return false;
  const cmd = ownExec(eff.cmd, target.stage);
  if (!cmd) return false;
  const epArgv = ep.form.argv;
  const repeats =
    cmd.argv.length >= epArgv.length &&
    base(cmd.argv[0] ?? '') === base(epArgv[0]!) &&
    epArgv.slice(1).every((a, k) => cmd.argv[k + 1] === a);
  if (!repeats) return false;
  const rest = cmd.argv.slice(epArgv.length);
  ctx.report({
    severity: 'change',
    message:
      `CMD ${formatExecForm(cmd.argv)} on line ${ctx.originalLine(cmd.ins.range.start)} -> CMD ${formatExecForm(rest)}: ${target.label} already has ENTRYPOINT ${formatExecForm(epArgv)}, ` +
      `which gets the CMD as its arguments, so ${base(epArgv[0]!)} would be started as \`${[...epArgv, ...cmd.argv].join(' ')}\``,
    range: cmd.ins.range,
    fix: [replaceArgs(ctx, cmd.ins, rest)],
  });
  return true;
}

// --- an interpreter the official entrypoint used to put in front ----------------------

function prependInterpreter(ctx: RuleContext, target: FinalTarget, eff: Effective, origin: DoiImage | null): boolean {
  const ep = eff.entrypoint;
  if (ep?.ins) return false;
  const epKind = kindOf(ep?.form.form === 'exec' ? ep.form.argv : null);
  if (epKind !== 'none' && epKind !== 'wrapper') return false;
  const cmd = ownExec(eff.cmd, target.stage);
  if (!cmd || cmd.argv.length === 0) return false;
  const first = cmd.argv[0]!;
  const facts = target.image.facts;
  const isScript = first.startsWith('-') || /\.[cm]?[jt]s$/.test(first);

  let prefix: string[] | null = null;
  let why = '';
  if (origin?.kind === 'program' && origin.entrypoint) {
    prefix = origin.entrypoint;
    why = `${origin.label} has ENTRYPOINT ${formatExecForm(origin.entrypoint)}, which ran it`;
  } else if (origin?.kind === 'node' && isScript) {
    prefix = ['node'];
    why = `the official node image's docker-entrypoint.sh ran it with node`;
  } else if (
    origin?.kind === 'prepend-option' &&
    origin.program &&
    (first.startsWith('-') || (origin.prependOnConf && first.endsWith('.conf')))
  ) {
    prefix = [origin.program];
    why = `${origin.label}'s entrypoint script put ${origin.program} in front of it`;
  } else if (!origin && isScript && facts.cmd?.[0] && base(facts.cmd[0]) === 'node') {
    prefix = ['node'];
    why = `${first} is not a program`;
  }
  if (!prefix || family(first) === family(prefix[0]!)) return false;

  // The interpreter as the DHI image names it (`python3` for `/usr/bin/python3.13`).
  const program = facts.cmd?.[0] && family(facts.cmd[0]) === family(prefix[0]!) ? facts.cmd[0] : null;
  const line = ctx.originalLine(cmd.ins.range.start);
  if (!program) {
    ctx.report({
      severity: 'warning',
      message: `CMD ${formatExecForm(cmd.argv)} on line ${line} relied on an entrypoint that is gone (${why}); ${target.label} has no ENTRYPOINT and its default command is not ${base(prefix[0]!)}: start the program explicitly in the CMD`,
      range: cmd.ins.range,
    });
    return true;
  }
  const argv = [program, ...prefix.slice(1), ...cmd.argv];
  ctx.report({
    severity: 'change',
    message: `CMD ${formatExecForm(cmd.argv)} on line ${line} -> CMD ${formatExecForm(argv)}: ${why}; ${target.label} has no ENTRYPOINT, so ${first} would be executed as the program`,
    range: cmd.ins.range,
    fix: [replaceArgs(ctx, cmd.ins, argv)],
  });
  return true;
}

// --- no CMD: the official image's default ----------------------------------------------

function inheritedDefault(ctx: RuleContext, target: FinalTarget, eff: Effective, origin: DoiImage | null): void {
  if (!origin || eff.entrypoint?.ins || eff.cmd?.ins) return;
  // A runtime stage the split appended without the user's CMD (nginx now serves a site) dropped it on purpose.
  const appended = target.stage.index >= ctx.original.stages.length;
  const own = ctx.original.stages[ctx.original.finalStage];
  if (appended && own?.instructions.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT')) return;
  const before = doiArgv(origin);
  if (before.length === 0) return;
  const facts = target.image.facts;
  const epKind = kindOf(facts.entrypoint);
  const after = epKind === 'program' ? [...facts.entrypoint!, ...(facts.cmd ?? [])] : (facts.cmd ?? []);
  if (after.length > 0 && family(before[0]!) === family(after[0]!)) return;
  const { stage, label } = target;
  const was = `\`${before.join(' ')}\``;
  const from = stage.from.instruction;
  if (SHELLS.has(base(before[0]!))) {
    ctx.report({
      severity: 'warning',
      message: `the ${describeStage(stage)} sets no CMD and relied on ${origin.label}'s default, a shell (${was}); ${label} ${after.length > 0 ? `runs \`${after.join(' ')}\` instead` : 'starts nothing by itself'}${facts.shell ? '' : ' and has no shell'}: add a CMD that starts your program`,
      range: from.range,
    });
    return;
  }
  if (after.length === 0 && epKind !== 'program') {
    const lastIns = stage.instructions.at(-1) ?? from;
    if (!canInsertAfter(lastIns)) return; // an unterminated heredoc would swallow the CMD
    ctx.report({
      severity: 'change',
      message: `the ${describeStage(stage)} sets no CMD and relied on ${origin.label}'s default ${was}; ${label} has no default command${facts.entrypoint?.length ? ` for its ENTRYPOINT ${formatExecForm(facts.entrypoint)}` : ''}, so CMD ${formatExecForm(before)} was added to keep it`,
      range: from.range,
      fix: [insertLinesAfter(ctx.model, lastIns, [`${keyword(ctx.model, stage, 'CMD')} ${formatExecForm(before)}`])],
    });
    return;
  }
  ctx.report({
    severity: 'warning',
    message: `the ${describeStage(stage)} sets no CMD and relied on ${origin.label}'s default ${was}; ${label} runs \`${after.join(' ')}\` instead: add CMD ${formatExecForm(before)} if that program is what you need, or a CMD that starts your program`,
    range: from.range,
  });
}

/** What the official image ran with no CMD/ENTRYPOINT of the Dockerfile's own. */
function doiArgv(origin: DoiImage): string[] {
  const cmd = origin.cmd ?? [];
  if (origin.kind === 'program') return [...(origin.entrypoint ?? []), ...cmd];
  return cmd;
}
