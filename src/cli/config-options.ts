/**
 * From flags and config files to the MigrateOptions of each Dockerfile:
 * defaults < nearest config file < flags given on the command line. Every
 * config is read and validated before any file is migrated, so a malformed
 * config stops the run (exit 2) with nothing written.
 */
import { isAbsolute, normalize, relative, resolve } from 'node:path';
import { allRules } from '../../rules/index.js';
import { withDefaults, type MigrateOptions } from '../engine/options.js';
import { clearConfigCache, isIncluded, loadConfigFor, type LoadedConfig } from '../config/index.js';
import { UsageError } from './errors.js';

export interface ConfigArgs {
  /** false: --no-config (ignore config files). */
  enabled: boolean;
  /** --config FILE: this file for every Dockerfile instead of discovery. */
  file: string | null;
  /** --mappings FILE */
  mappingsFile: string | null;
  /** Only the flags the user actually gave. */
  overrides: Partial<MigrateOptions>;
}

/** The flags given explicitly (yargs leaves absent ones undefined: migration flags carry no defaults). */
export function cliOverrides(argv: Record<string, unknown>): Partial<MigrateOptions> {
  const out: Partial<MigrateOptions> = {};
  const disabled = ([] as string[]).concat((argv.disable as string[] | string | undefined) ?? []);
  for (const id of disabled) {
    if (!allRules.some((r) => r.id === id)) throw new UsageError(`--disable: unknown rule "${id}" (see 'dhi-migrate rules')`);
  }
  if (disabled.length > 0) out.disabledRules = disabled;
  if (typeof argv.bump === 'boolean') out.noBump = !argv.bump;
  if (typeof argv.split === 'boolean') out.split = argv.split;
  if (typeof argv.registry === 'string') out.registry = argv.registry;
  if (typeof argv.namespace === 'string') out.namespace = argv.namespace;
  if (typeof argv.target === 'string') out.target = argv.target;
  if (argv.distro === 'debian' || argv.distro === 'alpine') out.preferDistro = argv.distro;
  if (typeof argv.builtin === 'boolean') out.builtinMappings = argv.builtin;
  return out;
}

export function configArgsFromArgv(argv: Record<string, unknown>): ConfigArgs {
  return {
    enabled: argv.config !== false,
    file: typeof argv.config === 'string' ? argv.config : null,
    mappingsFile: typeof argv.mappings === 'string' ? argv.mappings : null,
    overrides: cliOverrides(argv),
  };
}

/** Options for a run with no file at hand (stdin, `map`): the config governing the current directory. */
export function optionsForCwd(config: ConfigArgs | undefined, cwd: string, fallback: MigrateOptions): MigrateOptions {
  if (!config) return fallback;
  clearConfigCache(); // one run, one view of the files
  if (!config.enabled) return withDefaultsAndMappings(config, cwd);
  return loadConfigFor(cwd, { configFile: config.file, mappingsFile: config.mappingsFile, overrides: config.overrides }).options;
}

function withDefaultsAndMappings(config: ConfigArgs, cwd: string): MigrateOptions {
  if (!config.mappingsFile) return withDefaults(config.overrides);
  // --no-config still honours an explicit --mappings FILE.
  return loadConfigFor(cwd, { configFile: null, mappingsFile: config.mappingsFile, overrides: config.overrides, discover: false }).options;
}

export interface FilePlan {
  options: MigrateOptions;
  included: boolean;
  /** The config file used (null: none). */
  source: string | null;
}

/**
 * Resolves every discovered file up front. Include/exclude globs apply to
 * files found by walking a directory; a file named on the command line is
 * always migrated.
 */
export function planFiles(files: readonly { path: string; realPath: string }[], paths: readonly string[], config: ConfigArgs | undefined, fallback: MigrateOptions): Map<string, FilePlan> {
  const plans = new Map<string, FilePlan>();
  clearConfigCache(); // one run, one view of the files
  const named = new Set(paths.map((p) => normalize(p)));
  for (const file of files) {
    if (!config) {
      plans.set(file.realPath, { options: fallback, included: true, source: null });
      continue;
    }
    if (!config.enabled) {
      plans.set(file.realPath, { options: withDefaultsAndMappings(config, process.cwd()), included: true, source: null });
      continue;
    }
    const loaded: LoadedConfig = loadConfigFor(file.path, { configFile: config.file, mappingsFile: config.mappingsFile, overrides: config.overrides });
    let included = true;
    if (!named.has(normalize(file.path)) && loaded.baseDir !== null && (loaded.include.length > 0 || loaded.exclude.length > 0)) {
      const rel = relative(loaded.baseDir, resolve(file.path));
      included = rel.startsWith('..') || isAbsolute(rel) ? true : isIncluded(rel, loaded.include, loaded.exclude);
    }
    plans.set(file.realPath, { options: loaded.options, included, source: loaded.source });
  }
  return plans;
}
