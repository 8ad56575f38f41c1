/**
 * Locates files under src/catalog/data. The data is read at run time rather
 * than imported so the same code works from source (vitest, `src/catalog/`)
 * and compiled (`dist/src/catalog/`): both walk up to the package root.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The directory holding this package's package.json. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return (root = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`internal error (bug): no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function catalogDataFile(name: string): string {
  return join(packageRoot(), 'src', 'catalog', 'data', name);
}
