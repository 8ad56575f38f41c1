/**
 * The little of git batch mode needs, through the `git` CLI with execFile:
 * arguments are passed as an array, never through a shell. Nothing here
 * pushes or touches a remote.
 */
import { execFile } from 'node:child_process';

export class GitError extends Error {}

export async function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'git',
      args,
      // No pager, no editor, no credential prompt: a batch run must never wait for a human.
      {
        cwd,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', GIT_EDITOR: 'true' },
      },
      (err, stdout, stderr) => {
        if (err) {
          const detail = (stderr || err.message).trim().split('\n').filter(Boolean).slice(-3).join('; ');
          const code = (err as NodeJS.ErrnoException).code;
          reject(new GitError(code === 'ENOENT' ? 'git is not installed (not found on PATH)' : `git ${args[0]} failed: ${detail}`));
        } else {
          resolvePromise(stdout);
        }
      },
    );
  });
}

export async function isInsideWorkTree(dir: string): Promise<boolean> {
  try {
    return (await git(dir, ['rev-parse', '--is-inside-work-tree'])).trim() === 'true';
  } catch {
    return false;
  }
}

/** Paths with uncommitted changes, staged or not, including untracked files. */
export async function dirtyPaths(dir: string): Promise<string[]> {
  const out = await git(dir, ['status', '--porcelain=v1', '-z', '--untracked-files=normal']);
  const paths: string[] = [];
  const records = out.split('\0');
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    if (record.length < 4) continue;
    paths.push(record.slice(3));
    // A rename or copy is followed by its source path as a separate record.
    if (record[0] === 'R' || record[0] === 'C') i++;
  }
  return paths;
}

/** The checked-out branch, or null for a detached HEAD. */
export async function currentBranch(dir: string): Promise<string | null> {
  try {
    return (await git(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD'])).trim() || null;
  } catch {
    return null;
  }
}

export async function branchExists(dir: string, branch: string): Promise<boolean> {
  try {
    await git(dir, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]);
    return true;
  } catch {
    return false;
  }
}

/** Validates a branch name the way git does; null when it is fine. */
export async function branchNameProblem(branch: string, cwd: string): Promise<string | null> {
  try {
    await git(cwd, ['check-ref-format', '--branch', branch]);
    return null;
  } catch (err) {
    if (err instanceof GitError && err.message.startsWith('git is not installed')) return err.message;
    return `"${branch}" is not a valid branch name`;
  }
}

/**
 * Switches to `branch`, creating it from the current HEAD unless it is
 * already checked out (a re-run continues on it). An existing branch that is
 * not checked out is an error: the run must not overwrite someone's work.
 */
export async function switchToNewBranch(dir: string, branch: string): Promise<void> {
  if ((await currentBranch(dir)) === branch) return;
  if (await branchExists(dir, branch)) throw new GitError(`branch ${branch} already exists; delete it or choose another --git-branch`);
  await git(dir, ['checkout', '--quiet', '-b', branch]);
}

/** Commits exactly `paths` (other staged changes stay staged) and returns the new commit id. */
export async function commitPaths(dir: string, paths: string[], message: string): Promise<string> {
  await git(dir, ['add', '--', ...paths]);
  await git(dir, ['commit', '--quiet', '--only', '-m', message, '--', ...paths]);
  return (await git(dir, ['rev-parse', 'HEAD'])).trim();
}
