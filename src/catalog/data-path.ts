/**
 * Locates files under src/catalog/data. The data is read at run time rather
 * than imported so the same code works from source (vitest, `src/catalog/`)
 * and compiled (`dist/src/catalog/`): both resolve from the package root.
 */
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

export function catalogDataFile(name: string): string {
  return join(packageRoot(), 'src', 'catalog', 'data', name);
}
