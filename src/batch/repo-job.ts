/**
 * One repository, start to finish: discover its Dockerfiles, migrate each
 * through the same per-file pipeline as the single-repository command
 * (migrateDecoded), append diffs to the repository's patch, write files, and
 * with --git-branch create the branch and commit. Runs inside a worker thread
 * or in-process; problems a user can cause become part of the returned entry,
 * never exceptions.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { allRules } from '../../rules/index.js';
import { Catalog } from '../catalog/catalog.js';
import { UsageError } from '../cli/errors.js';
import { contextDirOf, errorResult, migrateDecoded } from '../cli/migrate-file.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { discoverDockerfiles, type DiscoveredFile } from '../io/discover.js';
import { describeFsError } from '../io/errors.js';
import { readDockerfile } from '../io/read.js';
import { isIncluded } from '../config/glob.js';
import type { FileResult } from '../report/types.js';
import { commitMessage } from './commit-message.js';
import { summarizeFile, summarizeRepo } from './file-summary.js';
import { commitPaths, dirtyPaths, GitError, isInsideWorkTree, switchToNewBranch } from './git.js';
import { PatchWriter } from './patch-writer.js';
import type { BatchFile, RepoEntry, RepoJob, RepoRef } from './types.js';

/** The report entry, plus whether a file hit a bug (exit 3) rather than a problem with its content. */
export interface RepoOutcome {
  entry: RepoEntry;
  internal: boolean;
}

export interface RepoHooks {
  /** Called after each Dockerfile, for progress. */
  onFile?: () => void;
}

interface PendingWrite {
  index: number;
  realPath: string;
  bytes: Buffer;
}

export async function processRepository(job: RepoJob, hooks: RepoHooks = {}): Promise<RepoOutcome> {
  let internal = false;
  const entry = await processFiles(job, hooks, () => (internal = true));
  return { entry, internal };
}

async function processFiles(job: RepoJob, hooks: RepoHooks, markInternal: () => void): Promise<RepoEntry> {
  const { repo } = job;
  if (repo.error !== undefined) return entry(job, [], { error: repo.error });

  const catalog = Catalog.builtin();
  const root = repo.absPath;
  const files: BatchFile[] = [];
  const pending: PendingWrite[] = [];
  const patch = job.patch ? new PatchWriter(job.patch.path) : null;
  const nested = new NestedRepoFilter(root);
  const add = (result: FileResult) => {
    files.push(summarizeFile(result, job.options));
    hooks.onFile?.();
  };

  try {
    const found = discoverDockerfiles([root], { root });
    for (const e of found.errors) add(errorResult(relativePath(root, e.path), e.message));
    const seenRealPaths = new Set<string>();
    const wanted: { file: DiscoveredFile; path: string }[] = [];
    for (const file of found.files) {
      if (seenRealPaths.has(file.realPath)) continue;
      seenRealPaths.add(file.realPath);
      if (nested.covers(file.path)) continue;
      const path = relativePath(root, file.path);
      // As in the single-repository command, a config's include/exclude drop files silently.
      if (job.fileFilter && !isIncluded(path, job.fileFilter.include, job.fileFilter.exclude)) continue;
      wanted.push({ file, path });
    }
    for (const { file, path } of wanted) {
      if (file.symlink && !file.insideRoot) {
        add({ ...errorResult(path, `symlink to ${file.realPath} outside the repository; skipped`), status: 'skipped' });
        continue;
      }
      const read = readDockerfile(file.realPath);
      if (!read.ok) {
        add(errorResult(path, read.message));
        continue;
      }
      const m = migrateDecoded({
        displayPath: path,
        decoded: read.decoded,
        contextDir: contextDirOf(file),
        rules: allRules,
        catalog,
        options: job.options,
      });
      if (m.internal) markInternal();
      if (m.outputBytes) {
        if (patch) await patch.append(m.result.diff);
        if (job.git) pending.push({ index: files.length, realPath: file.realPath, bytes: m.outputBytes });
        else if (job.write) {
          const failure = await writeFileAtomic(file.realPath, m.outputBytes).then(
            () => null,
            (err: unknown) => `could not write: ${describeFsError(err)}`,
          );
          if (failure) {
            add(errorResult(path, failure));
            continue;
          }
        }
      }
      add(m.result);
    }
    const patchWritten = patch ? await patch.finish() : false;
    const git = job.git && pending.length > 0 ? await commitToBranch(job, files, pending) : null;
    return entry(job, files, { patchWritten, git });
  } catch (err) {
    await patch?.abort();
    // A UsageError here is about this repository's input (e.g. its config file): report it, go on.
    if (err instanceof GitError || err instanceof UsageError) return entry(job, files, { error: err.message });
    if (isFsError(err)) return entry(job, files, { error: describeFsError(err) });
    throw err;
  }
}

