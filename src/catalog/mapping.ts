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
}

export type MapResult =
  | { kind: 'mapped'; repo: string; tag: string; facts: ImageFacts; notes: string[]; warnings: string[] }
  | { kind: 'already-dhi' }
  | { kind: 'unmapped'; reason: string };

export function mapImage(ref: ImageRef, role: Role, catalog: Catalog, opts: MapOptions): MapResult {
  if (isDhiReference(ref, opts.mirror)) return { kind: 'already-dhi' };
  const table = sourceTable();
  const label = ref.tag === null ? ref.name : `${ref.name}:${ref.tag}`;
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
