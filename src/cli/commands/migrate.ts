/**
 * The main command: find Dockerfiles, migrate them, and either print the diff
 * (default dry run), write them (--write), or gate CI (--check).
 */
import { relative, isAbsolute } from 'node:path';
import { Catalog } from '../../catalog/catalog.js';
import { withDefaults, type MigrateOptions } from '../../engine/options.js';
import { allRules } from '../../../rules/index.js';
import { discoverDockerfiles } from '../../io/discover.js';
import { readDockerfile } from '../../io/read.js';
import { decodeDockerfile, isDecodeError } from '../../io/decode.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { buildJsonReport } from '../../report/json.js';
import { formatSummary } from '../../report/summary.js';
import type { FileResult } from '../../report/types.js';
import { EXIT_CHANGES, EXIT_OK, EXIT_USAGE, UsageError } from '../errors.js';
import { contextDirOf, errorResult, migrateDecoded, type FileMigration } from '../migrate-file.js';
import type { Io } from '../output.js';
import { TOOL_VERSION } from '../version.js';

export interface MigrateArgs {
  paths: string[];
  write: boolean;
  check: boolean;
  format: 'diff' | 'json';
  stdout: boolean;
  options: MigrateOptions;
  quiet: boolean;
}

export function migrateOptionsFromArgv(argv: Record<string, unknown>): MigrateOptions {
  const disabled = ([] as string[]).concat((argv.disable as string[] | string | undefined) ?? []);
  for (const id of disabled) {
    if (!allRules.some((r) => r.id === id)) throw new UsageError(`--disable: unknown rule "${id}" (see 'dhi-migrate rules')`);
  }
  return withDefaults({
    noBump: argv.bump === false,
    registry: (argv.registry as string | undefined) ?? null,
    namespace: (argv.namespace as string | undefined) ?? null,
    target: (argv.target as string | undefined) ?? null,
    preferDistro: (argv.distro as 'debian' | 'alpine' | undefined) ?? null,
    disabledRules: disabled,
    split: argv.split !== false,
  });
}

export async function runMigrate(args: MigrateArgs, io: Io): Promise<number> {
  if (args.write && args.check) throw new UsageError('--write and --check cannot be combined');
  if (args.stdout && args.format === 'json') throw new UsageError('--stdout and --format json cannot be combined');
  const catalog = Catalog.builtin();
  const results: FileResult[] = [];
  const migrations: FileMigration[] = [];
  let inputError = false;

  const usesStdin = args.paths.includes('-');
  if (usesStdin && args.paths.length > 1) throw new UsageError("'-' (stdin) cannot be combined with other paths");
  if (args.stdout && !usesStdin && args.paths.length !== 1) throw new UsageError('--stdout needs exactly one file (or - for stdin)');
  if (usesStdin && args.write) throw new UsageError('--write cannot be used with stdin; use --stdout');

  if (usesStdin) {
    const decoded = decodeDockerfile(await io.readStdin(), '<stdin>');
    if (isDecodeError(decoded)) throw new UsageError(`<stdin>: ${decoded.message}`);
    const m = migrateDecoded({ displayPath: 'Dockerfile', decoded, contextDir: null, rules: allRules, catalog, options: args.options });
    migrations.push(m);
    results.push(m.result);
  } else {
    const found = await discoverDockerfiles(args.paths);
    for (const e of found.errors) {
      inputError = true;
      results.push(errorResult(e.path, e.message));
    }
    const seenRealPaths = new Set<string>();
    for (const file of found.files) {
      // A directory holding both a Dockerfile and a link to it names one file twice.
      if (seenRealPaths.has(file.realPath)) continue;
      seenRealPaths.add(file.realPath);
      const display = displayPath(file.path, io.cwd);
      if (file.symlink && !file.insideRoot) {
        results.push({ ...errorResult(display, `symlink to ${file.realPath} outside ${file.root}; skipped`), status: 'skipped' });
        continue;
      }
      const read = await readDockerfile(file.realPath);
      if (!read.ok) {
        inputError = true;
        results.push(errorResult(display, read.message));
        continue;
      }
      const m = migrateDecoded({ displayPath: display, decoded: read.decoded, contextDir: contextDirOf(file.realPath), rules: allRules, catalog, options: args.options });
      if (m.result.status === 'error') inputError = true;
      migrations.push(m);
      results.push(m.result);
      if (args.write && m.outputBytes) await writeFileAtomic(file.realPath, m.outputBytes);
    }
  }
  results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  for (const r of results) if (r.status === 'error') io.stderr(`dhi-migrate: ${r.path}: ${r.error}\n`);
  const changed = results.filter((r) => r.status === 'changed');

  if (args.format === 'json') {
    io.stdout(JSON.stringify(buildJsonReport(results, { version: TOOL_VERSION, catalog: catalog.snapshot }), null, 2) + '\n');
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

  if (inputError) return EXIT_USAGE;
  if (args.check && changed.length > 0) return EXIT_CHANGES;
  return EXIT_OK;
}

function displayPath(path: string, cwd: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
