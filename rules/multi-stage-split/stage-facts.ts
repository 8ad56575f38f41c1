/**
 * What one stage does, read once: its working directory, variables, RUN
 * commands, copies, and the instructions that only describe the image at run
 * time (EXPOSE, LABEL, USER, HEALTHCHECK, CMD ...). Ecosystem detectors and
 * the renderer work from this instead of re-reading the AST.
 */
import type { Env, Property } from 'dockerfile-ast';
import type { DockerfileModel, InstructionInfo, Stage } from '../../src/dockerfile/model.js';
import { expandVariables } from '../../src/dockerfile/args.js';
import { parseCommand, splitShellWords } from '../../src/dockerfile/command.js';
import { INIT_WRAPPERS } from './knowledge.js';
import { basename, resolvePath } from './paths.js';
import { parseScript, runCommands, type SimpleCommand } from './shell-script.js';

export interface RunCommand extends SimpleCommand {
  instruction: InstructionInfo;
  /** USER in effect when the RUN executes (null = the image's, root on build images). */
  user: string | null;
}

export interface CopyEntry {
  instruction: InstructionInfo;
  keyword: 'COPY' | 'ADD';
  /** `--from` value, or null for the build context. */
  from: string | null;
  sources: string[];
  /** Absolute destination (the target path itself, or the directory when it ends in `/`), or null. */
  dest: string | null;
  /** Destination as written. */
  rawDest: string;
}

export interface StageCommand {
  instruction: InstructionInfo;
  /** Exec-form argv, or the words of a shell form that needs no shell. */
  argv: string[] | null;
  /** Why a shell-form command needs a shell; null when it doesn't. */
  shellReason: string | null;
}

export interface StageFacts {
  model: DockerfileModel;
  /** 1-based line in the user's file of an offset in `model` (earlier passes may have moved lines). */
  lineOf(offset: number): number;
  /** 1-based line in the user's file where an instruction starts. */
  line(ins: InstructionInfo): number;
  stage: Stage;
  /** Working directory at the end of the stage; null when it can't be known statically. */
  cwd: string | null;
  /** True when the stage sets WORKDIR itself. */
  hasWorkdir: boolean;
  /** ENV and ARG values at the end of the stage (null = declared without a known value). */
  vars: Map<string, string | null>;
  runs: InstructionInfo[];
  commands: RunCommand[];
  copies: CopyEntry[];
  envs: InstructionInfo[];
  args: InstructionInfo[];
  workdirs: InstructionInfo[];
  users: InstructionInfo[];
  exposes: InstructionInfo[];
  labels: InstructionInfo[];
  volumes: InstructionInfo[];
  cmd: StageCommand | null;
  entrypoint: StageCommand | null;
  healthcheck: InstructionInfo | null;
  stopsignal: InstructionInfo | null;
  /** The stages this one builds on (`FROM <stage>`), oldest first, read the same way. */
  ancestors: StageFacts[];
  /** USER in effect at the end of the stage (inherited through the FROM chain). */
  user: string | null;
}

/**
 * Reads a stage. A stage built on another stage (`FROM base`) starts where
 * that one ends: its working directory, ENV and USER are inherited, and the
 * ancestors' facts are kept in `ancestors` (their RUN commands and COPYs stay
 * theirs: `commands`, `copies` and `runs` are this stage's own).
 */
export function readStage(
  model: DockerfileModel,
  stage: Stage,
  imageWorkdir: string | null,
  lineOf?: (offset: number) => number,
): StageFacts {
  const parentIndex = stage.from.baseStage;
  const parent =
    parentIndex !== null && parentIndex < stage.index && model.stages[parentIndex]
      ? readStage(model, model.stages[parentIndex]!, imageWorkdir, lineOf)
      : null;
  return readOwn(model, stage, imageWorkdir, parent, lineOf);
}

