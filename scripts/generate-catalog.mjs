#!/usr/bin/env node
/**
 * Generates src/catalog/data/dhi-catalog.json from the DHI catalog dataset
 * (../shared/dhi-catalog/catalog.json, see ../shared/dhi-facts.md §13).
 *
 *   node scripts/generate-catalog.mjs [input.json] [--out output.json]
 *
 * The output is committed so the tool works without ../shared. It keeps every
 * definition field the tool reads, drops the per-repo categories, and omits
 * fields whose value is null (the loader reads an absent field as null), which
 * keeps the file under 1 MB. Repos are sorted by name and definitions by
 * their catalog file, one definition per line, so regenerating from the same
 * snapshot is byte-identical and a new snapshot diffs line by line.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_INPUT = resolve(REPO_ROOT, '..', 'shared', 'dhi-catalog', 'catalog.json');
export const DEFAULT_OUTPUT = join(REPO_ROOT, 'src', 'catalog', 'data', 'dhi-catalog.json');

/** Field order of a definition in the output; also the set of fields kept. */
const FIELDS = [
  'file',
  'distro',
  'variant',
  'tags',
  'user',
  'uid',
  'entrypoint',
  'cmd',
  'workdir',
  'shell',
  'packageManager',
  'path',
  'ports',
  'endOfLife',
];
/** Fields that must be present and non-null in every definition. */
const REQUIRED = new Set(['file', 'distro', 'variant', 'tags', 'user', 'shell', 'packageManager']);

function fail(message) {
  throw new Error(`generate-catalog: ${message}`);
}

/**
 * Pure: raw dataset object -> compact catalog object (keys in output order).
 * Throws on shapes the tool could not rely on (missing fields, a tag in two
 * definitions of one repo), so a bad snapshot fails here and not at run time.
 */
export function buildCatalogData(raw) {
  if (!raw || typeof raw !== 'object' || !raw.repos) fail('input has no "repos" object');
  for (const key of ['source', 'commit', 'date']) {
    if (typeof raw[key] !== 'string') fail(`input has no "${key}" string`);
  }
  const repos = {};
  let definitionCount = 0;
  for (const repo of Object.keys(raw.repos).sort()) {
    const defs = raw.repos[repo].definitions;
    if (!Array.isArray(defs)) fail(`repo ${repo} has no definitions array`);
    const seenTags = new Map();
    const out = defs.map((def) => {
      const compact = {};
      for (const field of FIELDS) {
        const value = def[field];
        if (value === undefined || value === null) {
          if (REQUIRED.has(field)) fail(`${repo}/${def.file ?? '?'}: missing "${field}"`);
          continue;
        }
        compact[field] = value;
      }
      if (compact.variant !== 'runtime' && compact.variant !== 'dev') {
        fail(`${repo}/${compact.file}: unknown variant ${JSON.stringify(compact.variant)}`);
      }
      for (const tag of compact.tags) {
        if (seenTags.has(tag)) fail(`${repo}: tag ${tag} in both ${seenTags.get(tag)} and ${compact.file}`);
        seenTags.set(tag, compact.file);
      }
      return compact;
    });
    out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    definitionCount += out.length;
    repos[repo] = out;
  }
  return {
    generatedBy: 'scripts/generate-catalog.mjs',
    source: raw.source,
    commit: raw.commit,
    date: raw.date,
    repoCount: Object.keys(repos).length,
    definitionCount,
    repos,
  };
}

/** Pure: catalog object -> file text (one definition per line, trailing newline). */
export function serializeCatalog(data) {
  const lines = ['{'];
  for (const key of ['generatedBy', 'source', 'commit', 'date', 'repoCount', 'definitionCount']) {
    lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(data[key])},`);
  }
  lines.push('  "repos": {');
  const names = Object.keys(data.repos);
  names.forEach((repo, i) => {
    const defs = data.repos[repo];
    lines.push(`    ${JSON.stringify(repo)}: [`);
    defs.forEach((def, j) => lines.push(`      ${JSON.stringify(def)}${j < defs.length - 1 ? ',' : ''}`));
    lines.push(`    ]${i < names.length - 1 ? ',' : ''}`);
  });
  lines.push('  }', '}');
  return lines.join('\n') + '\n';
}

/** Pure: dataset text -> output text. Used by the drift test. */
export function generate(rawText) {
  return serializeCatalog(buildCatalogData(JSON.parse(rawText)));
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
