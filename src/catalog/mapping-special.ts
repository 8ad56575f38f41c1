/**
 * Sources whose tag IS the distro (alpine, debian, ubuntu) and Google's
 * distroless images, whose name carries the flavour and distro and whose tag
 * only says root/nonroot/debug. Both read differently from the language
 * images, so they get their own small readers here.
 */
import type { ImageRef } from '../dockerfile/image-ref.js';
import type { Catalog } from './catalog.js';
import { mapParsed } from './map-parsed.js';
import type { MapOptions, MapResult, Role } from './mapping.js';
import { resolveTag } from './resolve.js';
import type { ParsedSourceTag } from './source-tags.js';
import { splitVersion } from './source-tags.js';
import { sourceTable, type SourceEntry } from './source-table.js';

const unmapped = (reason: string): MapResult => ({ kind: 'unmapped', reason });

export function mapBaseImage(ref: ImageRef, entry: SourceEntry, role: Role, catalog: Catalog, opts: MapOptions, label: string): MapResult {
  const dev = role === 'build';
  const tag = ref.tag === null || ref.tag === 'latest' ? null : ref.tag.toLowerCase();
  if (tag?.includes('$')) return unmapped(`${label}: the tag contains an unresolved variable`);
  const repo = entry.repo;

  if (entry.profile === 'ubuntu') {
    const facts = catalog.findTag({ repo, version: null, distro: { family: 'debian', exact: 'debian13' }, dev });
    if (!facts) return unmapped(`${label}: the catalog has no Debian 13 ${repo} image`);
    const warning = `${label}: DHI has no Ubuntu images; using Debian 13 (${repo}:${facts.tag}). Most package names are the same; PPAs and Ubuntu-only packages are not`;
    return { kind: 'mapped', repo, tag: facts.tag, facts, notes: [], warnings: [warning] };
  }

  if (entry.profile === 'alpine-base') {
    // alpine-base versions are the Alpine releases themselves (`3.22`).
    let version: string | null = null;
    const notes: string[] = [];
    if (tag !== null) {
      const v = splitVersion(tag, 2);
      if ('bad' in v) return unmapped(`${label}: "${tag}" is not an Alpine release DHI publishes (edge and snapshots have no DHI line)`);
      version = v.line;
      if (v.dropped) notes.push(`${label} pins a patch release; DHI tags Alpine releases, so ${v.line} is used`);
    }
    const res = resolveTag(catalog, {
      label,
      repo,
      flavour: [],
      dev,
      version,
      distro: { family: 'alpine', exact: null },
      noBump: opts.noBump,
      allowVariantFallback: false,
    });
    if (!res.ok) return unmapped(res.reason);
    const warnings =
      version === null ? [`${label}: DHI publishes no latest tag; using ${res.facts.tag} (the newest Alpine release). Pin a version`] : [];
    return {
      kind: 'mapped',
      repo,
      tag: res.facts.tag,
      facts: res.facts,
      notes: [...notes, ...res.notes],
      warnings: [...warnings, ...res.warnings],
    };
  }

  // debian-base: versions are codenames, one per Debian release.
  const table = sourceTable();
  const tokens = (tag ?? 'latest').split('-');
  const notes: string[] = [];
  const warnings: string[] = [];
  const first = tokens[0]!;
  let release: number | undefined = table.debianCodenames[first] ?? table.debianAliases[first];
  if (release === undefined && /^\d+(\.\d+)*$/.test(first)) {
    release = Number(first.split('.')[0]);
    if (first.includes('.')) notes.push(`${label} pins a point release; DHI tags Debian by codename`);
  }
  if (release === undefined)
    return unmapped(`${label}: "${first}" is not a Debian release DHI publishes (testing/unstable have no DHI line)`);
  for (const token of tokens.slice(1)) {
    if (token === 'slim') notes.push(`${label}: DHI debian-base has no -slim variant; its runtime image is already minimal`);
    else if (/^\d{8}$/.test(token)) notes.push(`${label}: dropped the dated snapshot "${token}"; DHI tags follow the release`);
    else return unmapped(`${label}: unrecognised tag suffix "${token}"; no DHI mapping is guessed`);
  }
  if (tag === null || first === 'latest' || first === 'stable') {
    warnings.push(`${label}: a floating Debian tag; using Debian ${release}, the current stable release. Pin a release`);
  }
  const codename = (n: number) => Object.keys(table.debianCodenames).find((k) => table.debianCodenames[k] === n) ?? `Debian ${n}`;
  let target = release;
  if (release < 12) {
    if (opts.noBump)
      return unmapped(
        `${label} (Debian ${release}) has no DHI line; left unchanged because of --no-bump (nearest newer supported: bookworm)`,
      );
    target = 12;
    warnings.push(`${label} (Debian ${release}) has no DHI line; bumped to bookworm (nearest newer supported)`);
  } else if (release > 13) {
    return unmapped(`${label}: Debian ${release} (${codename(release)}) is not released on DHI yet (newest: trixie)`);
  }
  const facts = catalog.findTag({ repo, version: null, distro: { family: 'debian', exact: `debian${target}` }, dev });
  if (!facts) return unmapped(`${label}: the catalog has no ${repo} image for Debian ${target}`);
  return { kind: 'mapped', repo, tag: facts.tag, facts, notes, warnings };
}

