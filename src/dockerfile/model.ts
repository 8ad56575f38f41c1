/**
 * The read-only model every rule works on: dockerfile-ast's tree plus string
 * offsets, stages with roles, and FROM image references with ARGs resolved.
 * Output is never printed from this model; rules splice the original text.
 */
import { DockerfileParser, type Dockerfile, type Instruction, type From, type Arg } from 'dockerfile-ast';
import type { Range } from '../engine/types.js';
import { LineIndex } from './positions.js';
import { expandVariables, findVariables } from './args.js';
import { parseImageRef, type ImageRef } from './image-ref.js';
import { memoizeInstructionArguments } from './ast-memo.js';

memoizeInstructionArguments();

export type StageRole = 'final' | 'build' | 'unused';

export interface InstructionInfo {
  /** Upper-cased keyword (`FROM`, `RUN` ...). */
  keyword: string;
  node: Instruction;
  /** From the keyword to the end of its last argument (heredoc bodies included). */
  range: Range;
  /** Offset of the start of the instruction's first line (before indentation). */
  lineStart: number;
  /** Offset just after the line break ending the instruction (or text end). */
  lineEnd: number;
  /** 0-based line numbers of the first and last line. */
  startLine: number;
  endLine: number;
  /** Index of the stage it belongs to; -1 before the first FROM. */
  stageIndex: number;
  /** Leading whitespace on its first line. */
  indent: string;
}

export interface ArgDecl {
  name: string;
  /** Value without quotes, or null when declared without a default. */
  value: string | null;
  /** Range of the raw value text (quotes included) or null. */
  valueRange: Range | null;
  instruction: InstructionInfo;
}

export interface FromInfo {
  instruction: InstructionInfo;
  /** Image text as written (may contain `${VAR}`), and its range. */
  imageText: string | null;
  imageRange: Range | null;
  /** Image text with global ARGs substituted; null when it can't be resolved statically. */
  resolvedImage: string | null;
  ref: ImageRef | null;
  /** Index of the earlier stage this FROM builds on (`FROM build`), else null. */
  baseStage: number | null;
  platform: string | null;
  stageName: string | null;
  /** Global ARGs referenced by the image text. */
  argUses: { name: string; text: string; decl: ArgDecl | null }[];
}

export interface Stage {
  index: number;
  name: string | null;
  from: FromInfo;
  /** Instructions after the FROM, up to the next FROM. */
  instructions: InstructionInfo[];
  role: StageRole;
  /** Lines of this stage's body, for range checks. */
  range: Range;
}

export interface DockerfileModel {
  text: string;
  /** The whole dockerfile-ast tree (parsed on first access when the model was built incrementally). */
  readonly ast: Dockerfile;
  lines: LineIndex;
  eol: '\n' | '\r\n';
  escapeChar: string;
  instructions: InstructionInfo[];
  globalArgs: ArgDecl[];
  stages: Stage[];
  /** Index of the final stage (last, or the --target), or -1 when there is no stage. */
  finalStage: number;
  /** Ranges of heredoc bodies: no edit may start inside one. */
  heredocBodies: Range[];
}

export function dominantEol(text: string): '\n' | '\r\n' {
  // Counted in place: this runs on every parse, and split() copies the file twice.
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 0x0d) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

function toInfo(node: Instruction, keyword: string, lines: LineIndex, text: string, stageIndex: number): InstructionInfo {
  const r = node.getRange();
  const start = lines.offsetAt(r.start);
  const end = lines.offsetAt(r.end);
  const lineStart = lines.lineStart(r.start.line);
  return {
    keyword,
    node,
    range: { start, end },
    lineStart,
    lineEnd: lines.nextLineStart(r.end.line),
    startLine: r.start.line,
    endLine: r.end.line,
    stageIndex,
    indent: /^[ \t]*/.exec(text.slice(lineStart, start))![0],
  };
}

function argDecls(info: InstructionInfo, lines: LineIndex): ArgDecl[] {
  const arg = info.node as Arg;
  const decls: ArgDecl[] = [];
  // An ARG line may declare several names: `ARG A=1 B=2`.
  for (const prop of arg.getProperties()) {
    const vr = prop.getValueRange();
    decls.push({
      name: prop.getName(),
      value: prop.getValue(),
      valueRange: vr ? { start: lines.offsetAt(vr.start), end: lines.offsetAt(vr.end) } : null,
      instruction: info,
    });
  }
  return decls;
}

