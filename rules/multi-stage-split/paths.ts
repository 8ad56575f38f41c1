/** POSIX path helpers for paths inside images (never the host's). */

/** Resolves `path` against `cwd` and normalises `.`, `..` and repeated slashes. */
export function resolvePath(cwd: string, path: string): string {
  const joined = path.startsWith('/') ? path : `${cwd}/${path}`;
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return '/' + parts.join('/');
}

/** `name` inside the directory `dir`, without doubled slashes (`/` + `app.py` is `/app.py`). */
export function joinPath(dir: string, name: string): string {
  return `${dir.replace(/\/+$/, '')}/${name}`;
}

/** True when `path` is `dir` or lies below it. */
export function isInside(path: string, dir: string): boolean {
  if (dir === '/') return true;
  return path === dir || path.startsWith(dir + '/');
}

export function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Directories that are never "the app": copying them would copy the image. */
const SYSTEM_DIRS = new Set([
  '/',
  '/usr',
  '/usr/local',
  '/usr/local/bin',
  '/usr/bin',
  '/bin',
  '/etc',
  '/var',
  '/opt',
  '/root',
  '/home',
  '/tmp',
  '/go',
  '/build',
]);

export function isSystemDir(path: string): boolean {
  return SYSTEM_DIRS.has(path);
}
