/** Helpers the ecosystem detectors share: the app directory, written paths, copied outputs. */
import type { StageFacts, RunCommand } from '../stage-facts.js';
import { basename, isInside, isSystemDir, joinPath, resolvePath } from '../paths.js';
import type { Artifact } from './types.js';

export interface AppDir {
  artifacts: Artifact[];
  review: string[];
  /** The app directory (the stage's working directory), or null. */
  dir: string | null;
}

/**
 * The app directory (the stage's working directory) plus files copied to
 * places outside it from the build context or from earlier stages. Files
 * copied from other images are left out (language stages fetch tools such as
 * composer or uv that way) unless `fromImages` is set. The app directory is
 * owned by the runtime user when `chown` says so, or by default when the
 * stage prepares it for writing (mkdir, chown, VOLUME ...).
 */
export function appDirectory(facts: StageFacts, opts: { chown?: boolean; fromImages?: boolean } = {}): AppDir {
  const out: AppDir = { artifacts: [], review: [], dir: null };
  const cwd = facts.cwd;
  const chown = opts.chown ?? (cwd !== null && writesInside(facts, cwd));
  if (cwd !== null && !isSystemDir(cwd)) {
    out.dir = cwd;
    out.artifacts.push({ path: cwd, chown });
  }
  const stages = facts.model.stages.filter((s) => s.index < facts.stage.index);
  const isStage = (from: string): boolean => stages.some((s) => s.name?.toLowerCase() === from.toLowerCase() || String(s.index) === from);
  for (const copy of facts.copies) {
    if (copy.from !== null && !opts.fromImages && !isStage(copy.from)) continue;
    const target = copiedPath(copy.sources, copy.dest);
    const line = facts.line(copy.instruction);
    if (target === null) {
      out.review.push(
        `${copy.keyword} on line ${line} writes to ${copy.rawDest}, which can't be resolved statically; copy it by hand if the app needs it`,
      );
      continue;
    }
    if (out.dir !== null && isInside(target, out.dir)) continue;
    if (isSystemDir(target)) {
      out.review.push(`${copy.keyword} on line ${line} copies into ${target}; copy the files the app needs from there by hand`);
      continue;
    }
    out.artifacts.push({ path: target, chown: chown && out.dir === null });
  }
  if (out.artifacts.length === 0) {
    out.review.push(
      cwd === null
        ? "the working directory can't be resolved statically, so the app directory is unknown"
        : `the app has no working directory of its own (WORKDIR is ${cwd}) and copies no files elsewhere, so nothing identifies the app's files`,
    );
  }
  return out;
}

/** The path a COPY creates: the destination, or destination + file name when it names a directory. */
export function copiedPath(sources: string[], dest: string | null): string | null {
  if (dest === null) return null;
  const isDir = dest.endsWith('/');
  const path = isDir && dest !== '/' ? dest.slice(0, -1) : dest;
  if (!isDir || sources.length !== 1) return path;
  const src = sources[0]!;
  if (/[*?[]/.test(src) || src.endsWith('/') || src === '.' || src.startsWith('<<') || /^https?:/.test(src)) return path;
  return joinPath(path, basename(src));
}

/**
 * True when the stage prepares paths inside `dir` for writing: mkdir, touch,
 * chown, a chmod that grants write access, or a VOLUME there.
 */
export function writesInside(facts: StageFacts, dir: string): boolean {
  for (const cmd of facts.commands) {
    const prog = basename(cmd.words[0] ?? '');
    if (!['mkdir', 'chown', 'chmod', 'touch'].includes(prog) || cmd.cwd === null) continue;
    let args = cmd.words.slice(1).filter((w) => !w.startsWith('-'));
    if (prog === 'chown' || prog === 'chmod') {
      const mode = args.shift() ?? '';
      if (prog === 'chmod' && !/w/.test(mode) && !/^[0-7]*[2367][0-7]?$|^[0-7]*[2367]$/.test(mode.slice(-2))) continue;
    }
    args = args.filter((p) => !p.includes('$'));
    if (args.some((p) => isInside(resolvePath(cmd.cwd!, p), dir))) return true;
  }
  return facts.volumes.some((v) =>
    v.node
      .getArguments()
      .map((a) => a.getValue().replace(/[[\]",]/g, ''))
      .some((p) => p.startsWith('/') && isInside(p, dir)),
  );
}

/**
 * Paths a file at `path` was copied or moved to by later RUN commands
 * (`cp bin/app /usr/local/bin/`, `mv app /app`, `install -m755 app /bin/app`).
 */
export function copiesOf(commands: RunCommand[], path: string, after: RunCommand): string[] {
  const out: string[] = [];
  let seen = false;
  const known = [path];
  for (const cmd of commands) {
    if (cmd === after) {
      seen = true;
      continue;
    }
    if (!seen || cmd.cwd === null) continue;
    const prog = basename(cmd.words[0] ?? '');
    if (prog !== 'cp' && prog !== 'mv' && prog !== 'install') continue;
    const args: string[] = [];
    const words = cmd.words.slice(1);
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (prog === 'install' && (w === '-m' || w === '-o' || w === '-g')) {
        i++;
        continue;
      }
      if (w.startsWith('-')) continue;
      args.push(w);
    }
    if (args.length < 2) continue;
    const dest = args.at(-1)!;
    for (const src of args.slice(0, -1)) {
      const abs = resolvePath(cmd.cwd, src);
      // `dir/*` stands for any file directly in dir (a cargo profile directory without Cargo.toml).
      const inWild = known.some((k) => k.endsWith('/*') && abs.slice(0, abs.lastIndexOf('/')) === k.slice(0, -2) && !abs.includes('*'));
      if (!known.includes(abs) && !inWild) continue;
      const target = dest.endsWith('/') || args.length > 2 ? resolvePath(cmd.cwd, `${dest}/${basename(abs)}`) : resolvePath(cmd.cwd, dest);
      known.push(target);
      out.push(target);
    }
  }
  return out;
}

/** Resolves the program of a start command against the working directory; null for a bare name. */
export function programPath(program: string, cwd: string | null): string | null {
  if (program.startsWith('/')) return resolvePath('/', program);
  if (program.includes('/') && cwd !== null) return resolvePath(cwd, program);
  return null;
}

/** Value of a command-line option: `-o x`, `-o=x`, `--output x`, `--output=x`. */
export function optionValue(words: string[], names: string[]): string | null {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (names.includes(w)) return words[i + 1] ?? null;
    const name = names.find((n) => w.startsWith(n + '='));
    if (name) return w.slice(name.length + 1);
  }
  return null;
}
