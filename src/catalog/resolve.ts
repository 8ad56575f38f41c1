/**
 * The tag policy: given a DHI repo, the variant wanted (flavour, -dev) and
 * what the source tag asked for (version line, distro), pick a published tag.
 *
 * Order of preference, each step only when the previous one finds nothing:
 *   1. the same line on the requested distro (a floating major with no
 *      floating tag there resolves to its newest minor, noted);
 *   2. the same line on the nearest other release of the same family
 *      (bookworm -> Debian 13, alpine3.21 -> alpine3.22), noted or warned;
 *   3. the nearest NEWER line at the same precision, with a warning
 *      (unmapped under --no-bump);
 * and, when the repo has no image of that variant or family at all, the
 * other variant (-dev vs runtime) and then the other family, with a warning.
 */
import { compareDistro, newestLine, type Catalog, type DistroFamily, type DistroSpec, type ImageFacts, type TagLine } from './catalog.js';
import { compareParts, versionParts } from './tag-shape.js';

export interface ResolveRequest {
  /** The source as written (`python:3.9-alpine`), for messages. */
  label: string;
  repo: string;
  flavour: string[];
  dev: boolean;
  /** Line to look up; null = newest. */
  version: string | null;
  distro: { family: DistroFamily; exact: string | null };
  noBump: boolean;
  /** Allow the other variant when the wanted one does not exist (false for explicit shapes). */
  allowVariantFallback: boolean;
}

export type Resolution = { ok: true; facts: ImageFacts; notes: string[]; warnings: string[] } | { ok: false; reason: string };

interface Candidate {
  spec: DistroSpec;
  /** Message when this candidate is used: it is not what the source asked for. */
  message?: { kind: 'note' | 'warning'; text: string };
}

const debianNumber = (d: string): number => Number(d.replace('debian', ''));
const alpineLabel = (d: string): string => `Alpine ${d.replace('alpine', '')}`;

function candidates(catalog: Catalog, req: ResolveRequest, family: DistroFamily, exact: string | null): Candidate[] {
  const { label, repo } = req;
  const distros = catalog.distros(repo);
  if (family === 'debian') {
    const wanted = exact ? debianNumber(exact) : 13;
    if (wanted === 13) return [{ spec: { family, exact: null } }];
    const to13 = { kind: 'warning' as const, text: '' };
    if (wanted > 13) {
      to13.text = `${label}: Debian ${wanted} is newer than any DHI image; using Debian 13`;
      return [{ spec: { family, exact: null }, message: to13 }];
    }
    const has12 = distros.includes('debian12');
    to13.text =
      wanted === 12
        ? `${label}: DHI ${repo} has no Debian 12 (bookworm) image${has12 ? ' for this line' : 's'}; using Debian 13`
        : `${label}: Debian ${wanted} has no DHI images${has12 ? ' and this line has no Debian 12 image' : ''}; using Debian 13`;
    const list: Candidate[] = [];
    if (has12) {
      const text = `${label}: Debian ${wanted} has no DHI images; using Debian 12, the nearest newer`;
      list.push({ spec: { family, exact: 'debian12' }, ...(wanted < 12 ? { message: { kind: 'warning', text } } : {}) });
    }
    list.push({ spec: { family, exact: null }, message: to13 });
    return list;
  }
  const alpines = distros.filter((d) => d.startsWith('alpine')).sort(compareDistro);
  if (exact === null) {
    const floating: Candidate = { spec: { family, exact: null } };
    const pinned = [...alpines].reverse().map<Candidate>((d) => ({
      spec: { family, exact: d },
      message: { kind: 'note', text: `${label}: the floating -alpine tag has no such line in DHI ${repo}; using ${d}` },
    }));
    return [floating, ...pinned];
  }
  const newer = alpines.filter((d) => compareDistro(d, exact) >= 0);
  if (newer.length === 0) {
    return [...alpines].reverse().map((d) => ({
      spec: { family, exact: d },
      message: { kind: 'warning', text: `${label}: ${alpineLabel(exact)} is newer than any DHI ${repo} image; using ${d}` },
    }));
  }
  return newer.map((d) => {
    if (d === exact) return { spec: { family, exact: d } };
    const what = alpines.includes(exact)
      ? `this line has no ${alpineLabel(exact)} image`
      : `${alpineLabel(exact)} has no DHI ${repo} image`;
    return { spec: { family, exact: d }, message: { kind: 'note', text: `${label}: ${what}; using ${d}, the nearest newer` } };
  });
}

