/**
 * `dhi-migrate batch` and `dhi-migrate report merge`: flags and their mapping
 * onto the batch runner (src/batch/). The work itself lives there.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { runBatch, DEFAULT_PATCH_DIR, type BatchArgs } from '../../batch/run.js';
import { parseShard } from '../../batch/shard.js';
import { migrateOptionsFromArgv } from './migrate.js';
import { configArgsFromArgv, type ConfigArgs } from '../config-options.js';
import { UsageError } from '../errors.js';
import type { RepoOptionsResolver } from '../../batch/run.js';
import { ConfigError, loadConfigFor } from '../../config/index.js';

export function batchOptions<T>(y: Argv<T>) {
  return y
    .positional('paths', {
      type: 'string',
      array: true,
      description: 'Repository directories, or parent directories whose child git repositories are all taken',
    })
    .option('repos-from', { type: 'string', description: "File with one repository path per line ('#' comments; '-' reads stdin)" })
    .option('jobs', {
      alias: 'j',
      type: 'number',
      description: `Repositories processed in parallel (default: ${availableParallelism()}, the number of CPUs)`,
    })
    .option('shard', { type: 'string', description: 'Take only shard i of n (e.g. 2/5) of the repositories, for a CI matrix' })
    .option('write', { type: 'boolean', default: false, description: 'Edit the Dockerfiles in place' })
    .option('check', { type: 'boolean', default: false, description: 'Exit 1 when any repository would change; write nothing' })
    .option('git-branch', {
      type: 'string',
      description: 'Create branch NAME in each changed repository and commit the migration there (never pushes)',
    })
    .option('allow-dirty', {
      type: 'boolean',
      default: false,
      description: 'With --git-branch: also take repositories with uncommitted changes',
    })
    .option('patch-dir', {
      type: 'string',
      description: `Where the dry run writes one patch per repository (default: ${DEFAULT_PATCH_DIR})`,
    })
    .option('report-json', { type: 'string', description: 'Write the JSON report to FILE' })
    .option('report-md', { type: 'string', description: 'Write the Markdown report to FILE' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, description: 'No progress and no summary' })
    .example('$0 batch ~/checkouts --report-md report.md', 'dry run over every git repository in ~/checkouts')
    .example('$0 batch --repos-from repos.txt --git-branch dhi-migration', 'branch and commit in each repository')
    .example('$0 batch ~/checkouts --shard 2/4 --report-json shard-2.json', 'one job of a 4-way CI matrix');
}

export function batchArgsFromArgv(a: Record<string, unknown>, cwd: string): BatchArgs {
  const str = (key: string) => (a[key] as string | undefined) ?? null;
  return {
    paths: (a.paths as string[] | undefined) ?? [],
    reposFrom: str('reposFrom'),
    ...(a.jobs !== undefined ? { jobs: a.jobs as number } : {}),
    shard: a.shard !== undefined ? parseShard(a.shard as string) : null,
    write: a.write === true,
    check: a.check === true,
    gitBranch: str('gitBranch'),
    allowDirty: a.allowDirty === true,
    patchDir: str('patchDir'),
    reportJson: str('reportJson'),
    reportMd: str('reportMd'),
    quiet: a.quiet === true,
    options: migrateOptionsFromArgv(a),
    optionsFor: repoSettingsResolver(configArgsFromArgv(a), cwd),
  };
}

/**
 * Each repository's settings: the config file at its root (or --config FILE
 * for all of them), then --mappings, then the flags given. Config files deeper
 * inside a repository are not consulted: one repository, one configuration.
 * A bad config fails only its repository (reported) and the run goes on.
 */
export function repoSettingsResolver(given: ConfigArgs, cwd: string): RepoOptionsResolver {
  // Keep the paths as typed for messages when they resolve the same; anchor them at cwd otherwise.
  const anchor = (p: string | null) => (p === null || resolve(p) === resolve(cwd, p) ? p : resolve(cwd, p));
  const config = { ...given, file: anchor(given.file), mappingsFile: anchor(given.mappingsFile) };
  // A missing or malformed --config / --mappings file is the whole run's problem (exit 2), not each repository's.
  if (config.file !== null || config.mappingsFile !== null) {
    loadConfigFor(cwd, { configFile: config.file, mappingsFile: config.mappingsFile, discover: false });
  }
  return (repo) => {
    try {
      const loaded = loadConfigFor(repo.absPath, {
        configFile: config.file,
        mappingsFile: config.mappingsFile,
        overrides: config.overrides,
        discover: config.enabled,
        stopAt: repo.absPath,
      });
      const filtered = loaded.include.length > 0 || loaded.exclude.length > 0;
      return { options: loaded.options, fileFilter: filtered ? { include: loaded.include, exclude: loaded.exclude } : null };
    } catch (err) {
      if (err instanceof ConfigError) throw new UsageError(err.message);
      throw err;
    }
  };
}

export { runBatch };
