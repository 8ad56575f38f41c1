/**
 * The catalog dataset -> the compact catalog file the tool loads. Pure and
 * shared by scripts/generate-catalog.mjs (the committed snapshot) and
 * `dhi-migrate catalog update` (the user's cache).
 *
 * The output keeps every definition field the tool reads, drops the per-repo
 * categories, and omits null fields (the loader reads an absent field as
 * null). Repos are sorted by name and definitions by their catalog file, one
 * definition per line, so the same snapshot always gives the same bytes and a
 * new snapshot diffs line by line.
 */

/** Field order of a definition in the output; also the set of fields kept. */
const FIELDS = ['file', 'distro', 'variant', 'tags', 'user', 'uid', 'entrypoint', 'cmd', 'workdir', 'shell', 'packageManager', 'path', 'ports', 'endOfLife'] as const;
/** Fields that must be present and non-null in every definition. */
const REQUIRED = new Set<string>(['file', 'distro', 'variant', 'tags', 'user', 'shell', 'packageManager']);

export interface RawDataset {
  source: string;
  commit: string;
  date: string;
  repos: Record<string, { definitions: Record<string, unknown>[]; categories?: string[] }>;
}

export interface CatalogData {
  generatedBy: string;
  source: string;
  commit: string;
  date: string;
  repoCount: number;
  definitionCount: number;
  repos: Record<string, Record<string, unknown>[]>;
}

function fail(message: string): never {
  throw new Error(`generate-catalog: ${message}`);
}

/** Throws on shapes the tool could not rely on (missing fields, a tag in two definitions of one repo). */
export function buildCatalogData(raw: unknown, generatedBy = 'scripts/generate-catalog.mjs'): CatalogData {
  const r = raw as Partial<RawDataset> | null;
  if (!r || typeof r !== 'object' || !r.repos) fail('input has no "repos" object');
  for (const key of ['source', 'commit', 'date'] as const) {
    if (typeof r[key] !== 'string') fail(`input has no "${key}" string`);
  }
  const repos: Record<string, Record<string, unknown>[]> = {};
  let definitionCount = 0;
  for (const repo of Object.keys(r.repos!).sort()) {
    const defs = r.repos![repo]!.definitions;
    if (!Array.isArray(defs)) fail(`repo ${repo} has no definitions array`);
    const seenTags = new Map<string, unknown>();
    const out = defs.map((def) => {
      const compact: Record<string, unknown> = {};
      for (const field of FIELDS) {
        const value = def[field];
        if (value === undefined || value === null) {
          if (REQUIRED.has(field)) fail(`${repo}/${String(def.file ?? '?')}: missing "${field}"`);
          continue;
        }
        compact[field] = value;
      }
      if (compact.variant !== 'runtime' && compact.variant !== 'dev') fail(`${repo}/${String(compact.file)}: unknown variant ${JSON.stringify(compact.variant)}`);
      for (const tag of compact.tags as string[]) {
        if (seenTags.has(tag)) fail(`${repo}: tag ${tag} in both ${String(seenTags.get(tag))} and ${String(compact.file)}`);
        seenTags.set(tag, compact.file);
      }
      return compact;
    });
    out.sort((a, b) => (String(a.file) < String(b.file) ? -1 : String(a.file) > String(b.file) ? 1 : 0));
    definitionCount += out.length;
    repos[repo] = out;
  }
  return { generatedBy, source: r.source!, commit: r.commit!, date: r.date!, repoCount: Object.keys(repos).length, definitionCount, repos };
}

/** Catalog object -> file text (one definition per line, trailing newline). */
export function serializeCatalog(data: CatalogData): string {
  const lines = ['{'];
  for (const key of ['generatedBy', 'source', 'commit', 'date', 'repoCount', 'definitionCount'] as const) {
    lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(data[key])},`);
  }
  lines.push('  "repos": {');
  const names = Object.keys(data.repos);
  names.forEach((repo, i) => {
    const defs = data.repos[repo]!;
    lines.push(`    ${JSON.stringify(repo)}: [`);
    defs.forEach((def, j) => lines.push(`      ${JSON.stringify(def)}${j < defs.length - 1 ? ',' : ''}`));
    lines.push(`    ]${i < names.length - 1 ? ',' : ''}`);
  });
  lines.push('  }', '}');
  return lines.join('\n') + '\n';
}

/** Dataset text -> output text. Used by the drift test. */
export function generate(rawText: string): string {
  return serializeCatalog(buildCatalogData(JSON.parse(rawText)));
}
