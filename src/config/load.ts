/**
 * Config discovery: the nearest `.dhi-migrate.yaml` / `.dhi-migrate.yml` /
 * `.dhi-migrate.json` / package.json with a "dhi-migrate" key, searching
 * upward from each Dockerfile's directory. The nearest file wins whole (no
 * merging across directories), like prettier. Results are cached per
 * directory, so a tree of Dockerfiles costs one lookup per directory.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { allRules } from '../../rules/index.js';
import { withDefaults, type MigrateOptions } from '../engine/options.js';
import { overlayMappings } from '../catalog/user-mappings.js';
import { ConfigError, parseConfigText, parseMappingsText, type ConfigSettings } from './schema.js';

export { ConfigError } from './schema.js';

export const CONFIG_FILE_NAMES = ['.dhi-migrate.yaml', '.dhi-migrate.yml', '.dhi-migrate.json'] as const;
export const PACKAGE_JSON_KEY = 'dhi-migrate';

export interface LoadedConfig {
  /** Defaults < config file (< CLI flags, when the caller passes them). */
  options: MigrateOptions;
  /** Glob patterns, relative to `baseDir`. */
  include: string[];
  exclude: string[];
  /** Directory the config file lives in (patterns are relative to it); null without a config. */
  baseDir: string | null;
  /** The config file used, or null for none. */
  source: string | null;
}

export interface LoadOptions {
  /** Explicit --config FILE: used for every Dockerfile instead of discovery. */
  configFile?: string | null;
  /** CLI flags given explicitly; they win over the file. */
  overrides?: Partial<MigrateOptions>;
  /** --mappings FILE: overlays the config's mappings. */
  mappingsFile?: string | null;
  /** Stop searching upward at this directory (inclusive); default: the filesystem root. */
  stopAt?: string;
  /** false (--no-config): read no config file; flags and --mappings still apply. */
  discover?: boolean;
}

const knownRules = (): string[] => allRules.map((r) => r.id);

/** Directory -> the config file governing it (null: none). */
const dirCache = new Map<string, string | null>();
/** Config file path -> parsed settings. */
const fileCache = new Map<string, ConfigSettings>();

/** Forgets cached lookups (tests, long-running callers after edits). */
export function clearConfigCache(): void {
  dirCache.clear();
  fileCache.clear();
  mappingsCache.clear();
  overlayCache.clear();
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(`${path}: cannot read config file (${code ?? String(err)})`);
  }
}

/** The config file that governs `dir`, searching upward; null when there is none. */
export function findConfigFile(dir: string, stopAt?: string): string | null {
  const start = resolve(dir);
  const visited: string[] = [];
  let found: string | null = null;
  let bounded = false;
  for (let d = start; ; d = dirname(d)) {
    const cached = dirCache.get(d);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    visited.push(d);
    const here = configFileIn(d);
    if (here !== null) {
      found = here;
      break;
    }
    if (dirname(d) === d) break;
    if (stopAt && resolve(stopAt) === d) {
      bounded = true;
      break;
    }
  }
  // A search cut short by stopAt says nothing about what lies above.
  if (!bounded) for (const d of visited) dirCache.set(d, found);
  // A cached answer may lie above stopAt; it doesn't govern a bounded search.
  if (found && stopAt) {
    const stop = resolve(stopAt);
    const at = dirname(found);
    if (at !== stop && !at.startsWith(stop + sep)) return null;
  }
  return found;
}

function configFileIn(dir: string): string | null {
  const present = CONFIG_FILE_NAMES.map((n) => join(dir, n)).filter(isFile);
  if (present.length > 1) throw new ConfigError(`${dir}: more than one config file (${present.map((p) => p.slice(dir.length + 1)).join(', ')}); keep one`);
  if (present.length === 1) return present[0]!;
  const pkg = join(dir, 'package.json');
  if (isFile(pkg) && hasPackageKey(pkg)) return pkg;
  return null;
}

