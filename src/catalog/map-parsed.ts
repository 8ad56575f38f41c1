/**
 * Resolution of a parsed source tag on its DHI repo: picks the role's shape
 * (flavour, -dev), applies the Java and JDK-tool specifics, runs the tag
 * policy (resolve.ts) and collects the messages.
 */
import type { Catalog, DistroFamily } from './catalog.js';
import type { MapOptions, MapResult, Role } from './mapping.js';
import { resolveTag, type Resolution } from './resolve.js';
import type { ParsedSourceTag } from './source-tags.js';
import { sourceTable, type RoleShape, type SourceEntry } from './source-table.js';
import { partnerTag } from './partner.js';
import { compareParts, versionParts } from './tag-shape.js';

/** Resolves a parsed source tag on its DHI repo; shared with the distroless mapping. */
export function mapParsed(
  label: string,
  entry: SourceEntry,
  parsed: ParsedSourceTag,
  role: Role,
  catalog: Catalog,
  opts: MapOptions,
): MapResult {
  const table = sourceTable();
  const repo = entry.repo;
  const shape: RoleShape = { ...table.targets[repo]?.[role], ...entry.roles?.[role] };
  let flavour = shape.flavour ?? parsed.flavour;
  let dev = shape.dev ?? role === 'build';
  const notes = entry.note ? [`${label}: ${entry.note}`] : [];
  const warnings: string[] = [];

  if (entry.profile === 'java' && role === 'runtime') {
    if (parsed.kind === 'jdk' && (opts.jdkAtRuntime ?? 'jdk-dev') === 'jdk-dev') {
      flavour = ['jdk'];
      dev = true;
      warnings.push(
        `${label} asks for a JDK in the final stage; DHI ${repo} has no runtime JDK, so it stays on the -jdk-dev image (root, shell). If the stage only runs java, the JRE tag without -dev is enough`,
      );
    } else if (parsed.kind !== 'jre') {
      notes.push(`${label}: DHI ${repo} runtime tags are JREs; the JDK is only in the -jdk-dev tags`);
    }
  }
  if (entry.profile === 'jdk-tool') {
    const jdk = pickJdk(label, repo, parsed.jdk, dev, catalog, opts);
    if ('reason' in jdk) return { kind: 'unmapped', reason: jdk.reason };
    flavour = [`jdk${jdk.jdk}`];
    notes.push(...jdk.notes);
    warnings.push(...jdk.warnings);
  }

  let family: DistroFamily = parsed.distro.family;
  if (!parsed.distro.stated && parsed.untagged && !entry.family && opts.preferDistro) family = opts.preferDistro;
  const res: Resolution = resolveTag(catalog, {
    label,
    repo,
    flavour,
    dev,
    version: parsed.version,
    distro: { family, exact: parsed.distro.exact },
    noBump: opts.noBump,
    allowVariantFallback: shape.dev === undefined,
  });
  if (!res.ok) return { kind: 'unmapped', reason: res.reason };

  if (parsed.distro.os) {
    const text = `${label}: DHI has no ${parsed.distro.os} images; using Debian (${res.facts.distro})`;
    (parsed.distro.stated ? warnings : notes).push(text);
  } else if (!parsed.distro.stated && entry.defaultOs && res.facts.distro.startsWith('debian')) {
    notes.push(`${label}: the Docker Hub image is ${entry.defaultOs}-based; DHI uses Debian (${res.facts.distro})`);
  }
  if (parsed.untagged) {
    const line = catalog.shape(repo, res.facts.tag)?.version;
    const current = catalog.currentVersion(repo, res.facts.tag);
    const also = current !== undefined && current !== line ? `, currently ${current}` : '';
    const why = parsed.latest ? 'DHI publishes no latest tag' : 'the tag names no version';
    warnings.unshift(`${label}: ${why}; using ${res.facts.tag} (the newest line${also}). Pin a version`);
  }
  if (shape.note) notes.push(`${label}: ${shape.note}`);
  if (entry.profile === 'jdk-tool' && role === 'runtime' && res.facts.variant === 'dev') {
    const jre = partnerTag(repo, res.facts.tag, 'runtime', catalog);
    if (jre && jre.repo !== repo) notes.push(`${label}: a final stage that only runs java can use ${jre.repo}:${jre.tag} instead`);
  }
  if (shape.warning) warnings.push(`${label}: ${shape.warning}`);
  return {
    kind: 'mapped',
    repo,
    tag: res.facts.tag,
    facts: res.facts,
    notes: [...notes, ...parsed.notes, ...res.notes],
    warnings: [...parsed.warnings, ...warnings, ...res.warnings],
  };
}

/** maven/gradle/tomcat: the JDK flavour (`jdk21`) from what the tag asked, or the newest offered. */
function pickJdk(
  label: string,
  repo: string,
  asked: string | null,
  dev: boolean,
  catalog: Catalog,
  opts: MapOptions,
): { jdk: string; notes: string[]; warnings: string[] } | { reason: string } {
  const offered = [...catalog.flavours(repo, dev), ...catalog.flavours(repo, !dev)]
    .map((f) => (f.length === 1 ? /^jdk(\d+)$/.exec(f[0]!)?.[1] : undefined))
    .filter((v): v is string => v !== undefined)
    .filter((v, i, all) => all.indexOf(v) === i)
    .sort((a, b) => Number(a) - Number(b));
  if (offered.length === 0) return { reason: `${label}: DHI ${repo} publishes no jdk<N> tags` };
  if (asked === null) {
    const jdk = offered.at(-1)!;
    return {
      jdk,
      notes: [`${label} does not name a JDK; using jdk${jdk}, the newest DHI ${repo} offers (${offered.join(', ')})`],
      warnings: [],
    };
  }
  if (offered.includes(asked)) return { jdk: asked, notes: [], warnings: [] };
  const next = offered.find((v) => compareParts(versionParts(v)!, versionParts(asked)!) > 0);
  if (!next) return { reason: `${label}: DHI ${repo} offers no JDK ${asked} or newer (offered: ${offered.join(', ')})` };
  if (opts.noBump) {
    return {
      reason: `${label}: DHI ${repo} has no JDK ${asked}; left unchanged because of --no-bump (nearest newer supported: jdk${next})`,
    };
  }
  return { jdk: next, notes: [], warnings: [`${label}: DHI ${repo} has no JDK ${asked}; bumped to jdk${next} (nearest newer supported)`] };
}
