#!/usr/bin/env node
/**
 * Generates src/catalog/data/dhi-catalog.json from the DHI catalog dataset
 * (../shared/dhi-catalog/catalog.json, see ../shared/dhi-facts.md §13).
 *
 *   node scripts/generate-catalog.mjs [input.json] [--out output.json]
 *
 * Run `npm run build` first (`npm run catalog:generate` does). The output is
 * committed so the tool works without ../shared. It keeps every
 * definition field the tool reads, drops the per-repo categories, and omits
 * fields whose value is null (the loader reads an absent field as null), which
 * keeps the file under 1 MB. Repos are sorted by name and definitions by
 * their catalog file, one definition per line, so regenerating from the same
 * snapshot is byte-identical and a new snapshot diffs line by line.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainModule, runGenerator } from './lib/generator-cli.mjs';
// The conversion itself lives in src/catalog/catalog-data.ts (shared with
// `dhi-migrate catalog update`); this script is a thin wrapper over the build.
import { buildCatalogData, serializeCatalog, generate } from '../dist/src/catalog/catalog-data.js';

export { buildCatalogData, serializeCatalog, generate };

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_INPUT = resolve(REPO_ROOT, '..', 'shared', 'dhi-catalog', 'catalog.json');
export const DEFAULT_OUTPUT = join(REPO_ROOT, 'src', 'catalog', 'data', 'dhi-catalog.json');

if (isMainModule(import.meta.url)) {
  runGenerator({
    name: 'generate-catalog',
    defaultInput: DEFAULT_INPUT,
    defaultOutput: DEFAULT_OUTPUT,
    generate,
    summary: (result) => {
      const data = JSON.parse(result);
      return (
        `${data.repoCount} repos, ${data.definitionCount} definitions, ` +
        `${Buffer.byteLength(result)} bytes (catalog ${data.commit.slice(0, 10)}, ${data.date})`
      );
    },
  });
}