function hasPackageKey(pkg: string): boolean {
  try {
    const parsed = JSON.parse(readFileSync(pkg, 'utf8')) as unknown;
    return !!parsed && typeof parsed === 'object' && PACKAGE_JSON_KEY in parsed;
  } catch {
    return false; // a broken package.json that is not ours to judge
  }
}

/** Parses and validates one config file (cached). Throws ConfigError naming file, line and key. */
export function readConfigFile(path: string): ConfigSettings {
  const abs = resolve(path);
  const cached = fileCache.get(abs);
  if (cached) return cached;
  const text = readText(abs);
  const isPkg = abs.endsWith('package.json');
  const settings = parseConfigText(text, displayName(path), knownRules(), isPkg ? PACKAGE_JSON_KEY : undefined) ?? {
    options: {},
    mappings: new Map(),
    include: [],
    exclude: [],
  };
  fileCache.set(abs, settings);
  return settings;
}

/** Config paths in messages: relative to the cwd when inside it. */
function displayName(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

const mappingsCache = new Map<string, ReturnType<typeof parseMappingsText>>();
const overlayCache = new Map<string, MigrateOptions['mappings']>();

/**
 * Everything that applies to one Dockerfile (or directory): options (defaults
 * < config < overrides), mappings (built-in table < config < --mappings),
 * include/exclude globs and which file said so. Batch mode calls this per
 * repository; the CLI per Dockerfile.
 */
export function loadConfigFor(path: string, opts: LoadOptions = {}): LoadedConfig & { mappings: MigrateOptions['mappings'] } {
  const abs = resolve(path);
  const dir = isFile(abs) ? dirname(abs) : abs;
  const source = opts.configFile ? resolve(opts.configFile) : opts.discover === false ? null : findConfigFile(dir, opts.stopAt);
  if (opts.configFile && !isFile(source!)) throw new ConfigError(`--config: ${opts.configFile}: no such file`);
  const settings = source ? readConfigFile(opts.configFile && source === resolve(opts.configFile) ? opts.configFile : source) : null;

  let extra: ReturnType<typeof parseMappingsText> | undefined;
  if (opts.mappingsFile) {
    const file = resolve(opts.mappingsFile);
    extra = mappingsCache.get(file);
    if (!extra) {
      if (!isFile(file)) throw new ConfigError(`--mappings: ${opts.mappingsFile}: no such file`);
      extra = parseMappingsText(readText(file), opts.mappingsFile, knownRules());
      mappingsCache.set(file, extra);
    }
  }
  // Stable identities per (config, --mappings) pair, so the mapper's memo keeps hitting.
  let mappings: MigrateOptions['mappings'] = settings?.mappings ?? withDefaults().mappings;
  if (extra && settings) {
    const key = `${source}\u0000${resolve(opts.mappingsFile!)}`;
    mappings = overlayCache.get(key) ?? overlayCache.set(key, overlayMappings(settings.mappings, extra)).get(key)!;
  } else if (extra) {
    mappings = extra;
  }
  const overrides = { ...(opts.overrides ?? {}) };
  // --disable adds to the rules a config turns off rather than replacing them.
  const disabled = [...new Set([...(settings?.options.disabledRules ?? []), ...(overrides.disabledRules ?? [])])];
  delete overrides.disabledRules;
  const options = withDefaults({ ...settings?.options, ...overrides, disabledRules: disabled, mappings });
  return {
    options,
    mappings,
    include: settings?.include ?? [],
    exclude: settings?.exclude ?? [],
    baseDir: source ? dirname(source) : null,
    source,
  };
}

/** Batch mode's view: the options for everything under one repository directory. */
export function optionsForRepo(dir: string, opts: Omit<LoadOptions, 'stopAt'> = {}): MigrateOptions {
  return loadConfigFor(dir, { ...opts, stopAt: dir }).options;
}