function readOwn(
  model: DockerfileModel,
  stage: Stage,
  imageWorkdir: string | null,
  parent: StageFacts | null,
  lineOf?: (offset: number) => number,
): StageFacts {
  const toLine = lineOf ?? ((offset: number) => model.lines.positionAt(offset).line + 1);
  const globals = new Map(model.globalArgs.map((d) => [d.name, d.value] as const));
  // ENV carries into a child stage; a stage's ARGs don't.
  const vars = new Map<string, string | null>();
  if (parent) for (const e of parent.envs) for (const p of properties(e)) vars.set(p.getName(), parent.vars.get(p.getName()) ?? null);
  const facts: StageFacts = {
    model,
    lineOf: toLine,
    line: (ins) => toLine(ins.range.start),
    stage,
    cwd: parent ? parent.cwd : (imageWorkdir ?? '/'),
    hasWorkdir: parent?.hasWorkdir ?? false,
    vars,
    runs: [],
    commands: [],
    copies: [],
    envs: [...(parent?.envs ?? [])],
    args: [],
    workdirs: [],
    users: [],
    exposes: [],
    labels: [],
    volumes: [],
    cmd: null,
    entrypoint: null,
    healthcheck: null,
    stopsignal: null,
    ancestors: parent ? [...parent.ancestors, parent] : [],
    user: parent?.user ?? null,
  };
  let user: string | null = facts.user;
  for (const ins of stage.instructions) {
    switch (ins.keyword) {
      case 'WORKDIR': {
        facts.workdirs.push(ins);
        facts.hasWorkdir = true;
        const arg = expand(ins.node.getArgumentsContent()?.trim() ?? '', vars);
        facts.cwd = arg === null || (facts.cwd === null && !arg.startsWith('/')) ? null : resolvePath(facts.cwd ?? '/', arg);
        break;
      }
      case 'ENV':
        facts.envs.push(ins);
        for (const p of properties(ins)) vars.set(p.getName(), expand(p.getUnescapedValue() ?? '', vars));
        break;
      case 'ARG':
        facts.args.push(ins);
        for (const p of properties(ins)) {
          const value = p.getValue();
          vars.set(p.getName(), value !== null ? expand(value, vars) : (globals.get(p.getName()) ?? null));
        }
        break;
      case 'RUN': {
        facts.runs.push(ins);
        const env = Object.fromEntries([...vars].filter((e): e is [string, string] => e[1] !== null));
        for (const c of runCommands(ins, model.escapeChar, facts.cwd, env)) facts.commands.push({ ...c, instruction: ins, user });
        break;
      }
      case 'COPY':
      case 'ADD':
        facts.copies.push(readCopy(ins, facts.cwd, vars));
        break;
      case 'USER':
        facts.users.push(ins);
        user = ins.node.getArgumentsContent()?.trim() ?? null;
        facts.user = user;
        break;
      case 'EXPOSE':
        facts.exposes.push(ins);
        break;
      case 'LABEL':
        facts.labels.push(ins);
        break;
      case 'VOLUME':
        facts.volumes.push(ins);
        break;
      case 'CMD':
        facts.cmd = readCommand(ins);
        break;
      case 'ENTRYPOINT':
        facts.entrypoint = readCommand(ins);
        break;
      case 'HEALTHCHECK':
        facts.healthcheck = ins;
        break;
      case 'STOPSIGNAL':
        facts.stopsignal = ins;
        break;
    }
  }
  return facts;
}

export function properties(ins: InstructionInfo): Property[] {
  return (ins.node as Env).getProperties();
}

function expand(text: string, vars: Map<string, string | null>): string | null {
  return expandVariables(text, vars);
}

function readCopy(ins: InstructionInfo, cwd: string | null, vars: Map<string, string | null>): CopyEntry {
  const node = ins.node as unknown as { getFlags(): { getName(): string; getValue(): string | null }[] };
  const from =
    node
      .getFlags()
      .find((f) => f.getName().toLowerCase() === 'from')
      ?.getValue() ?? null;
  const raw = ins.node.getRawArgumentsContent() ?? '';
  let args: string[];
  const cmd = parseCommand(raw);
  if (cmd.form === 'exec') args = cmd.argv;
  else args = ins.node.getArguments().map((a) => a.getValue());
  const rawDest = args.at(-1) ?? '';
  const expanded = expand(rawDest, vars);
  const dest =
    expanded === null || (cwd === null && !expanded.startsWith('/'))
      ? null
      : resolvePath(cwd ?? '/', expanded) + (expanded.endsWith('/') && expanded !== '/' ? '/' : '');
  return { instruction: ins, keyword: ins.keyword as 'COPY' | 'ADD', from, sources: args.slice(0, -1), dest, rawDest };
}