/** gcr.io/distroless/<flavour>[<version>][-debianNN]:<latest|nonroot|debug|debug-nonroot>[-<arch>] */
export function mapDistroless(ref: ImageRef, role: Role, catalog: Catalog, opts: MapOptions, label: string): MapResult {
  const table = sourceTable();
  const path = ref.name.slice('gcr.io/distroless/'.length);
  const m = /^(.+?)(?:-(debian\d+))?$/.exec(path)!;
  let key = m[1]!;
  const exact = m[2] ?? null;
  let nameVersion: string | null = null;
  let entry = table.distroless[key];
  if (!entry) {
    const split = /^([a-z-]+?)(\d+)$/.exec(key);
    if (split && table.distroless[split[1]!]?.versionFromName) {
      key = split[1]!;
      nameVersion = split[2]!;
      entry = table.distroless[key];
    }
  }
  if (!entry) return unmapped(`${ref.name}: no DHI equivalent known for this distroless flavour`);

  const notes: string[] = [];
  const warnings: string[] = [];
  for (const token of (ref.tag ?? 'latest').toLowerCase().split('-')) {
    if (token === 'latest' || token === 'nonroot') continue;
    if (token === 'debug') {
      warnings.push(
        `${label}: the debug variant has a busybox shell; the DHI image has none (use docker debug or the -dev tag to inspect it)`,
      );
    } else if (table.archTokens.includes(token)) {
      notes.push(`${label}: dropped the architecture suffix "${token}"; DHI tags are multi-platform`);
    } else {
      return unmapped(`${label}: unrecognised distroless tag "${ref.tag}"`);
    }
  }
  if (entry.warning) warnings.push(`${label}: ${entry.warning}`);
  const distro = { family: 'debian' as const, exact };

  if (entry.static) {
    const flavour = entry.static === 'static' ? [] : [entry.static];
    const res = resolveTag(catalog, {
      label,
      repo: 'static',
      flavour,
      dev: false,
      version: null,
      distro,
      noBump: opts.noBump,
      allowVariantFallback: false,
    });
    if (!res.ok) return unmapped(res.reason);
    notes.push(`${label}: dhi.io/static is versioned by date; using the current snapshot ${res.facts.tag}`);
    return {
      kind: 'mapped',
      repo: 'static',
      tag: res.facts.tag,
      facts: res.facts,
      notes: [...notes, ...res.notes],
      warnings: [...warnings, ...res.warnings],
    };
  }

  const version = nameVersion ?? entry.versionByDistro?.[exact ?? 'debian13'] ?? null;
  const parsed: ParsedSourceTag = {
    version,
    untagged: version === null,
    latest: version === null,
    distro: { family: 'debian', exact, os: null, stated: exact !== null },
    flavour: [],
    kind: 'jre',
    jdk: null,
    notes,
    warnings,
  };
  const sourceEntry: SourceEntry = { repo: entry.repo!, lineDepth: 2 };
  return mapParsed(label, sourceEntry, parsed, role, catalog, opts);
}
