/**
 * What the RUN lines of a split stage (and of the stages it builds on) do to
 * files the new final stage does not copy. The runtime stage starts from the
 * runtime image again and has no shell, so such an effect is either carried
 * (a file edited in place, `sed -i` or `> file`, is copied from the build
 * stage as edited) or named for review: a deletion, a move, a link, a
 * permission or owner change, a directory created for the app. Nothing is
 * dropped without a word.
 *
 * Left out on purpose: paths inside a copied artifact (the copy carries the
 * result), package-manager housekeeping (caches, apt lists, /tmp, root's
 * home), and changes to files the stage created itself (a downloaded tool
 * that is chmod'ed and deleted again never reaches the runtime image).
 */
import { basename, isInside, isSystemDir, resolvePath } from './paths.js';
import type { RunCommand, StageFacts } from './stage-facts.js';
import { copiedPath } from './ecosystems/common.js';
import type { Artifact } from './ecosystems/types.js';

export interface FileEffects {
  /** Files copied from the build stage because a RUN edited them in place. */
  carry: Artifact[];
  notes: string[];
  review: string[];
}

const HOUSEKEEPING = [
  '/tmp',
  '/var/tmp',
  '/var/cache',
  '/var/lib/apt',
  '/var/lib/apk',
  '/var/lib/dpkg',
  '/root',
  '/usr/share/doc',
  '/usr/share/man',
  '/usr/src',
  '/dev',
  '/proc',
];
/** Housekeeping for deletions only: clearing logs is harmless, but a log file linked to stdout matters. */
const DELETE_HOUSEKEEPING = ['/var/log', '/etc/apk/cache'];
/** Account databases: copying the build image's version over the runtime image's would replace its users. */
const ACCOUNT_FILES = new Set(['/etc/passwd', '/etc/group', '/etc/shadow', '/etc/gshadow', '/etc/sudoers']);

const DELETE = new Set(['rm', 'rmdir', 'unlink']);
const MODE = new Set(['chmod', 'chown', 'chgrp']);
const CREATE_DIR = new Set(['mkdir', 'touch']);
const PLACE = new Set(['cp', 'mv', 'install', 'ln']);
/** Options of these programs that take a value (`install -m 755`, `chown --reference F`). */
const VALUE_FLAGS: Record<string, string[]> = { install: ['-m', '-o', '-g', '-t'], mkdir: ['-m'], cp: ['-t'], mv: ['-t'], ln: ['-t'] };

