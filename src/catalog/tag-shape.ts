/**
 * Decomposition of DHI tags into (version, distro token, flavour, dev).
 *
 * Suffix order differs per repository (`21-jdk-alpine3.22-dev`,
 * `3-jdk21-alpine3.22-dev`, `8.3-alpine3.22-fpm`, `3-debian-core`), so a tag
 * is read as a SET of tokens rather than a fixed grammar: the first token is
 * the version, distro tokens are recognised by their own shape, a trailing
 * `dev` is the build variant, and whatever remains is the flavour. Two tags
 * of one repo with the same decomposition would be the same tag, so the
 * decomposition can key an index.
 */

export interface TagShape {
  /** First token as published: `3.12`, `22`, `20250419`, `bookworm`, `lts`. */
  version: string;
  /** Numeric components of `version`, or null when it is not dotted numbers. */
  parts: number[] | null;
  /** `''` (bare), `debian`/`alpine` (floating) or `debian13`/`alpine3.22` (exact). */
  distroToken: string;
  /** Remaining tokens, sorted: `['jdk']`, `['fpm']`, `['jdk21']`, `['ent', 'sfw']`. */
  flavour: string[];
  dev: boolean;
  /**
   * Patch-level or build-revision tags (`3.14.7`, `8u502`, `8u502.b07`,
   * `3.14.7-0-dev`, `3.9.16-r0-…`, `2026-05-11`). The tool never emits them,
   * so they are left out of the line index (they still count for hasTag).
   */
  pinned: boolean;
}

const DISTRO_TOKEN = /^(?:debian(?:\d+)?|alpine(?:\d+\.\d+)?)$/;
const REVISION_TOKEN = /^r?\d+$/;

/** `3.12` -> [3, 12]; anything that is not dotted decimal numbers -> null. */
export function versionParts(version: string): number[] | null {
  if (!/^\d+(?:\.\d+)*$/.test(version)) return null;
  return version.split('.').map(Number);
}

/** Numeric order of dotted versions; a shorter prefix sorts first (`3` < `3.0`). */
export function compareParts(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}

export function flavourKey(flavour: readonly string[]): string {
  return [...flavour].sort().join('+');
}

export function parseDhiTag(tag: string): TagShape {
  const tokens = tag.split('-');
  const version = tokens[0]!;
  let rest = tokens.slice(1);
  let pinned = false;
  // A numeric token right after the version is a package revision (`3.14.7-0`,
  // `-r0`) or a date continuation (`2026-05-11`): part of a pinned version.
  while (rest.length > 0 && REVISION_TOKEN.test(rest[0]!)) {
    pinned = true;
    rest = rest.slice(1);
  }
  let dev = false;
  if (rest.length > 0 && rest[rest.length - 1] === 'dev') {
    dev = true;
    rest = rest.slice(0, -1);
  }
  let distroToken = '';
  const flavour: string[] = [];
  for (const token of rest) {
    if (distroToken === '' && DISTRO_TOKEN.test(token)) distroToken = token;
    else flavour.push(token);
  }
  const parts = versionParts(version);
  // Three or more components is a patch version; Java 8 writes its update
  // number as `8u502`. (`8.502` on newer Alpine is the same thing, but it is
  // indistinguishable from a minor by shape; callers ask for Java majors only.)
  if ((parts && parts.length >= 3) || /^\d+u\d+/.test(version)) pinned = true;
  return { version, parts, distroToken, flavour: flavour.sort(), dev, pinned };
}