export interface ParseOptions {
  /** Stage name (or index) given with --target; its stage is the final one. */
  target?: string | null;
}

export function parseDockerfile(text: string, opts: ParseOptions = {}): DockerfileModel {
  const key = recentKey(text, opts);
  const cached = recent.get(key);
  if (cached) return cached;
  const ast = DockerfileParser.parse(text);
  const model = buildModel(text, ast.getInstructions(), ast.getEscapeCharacter(), opts, () => ast);
  remember(key, model);
  return model;
}

/**
 * The last few models parsed, by text. Within one file's migration the same
 * text is parsed more than once: the multi-stage split re-parses its planned
 * result to check it (once for its own finding, once when other rules ask
 * whether a split is pending), and that result is usually exactly the next
 * pass's text. Models are read-only, so handing out the same one is safe;
 * the cache is tiny so it never holds more than a file's worth of models.
 */
const recent = new Map<string, DockerfileModel>();
const RECENT_MAX = 4;

const recentKey = (text: string, opts: ParseOptions): string => `${opts.target ?? ''}\u0000${text}`;

/** Drops the remembered models: the engine calls it when a file is done, so no file's models outlive it. */
export function forgetRecentlyParsed(): void {
  recent.clear();
}

/** The model of `text` when it was parsed just now, else undefined. */
export function recentlyParsed(text: string, opts: ParseOptions = {}): DockerfileModel | undefined {
  return recent.get(recentKey(text, opts));
}

function remember(key: string, model: DockerfileModel): void {
  recent.delete(key);
  recent.set(key, model);
  if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value!);
}

/**
 * The model of `text` from its instruction nodes in source order. Shared by a
 * full parse and the engine's incremental re-parse (src/engine/reparse.ts),
 * which passes nodes from more than one dockerfile-ast parse: so this reads
 * only each node's own range, never the tree around it, and takes the whole
 * tree as a thunk for the rare caller that wants it.
 */
export function buildModel(
  text: string,
  nodes: readonly Instruction[],
  escapeChar: string,
  opts: ParseOptions,
  fullTree: () => Dockerfile,
): DockerfileModel {
  const lines = new LineIndex(text);
  const instructions: InstructionInfo[] = [];
  const globalArgs: ArgDecl[] = [];
  const stages: Stage[] = [];
  const heredocBodies: Range[] = [];

  // No `<<`, no heredoc: skips getHeredocs, which re-reads every RUN/COPY/ADD's arguments.
  const mayHaveHeredocs = text.includes('<<');
  let stageIndex = -1;
  for (const node of nodes) {
    const keyword = node.getKeyword().toUpperCase();
    if (keyword === 'FROM') stageIndex++;
    const info = toInfo(node, keyword, lines, text, stageIndex);
    instructions.push(info);
    if (mayHaveHeredocs) collectHeredocs(node, lines, heredocBodies);
    if (keyword === 'ARG' && stageIndex === -1) globalArgs.push(...argDecls(info, lines));
    if (keyword === 'FROM') {
      stages.push({
        index: stageIndex,
        name: null,
        from: describeFrom(info, lines, globalArgs, stages),
        instructions: [],
        role: 'unused',
        range: { start: info.lineStart, end: text.length },
      });
      stages[stageIndex]!.name = stages[stageIndex]!.from.stageName;
      if (stageIndex > 0) stages[stageIndex - 1]!.range.end = info.lineStart;
    } else if (stageIndex >= 0) {
      stages[stageIndex]!.instructions.push(info);
    }
  }

  const finalStage = pickFinalStage(stages, opts.target ?? null);
  assignRoles(stages, finalStage);
  let tree: Dockerfile | undefined;
  return {
    text,
    // Lazy: an incrementally built model has no single tree; nothing on the hot path reads it.
    get ast() {
      return (tree ??= fullTree());
    },
    lines,
    eol: dominantEol(text),
    escapeChar,
    instructions,
    globalArgs,
    stages,
    finalStage,
    heredocBodies,
  };
}

