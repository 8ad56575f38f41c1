/**
 * entrypoint-compat: the DHI image's ENTRYPOINT/CMD often differ from the
 * official image's. Compute what the container runs before and after the
 * migration and keep it the same: prepend the interpreter the official
 * entrypoint used to add, drop a program the DHI ENTRYPOINT already runs,
 * resolve npm/yarn/pnpm scripts (no package manager at runtime), keep
 * the default command a Dockerfile without CMD inherited and the arguments
 * the official entrypoint script added, and report what else that script did
 * (init directories, variables, postgres's data directory) where DHI has none.
 */
import type { Rule, RuleContext } from '../src/engine/types.js';
import type { DockerfileModel, InstructionInfo, Stage } from '../src/dockerfile/model.js';
import type { ImageFacts } from '../src/catalog/catalog.js';
import { formatExecForm, parseCommand, splitShellWords, type CommandForm } from '../src/dockerfile/command.js';
import { insertLinesAfter, replaceRange } from '../src/engine/edit-builder.js';
import { doiImage, type DoiImage } from '../src/catalog/doi-images.js';
import type { ImageRef } from '../src/dockerfile/image-ref.js';
import {
  argumentsRange,
  canInsertAfter,
  describeStage,
  finalTarget,
  keyword,
  stageChain,
  type FinalTarget,
} from './support/final-stage.js';
import { DEFAULT_NOTES, hasOption, scriptRewrite, type ScriptRewrite } from './support/entrypoint-features.js';
import { lostScriptFeatures, postgresDataDir, runsScript } from './support/entrypoint-script.js';

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
  itself, the missing arguments when it starts only the program (DHI
  haproxy's \`ENTRYPOINT ["haproxy"]\` gets
  \`CMD ["-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]\`), or a
  warning naming both commands when they differ (\`redis-server\` vs
  \`redis-server /etc/redis/redis.conf\`);
- arguments the official entrypoint script added are kept: haproxy's
  \`-W -db\` is written into the CMD; mongo's \`--bind_ip_all\` (DHI mongod
  listens on localhost only) is reported, not written, because the same script
  turned on \`--auth\` for \`MONGO_INITDB_ROOT_*\`, which DHI does not;
- what the official entrypoint script did with files and variables is
  reported, on the line, where the DHI image starts without such a script: a
  COPY into \`/etc/nginx/templates\` or \`/docker-entrypoint.d\` (nginx),
  \`/docker-entrypoint-initdb.d\` or \`ENV MONGO_INITDB_*\` (mongo),
  \`/usr/local/lib/redis/modules\` (redis 8), \`ENV USE_SYSTEM_CA_CERTS\`
  (eclipse-temurin), with the alternative (DHI postgres, mysql, mariadb keep
  their docker-entrypoint.sh);
- postgres: the official image keeps its cluster in \`/var/lib/postgresql/data\`
  (\`/var/lib/postgresql/18/docker\` from 18), DHI in
  \`/var/lib/postgresql/<major>/data\`: a stage that sets no \`PGDATA\` gets a
  warning (on its \`VOLUME\` when it declares the old directory).

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
    const eff = effectiveCommand(ctx.model, target.stage.index, target.image.facts);
    const originRef = originalRef(ctx, target.stage.index);
    const origin = originRef ? doiImage(originRef) : null;
    lostScriptFeatures(ctx, target, eff.entrypoint?.ins != null);
    postgresDataDir(ctx, target, origin, originRef?.tag ?? null);
    if (packageScript(ctx, target, eff)) return;
    if (repeatedProgram(ctx, target, eff)) return;
    if (prependInterpreter(ctx, target, eff, origin)) return;
    if (scriptArguments(ctx, target, eff, origin)) return;
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
function effectiveCommand(model: DockerfileModel, index: number, facts: Pick<ImageFacts, 'entrypoint' | 'cmd'>): Effective {
  let entrypoint: Setting | null = facts.entrypoint?.length ? { form: { form: 'exec', argv: facts.entrypoint }, ins: null } : null;
  let cmd: Setting | null = facts.cmd?.length ? { form: { form: 'exec', argv: facts.cmd }, ins: null } : null;
  for (const s of stageChain(model, index)) {
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

/** The user's own stage a stage stands for: a stage the split appended stands for the original final stage. */
function originalIndex(ctx: RuleContext, index: number): number {
  return index < ctx.original.stages.length ? index : ctx.original.finalStage;
}

/** The image the user's final stage started from (an official or distroless image has known start-up facts). */
function originalRef(ctx: RuleContext, index: number): ImageRef | null {
  const orig = ctx.original;
  let at = originalIndex(ctx, index);
  const seen = new Set<number>();
  while (orig.stages[at]?.from.baseStage != null && !seen.has(at)) {
    seen.add(at);
    at = orig.stages[at]!.from.baseStage!;
  }
  return orig.stages[at]?.from.ref ?? null;
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

// --- arguments the official entrypoint script added ------------------------------------

type Lost = { argv: string[]; missing: string[]; config: string | null };

/** The program's arguments with what the script would have added, or null when nothing is missing. */
function lostArguments(rw: ScriptRewrite, args: readonly string[]): Lost | null {
  if (rw.insert) {
    const missing = rw.insert.filter((a) => !args.includes(a));
    return missing.length > 0 ? { argv: [...missing, ...args], missing, config: null } : null;
  }
  if (!rw.append || hasOption(args, rw.unless ?? [])) return null;
  const config = args.find((a) => hasOption([a], rw.configOptions ?? [])) ?? null;
  return { argv: [...args, ...rw.append], missing: [...rw.append], config };
}

/** `mongod ...` or `-option ...`: a command line the official script rewrote. */
function rewritten(rw: ScriptRewrite, argv: readonly string[]): boolean {
  const first = argv[0];
  return first !== undefined && (first.startsWith('-') || family(first) === family(rw.program));
}

/** What a human has to do when the arguments are not written for them (mongo's `--bind_ip_all`). */
function rewriteAdvice(rw: ScriptRewrite, lost: Lost, label: string, suggestion: string): string {
  const caution = rw.caution ? ` only ${rw.caution.replaceAll('{image}', label)}` : '';
  return lost.config ? `make sure the config file sets ${rw.configSetting}, or add ${suggestion}${caution}` : `add ${suggestion}${caution}`;
}

/**
 * The stage's own CMD on a DHI image whose ENTRYPOINT is the program itself,
 * where the official image's script added arguments to that command line:
 * `-W -db` for haproxy is written into the CMD; mongo's `--bind_ip_all` is
 * reported (see ScriptRewrite.fix).
 */
function scriptArguments(ctx: RuleContext, target: FinalTarget, eff: Effective, origin: DoiImage | null): boolean {
  const rw = origin ? scriptRewrite(origin.image) : undefined;
  const ep = eff.entrypoint;
  if (!origin || !rw || !ep || ep.ins || ep.form.form !== 'exec' || ep.form.argv.length !== 1) return false;
  if (family(ep.form.argv[0]!) !== family(rw.program)) return false;
  const cmd = ownExec(eff.cmd, target.stage);
  if (!cmd) return false;
  // What the official image ran: the user's CMD (a shell form ran /bin/sh, which the script leaves alone) or its default.
  const orig = effectiveCommand(ctx.original, originalIndex(ctx, target.stage.index), { entrypoint: null, cmd: null });
  if (orig.entrypoint) return false;
  const before = orig.cmd ? (orig.cmd.form.form === 'exec' ? orig.cmd.form.argv : null) : origin.cmd;
  if (!before || !rewritten(rw, before)) return false;
  const lost = lostArguments(rw, cmd.argv);
  if (!lost) return false;
  const line = ctx.originalLine(cmd.ins.range.start);
  const shown = `CMD ${formatExecForm(cmd.argv)} on line ${line}`;
  const runs = `${target.label} has ENTRYPOINT ${formatExecForm(ep.form.argv)}, which runs the CMD as it is`;
  if (!rw.fix || lost.config) {
    const config = lost.config ? ` unless the config file given with ${lost.config} sets ${rw.configSetting}` : '';
    ctx.report({
      severity: 'warning',
      message:
        `${shown} has no ${(rw.unless ?? rw.insert ?? []).join('/')} option, so ${origin.label}'s ${rw.script} added ${lost.missing.join(' ')} (${rw.does})${config}; ` +
        `${runs}, and ${rw.without}: ${rewriteAdvice(rw, lost, target.label, `"${lost.missing.join('", "')}" to the CMD`)}`,
      range: cmd.ins.range,
    });
    return true;
  }
  ctx.report({
    severity: 'change',
    message: `${shown} -> CMD ${formatExecForm(lost.argv)}: ${origin.label}'s ${rw.script} started ${rw.program} with ${lost.missing.join(' ')} (${rw.does}); ${runs}, and without them ${rw.without}`,
    range: cmd.ins.range,
    fix: [replaceArgs(ctx, cmd.ins, lost.argv)],
  });
  return true;
}

