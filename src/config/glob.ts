/**
 * Minimal glob matching for config include/exclude patterns, on
 * `/`-separated paths relative to the config file's directory:
 * `*` (within a segment), `**` (any number of segments), `?`, `{a,b}`.
 * A pattern without `/` matches at any depth (`Dockerfile.dev` = `** /Dockerfile.dev`),
 * as in .gitignore.
 */
const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached) return cached;
  let p = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!p.replace(/\/+$/, '').includes('/')) p = `**/${p}`;
  if (p.endsWith('/')) p += '**';
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*' && p[i + 1] === '*') {
      const slash = p[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = p.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${p.slice(i + 1, end).split(',').map(escape).join('|')})`;
        i = end;
      }
    } else re += escape(c);
  }
  // A pattern naming a directory also matches everything below it.
  const out = new RegExp(`^${re}(?:/.*)?$`);
  cache.set(pattern, out);
  return out;
}

function escape(s: string): string {
  return s.replace(/[.+^$()|[\]\\]/g, '\\$&');
}

export function matchesAny(relPath: string, patterns: readonly string[]): boolean {
  const path = relPath.replace(/\\/g, '/');
  return patterns.some((p) => globToRegExp(p).test(path));
}

/** include (empty = everything) minus exclude. */
export function isIncluded(relPath: string, include: readonly string[], exclude: readonly string[]): boolean {
  if (include.length > 0 && !matchesAny(relPath, include)) return false;
  return !matchesAny(relPath, exclude);
}
