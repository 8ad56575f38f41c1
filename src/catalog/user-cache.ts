/**
 * The user's catalog cache, written by `dhi-migrate catalog update` and used
 * in preference to the snapshot shipped with the tool:
 * `$DHI_MIGRATE_CACHE_DIR`, else `$XDG_CACHE_HOME/dhi-migrate`, else
 * `~/.cache/dhi-migrate`, file `catalog.json`. Finding it costs one stat.
 *
 * Under vitest the cache is ignored unless DHI_MIGRATE_CACHE_DIR is set, so a
 * developer's own `catalog update` never changes what the tests see.
 */
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { catalogDataFile } from './data-path.js';

export const USER_CATALOG_FILE = 'catalog.json';

export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DHI_MIGRATE_CACHE_DIR) return env.DHI_MIGRATE_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'dhi-migrate');
  return join(homedir(), '.cache', 'dhi-migrate');
}

export function userCatalogPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(userCacheDir(env), USER_CATALOG_FILE);
}

export interface ActiveCatalog {
  path: string;
  kind: 'user-cache' | 'builtin';
}

/** The catalog file a run uses: the user's cache when present, else the built-in snapshot. */
export function activeCatalogFile(env: NodeJS.ProcessEnv = process.env): ActiveCatalog {
  if (!(env.VITEST && !env.DHI_MIGRATE_CACHE_DIR)) {
    const path = userCatalogPath(env);
    try {
      if (statSync(path).isFile()) return { path, kind: 'user-cache' };
    } catch {
      // no cache: the built-in snapshot
    }
  }
  return { path: catalogDataFile('dhi-catalog.json'), kind: 'builtin' };
}

/** A broken user cache is the user's to fix (re-run update or delete it), not a bug. */
export class UserCatalogError extends Error {}
