/**
 * The config file's shape and its validation. Every error names the file,
 * the line and column, the key path and what was expected, so a user can fix
 * it without reading the docs:
 *
 *   .dhi-migrate.yaml:4:10: rules.base-imag: unknown rule (known: base-image, ...)
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Node, Document } from 'yaml';

/**
 * yaml is loaded on the first config file parsed, not at start-up: most runs
 * find no config, and a one-file run in an editor or pre-commit hook should
 * not pay for the parser (see README, Performance).
 */
let yamlModule: typeof Yaml | undefined;
function yaml(): typeof Yaml {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml);
}
const isMap = (n: unknown): n is Yaml.YAMLMap<unknown, unknown> => yaml().isMap(n);
const isScalar = (n: unknown): n is Yaml.Scalar => yaml().isScalar(n);
const isSeq = (n: unknown): n is Yaml.YAMLSeq<unknown> => yaml().isSeq(n);
import type { MigrateOptions } from '../engine/options.js';
import { mappingKey, type UserMapping } from '../catalog/user-mappings.js';
import { optionValueProblem, type RuleOptionValue } from '../engine/rule-options.js';
import { allRules } from '../../rules/index.js';

export class ConfigError extends Error {}

/** What a config file says; absent keys leave the defaults (or the CLI flags) alone. */
export interface ConfigSettings {
  options: Partial<MigrateOptions>;
  mappings: Map<string, UserMapping>;
  include: string[];
  exclude: string[];
}

export const CONFIG_KEYS = [
  'registry',
  'namespace',
  'distro',
  'bump',
  'split',
  'rules',
  'include',
  'exclude',
  'mappings',
  'builtinMappings',
] as const;

interface Ctx {
  file: string;
  lines: Yaml.LineCounter;
  knownRules: readonly string[];
}

