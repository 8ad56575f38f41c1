/**
 * Source image -> DHI image. Which source names go where is data
 * (data/source-images.json); reading the source tag is source-tags.ts; the
 * tag policy (precision, distro family, bumps) is resolve.ts. This module
 * wires them together and adds the messages a reviewer needs.
 */
import type { ImageRef } from '../dockerfile/image-ref.js';
import type { Catalog, ImageFacts } from './catalog.js';
import { mapParsed } from './map-parsed.js';
import { mapBaseImage, mapDistroless } from './mapping-special.js';
import { parseSourceTag } from './source-tags.js';
import { sourceTable } from './source-table.js';
import { findUserMapping, type UserMapping, type UserMappings } from './user-mappings.js';
import { parseImageRef } from '../dockerfile/image-ref.js';

export { partnerTag, staticImage } from './partner.js';

export type Role = 'build' | 'runtime';

export interface Mirror {
  registry: string | null;
  namespace: string | null;
}

export interface MapOptions {
  /** Leave images whose line the catalog lacks unmapped instead of bumping them. */
  noBump: boolean;
  /** Family for untagged / `latest` sources; null = Debian. */
  preferDistro: 'debian' | 'alpine' | null;
  /**
   * A Java source that explicitly asks for a JDK (`-jdk`) in a runtime role:
   * DHI has no runtime JDK. 'jdk-dev' (default) keeps the JDK on its -dev tag
   * with a warning; 'jre' uses the runtime JRE (right when the stage only runs
   * `java`, which the caller may know from the stage's instructions).
   */
  jdkAtRuntime?: 'jdk-dev' | 'jre';
  /** Configured mirror: references under it count as already migrated. */
  mirror?: Mirror;
  /** The team's own mappings (config / --mappings), consulted before the built-in table. */
  mappings?: UserMappings;
  /** false (--no-builtin): only `mappings` apply; other images are reported unmapped. */
  builtin?: boolean;
}

export type MapResult =
  | {
      kind: 'mapped';
      repo: string;
      tag: string;
      facts: ImageFacts;
      notes: string[];
      warnings: string[];
      /** Set by a user mapping that writes to its own mirror: render with this instead of the run's. */
      mirror?: Mirror;
    }
  | { kind: 'already-dhi' }
  | { kind: 'unmapped'; reason: string };

/**
 * Results per catalog, keyed by everything mapImage reads. A corpus names the
 * same few hundred images over and over, and every fixed-point pass asks
 * again; a hit skips tag parsing and catalog resolution. Results are frozen
 * (callers copy the arrays they extend). Bounded: cleared when it grows large.
 */
const memo = new WeakMap<Catalog, Map<string, MapResult>>();
const MEMO_LIMIT = 5000;