export function resolveTag(catalog: Catalog, req: ResolveRequest): Resolution {
  const other: DistroFamily = req.distro.family === 'debian' ? 'alpine' : 'debian';
  const attempts = [
    { dev: req.dev, family: req.distro.family, exact: req.distro.exact },
    ...(req.allowVariantFallback ? [{ dev: !req.dev, family: req.distro.family, exact: req.distro.exact }] : []),
    { dev: req.dev, family: other, exact: null },
    ...(req.allowVariantFallback ? [{ dev: !req.dev, family: other, exact: null }] : []),
  ];
  for (const attempt of attempts) {
    const cands = candidates(catalog, req, attempt.family, attempt.exact).map((c) => {
      const query = { repo: req.repo, distro: c.spec, dev: attempt.dev, flavour: req.flavour };
      let lines: TagLine[] | undefined;
      // Lines are only listed when an exact lookup fails (bumps, newest, floating majors).
      return { ...c, query, lines: () => (lines ??= catalog.lines(query)) };
    });
    if (!cands.some((c) => catalog.hasLines(c.query))) continue;
    const result = pickLine(catalog, req, attempt.dev, cands);
    if (!result.ok) return result;
    if (attempt.family !== req.distro.family) {
      result.warnings.push(
        `${req.label}: DHI ${req.repo} has no ${cap(req.distro.family)} image of this kind; using ${result.facts.tag} (${result.facts.distro}), so the package manager changes`,
      );
    }
    if (attempt.dev !== req.dev) {
      const f = result.facts;
      const lacks = [f.packageManager ? '' : 'no package manager', f.shell ? '' : 'no shell'].filter(Boolean).join(' and ');
      result.warnings.push(
        req.dev
          ? `${req.label}: DHI ${req.repo} has no -dev image of this kind; the build stage uses ${f.tag}${lacks ? `, which has ${lacks}` : ''}`
          : `${req.label}: DHI ${req.repo} has no runtime (non-dev) image of this kind; using ${f.tag}, which runs as ${f.user}${f.shell ? ' with a shell' : ''}`,
      );
    }
    return result;
  }
  const what = [req.flavour.length ? `-${req.flavour.join('-')}` : '', req.dev ? '-dev' : ' runtime'].join('');
  return { ok: false, reason: `${req.label}: DHI ${req.repo} publishes no ${what.trim()} tags` };
}

type Scored = Candidate & { lines: () => TagLine[] };

function pickLine(catalog: Catalog, req: ResolveRequest, dev: boolean, cands: Scored[]): Resolution {
  const { label, repo, version } = req;
  if (version === null) {
    for (const c of cands) {
      const line = newestLine(c.lines());
      if (line) return ok(c, line.facts);
    }
    return { ok: false, reason: `${label}: cannot tell the newest DHI ${repo} line` };
  }
  const wanted = versionParts(version);
  for (const c of cands) {
    const facts = catalog.findTag({ repo, version, distro: c.spec, dev, flavour: req.flavour });
    if (facts) return ok(c, facts);
    if (wanted?.length === 1) {
      // No floating major on this distro (ruby `3-alpine3.23`): its newest minor is the same line.
      const within = c
        .lines()
        .filter((l) => l.parts?.length === 2 && l.parts[0] === wanted[0])
        .at(-1);
      if (within) {
        const r = ok(c, within.facts);
        r.notes.push(`${label}: DHI ${repo} has no floating ${version} tag here; using ${within.version}, the newest ${version}.x line`);
        return r;
      }
    }
  }
  if (wanted) {
    for (const c of cands) {
      const next = c.lines().find((l) => l.parts && l.parts.length === wanted.length && compareParts(l.parts, wanted) > 0);
      if (!next) continue;
      if (req.noBump) {
        return {
          ok: false,
          reason: `${label} has no DHI line; left unchanged because of --no-bump (nearest newer supported: ${next.version})`,
        };
      }
      const r = ok(c, next.facts);
      r.warnings.unshift(`${label} has no DHI line; bumped to ${next.version} (nearest newer supported)`);
      return r;
    }
  }
  const newest = newestLineAnyPrecision(cands[0]!.lines());
  let tail = newest ? ` (newest: ${newest})` : '';
  const family = cands[0]!.spec.family;
  const elsewhere = catalog.findTag({
    repo,
    version,
    dev,
    flavour: req.flavour,
    distro: { family: family === 'debian' ? 'alpine' : 'debian', exact: null },
  });
  if (elsewhere) tail += `; ${version} is published only on ${family === 'debian' ? 'Alpine' : 'Debian'} (${repo}:${elsewhere.tag})`;
  return wanted
    ? { ok: false, reason: `${label} has no DHI line and no newer supported line exists${tail}` }
    : { ok: false, reason: `${label}: DHI ${repo} has no "${version}" tag${tail}` };
}

function newestLineAnyPrecision(lines: TagLine[]): string | undefined {
  return lines.filter((l) => l.parts).at(-1)?.version;
}

function ok(c: Candidate, facts: ImageFacts): { ok: true; facts: ImageFacts; notes: string[]; warnings: string[] } {
  const r = { ok: true as const, facts, notes: [] as string[], warnings: [] as string[] };
  if (c.message) (c.message.kind === 'note' ? r.notes : r.warnings).push(c.message.text);
  return r;
}

const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);
