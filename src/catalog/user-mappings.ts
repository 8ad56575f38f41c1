/**
 * Mappings a team adds for its own base images (config `mappings:` or
 * `--mappings FILE`), consulted before the built-in table:
 *
 *   corp.example/base/python: python                 # read the tag as python's, map to dhi.io/python
 *   corp.example/base/python:3.12: { repo: python, tag: 3.12-slim-bookworm }
 *   registry.corp/java: { repo: eclipse-temurin, mirror: { registry: registry.corp, namespace: dhi } }
 *   corp.example/legacy: false                       # never migrate
 *
 * A mapping names a DHI repository, never a tag: the tag still comes from
 * the catalog through the usual policy (precision, distro, build/runtime).
 */
import { parseImageRef, type ImageRef } from '../dockerfile/image-ref.js';

export interface UserMapping {
  /** Target DHI repository; null = leave the image alone. */
  repo: string | null;
  /** Source tag to read instead of the one written (for internal tag schemes). */
  tag?: string;
  /** Where the mapped reference is written; default: the run's --registry/--namespace. */
  mirror?: { registry: string | null; namespace: string | null };
  /** Where the mapping was declared, for messages (`.dhi-migrate.yaml:12`). */
  origin?: string;
}

/** Keys are `name` or `name:tag` (ImageRef.name form: lowercase, Docker Hub without `library/`). */
export type UserMappings = ReadonlyMap<string, UserMapping>;

/** Normalises a mapping key the way FROM references are normalised; null when it is not an image reference. */
export function mappingKey(text: string): string | null {
  const ref = parseImageRef(text);
  if (!ref || ref.digest) return null;
  return ref.tag === null ? ref.name : `${ref.name}:${ref.tag}`;
}

/** The mapping for a reference: an exact `name:tag` key wins over a bare `name`. */
export function findUserMapping(ref: ImageRef, mappings: UserMappings | undefined): { key: string; mapping: UserMapping } | undefined {
  if (!mappings || mappings.size === 0) return undefined;
  if (ref.tag !== null) {
    const key = `${ref.name}:${ref.tag}`;
    const exact = mappings.get(key);
    if (exact) return { key, mapping: exact };
  }
  const byName = mappings.get(ref.name);
  return byName ? { key: ref.name, mapping: byName } : undefined;
}

/** Later layers win key by key (built-ins < config < --mappings). */
export function overlayMappings(...layers: (UserMappings | undefined)[]): Map<string, UserMapping> {
  const out = new Map<string, UserMapping>();
  for (const layer of layers) for (const [k, v] of layer ?? []) out.set(k, v);
  return out;
}