function readCommand(ins: InstructionInfo): StageCommand {
  const cmd = parseCommand(ins.node.getArgumentsContent() ?? '');
  if (cmd.form === 'exec') return { instruction: ins, argv: cmd.argv, shellReason: null };
  const words = splitShellWords(cmd.text);
  if (words.ok) return { instruction: ins, argv: words.words, shellReason: null };
  return { instruction: ins, argv: null, shellReason: words.reason };
}

/**
 * The program the container starts, as the stage declares it: ENTRYPOINT
 * followed by CMD (a shell-form ENTRYPOINT ignores CMD). Null when neither is
 * set. `needsShell` carries the reason when a shell form can't run without one.
 */
export function startCommand(
  facts: StageFacts,
): { argv: string[] | null; needsShell: string | null; instructions: InstructionInfo[] } | null {
  const { entrypoint, cmd } = facts;
  if (!entrypoint && !cmd) return null;
  const parts = [entrypoint, cmd].filter((c): c is StageCommand => c !== null);
  if (entrypoint && entrypoint.argv === null) {
    return {
      argv: null,
      needsShell: `shell-form ENTRYPOINT on line ${facts.line(entrypoint.instruction)} uses ${entrypoint.shellReason}`,
      instructions: [entrypoint.instruction],
    };
  }
  const shellPart = parts.find((p) => p.argv === null);
  if (shellPart) {
    return {
      argv: null,
      needsShell: `shell-form ${shellPart.instruction.keyword} on line ${facts.line(shellPart.instruction)} uses ${shellPart.shellReason}`,
      instructions: parts.map((p) => p.instruction),
    };
  }
  // A shell-form ENTRYPOINT runs `/bin/sh -c`, which ignores CMD.
  const entryIsShell = entrypoint !== null && parseCommand(entrypoint.instruction.node.getArgumentsContent() ?? '').form === 'shell';
  const argv = entryIsShell ? entrypoint.argv! : parts.flatMap((p) => p.argv!);
  return { argv, needsShell: null, instructions: parts.map((p) => p.instruction) };
}

/** Words of every program a runtime command line may call (for package checks). */
export function programsCalled(ins: InstructionInfo): string[] {
  let args = ins.node.getArgumentsContent() ?? '';
  if (ins.keyword === 'HEALTHCHECK') {
    const m = /^\s*CMD\s+([\s\S]*)$/i.exec(args);
    if (!m) return [];
    args = m[1]!;
  }
  const cmd = parseCommand(args);
  const script = cmd.form === 'exec' ? cmd.argv.map(quote).join(' ') : cmd.text;
  const programs: string[] = [];
  for (const c of parseScript(script, null)) {
    programs.push(c.words[0]!);
    // `tini -- app`: the wrapped program runs too.
    const wrapped = unwrap(c.words);
    if (wrapped !== c.words && wrapped[0]) programs.push(wrapped[0]);
  }
  return programs;
}

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The argv without init wrappers: `tini -- app x`, `dumb-init app`, `gosu user app` -> `app x`. */
export function unwrap(argv: string[]): string[] {
  let rest = argv;
  while (rest.length > 1 && INIT_WRAPPERS.has(basename(rest[0]!))) {
    const wrapper = basename(rest[0]!);
    rest = rest.slice(1);
    while (rest[0]?.startsWith('-') && rest[0] !== '--') rest = rest.slice(1);
    if (rest[0] === '--') rest = rest.slice(1);
    else if (wrapper === 'gosu' || wrapper === 'su-exec') rest = rest.slice(1);
  }
  return rest;
}
