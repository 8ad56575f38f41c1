/**
 * Images related to a resolved DHI tag: the other role's image of the same
 * app (split stages) and the dated `static` image for compiled binaries.
 */
import type { Catalog, DistroFamily, ImageFacts } from './catalog.js';
import type { Role } from './mapping.js';
import { sourceTable, type RoleShape } from './source-table.js';

/**
 * The image for the other role of the same app, on the same line and distro:
 * python `3.12-debian12-dev` <-> `3.12-debian12`, eclipse-temurin `21-jdk-dev`
 * <-> `21`, aspnetcore `8` -> dotnet `8-sdk`, maven `3.9-jdk21-dev` -> eclipse-temurin `21`.
 */
export function partnerTag(repo: string, tag: string, role: Role, catalog: Catalog): ImageFacts | undefined {
  const shape = catalog.shape(repo, tag);
  const facts = catalog.facts(repo, tag);
  if (!shape || !facts) return undefined;
  const table = sourceTable();
  const p: RoleShape = table.partners[repo]?.[role] ?? table.targets[repo]?.[role] ?? {};
  let version = shape.version;
  if (p.versionFromFlavour) {
    const re = new RegExp(p.versionFromFlavour);
    const hit = shape.flavour.map((f) => re.exec(f)?.[1]).find((v) => v !== undefined);
    if (!hit) return undefined;
    version = hit;
  }
  const family: DistroFamily = facts.distro.startsWith('alpine') ? 'alpine' : 'debian';
  const floating = shape.distroToken === 'alpine' || (family === 'debian' && facts.distro === 'debian13');
  const query = { repo: p.repo ?? repo, version, dev: p.dev ?? role === 'build', flavour: p.flavour ?? shape.flavour };
  const first = catalog.findTag({ ...query, distro: { family, exact: floating ? null : facts.distro } });
  if (first && first.distro === facts.distro) return first;
  // The floating -alpine alias can point at different Alpine releases per repo; pin the source's.
  return catalog.findTag({ ...query, distro: { family, exact: facts.distro } }) ?? first;
}

/** The current dated `static` tag: plain, `-glibc` (dynamic glibc binaries) or `-musl`, on a distro. */
export function staticImage(
  kind: 'static' | 'glibc' | 'musl',
  distro: { family: DistroFamily; exact: string | null },
  catalog: Catalog,
): ImageFacts | undefined {
  return catalog.findTag({ repo: 'static', version: null, distro, dev: false, flavour: kind === 'static' ? [] : [kind] });
}