export function mapImage(ref: ImageRef, role: Role, catalog: Catalog, opts: MapOptions): MapResult {
  const key = [ref.raw, ref.name, ref.tag, ref.digest, ref.registry, ref.path, ref.isDockerHub, role, opts.noBump, opts.preferDistro, opts.jdkAtRuntime, opts.mirror?.registry, opts.mirror?.namespace, opts.builtin, mappingsId(opts.mappings)].join('\u0000');
  let cache = memo.get(catalog);
  if (!cache) memo.set(catalog, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  const result = deepFreeze(mapImageUncached(ref, role, catalog, opts));
  if (cache.size >= MEMO_LIMIT) cache.clear();
  cache.set(key, result);
  return result;
}

/** Memo keys name a mappings table by identity (tables are built once per config). */
const mappingIds = new WeakMap<UserMappings, number>();
let nextMappingId = 1;
function mappingsId(m: UserMappings | undefined): number {
  if (!m || m.size === 0) return 0;
  let id = mappingIds.get(m);
  if (id === undefined) mappingIds.set(m, (id = nextMappingId++));
  return id;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function mapImageUncached(ref: ImageRef, role: Role, catalog: Catalog, opts: MapOptions): MapResult {
  if (isDhiReference(ref, opts.mirror)) return { kind: 'already-dhi' };
  const table = sourceTable();
  const label = ref.tag === null ? ref.name : `${ref.name}:${ref.tag}`;
  const user = findUserMapping(ref, opts.mappings);
  if (user) return mapByUserMapping(ref, label, user.mapping, role, catalog, opts);
  if (opts.builtin === false) return { kind: 'unmapped', reason: `${label}: no mapping in your configuration (built-in mappings are off)` };
  const fixed = table.unmapped[ref.name];
  if (fixed !== undefined) return { kind: 'unmapped', reason: `${ref.name}: ${fixed}` };
  if (ref.name.startsWith('gcr.io/distroless/')) return mapDistroless(ref, role, catalog, opts, label);
  const entry = table.images[ref.name];
  if (!entry) return { kind: 'unmapped', reason: unknownReason(ref.name, catalog) };
  if (!catalog.hasRepo(entry.repo)) {
    return { kind: 'unmapped', reason: `${label}: the catalog snapshot has no DHI ${entry.repo} repository` };
  }
  if (entry.profile === 'alpine-base' || entry.profile === 'debian-base' || entry.profile === 'ubuntu') {
    return mapBaseImage(ref, entry, role, catalog, opts, label);
  }
  const parsed = parseSourceTag(ref.name, ref.tag, entry, table);
  if ('unmapped' in parsed) return { kind: 'unmapped', reason: parsed.unmapped };
  return mapParsed(label, entry, parsed, role, catalog, opts);
}

/**
 * A team's mapping names the DHI repository; the tag is still resolved by the
 * usual policy, reading the source tag as the Docker Official Image of that
 * repository would be read (`corp/python:3.12-slim` as `python:3.12-slim`).
 */
function mapByUserMapping(ref: ImageRef, label: string, m: UserMapping, role: Role, catalog: Catalog, opts: MapOptions): MapResult {
  const origin = m.origin ? ` (${m.origin})` : '';
  if (m.repo === null) return { kind: 'unmapped', reason: `${label}: left alone by your mapping${origin}` };
  if (!catalog.hasRepo(m.repo)) {
    return { kind: 'unmapped', reason: `${label}: your mapping${origin} names DHI repository "${m.repo}", which the catalog snapshot lacks` };
  }
  const table = sourceTable();
  const sourceName = table.images[m.repo]?.repo === m.repo ? m.repo : Object.keys(table.images).find((k) => table.images[k]!.repo === m.repo);
  const tag = m.tag ?? ref.tag;
  const inner: MapOptions = { ...opts, mappings: undefined, builtin: true };
  let result: MapResult;
  if (sourceName !== undefined) {
    const stand = parseImageRef(tag === null ? sourceName : `${sourceName}:${tag}`);
    if (!stand) return { kind: 'unmapped', reason: `${label}: your mapping${origin} gives an unusable tag "${tag}"` };
    result = mapImageUncached(stand, role, catalog, inner);
  } else {
    const entry = { repo: m.repo };
    const parsed = parseSourceTag(m.repo, tag, entry, table);
    result = 'unmapped' in parsed ? { kind: 'unmapped', reason: parsed.unmapped } : mapParsed(label, entry, parsed, role, catalog, inner);
  }
  if (result.kind === 'unmapped') return { kind: 'unmapped', reason: `${label} (mapped to DHI ${m.repo} by your configuration${origin}): ${result.reason}` };
  if (result.kind !== 'mapped') return result;
  return {
    ...result,
    notes: [`${label}: mapped to DHI ${m.repo} by your configuration${origin}`, ...result.notes],
    ...(m.mirror ? { mirror: m.mirror } : {}),
  };
}

/**
 * `dhi.io/<repo>:<tag>` by default; with a namespace the mirror form
 * `[<registry>/]<namespace>/dhi-<repo>:<tag>` (no registry = Docker Hub);
 * with only a registry `<registry>/<repo>:<tag>`.
 */
export function renderDhiRef(repo: string, tag: string, mirror: Mirror): string {
  if (mirror.namespace) return `${mirror.registry ? `${mirror.registry}/` : ''}${mirror.namespace}/dhi-${repo}:${tag}`;
  if (mirror.registry) return `${mirror.registry}/${repo}:${tag}`;
  return `dhi.io/${repo}:${tag}`;
}

/** dhi.io/*, Docker Hub dhi/*, any `<namespace>/dhi-<repo>` and anything under a configured mirror registry. */
export function isDhiReference(ref: ImageRef, mirror?: Mirror): boolean {
  const registry = ref.registry?.toLowerCase() ?? null;
  if (registry === 'dhi.io') return true;
  if (ref.isDockerHub && ref.name.startsWith('dhi/')) return true;
  // `library/dhi-x` is an ordinary Hub image; a mirror always has a namespace.
  const segments = ref.name.split('/');
  if (segments.length >= 2 && segments.at(-1)!.startsWith('dhi-')) return true;
  return !!mirror?.registry && !mirror.namespace && registry === mirror.registry.toLowerCase();
}

function unknownReason(name: string, catalog: Catalog): string {
  const base = name.split('/').at(-1)!;
  if (catalog.hasRepo(base)) {
    return `${name}: no reviewed mapping; DHI has a repository named ${base} (dhi.io/${base}), check that it is the same software and migrate by hand`;
  }
  return `${name}: no DHI equivalent known`;
}
