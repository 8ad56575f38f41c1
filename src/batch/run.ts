/**
 * `dhi-migrate batch`: find the repositories, keep this shard's, run them on
 * the worker pool, stream each outcome to the progress line, the totals and
 * the report spool, then write the reports. One broken repository or file
 * never stops the run; it is reported and decides the exit code.
 */
import { mkdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { Catalog } from '../catalog/catalog.js';
import type { MigrateOptions } from '../engine/options.js';
import { EXIT_CHANGES, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, INTERNAL_ERROR, UsageError } from '../cli/errors.js';
import type { Io } from '../cli/output.js';
import { TOOL_VERSION } from '../cli/version.js';
import { branchNameProblem } from './git.js';
import { renderHeader, renderTotals, writeMarkdownReport } from './markdown.js';
import { createExecutor, forEachConcurrently, InternalJobError, JOBS_PER_WORKER } from './pool.js';
import { Progress } from './progress.js';
import { repoErrorEntry } from './repo-job.js';
import { EntrySpool, writeJsonReport } from './report-files.js';
import { discoverRepositories, readRepoList } from './repos.js';
import { inShard, type Shard } from './shard.js';
import { TotalsAccumulator } from './totals.js';
import type { BatchMode, RepoEntry, RepoJob, RepoRef, RepoSettings, ReportHeader } from './types.js';

/**
 * The settings for one repository. The command line's options by default; the
 * per-repository config file (`.dhi-migrate.yaml`) plugs in here. Throwing a
 * UsageError marks that repository as failed (e.g. a bad config file) and the
 * run goes on.
 */
export type RepoOptionsResolver = (repo: RepoRef, base: MigrateOptions) => RepoSettings | Promise<RepoSettings>;

export interface BatchArgs {
  paths: string[];
  reposFrom: string | null;
  /** Parallel jobs; default os.availableParallelism(). */
  jobs?: number;
  shard: Shard | null;
  write: boolean;
  check: boolean;
  gitBranch: string | null;
  allowDirty: boolean;
  /** Explicit --patch-dir; a dry run defaults to `dhi-migrate-patches`. */
  patchDir: string | null;
  reportJson: string | null;
  reportMd: string | null;
  quiet: boolean;
  options: MigrateOptions;
  optionsFor?: RepoOptionsResolver;
  /** Run jobs on the main thread even when the compiled worker exists. */
  inProcess?: boolean;
}

export const DEFAULT_PATCH_DIR = 'dhi-migrate-patches';

export async function runBatch(args: BatchArgs, io: Io): Promise<number> {
  const mode = validate(args);
  const jobs = args.jobs ?? availableParallelism();
  const inputs = [...args.paths, ...(args.reposFrom !== null ? await readRepoList(args.reposFrom, io.cwd, io.readStdin) : [])];
  if (inputs.length === 0)
    throw new UsageError('no repositories given: pass repository directories, a parent directory of repositories, or --repos-from FILE');
  if (args.gitBranch !== null) {
    const problem = await branchNameProblem(args.gitBranch, io.cwd);
    if (problem) throw new UsageError(`--git-branch: ${problem}`);
  }
  const patchDir = mode === 'dry-run' ? (args.patchDir ?? DEFAULT_PATCH_DIR) : mode === 'check' ? null : args.patchDir;
  if (patchDir !== null)
    await mkdir(resolve(io.cwd, patchDir), { recursive: true }).catch((err: Error) => {
      throw new UsageError(`--patch-dir ${patchDir}: ${err.message}`);
    });
  for (const [flag, file] of [
    ['--report-json', args.reportJson],
    ['--report-md', args.reportMd],
  ] as const) {
    if (file !== null) await checkParentDir(flag, resolve(io.cwd, file));
  }

  const repos = inShard(await discoverRepositories(inputs, io.cwd), args.shard);
  const catalog = Catalog.builtin().snapshot;
  const header: ReportHeader = {
    schemaVersion: 1,
    kind: 'dhi-migrate-batch-report',
    tool: { name: 'dhi-migrate', version: TOOL_VERSION },
    catalog: { commit: catalog.commit, date: catalog.date },
    mode,
    shard: args.shard,
  };
  const tool = { ...header.tool, catalog: header.catalog };
  const optionsFor: RepoOptionsResolver = args.optionsFor ?? ((_repo, base) => ({ options: base, fileFilter: null }));

  const progress = new Progress({
    style: args.quiet ? 'quiet' : io.stderrIsTTY ? 'tty' : 'plain',
    write: io.stderr,
    total: repos.length,
    columns: () => process.stderr.columns || 80,
  });
  const totals = new TotalsAccumulator();
  const spool = args.reportJson !== null || args.reportMd !== null ? await EntrySpool.create() : null;
  const executor = createExecutor(jobs, { inProcess: args.inProcess });
  let internal = false;
  let failed = false;

  try {
    // More repositories in flight than workers, so a worker always has its next one queued (see pool.ts).
    await forEachConcurrently(repos, jobs * JOBS_PER_WORKER, async (repo) => {
      let entry: RepoEntry;
      try {
        const job: RepoJob = {
          repo,
          ...(await optionsFor(repo, args.options)),
          write: mode === 'write' || mode === 'git-branch',
          git: mode === 'git-branch' ? { branch: args.gitBranch!, allowDirty: args.allowDirty } : null,
          patch: patchDir === null ? null : patchFor(repo.name, patchDir, io.cwd),
          tool,
        };
        const outcome = await executor.run(job, () => progress.fileDone());
        entry = outcome.entry;
        if (outcome.internal) internal = true;
      } catch (err) {
        if (err instanceof UsageError) entry = repoErrorEntry(repo, err.message);
        else {
          internal = true;
          const detail = err instanceof InternalJobError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
          progress.problem(`dhi-migrate: ${repo.displayPath}: ${INTERNAL_ERROR} ${detail}`);
          entry = repoErrorEntry(repo, `${INTERNAL_ERROR} ${detail.split('\n')[0]}`);
        }
      }
      if (entry.status === 'error' || entry.summary.errors > 0) failed = true;
      report(entry, progress);
      totals.add(entry);
      await spool?.add(entry);
      progress.repoDone(entry);
    });
  } finally {
    await executor.close();
  }

  try {
    const t = totals.totals();
    if (spool && args.reportJson !== null) await writeJsonReport(resolve(io.cwd, args.reportJson), header, t, spool.entries());
    if (spool && args.reportMd !== null) await writeMarkdownReport(resolve(io.cwd, args.reportMd), header, t, spool.entries());
    const closing = progress.finish();
    if (!args.quiet) {
      io.stdout(renderHeader(header) + '\n' + renderTotals(t));
      io.stderr(closing);
      if (patchDir !== null && t.repositories.changed > 0) {
        io.stderr(`patches in ${patchDir}/ (apply one inside its repository: git apply <patch>)\n`);
      }
    }
    if (internal) return EXIT_INTERNAL;
    if (failed) return EXIT_USAGE;
    if (mode === 'check' && t.repositories.changed > 0) return EXIT_CHANGES;
    return EXIT_OK;
  } finally {
    await spool?.dispose();
  }
}

function validate(args: BatchArgs): BatchMode {
  if (args.write && args.check) throw new UsageError('--write and --check cannot be combined');
  if (args.gitBranch !== null && args.check) throw new UsageError('--git-branch and --check cannot be combined');
  if (args.check && args.patchDir !== null) throw new UsageError('--check writes nothing; drop --patch-dir');
  if (args.allowDirty && args.gitBranch === null) throw new UsageError('--allow-dirty only applies with --git-branch');
  if (args.jobs !== undefined && (!Number.isInteger(args.jobs) || args.jobs < 1))
    throw new UsageError('--jobs must be a whole number of at least 1');
  if (args.check) return 'check';
  if (args.gitBranch !== null) return 'git-branch';
  return args.write ? 'write' : 'dry-run';
}

/** `<patch-dir>/<name>.patch`, mirroring the repositories' layout so names never collide. */
function patchFor(name: string, patchDir: string, cwd: string): RepoJob['patch'] {
  return {
    path: join(resolve(cwd, patchDir), ...name.split('/')) + '.patch',
    display: [patchDir.split(sep).join('/').replace(/\/+$/, ''), name].join('/') + '.patch',
  };
}

async function checkParentDir(flag: string, file: string): Promise<void> {
  const info = await stat(dirname(file)).catch(() => null);
  if (!info?.isDirectory()) throw new UsageError(`${flag} ${file}: directory ${dirname(file)} does not exist`);
}

/** One line on stderr per problem, as the single-repository command prints them. */
function report(entry: RepoEntry, progress: Progress): void {
  if (entry.error !== undefined && !entry.error.startsWith(INTERNAL_ERROR)) progress.problem(`dhi-migrate: ${entry.path}: ${entry.error}`);
  for (const f of entry.files) if (f.status === 'error') progress.problem(`dhi-migrate: ${join(entry.path, f.path)}: ${f.error}`);
}
