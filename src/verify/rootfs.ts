/** Reading a mounted image root filesystem without leaving it. */
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/** Follow symlinks of `p` inside `root` (absolute targets are relative to root); null when missing. */
export function resolveInRoot(root: string, p: string): string | null {
  let parts = p.split('/').filter(Boolean);
  let cur: string[] = [];
  for (let hops = 0; parts.length > 0;) {
    const next = parts.shift()!;
    if (next === '.') continue;
    if (next === '..') {
      cur.pop();
      continue;
    }
    const full = path.join(root, ...cur, next);
    let st;
    try {
      st = lstatSync(full);
    } catch {
      return null;
    }
    if (st.isSymbolicLink()) {
      if (++hops > 40) return null;
      const target = readlinkSync(full);
      parts = [...target.split('/').filter(Boolean), ...parts];
      if (target.startsWith('/')) cur = [];
      continue;
    }
    cur.push(next);
  }
  return path.join(root, ...cur);
}

/** /bin/sh exists in the image and is a file once links are followed. */
export function hasShellIn(root: string): boolean {
  const f = resolveInRoot(root, '/bin/sh');
  try {
    return f !== null && lstatSync(f).isFile();
  } catch {
    return false;
  }
}

export function readInRoot(root: string, p: string): string | null {
  const f = resolveInRoot(root, p);
  try {
    return f ? readFileSync(f, 'utf8') : null;
  } catch {
    return null;
  }
}
