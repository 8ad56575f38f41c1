/**
 * `dhi-migrate catalog update --from DIR | info | show <repo>`: refresh the
 * catalog from a local checkout of the DHI catalog definitions into the
 * user's cache, say which snapshot is in use, and list a repository's tags.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Catalog, compareDistro } from '../../catalog/catalog.js';
import { buildCatalogData, serializeCatalog } from '../../catalog/catalog-data.js';
import { DefinitionError, readCatalogCheckout } from '../../catalog/definitions.js';
import { activeCatalogFile, userCatalogPath } from '../../catalog/user-cache.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { EXIT_CHANGES, EXIT_OK, UsageError } from '../errors.js';
import type { Io } from '../output.js';

export async function runCatalogUpdate(from: string, io: Io): Promise<number> {
  let text: string;
  let data: ReturnType<typeof buildCatalogData>;
  try {
    data = buildCatalogData(readCatalogCheckout(from), 'dhi-migrate catalog update');
    text = serializeCatalog(data);
    Catalog.fromData(JSON.parse(text)); // the tool must be able to load what it writes
  } catch (err) {
    if (err instanceof DefinitionError || (err instanceof Error && err.message.startsWith('generate-catalog:'))) {
      throw new UsageError(`catalog update: ${err.message.replace(/^generate-catalog: /, '')}`);
    }
    throw err;
  }
  const out = userCatalogPath();
  await mkdir(dirname(out), { recursive: true });
  await writeFileAtomic(out, text);
  io.stdout(`wrote ${out}: ${data.repoCount} repositories, ${data.definitionCount} definitions (catalog ${data.commit.slice(0, 12)}, ${data.date})\n`);
  return EXIT_OK;
}

export function runCatalogInfo(io: Io): number {
  const active = activeCatalogFile();
  const c = Catalog.fromFile(active.path);
  const where = active.kind === 'user-cache' ? 'user cache (dhi-migrate catalog update)' : 'built-in snapshot';
  io.stdout(
    [
      `catalog:  ${where}`,
      `file:     ${active.path}`,
      `source:   ${c.snapshot.source}`,
      `commit:   ${c.snapshot.commit}`,
      `date:     ${c.snapshot.date}`,
      `repos:    ${c.repos().length}`,
      ...(active.kind === 'builtin' ? [`cache:    ${userCatalogPath()} (absent; 'dhi-migrate catalog update --from DIR' writes it)`] : []),
    ].join('\n') + '\n',
  );
  return EXIT_OK;
}

/** Tags of one repository, grouped by distro and variant, one definition per line. */
export function runCatalogShow(repo: string, io: Io): number {
  const c = Catalog.builtin();
  if (!c.hasRepo(repo)) {
    const near = c.repos().filter((r) => r.includes(repo) || repo.includes(r)).slice(0, 5);
    io.stderr(`dhi-migrate: no DHI repository "${repo}" in the catalog snapshot${near.length ? ` (did you mean: ${near.join(', ')}?)` : ''}\n`);
    return EXIT_CHANGES;
  }
  const distros = [...c.distros(repo)].sort((a, b) => -compareDistro(a, b));
  io.stdout(`dhi.io/${repo} (catalog ${c.snapshot.date})\n`);
  for (const distro of distros) {
    for (const variant of ['runtime', 'dev'] as const) {
      const defs = c.definitions(repo, distro, variant);
      if (defs.length === 0) continue;
      io.stdout(`\n${distro} ${variant}\n`);
      const tagLists = c.definitionTags(repo, distro, variant);
      defs.forEach((d, i) => {
        const facts = `user ${d.user}${d.uid !== null ? ` (${d.uid})` : ''}, shell ${d.shell ? 'yes' : 'no'}${d.endOfLife ? `, end of life ${d.endOfLife}` : ''}`;
        io.stdout(`  ${tagLists[i]!.join(', ')}\n    ${facts}\n`);
      });
    }
  }
  return EXIT_OK;
}
