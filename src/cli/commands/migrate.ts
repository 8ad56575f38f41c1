/**
 * The main command: find Dockerfiles, migrate them, and either print the diff
 * (default dry run), write them (--write), or gate CI (--check).
 */
import { stat } from 'node:fs/promises';
import { Catalog } from '../../catalog/catalog.js';
import { withDefaults, type MigrateOptions } from '../../engine/options.js';
import { allRules } from '../../../rules/index.js';
import { discoverDockerfiles, NOT_WRITABLE_BACK } from '../../io/discover.js';
import { readDockerfile } from '../../io/read.js';
import { decodeDockerfile, isDecodeError } from '../../io/decode.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { describeFsError } from '../../io/errors.js';
import { formatSummary } from '../../report/summary.js';
import type { FileResult } from '../../report/types.js';
import { EXIT_CHANGES, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError } from '../errors.js';
import { contextDirOf, errorResult, migrateDecoded, type FileMigration } from '../migrate-file.js';
import type { Io } from '../output.js';
import { TOOL_VERSION } from '../version.js';
import { cliOverrides, optionsForCwd, planFiles, type ConfigArgs } from '../config-options.js';
import { plannedFiles } from '../planned-files.js';

export interface MigrateArgs {
  paths: string[];
  write: boolean;
  check: boolean;
  format: 'diff' | 'json' | 'sarif' | 'markdown';
  stdout: boolean;
  options: MigrateOptions;
  quiet: boolean;
  /** Config files, --mappings and the flags given explicitly; absent = use `options` as is. */
  config?: ConfigArgs;
}

/** The flags alone over the defaults (no config file): see config-options.ts for the layered view. */
export function migrateOptionsFromArgv(argv: Record<string, unknown>): MigrateOptions {
  return withDefaults(cliOverrides(argv));
}

export async function runMigrate(args: MigrateArgs, io: Io): Promise<number> {
  if (args.write && args.check) throw new UsageError('--write and --check cannot be combined');
  if (args.stdout && args.format !== 'diff') throw new UsageError(`--stdout and --format ${args.format} cannot be combined`);
  const catalog = Catalog.builtin();
  const results: FileResult[] = [];
  const migrations: FileMigration[] = [];
  let inputError = false;
  /** A bug hit while migrating one file: the run goes on, but exits 3, not 2. */
  let internalError = false;
  const noteFailure = (m: FileMigration): void => {
    if (m.result.status !== 'error') return;
    if (m.internal) internalError = true;
    else inputError = true;
  };

  const usesStdin = args.paths.includes('-');
  if (usesStdin && args.paths.length > 1) throw new UsageError("'-' (stdin) cannot be combined with other paths");
  if (args.stdout && !usesStdin && args.paths.length !== 1) throw new UsageError('--stdout needs exactly one file (or - for stdin)');
  if (usesStdin && args.write) throw new UsageError('--write cannot be used with stdin; use --stdout');
  if (args.stdout && !usesStdin && (await isDirectory(args.paths[0]!))) {
    throw new UsageError(`--stdout needs one file, and ${args.paths[0]} is a directory`);
  }

  if (usesStdin) {
    const decoded = decodeDockerfile(await io.readStdin(), '<stdin>');
    if (isDecodeError(decoded)) throw new UsageError(`<stdin>: ${decoded.message}`);
    const options = optionsForCwd(args.config, io.cwd, args.options);
    const m = migrateDecoded({ displayPath: 'Dockerfile', decoded, contextDir: null, rules: allRules, catalog, options });
    noteFailure(m);
    migrations.push(m);
    results.push(m.result);
  } else {
    const found = discoverDockerfiles(args.paths);
    for (const e of found.errors) {
      inputError = true;
      results.push(errorResult(e.path, e.message));
    }
    // Every config is read and validated before the first file is touched.
    const plans = planFiles(found.files, args.paths, args.config, args.options);
    for (const { file, plan, display } of plannedFiles(found.files, plans, io.cwd)) {
      if (file.symlink && !file.insideRoot) {
        results.push({ ...errorResult(display, `symlink to ${file.realPath} outside ${file.root}; skipped`), status: 'skipped' });
        continue;
      }
      if (args.write && !file.regular) {
        // Writing back would replace the pipe (or device) with a file of that name, or fail half-way.
        inputError = true;
        results.push(errorResult(display, NOT_WRITABLE_BACK));
        continue;
      }
      const read = readDockerfile(file.realPath);
      if (!read.ok) {
        inputError = true;
        results.push(errorResult(display, read.message));
        continue;
      }
      let m = migrateDecoded({
        displayPath: display,
        decoded: read.decoded,
        contextDir: contextDirOf(file),
        rules: allRules,
        catalog,
        options: plan.options,
      });
      if (args.write && m.outputBytes) m = await writeMigration(file.realPath, m);
      noteFailure(m);
      migrations.push(m);
      results.push(m.result);
    }
  }
  results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  for (const r of results) if (r.status === 'error') io.stderr(`dhi-migrate: ${r.path}: ${r.error}\n`);
  const changed = results.filter((r) => r.status === 'changed');

  // Report formats are imported when asked for: the default diff run starts faster without them.
  if (args.format === 'json') {
    const { buildJsonReport } = await import('../../report/json.js');
    io.stdout(JSON.stringify(buildJsonReport(results, { version: TOOL_VERSION, catalog: catalog.snapshot }), null, 2) + '\n');
  } else if (args.format === 'sarif') {
    const { buildSarifReport } = await import('../../report/sarif.js');
    io.stdout(
      JSON.stringify(buildSarifReport(results, { version: TOOL_VERSION, catalog: catalog.snapshot, rules: allRules }), null, 2) + '\n',
    );
  } else if (args.format === 'markdown') {
    const { buildMarkdownReport } = await import('../../report/markdown.js');
    io.stdout(buildMarkdownReport(results, { version: TOOL_VERSION, catalog: catalog.snapshot }));
  } else if (args.stdout) {
    const m = migrations[0];
    if (m) io.stdout(m.output);
  } else if (!args.check && !args.write) {
    for (const r of changed) io.stdout(r.diff);
  }
  if (!args.quiet) {
    io.stderr(formatSummary(results, { color: io.color }));
    if (args.write) for (const r of changed) io.stderr(`wrote ${r.path}\n`);
    if (args.check) for (const r of changed) io.stderr(`would change ${r.path}\n`);
  }

  if (internalError) return EXIT_INTERNAL;
  if (inputError) return EXIT_USAGE;
  if (args.check && changed.length > 0) return EXIT_CHANGES;
  return EXIT_OK;
}

/**
 * Writes one migrated file. A failed write (read-only file system, disk full,
 * no permission on the directory) is that file's error, not the run's end:
 * writeFileAtomic leaves the file as it was, and the other files go on.
 */
async function writeMigration(realPath: string, m: FileMigration): Promise<FileMigration> {
  try {
    await writeFileAtomic(realPath, m.outputBytes!);
    return m;
  } catch (err) {
    return {
      ...m,
      outputBytes: null,
      edits: [],
      result: errorResult(m.result.path, `not written (${describeFsError(err)}); the file is unchanged`),
    };
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