/** Parses YAML (or JSON, a YAML subset) text; `pick` selects a sub-node (package.json's "dhi-migrate" key). */
export function parseConfigText(text: string, file: string, knownRules: readonly string[], pick?: string): ConfigSettings | null {
  const lines = new (yaml().LineCounter)();
  const doc: Document = yaml().parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const ctx: Ctx = { file, lines, knownRules };
  const syntax = doc.errors[0];
  if (syntax) {
    const pos = lines.linePos(syntax.pos[0]);
    throw new ConfigError(
      `${file}:${pos.line}:${pos.col}: invalid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${firstLine(syntax.message)}`,
    );
  }
  let root = doc.contents as Node | null;
  if (pick !== undefined) {
    if (!isMap(root)) return null;
    const node = root.get(pick, true) as Node | undefined;
    if (node === undefined) return null;
    root = node;
  }
  return validateRoot(root, ctx, pick ?? '');
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

function fail(ctx: Ctx, node: Node | null | undefined, path: string, message: string): never {
  const offset = node?.range?.[0] ?? 0;
  const pos = ctx.lines.linePos(offset);
  throw new ConfigError(`${ctx.file}:${pos.line}:${pos.col}: ${path ? `${path}: ` : ''}${message}`);
}

function describe(node: Node | null | undefined): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'null' : JSON.stringify(node.value);
  return 'something else';
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function entries(node: Node, ctx: Ctx, path: string): [string, Node, Node][] {
  if (!isMap(node)) fail(ctx, node, path, `expected a mapping of keys to values, got ${describe(node)}`);
  return node.items.map((pair) => {
    const k = pair.key as Node;
    if (!isScalar(k) || typeof k.value !== 'string') fail(ctx, k, path, `expected string keys, got ${describe(k)}`);
    return [k.value, k, (pair.value ?? null) as Node] as [string, Node, Node];
  });
}

function str(node: Node, ctx: Ctx, path: string, pattern?: RegExp, what = 'a string'): string {
  if (!isScalar(node) || typeof node.value !== 'string' || node.value === '' || (pattern && !pattern.test(node.value))) {
    fail(ctx, node, path, `expected ${what}, got ${describe(node)}`);
  }
  return node.value as string;
}

function bool(node: Node, ctx: Ctx, path: string): boolean {
  if (!isScalar(node) || typeof node.value !== 'boolean') fail(ctx, node, path, `expected true or false, got ${describe(node)}`);
  return node.value as boolean;
}

function strList(node: Node, ctx: Ctx, path: string): string[] {
  if (isScalar(node) && typeof node.value === 'string') return [node.value];
  if (!isSeq(node)) fail(ctx, node, path, `expected a list of glob patterns, got ${describe(node)}`);
  return node.items.map((item, i) => str(item as Node, ctx, `${path}[${i}]`, undefined, 'a glob pattern (string)'));
}

const HOST = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?$/i;
const NAMESPACE = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const REPO = /^[a-z0-9]+([._-][a-z0-9]+)*$/;

function validateRoot(root: Node | null, ctx: Ctx, base: string): ConfigSettings {
  const out: ConfigSettings = { options: {}, mappings: new Map(), include: [], exclude: [] };
  if (root === null || (isScalar(root) && root.value === null)) return out;
  for (const [key, keyNode, value] of entries(root, ctx, base)) {
    const path = join(base, key);
    switch (key) {
      case 'registry':
        out.options.registry = str(value, ctx, path, HOST, 'a registry host such as registry.example.com or localhost:5000');
        break;
      case 'namespace':
        out.options.namespace = str(value, ctx, path, NAMESPACE, 'a lowercase namespace such as platform or team/images');
        break;
      case 'distro':
        out.options.preferDistro = str(value, ctx, path, /^(debian|alpine)$/, '"debian" or "alpine"') as 'debian' | 'alpine';
        break;
      case 'bump':
        out.options.noBump = !bool(value, ctx, path);
        break;
      case 'split':
        out.options.split = bool(value, ctx, path);
        break;
      case 'builtinMappings':
        out.options.builtinMappings = bool(value, ctx, path);
        break;
      case 'include':
        out.include = strList(value, ctx, path);
        break;
      case 'exclude':
        out.exclude = strList(value, ctx, path);
        break;
      case 'rules':
        validateRules(value, ctx, path, out.options);
        break;
      case 'mappings':
        out.mappings = validateMappings(value, ctx, path);
        break;
      default:
        fail(ctx, keyNode, path, `unknown key (expected one of: ${CONFIG_KEYS.join(', ')})`);
    }
  }
  return out;
}

function validateRules(node: Node, ctx: Ctx, path: string, options: Partial<MigrateOptions>): void {
  const disabled: string[] = [];
  const ruleOptions: Record<string, Record<string, unknown>> = {};
  for (const [id, keyNode, value] of entries(node, ctx, path)) {
    const p = join(path, id);
    if (!ctx.knownRules.includes(id)) fail(ctx, keyNode, p, `unknown rule (known: ${ctx.knownRules.join(', ')})`);
    const expected = 'expected on, off, true, false or {enabled: true|false, options: {...}}';
    if (isScalar(value)) {
      const v = value.value;
      if (v === false || v === 'off') disabled.push(id);
      else if (!(v === true || v === 'on')) fail(ctx, value, p, `${expected}, got ${describe(value)}`);
      continue;
    }
    if (!isMap(value)) fail(ctx, value, p, `${expected}, got ${describe(value)}`);
    for (const [k, kNode, v] of entries(value, ctx, p)) {
      if (k === 'enabled') {
        if (!bool(v, ctx, join(p, k))) disabled.push(id);
      } else if (k === 'options') {
        if (!isMap(v)) fail(ctx, v, join(p, k), `expected a mapping of option names to values, got ${describe(v)}`);
        ruleOptions[id] = validateRuleOptions(id, v, ctx, join(p, k));
      } else {
        fail(ctx, kNode, join(p, k), 'unknown key (expected enabled or options)');
      }
    }
  }
  options.disabledRules = disabled;
  options.ruleOptions = ruleOptions;
}

/** `rules.<id>.options`: only the options the rule declares, each with its declared type. */
function validateRuleOptions(id: string, node: Node, ctx: Ctx, path: string): Record<string, RuleOptionValue> {
  const specs = allRules.find((r) => r.id === id)?.options ?? [];
  const out: Record<string, RuleOptionValue> = {};
  for (const [name, keyNode, value] of entries(node, ctx, path)) {
    const p = join(path, name);
    const spec = specs.find((s) => s.name === name);
    if (!spec)
      fail(
        ctx,
        keyNode,
        p,
        specs.length ? `unknown option (${id} has: ${specs.map((s) => s.name).join(', ')})` : `unknown option (${id} has no options)`,
      );
    const v = isScalar(value) ? value.value : undefined;
    const problem = optionValueProblem(spec, v);
    if (problem) fail(ctx, value, p, `${problem}, got ${describe(value)}`);
    out[name] = v as RuleOptionValue;
  }
  return out;
}

/**
 * `mappings:` source image (name or name:tag) -> DHI repository name, or
 * `{repo, tag?, mirror?: {registry?, namespace}}`, or false to leave it alone.
 */
export function validateMappings(node: Node, ctx: Ctx, path: string): Map<string, UserMapping> {
  const out = new Map<string, UserMapping>();
  for (const [source, keyNode, value] of entries(node, ctx, path)) {
    const p = join(path, source);
    const key = mappingKey(source);
    if (key === null)
      fail(
        ctx,
        keyNode,
        p,
        'expected an image reference without digest as the key (e.g. corp.example/base/python or corp.example/base/python:3.12)',
      );
    const pos = ctx.lines.linePos(keyNode.range?.[0] ?? 0);
    const origin = `${ctx.file}:${pos.line}`;
    if (isScalar(value) && value.value === false) {
      out.set(key, { repo: null, origin });
      continue;
    }
    if (isScalar(value)) {
      out.set(key, {
        repo: str(value, ctx, p, REPO, 'a DHI repository name such as python, an object {repo, tag, mirror}, or false'),
        origin,
      });
      continue;
    }
    const m: UserMapping = { repo: null, origin };
    for (const [k, kNode, v] of entries(value, ctx, p)) {
      const kp = join(p, k);
      if (k === 'repo') m.repo = str(v, ctx, kp, REPO, 'a DHI repository name such as python');
      else if (k === 'tag') m.tag = scalarText(v, ctx, kp);
      else if (k === 'mirror') {
        const mirror = { registry: null as string | null, namespace: null as string | null };
        for (const [mk, mkNode, mv] of entries(v, ctx, kp)) {
          if (mk === 'registry') mirror.registry = str(mv, ctx, join(kp, mk), HOST, 'a registry host');
          else if (mk === 'namespace') mirror.namespace = str(mv, ctx, join(kp, mk), NAMESPACE, 'a lowercase namespace');
          else fail(ctx, mkNode, join(kp, mk), 'unknown key (expected registry or namespace)');
        }
        // The mirror form <registry>/<namespace>/dhi-<repo> is what a second run recognises as migrated.
        if (mirror.namespace === null) fail(ctx, v, kp, 'expected a namespace (the mirror form is [registry/]namespace/dhi-<repo>)');
        m.mirror = mirror;
      } else fail(ctx, kNode, kp, 'unknown key (expected repo, tag or mirror)');
    }
    if (m.repo === null) fail(ctx, value, p, 'expected a "repo" key naming the DHI repository');
    out.set(key, m);
  }
  return out;
}

/** YAML reads `tag: 3.10` as the number 3.1; take the source text so the tag stays as written. */
function scalarText(node: Node, ctx: Ctx, path: string): string {
  if (!isScalar(node) || node.value === null || typeof node.value === 'object')
    fail(ctx, node, path, `expected a tag, got ${describe(node)}`);
  const src = (node as { source?: string }).source;
  const text = typeof node.value === 'string' ? node.value : (src ?? String(node.value));
  if (!/^[\w][\w.-]{0,127}$/.test(text)) fail(ctx, node, path, `expected a tag (letters, digits, . _ -), got ${describe(node)}`);
  return text;
}

/** A `--mappings FILE`: the same shape as the config's `mappings:` (optionally under a `mappings` key). */
export function parseMappingsText(text: string, file: string, knownRules: readonly string[]): Map<string, UserMapping> {
  const lines = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const ctx: Ctx = { file, lines, knownRules };
  const syntax = doc.errors[0];
  if (syntax) {
    const pos = lines.linePos(syntax.pos[0]);
    throw new ConfigError(`${file}:${pos.line}:${pos.col}: invalid YAML/JSON: ${firstLine(syntax.message)}`);
  }
  let root = doc.contents as Node | null;
  if (root === null) return new Map();
  if (
    isMap(root) &&
    root.items.length === 1 &&
    isScalar(root.items[0]!.key) &&
    (root.items[0]!.key as { value: unknown }).value === 'mappings'
  ) {
    return validateMappings(root.items[0]!.value as Node, ctx, 'mappings');
  }
  return validateMappings(root, ctx, '');
}
