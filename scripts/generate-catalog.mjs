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
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
// The conversion itself lives in src/catalog/catalog-data.ts (shared with
// `dhi-migrate catalog update`); this script is a thin wrapper over the build.
import { buildCatalogData, serializeCatalog, generate } from '../dist/src/catalog/catalog-data.js';

export { buildCatalogData, serializeCatalog, generate };

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_INPUT = resolve(REPO_ROOT, '..', 'shared', 'dhi-catalog', 'catalog.json');
export const DEFAULT_OUTPUT = join(REPO_ROOT, 'src', 'catalog', 'data', 'dhi-catalog.json');

function fail(message) {
  throw new Error(`generate-catalog: ${message}`);
}

function parseArgs(argv) {
  let input = DEFAULT_INPUT;
  let output = DEFAULT_OUTPUT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out') {
      if (!argv[i + 1]) fail('--out needs a path');
      output = resolve(argv[++i]);
    } else if (arg.startsWith('--out=')) {
      output = resolve(arg.slice('--out='.length));
    } else if (arg.startsWith('-')) {
      fail(`unknown option ${arg}`);
    } else {
      input = resolve(arg);
    }
  }
  return { input, output };
}

function main() {
  const { input, output } = parseArgs(process.argv.slice(2));
  let text;
  try {
    text = readFileSync(input, 'utf8');
  } catch (err) {
    fail(`cannot read ${input}: ${err.message}`);
  }
  const result = generate(text);
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, result);
  const data = JSON.parse(result);
  process.stdout.write(
    `wrote ${output}: ${data.repoCount} repos, ${data.definitionCount} definitions, ` +
      `${Buffer.byteLength(result)} bytes (catalog ${data.commit.slice(0, 10)}, ${data.date})\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main();
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
}
