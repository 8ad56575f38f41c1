/**
 * Runtime images in other repositories than the build image's, on the same
 * distro: aspnetcore for a dotnet SDK, nginx for a static site, `static` for
 * compiled binaries. Same distro-pinning as partnerTag: a floating build tag
 * (`-alpine`, bare Debian 13) gets a floating runtime tag when both resolve to
 * the same release, else the exact one.
 */
import type { Catalog, DistroFamily, ImageFacts } from '../../src/catalog/catalog.js';
import { staticImage } from '../../src/catalog/mapping.js';
import type { StageImage } from '../../src/catalog/stage-image.js';

function distroOf(image: StageImage, catalog: Catalog): { family: DistroFamily; exact: string; floating: boolean } {
  const family: DistroFamily = image.facts.distro.startsWith('alpine') ? 'alpine' : 'debian';
  const token = catalog.shape(image.repo, image.tag)?.distroToken ?? '';
  const floating = token === 'alpine' || (family === 'debian' && image.facts.distro === 'debian13');
  return { family, exact: image.facts.distro, floating };
}

function pinned(query: (exact: string | null) => ImageFacts | undefined, d: { exact: string; floating: boolean }): ImageFacts | undefined {
  const first = query(d.floating ? null : d.exact);
  if (first && first.distro === d.exact) return first;
  return query(d.exact);
}

/** `repo` at `version` (null = newest line) on the build image's distro, runtime variant. */
export function runtimeOnSameDistro(
  catalog: Catalog,
  image: StageImage,
  repo: string,
  version: string | null,
  flavour: string[] = [],
): ImageFacts | undefined {
  const d = distroOf(image, catalog);
  return pinned((exact) => catalog.findTag({ repo, version, distro: { family: d.family, exact }, dev: false, flavour }), d);
}

/** The dated `static` image for a compiled binary built on this image's distro. */
export function staticOnSameDistro(catalog: Catalog, image: StageImage, kind: 'static' | 'glibc' | 'musl'): ImageFacts | undefined {
  const d = distroOf(image, catalog);
  return pinned((exact) => staticImage(kind, { family: d.family, exact }, catalog), d);
}

export function isAlpine(image: StageImage): boolean {
  return image.facts.distro.startsWith('alpine');
}
