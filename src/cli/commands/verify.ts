/**
 * `dhi-migrate verify [paths..]`: build each Dockerfile before and after
 * migration with a real builder and compare what the images run. Never
 * writes the user's files and never pushes.
 */
import { resolve } from 'node:path';
import { Catalog } from '../../catalog/catalog.js';
import type { MigrateOptions } from '../../engine/options.js';
import { allRules } from '../../../rules/index.js';
import { discoverDockerfiles } from '../../io/discover.js';
import { readDockerfile } from '../../io/read.js';
import { detectBuilder, type BuilderName } from '../../verify/builders.js';
import { exitCodeFor, formatHuman, formatSummaryLine, type FileVerification, type VerifyReport } from '../../verify/report.js';
import { verifyFile } from '../../verify/verify-file.js';
import { EXIT_USAGE, UsageError } from '../errors.js';
import { contextDirOf, migrateDecoded } from '../migrate-file.js';
import type { Io } from '../output.js';
import { TOOL_VERSION } from '../version.js';
import { planFiles, type ConfigArgs } from '../config-options.js';
import { displayPath, plannedFiles } from '../planned-files.js';

export interface VerifyArgs {
  paths: string[];
  builder: BuilderName | null;
  format: 'table' | 'json';
  keepImages: boolean;
  /** false: `--pull=never` (buildah, podman). */
  pull: boolean;
  buildahRoot: string | null;
  /** Limit per build, in seconds. */
  timeout: number;
  quiet: boolean;
  options: MigrateOptions;
  /** Config files, --mappings and explicit flags, resolved per Dockerfile as in the migrate command. */
  config?: ConfigArgs;
}

/** Limit for the builder's small commands (inspect, create, cp, rm). */
const COMMAND_TIMEOUT_MS = 120_000;

export async function runVerify(args: VerifyArgs, io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (args.paths.includes('-')) throw new UsageError("verify needs Dockerfiles on disk: '-' (stdin) has no build context");
  if (!Number.isFinite(args.timeout) || args.timeout <= 0) throw new UsageError('--timeout must be a positive number of seconds');
  const rootSetting = args.buildahRoot ?? env.DHI_MIGRATE_BUILDAH_ROOT ?? null;
  const buildahRoot = rootSetting ? resolve(io.cwd, rootSetting) : null;

  const catalog = Catalog.builtin();
  const files: FileVerification[] = [];
  let inputError = false;
  const notVerified = (path: string, error: string): FileVerification => ({
    path,
    status: 'error',
    changed: false,
    error,
    warnings: [],
    before: null,
    after: null,
  });
  const progress = (message: string) => {
    if (!args.quiet) io.stderr(`${message}\n`);
  };

  const found = discoverDockerfiles(args.paths.map((p) => resolve(io.cwd, p)));
  for (const e of found.errors) {
    inputError = true;
    files.push(notVerified(displayPath(e.path, io.cwd), e.message));
  }
  // Every config is read and validated before looking for a builder: a bad config is exit 2, nothing built.
  const plans = planFiles(
    found.files,
    args.paths.map((p) => resolve(io.cwd, p)),
    args.config,
    args.options,
  );

  const detected = await detectBuilder(args.builder, { env, buildahRoot, commandTimeoutMs: COMMAND_TIMEOUT_MS });
  if (!detected.ok) throw new UsageError(detected.message);
  const builder = detected.builder;
  for (const { file, plan, display } of plannedFiles(found.files, plans, io.cwd)) {
    if (file.symlink && !file.insideRoot) {
      io.stderr(`dhi-migrate: ${display}: symlink to ${file.realPath} outside ${file.root}; skipped\n`);
      continue;
    }
    if (!file.regular) {
      // As with stdin: the build needs the Dockerfile's directory as its context.
      inputError = true;
      files.push(notVerified(display, "not a regular file (a pipe?): verify builds from the Dockerfile's directory"));
      continue;
    }
    const read = readDockerfile(file.realPath);
    if (!read.ok) {
      inputError = true;
      files.push(notVerified(display, read.message));
      continue;
    }
    const m = migrateDecoded({
      displayPath: display,
      decoded: read.decoded,
      contextDir: contextDirOf(file),
      rules: allRules,
      catalog,
      options: plan.options,
    });
    if (m.result.status === 'error') {
      inputError = true;
      files.push(notVerified(display, m.result.error ?? 'migration failed'));
      continue;
    }
    files.push(
      await verifyFile({
        displayPath: display,
        realPath: file.realPath,
        originalBytes: read.bytes,
        migratedBytes: m.outputBytes,
        builder,
        target: plan.options.target,
        pull: args.pull,
        buildTimeoutMs: args.timeout * 1000,
        keepImages: args.keepImages,
        progress,
      }),
    );
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const exitCode = exitCodeFor(files, inputError);
  const report: VerifyReport = { version: TOOL_VERSION, builder: builder.name, keptImages: args.keepImages, ok: exitCode === 0, files };
  for (const f of files) if (f.status === 'error' && f.after === null) io.stderr(`dhi-migrate: ${f.path}: ${f.error}\n`);
  if (args.format === 'json') io.stdout(JSON.stringify(report, null, 2) + '\n');
  else io.stdout(formatHuman(report));
  if (!args.quiet) io.stderr(formatSummaryLine(report));
  return exitCode === 2 ? EXIT_USAGE : exitCode;
}