function collectHeredocs(node: Instruction, lines: LineIndex, out: Range[]): void {
  // getHeredocs is protected in the typings but public at run time on RUN/COPY/ADD.
  const getter = (
    node as unknown as {
      getHeredocs?: () => {
        getContentRange(): import('vscode-languageserver-types').Range | null;
        getDelimiterRange(): import('vscode-languageserver-types').Range | null;
      }[];
    }
  ).getHeredocs;
  if (typeof getter !== 'function') return;
  for (const h of getter.call(node)) {
    const content = h.getContentRange();
    const delim = h.getDelimiterRange();
    const r = content ?? delim;
    if (!r) continue;
    out.push({ start: lines.offsetAt(r.start), end: lines.offsetAt((delim ?? r).end) });
  }
}

function describeFrom(info: InstructionInfo, lines: LineIndex, globalArgs: ArgDecl[], earlier: Stage[]): FromInfo {
  const from = info.node as From;
  const imageText = from.getImage();
  const ir = from.getImageRange();
  const imageRange = ir ? { start: lines.offsetAt(ir.start), end: lines.offsetAt(ir.end) } : null;
  const values = new Map<string, string | null>();
  const declByName = new Map<string, ArgDecl>();
  for (const d of globalArgs) {
    values.set(d.name, d.value);
    declByName.set(d.name, d);
  }
  const argUses = imageText
    ? findVariables(imageText).map((v) => ({ name: v.name, text: v.text, decl: declByName.get(v.name) ?? null }))
    : [];
  const resolvedImage = imageText === null ? null : expandVariables(imageText, values);
  const lower = resolvedImage?.toLowerCase() ?? null;
  const baseStage = lower === null ? -1 : earlier.findIndex((s) => s.name !== null && s.name.toLowerCase() === lower);
  const platformFlag = from.getPlatformFlag();
  return {
    instruction: info,
    imageText,
    imageRange,
    resolvedImage,
    ref: resolvedImage !== null && baseStage < 0 ? parseImageRef(resolvedImage) : null,
    baseStage: baseStage >= 0 ? baseStage : null,
    platform: platformFlag ? platformFlag.getValue() : null,
    stageName: from.getBuildStage(),
    argUses,
  };
}

function pickFinalStage(stages: Stage[], target: string | null): number {
  if (stages.length === 0) return -1;
  if (target !== null) {
    const byName = stages.findIndex((s) => s.name !== null && s.name.toLowerCase() === target.toLowerCase());
    if (byName >= 0) return byName;
    if (/^\d+$/.test(target) && Number(target) < stages.length) return Number(target);
  }
  return stages.length - 1;
}

/** Stage names or indexes a stage depends on: its FROM, `COPY --from`, `RUN --mount=from=`. */
export function stageDependencies(stage: Stage, stages: Stage[]): number[] {
  const deps = new Set<number>();
  if (stage.from.baseStage !== null) deps.add(stage.from.baseStage);
  const resolve = (ref: string): void => {
    const lower = ref.toLowerCase();
    const byName = stages.findIndex((s, i) => i < stage.index && s.name?.toLowerCase() === lower);
    if (byName >= 0) deps.add(byName);
    else if (/^\d+$/.test(ref) && Number(ref) < stage.index) deps.add(Number(ref));
  };
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'COPY' && ins.keyword !== 'RUN' && ins.keyword !== 'ADD') continue;
    // getArgumentsContent() omits flags such as --from, so read the whole instruction.
    const args = ins.node.getTextContent();
    for (const m of args.matchAll(/--from=("?)([^\s",]+)\1/g)) resolve(m[2]!);
    for (const m of args.matchAll(/--mount=[^\s]*?\bfrom=([^\s,]+)/g)) resolve(m[1]!);
  }
  return [...deps];
}

function assignRoles(stages: Stage[], finalStage: number): void {
  if (finalStage < 0) return;
  stages[finalStage]!.role = 'final';
  const queue = [finalStage];
  while (queue.length > 0) {
    const current = stages[queue.pop()!]!;
    for (const dep of stageDependencies(current, stages)) {
      if (stages[dep]!.role === 'unused') {
        stages[dep]!.role = 'build';
        queue.push(dep);
      }
    }
  }
}

/** 1-based line number of an offset, for messages. */
export function lineOf(model: DockerfileModel, offset: number): number {
  return model.lines.positionAt(offset).line + 1;
}