// --- no CMD: the official image's default ----------------------------------------------

/** Same program (`python3` = `/usr/bin/python3.13`) with the same arguments. */
function sameCommand(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.length > 0 && family(a[0]!) === family(b[0]!) && a.every((x, k) => k === 0 || x === b[k]);
}

/** `argv` starts with the ENTRYPOINT (its program by family, then its arguments). */
function startsWith(argv: readonly string[], ep: readonly string[]): boolean {
  return argv.length >= ep.length && ep.length > 0 && family(argv[0]!) === family(ep[0]!) && ep.every((x, k) => k === 0 || argv[k] === x);
}

function inheritedDefault(ctx: RuleContext, target: FinalTarget, eff: Effective, origin: DoiImage | null): void {
  if (!origin || eff.entrypoint?.ins || eff.cmd?.ins) return;
  // A runtime stage the split appended without the user's CMD (nginx now serves a site) dropped it on purpose.
  const appended = target.stage.index >= ctx.original.stages.length;
  const own = ctx.original.stages[ctx.original.finalStage];
  if (appended && own?.instructions.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT')) return;
  const plain = doiArgv(origin);
  if (plain.length === 0) return;
  const facts = target.image.facts;
  const epKind = kindOf(facts.entrypoint);
  const after = epKind === 'program' ? [...facts.entrypoint!, ...(facts.cmd ?? [])] : (facts.cmd ?? []);
  // A DHI image that starts a script may rewrite the command as the official one did; one that starts the program directly doesn't.
  const rw = runsScript(facts.entrypoint) ? undefined : scriptRewrite(origin.image);
  const lost = rw && rewritten(rw, plain) ? lostArguments(rw, plain.slice(1)) : null;
  const before = lost ? [plain[0]!, ...lost.argv] : plain;
  if (sameCommand(before, after)) return;
  const { stage, label } = target;
  const was = `\`${plain.join(' ')}\`${lost ? `, which its ${rw!.script} ran as \`${before.join(' ')}\`` : ''}`;
  const from = stage.from.instruction;
  const relied = `the ${describeStage(stage)} sets no CMD and relied on ${origin.label}'s default`;
  if (SHELLS.has(base(before[0]!))) {
    ctx.report({
      severity: 'warning',
      message: `${relied}, a shell (${was}); ${label} ${after.length > 0 ? `runs \`${after.join(' ')}\` instead` : 'starts nothing by itself'}${facts.shell ? '' : ' and has no shell'}: add a CMD that starts your program`,
      range: from.range,
    });
    return;
  }
  // The DHI image starts nothing, or only the program without the arguments: the CMD can supply them.
  const ep = facts.entrypoint ?? [];
  const missing =
    after.length === 0 && epKind !== 'program'
      ? before
      : epKind === 'program' && !facts.cmd?.length && startsWith(before, ep)
        ? before.slice(ep.length)
        : null;
  const does = lost ? ` (${rw!.does})` : '';
  if (missing && rw && lost && (!rw.fix || lost.config)) {
    ctx.report({
      severity: 'warning',
      message: `${relied} ${was}${does}; ${label} runs \`${after.join(' ')}\` as it is, and ${rw.without}: ${rewriteAdvice(rw, lost, label, `CMD ${formatExecForm(missing)}`)}`,
      range: from.range,
    });
    return;
  }
  if (missing) {
    const lastIns = stage.instructions.at(-1) ?? from;
    if (!canInsertAfter(lastIns)) return; // an unterminated heredoc would swallow the CMD
    const reason =
      after.length === 0
        ? `has no default command${ep.length ? ` for its ENTRYPOINT ${formatExecForm(ep)}` : ''}`
        : `has ENTRYPOINT ${formatExecForm(ep)} and no default command (it would run \`${after.join(' ')}\` alone)`;
    ctx.report({
      severity: 'change',
      message: `${relied} ${was}${does}; ${label} ${reason}, so CMD ${formatExecForm(missing)} was added to keep it`,
      range: from.range,
      fix: [insertLinesAfter(ctx.model, lastIns, [`${keyword(ctx.model, stage, 'CMD')} ${formatExecForm(missing)}`])],
    });
    return;
  }
  const note = DEFAULT_NOTES[origin.image];
  const sameProgram = after.length > 0 && family(before[0]!) === family(after[0]!);
  ctx.report({
    severity: 'warning',
    message: sameProgram
      ? `${relied} ${was}${note ? ` (run ${note})` : ''}; ${label} runs \`${after.join(' ')}\` instead, the same program with other arguments: check that they suit you, or add a CMD with the arguments you need`
      : `${relied} ${was}; ${label} runs \`${after.join(' ')}\` instead: add CMD ${formatExecForm(before)} if that program is what you need, or a CMD that starts your program`,
    range: from.range,
  });
}

/** What the official image ran with no CMD/ENTRYPOINT of the Dockerfile's own. */
function doiArgv(origin: DoiImage): string[] {
  const cmd = origin.cmd ?? [];
  if (origin.kind === 'program') return [...(origin.entrypoint ?? []), ...cmd];
  return cmd;
}
