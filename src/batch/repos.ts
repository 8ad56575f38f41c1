/**
 * Which repositories a batch run covers. An input directory is a repository
 * when it holds `.git` (a directory, or a file for worktrees and submodules);
 * otherwise, when some of its children are git repositories, those children
 * are taken (a parent directory of checkouts); otherwise the directory itself
 * is one (non-git) repository.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { comparePaths } from '../io/discover.js';
import { describeFsError } from '../io/errors.js';
import { UsageError } from '../cli/errors.js';
import type { RepoRef } from './types.js';

interface Candidate {
  absPath: string;
  error?: string;
}

export function isGitRepository(dir: string): boolean {
  return existsSync(join(dir, '.git'));
}

/**
 * Every repository named by the inputs, each once (by real path), sorted by
 * name. Inputs that can't be used come back with `error` set so the run can
 * report them next to the others instead of stopping.
 */
export async function discoverRepositories(inputs: string[], cwd: string): Promise<RepoRef[]> {
  const candidates: Candidate[] = [];
  for (const input of inputs) candidates.push(...(await expandInput(resolve(cwd, input))));

  const seen = new Set<string>();
  const unique: Candidate[] = [];
  for (const c of candidates) {
    const key = c.error ? c.absPath : await realpath(c.absPath).catch(() => c.absPath);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(c);
  }

  const root = commonRoot(unique.map((c) => dirname(c.absPath)));
  return unique
    .map((c) => ({
      name: relative(root, c.absPath).split(sep).join('/'),
      absPath: c.absPath,
      displayPath: displayPath(c.absPath, cwd),
      ...(c.error !== undefined ? { error: c.error } : {}),
    }))
    .sort((a, b) => comparePaths(a.name, b.name));
}

async function expandInput(absPath: string): Promise<Candidate[]> {
  try {
    const info = await stat(absPath);
    if (!info.isDirectory()) return [{ absPath, error: 'not a directory (batch takes repository directories)' }];
  } catch (err) {
    return [{ absPath, error: describeFsError(err) }];
  }
  if (isGitRepository(absPath)) return [{ absPath }];
  let children: string[];
  try {
    children = (await readdir(absPath, { withFileTypes: true }))
      .filter((e) => e.isDirectory() || e.isSymbolicLink())
      .map((e) => join(absPath, e.name))
      .filter(isGitRepository);
  } catch (err) {
    return [{ absPath, error: describeFsError(err) }];
  }
  return children.length > 0 ? children.map((p) => ({ absPath: p })) : [{ absPath }];
}

/** `--repos-from`: one path per line; blank lines and `#` comments are skipped. */
export async function readRepoList(file: string, cwd: string, readStdin: () => Promise<Buffer>): Promise<string[]> {
  let text: string;
  try {
    text = file === '-' ? (await readStdin()).toString('utf8') : await readFile(resolve(cwd, file), 'utf8');
  } catch (err) {
    throw new UsageError(`--repos-from ${file}: ${describeFsError(err)}`);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** The deepest directory containing all of `dirs` (absolute paths). */
export function commonRoot(dirs: string[]): string {
  if (dirs.length === 0) return sep;
  let parts = dirs[0]!.split(sep);
  for (const dir of dirs.slice(1)) {
    const other = dir.split(sep);
    let i = 0;
    while (i < parts.length && i < other.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(sep) || sep;
}

function displayPath(absPath: string, cwd: string): string {
  const rel = relative(cwd, absPath);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? absPath : rel.split(sep).join('/');
}