async function commitToBranch(job: RepoJob, files: BatchFile[], pending: PendingWrite[]): Promise<{ branch: string; commit: string }> {
  const { branch, allowDirty } = job.git!;
  const dir = job.repo.absPath;
  // Checked only when there is something to commit: a dirty repository with nothing to migrate is fine.
  if (!(await isInsideWorkTree(dir))) throw new GitError('not a git repository (--git-branch needs one)');
  if (!allowDirty) {
    const dirty = await dirtyPaths(dir);
    if (dirty.length > 0) {
      const shown = dirty.slice(0, 3).join(', ') + (dirty.length > 3 ? `, and ${dirty.length - 3} more` : '');
      throw new GitError(`working tree has uncommitted changes (${shown}); commit or stash them, or pass --allow-dirty`);
    }
  }
  await switchToNewBranch(dir, branch);
  for (const w of pending) {
    try {
      await writeFileAtomic(w.realPath, w.bytes);
    } catch (err) {
      throw new GitError(`could not write ${files[w.index]?.path}: ${describeFsError(err)} (on branch ${branch}, nothing committed)`);
    }
  }
  const commit = await commitPaths(
    job.repo.absPath,
    pending.map((w) => w.realPath),
    commitMessage(files, job.tool),
  ).catch((err: unknown) => {
    throw new GitError(`${describe(err)} (the changes are on branch ${branch}, not committed)`);
  });
  return { branch, commit };
}

/** A repository that could not be processed at all. */
export function repoErrorEntry(repo: RepoRef, error: string): RepoEntry {
  return { name: repo.name, path: repo.displayPath, status: 'error', error, patch: null, git: null, summary: summarizeRepo([]), files: [] };
}

function entry(
  job: RepoJob,
  files: BatchFile[],
  extra: { error?: string; patchWritten?: boolean; git?: { branch: string; commit: string } | null },
): RepoEntry {
  const summary = summarizeRepo(files);
  const status =
    extra.error !== undefined ? 'error' : files.length === 0 ? 'no-dockerfiles' : summary.changed > 0 ? 'changed' : 'unchanged';
  return {
    name: job.repo.name,
    path: job.repo.displayPath,
    status,
    ...(extra.error !== undefined ? { error: extra.error } : {}),
    patch: extra.patchWritten && job.patch ? job.patch.display : null,
    git: extra.git ?? null,
    summary,
    files,
  };
}

/**
 * Dockerfiles inside a nested git repository (a submodule, a vendored
 * checkout) belong to that repository, not to this one: git would refuse to
 * commit them here.
 */
class NestedRepoFilter {
  private readonly cache = new Map<string, boolean>();
  constructor(private readonly root: string) {}

  covers(filePath: string): boolean {
    return this.nestedDir(dirname(filePath));
  }

  private nestedDir(dir: string): boolean {
    if (dir === this.root || !dir.startsWith(this.root + sep)) return false;
    let answer = this.cache.get(dir);
    if (answer === undefined) {
      answer = existsSync(join(dir, '.git')) || this.nestedDir(dirname(dir));
      this.cache.set(dir, answer);
    }
    return answer;
  }
}

function relativePath(root: string, path: string): string {
  return relative(root, path).split(sep).join('/') || '.';
}

function isFsError(err: unknown): boolean {
  return typeof (err as NodeJS.ErrnoException | null)?.code === 'string';
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