export function fileEffects(facts: StageFacts, artifacts: Artifact[], buildName: string): FileEffects {
  const out: FileEffects = { carry: [], notes: [], review: [] };
  const commands = [...facts.ancestors.flatMap((a) => a.commands), ...facts.commands];
  const copies = [...facts.ancestors.flatMap((a) => a.copies), ...facts.copies];
  const created = createdPaths(commands, copies);
  const copied = (path: string): boolean => [...artifacts, ...out.carry].some((a) => isInside(path, a.path));
  const ignored = (path: string, list = HOUSEKEEPING): boolean => list.some((d) => isInside(path, d));
  const madeHere = (path: string): boolean => created.some((c) => isInside(path, c));
  const said = new Set<string>();
  const review = (cmd: RunCommand, text: string): void => {
    const key = `${facts.line(cmd.instruction)}:${text}`;
    if (said.has(key)) return;
    said.add(key);
    out.review.push(`\`${shown(cmd)}\` on line ${facts.line(cmd.instruction)} ${text}`);
  };

  for (const cmd of commands) {
    if (cmd.cwd === null) continue;
    const prog = basename(cmd.words[0] ?? '');
    const args = operands(prog, cmd.words.slice(1));
    const abs = (p: string): string | null => (/[$*?[~]/.test(p) ? null : resolvePath(cmd.cwd!, p));
    const edited: string[] = [...(cmd.writes ?? [])];
    if (prog === 'sed' && cmd.words.slice(1).some((w) => /^-[a-zA-Z]*i/.test(w) || w.startsWith('--in-place'))) {
      // The last operand(s) after the script are the files.
      const script = cmd.words.includes('-e') || cmd.words.includes('--expression') || cmd.words.includes('-f') ? 0 : 1;
      edited.push(...args.slice(script));
    }
    for (const raw of edited) {
      const path = abs(raw);
      if (path === null) {
        if (!/^\/dev\//.test(raw))
          review(
            cmd,
            `edits ${raw}, which can't be resolved statically, so it is not copied: copy it from stage '${buildName}' by hand if the app needs it`,
          );
        continue;
      }
      if (copied(path) || ignored(path) || inBuildDir(commands, cmd, path)) continue;
      if (ACCOUNT_FILES.has(path)) {
        review(cmd, `edits ${path}, which is not copied (the runtime image keeps its own users): add what the app needs by other means`);
        continue;
      }
      out.carry.push({ path });
      out.notes.push(`${path} is copied as edited by line ${facts.line(cmd.instruction)}`);
    }

    if (DELETE.has(prog)) {
      for (const raw of args) {
        const path = abs(raw);
        if (path === null || copied(path) || ignored(path) || ignored(path, DELETE_HOUSEKEEPING) || madeHere(path)) continue;
        review(
          cmd,
          `deletes ${path}, which the runtime stage can't repeat (no shell, and COPY can't delete): check whether the runtime image has that file`,
        );
      }
    } else if (MODE.has(prog)) {
      for (const raw of args.slice(1)) {
        const path = abs(raw);
        if (path === null || copied(path) || ignored(path) || madeHere(path)) continue;
        review(
          cmd,
          `changes ${prog === 'chmod' ? 'the mode' : 'the owner'} of ${path}, which is not copied: the runtime stage has the runtime image's version of it`,
        );
      }
    } else if (CREATE_DIR.has(prog)) {
      for (const raw of args) {
        const path = abs(raw);
        if (path === null || copied(path) || ignored(path) || usedForBuilding(commands, cmd, path)) continue;
        review(
          cmd,
          `creates ${path}, which is not copied: add \`COPY --from=${buildName} ${path} ${path}\` to the final stage if the app needs it`,
        );
      }
    } else if (PLACE.has(prog) && args.length >= 2) {
      const dest = placed(prog, cmd, args);
      if (dest !== null && !copied(dest) && !ignored(dest) && !usedForBuilding(commands, cmd, dest)) {
        const what = prog === 'ln' ? 'links' : prog === 'mv' ? 'moves a file to' : 'puts a file at';
        review(
          cmd,
          `${what} ${dest}, which is not copied: add \`COPY --from=${buildName} ${dest} ${dest}\` to the final stage if the app needs it`,
        );
      }
      if (prog === 'mv') {
        for (const raw of args.slice(0, -1)) {
          const path = abs(raw);
          if (path === null || copied(path) || ignored(path) || madeHere(path)) continue;
          review(cmd, `moves ${path} away, which the runtime stage can't repeat: check whether the runtime image has that file`);
        }
      }
    }
  }
  return out;
}

/** The words of a command without its options (and their values). */
function operands(prog: string, words: string[]): string[] {
  const out: string[] = [];
  const valued = VALUE_FLAGS[prog] ?? [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (valued.includes(w)) {
      i++;
      continue;
    }
    if (w === '--') {
      out.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith('-') && w !== '-') continue;
    out.push(w);
  }
  return out;
}

/** Where `cp`/`mv`/`install`/`ln` put their result (a directory destination gets the source's name). */
function placed(prog: string, cmd: RunCommand, args: string[]): string | null {
  const dest = args.at(-1)!;
  if (/[$*?[~]/.test(dest)) return null;
  const src = args[0]!;
  const intoDir = dest.endsWith('/') || args.length > 2;
  const path = intoDir && !/[$*?[~]/.test(src) ? `${dest.replace(/\/+$/, '')}/${basename(src)}` : dest;
  void prog;
  return resolvePath(cmd.cwd!, path);
}

/** Paths the stage (or its FROM chain) creates itself: COPY destinations, downloads, placed files, created directories. */
function createdPaths(commands: RunCommand[], copies: StageFacts['copies']): string[] {
  const out: string[] = [];
  for (const c of copies) {
    const p = copiedPath(c.sources, c.dest);
    if (p) out.push(p);
  }
  for (const cmd of commands) {
    if (cmd.cwd === null) continue;
    const prog = basename(cmd.words[0] ?? '');
    const words = cmd.words.slice(1);
    const add = (p: string | undefined): void => {
      if (p && !/[$*?[~]/.test(p)) out.push(resolvePath(cmd.cwd!, p));
    };
    for (const w of cmd.writes ?? []) add(w);
    if (prog === 'curl') add(valueOf(words, ['-o', '--output']));
    if (prog === 'wget') add(valueOf(words, ['-O', '--output-document']));
    if (prog === 'unzip') add(valueOf(words, ['-d']));
    if (prog === 'git' && words[0] === 'clone') add(operands('git', words.slice(1))[1]);
    if (CREATE_DIR.has(prog)) operands(prog, words).forEach(add);
    if (PLACE.has(prog)) {
      const args = operands(prog, words);
      if (args.length >= 2) {
        const dest = placed(prog, cmd, args);
        if (dest) out.push(dest);
      }
    }
  }
  return out;
}

function valueOf(words: string[], names: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    if (names.includes(words[i]!)) return words[i + 1];
    const n = names.find((x) => x.startsWith('--') && words[i]!.startsWith(x + '='));
    if (n) return words[i]!.slice(n.length + 1);
  }
  return undefined;
}

/**
 * A directory a later command of the build works in, or names as an operand
 * (`go build -o /out/app`): a build location, not a runtime one. Commands
 * that only prepare the path (chmod, chown, mkdir, touch) don't count.
 */
function usedForBuilding(commands: RunCommand[], after: RunCommand, path: string): boolean {
  const later = commands.slice(commands.indexOf(after) + 1);
  return later.some((c) => {
    if (c.cwd === null) return false;
    if (isInside(c.cwd, path)) return true;
    const prog = basename(c.words[0] ?? '');
    if (MODE.has(prog) || CREATE_DIR.has(prog)) return false;
    return c.words.slice(1).some((w) => !w.startsWith('-') && !/[$*?[~]/.test(w) && isInside(resolvePath(c.cwd!, w), path));
  });
}

/** A file inside the directory a later command works in (not `/` or a system directory): a build input. */
function inBuildDir(commands: RunCommand[], after: RunCommand, path: string): boolean {
  const later = commands.slice(commands.indexOf(after) + 1);
  return later.some((c) => c.cwd !== null && !isSystemDir(c.cwd) && isInside(path, c.cwd));
}

function shown(cmd: RunCommand): string {
  const text = cmd.words.join(' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
