/**
 * Image references as written in FROM lines, split into their parts and
 * normalised the way Docker resolves them (docker.io/library/x == x).
 */

export interface ImageRef {
  /** The reference exactly as resolved from the FROM line (ARGs substituted). */
  raw: string;
  /** Registry host incl. port as written (`localhost:5000`), or null for the implicit Docker Hub. */
  registry: string | null;
  /** Repository path as written, without registry, tag or digest (`library/python`). */
  path: string;
  tag: string | null;
  digest: string | null;
  /**
   * Canonical, lowercase name used for lookups: Docker Hub images lose the
   * registry and the `library/` prefix (`python`, `bitnami/redis`); others keep
   * their registry (`mcr.microsoft.com/dotnet/sdk`, `gcr.io/distroless/static`).
   */
  name: string;
  isDockerHub: boolean;
}

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** True when the first path component names a registry rather than a Hub namespace. */
function looksLikeRegistry(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

/** Parses a reference; returns null for an empty or obviously malformed one. */
export function parseImageRef(raw: string): ImageRef | null {
  const text = raw.trim();
  if (text === '' || /\s/.test(text)) return null;

  let rest = text;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (digest === '') return null;
  }

  let registry: string | null = null;
  const slash = rest.indexOf('/');
  if (slash > 0 && looksLikeRegistry(rest.slice(0, slash))) {
    registry = rest.slice(0, slash);
    rest = rest.slice(slash + 1);
  }

  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0 && !rest.slice(colon).includes('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (tag === '') return null;
  }
  if (rest === '' || rest.startsWith('/') || rest.endsWith('/')) return null;

  const isDockerHub = registry === null || DOCKER_HUB_HOSTS.has(registry.toLowerCase());
  let name = rest.toLowerCase();
  if (isDockerHub) {
    if (name.startsWith('library/')) name = name.slice('library/'.length);
  } else {
    name = `${registry!.toLowerCase()}/${name}`;
  }
  return { raw: text, registry, path: rest, tag, digest, name, isDockerHub };
}

/** Renders the parts back into a reference string. */
export function formatImageRef(parts: { registry?: string | null; path: string; tag?: string | null; digest?: string | null }): string {
  let out = parts.registry ? `${parts.registry}/${parts.path}` : parts.path;
  if (parts.tag) out += `:${parts.tag}`;
  if (parts.digest) out += `@${parts.digest}`;
  return out;
}
