/**
 * "Never invent a tag": every dhi.io reference the project writes or expects
 * anywhere (fixtures, build-test cases, docs, examples after migration) must
 * exist in the catalog snapshot.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateText } from '../src/engine/engine.js';
import { withDefaults } from '../src/engine/options.js';
import { Catalog } from '../src/catalog/catalog.js';
import { allRules } from '../rules/index.js';
import { directoryContext } from '../src/cli/migrate-file.js';
import { dhiRefs } from './support.js';

const root = join(import.meta.dirname, '..');

function walk(dir: string, keep: (path: string) => boolean, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, keep, out);
    else if (keep(path)) out.push(path);
  }
  return out;
}

const isDockerfile = (p: string) => /(^|\/)(Dockerfile|Containerfile)([.][^/]*)?$|\.Dockerfile$/.test(p);

describe('every dhi.io reference exists in the catalog', () => {
  const catalog = Catalog.builtin();
  const missing = (text: string) => dhiRefs(text).filter(([repo, tag]) => !catalog.hasTag(repo, tag)).map(([r, t]) => `dhi.io/${r}:${t}`);

  it('in fixtures, build-test cases and documentation', () => {
    const files = [
      ...walk(join(root, 'fixtures'), isDockerfile),
      // Dockerfile.unknown-tag is the harness's negative case: a tag that must NOT exist.
      ...walk(join(root, 'test'), (p) => isDockerfile(p) && !p.endsWith('.unknown-tag')),
      join(root, 'README.md'),
    ];
    expect(files.length).toBeGreaterThan(20);
    const problems = files.flatMap((f) => missing(readFileSync(f, 'utf8')).map((ref) => `${relative(root, f)}: ${ref}`));
    expect(problems).toEqual([]);
  });

  it('in the migrated examples', () => {
    const files = walk(join(root, 'examples'), isDockerfile);
    expect(files.length).toBeGreaterThanOrEqual(6);
    let refs = 0;
    for (const file of files) {
      const out = migrateText({
        text: readFileSync(file, 'utf8'),
        rules: allRules,
        catalog,
        options: withDefaults(),
        buildContext: directoryContext(join(file, '..')),
      }).output;
      refs += dhiRefs(out).length;
      expect(missing(out), relative(root, file)).toEqual([]);
    }
    expect(refs).toBeGreaterThanOrEqual(files.length);
  });
});
