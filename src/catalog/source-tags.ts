/**
 * Reads a source image's tag (Docker Official Images conventions, see
 * ../shared/doi-facts.md "Tag schemes") into what the DHI lookup needs: a
 * version line, a distro family (and exact release if the tag pins one), and
 * flavour words. Which words mean what for one image is data
 * (data/source-images.json); this module only walks the tokens.
 *
 * Anything it does not recognise makes the image unmapped with the word in
 * the reason: guessing would break the "never invent a tag" promise.
 */
import type { DistroFamily } from './catalog.js';
import type { SourceEntry, SourceTable } from './source-table.js';

export interface SourceDistro {
  family: DistroFamily;
  /** `debian12`, `alpine3.21`, ... when the tag pins one; null = floating / default. */
  exact: string | null;
  /** A non-Debian OS the tag named (`Ubuntu 24.04 (noble)`), which becomes Debian. */
  os: string | null;
  /** false when the tag said nothing about the distro. */
  stated: boolean;
}

export interface ParsedSourceTag {
  /** Version line to look up (patches dropped); null = newest. */
  version: string | null;
  /** No version in the tag (absent, `latest`, or only distro words). */
  untagged: boolean;
  /** The tag is absent or `latest`. */
  latest: boolean;
  distro: SourceDistro;
  /** Flavour words the tag asked for (`fpm`), empty if none. */
  flavour: string[];
  /** Java: `jdk`/`jre` as written, null when the tag does not say. */
  kind: 'jdk' | 'jre' | null;
  /** jdk-tool images: the JDK feature release (`21`), null when unspecified. */
  jdk: string | null;
  notes: string[];
  warnings: string[];
}

export type ParseResult = ParsedSourceTag | { unmapped: string };

const NUMERIC_VERSION = /^(\d+(?:\.\d+)*)(.*)$/;
const ALPINE_EXACT = /^alpine(\d+\.\d+)$/;
const WINDOWS = /^(?:windowsservercore|nanoserver|ltsc\d{4}|1809)/;
const SNAPSHOT_DATE = /^\d{8}$/;

/** `3.12.4` with lineDepth 2 -> `3.12` (+ the dropped part); Java `8u392` -> `8`. */
export function splitVersion(token: string, lineDepth: number): { line: string; dropped: boolean } | { bad: string } {
  const m = NUMERIC_VERSION.exec(token);
  if (!m) return { bad: token };
  const suffix = m[2]!;
  // Java update / build numbers (`8u392`, `21.0.2_13`) are patch levels.
  const patchSuffix = suffix === '' || /^u\d+(?:[._-]?b?\d+)?$/.test(suffix) || /^_\d+$/.test(suffix);
  if (!patchSuffix) return { bad: token };
  const parts = m[1]!.split('.');
  const keep = Math.min(parts.length, lineDepth, 2);
  return { line: parts.slice(0, keep).join('.'), dropped: keep < parts.length || suffix !== '' };
}

export function parseSourceTag(name: string, tag: string | null, entry: SourceEntry, table: SourceTable): ParseResult {
  const label = tag === null ? name : `${name}:${tag}`;
  const lineDepth = entry.lineDepth ?? 2;
  const out: ParsedSourceTag = {
    version: null,
    untagged: true,
    latest: tag === null || tag === 'latest',
    distro: { family: entry.family ?? 'debian', exact: null, os: null, stated: false },
    flavour: [],
    kind: null,
    jdk: null,
    notes: [],
    warnings: [],
  };
  if (tag === null || tag === 'latest') return out;
  if (tag.includes('$')) return { unmapped: `${label}: the tag contains an unresolved variable` };

  const tokens = tag.toLowerCase().split('-');
  let i = 0;
  const first = tokens[0]!;
  if (/^\d/.test(first)) {
    const v = splitVersion(first, lineDepth);
    if ('bad' in v) return { unmapped: `${label}: unrecognised version "${first}" (pre-release or unknown scheme)` };
    out.version = v.line;
    out.untagged = false;
    if (v.dropped) {
      out.notes.push(`${label} pins a patch release; DHI tags release lines, so ${v.line} is used (never a patch tag)`);
    }
    i = 1;
  } else if (entry.aliases && first in entry.aliases) {
    out.version = entry.aliases[first] ?? null;
    out.untagged = out.version === null;
    if (out.version !== first) out.notes.push(`${label}: "${first}" means ${out.version ?? 'the newest line'} today; using that line`);
    i = 1;
  } else if (first === 'latest') {
    out.latest = true;
    i = 1;
  }

  const state = { family: null as DistroFamily | null, exact: null as string | null, os: null as string | null };
  for (; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    // eclipse-temurin writes `alpine-3.22`.
    if (token === 'alpine' && next !== undefined && /^\d+\.\d+$/.test(next)) {
      if (!setDistro(state, 'alpine', `alpine${next}`)) return conflict(label);
      i++;
      continue;
    }
    const alpine = ALPINE_EXACT.exec(token);
    if (alpine) {
      if (!setDistro(state, 'alpine', token)) return conflict(label);
      continue;
    }
    // Image-specific words first: they may override a global meaning (nginx `alpine-slim`).
    const effect = entry.tokens?.[token];
    if (effect) {
      if ('unmapped' in effect) return { unmapped: `${label}: ${effect.unmapped}` };
      if ('drop' in effect) {
        if (effect.drop) out.notes.push(`${label}: ${effect.drop}`);
      } else if ('warn' in effect) out.warnings.push(`${label}: ${effect.warn}`);
      else if ('flavour' in effect) out.flavour.push(effect.flavour);
      else if ('kind' in effect) out.kind = effect.kind;
      else if ('family' in effect && !setDistro(state, effect.family, null)) return conflict(label);
      continue;
    }
    const info = table.distroTokens[token];
    if (info) {
      if (info.unmapped) return { unmapped: `${label}: ${info.unmapped}` };
      if (!setDistro(state, info.family ?? null, info.exact ?? null)) return conflict(label);
      if (info.os) state.os = info.os;
      continue;
    }
    if (WINDOWS.test(token)) return { unmapped: `${label}: Windows images have no DHI equivalent` };
    if (table.archTokens.includes(token)) {
      out.notes.push(`${label}: dropped the architecture suffix "${token}"; DHI tags are multi-platform`);
      continue;
    }
    if (table.preReleaseTokens.includes(token) || /^rc\d*$/.test(token)) {
      return { unmapped: `${label} is a pre-release; DHI publishes released lines only` };
    }
    if (SNAPSHOT_DATE.test(token)) {
      out.notes.push(`${label}: dropped the dated snapshot "${token}"; DHI tags follow the line`);
      continue;
    }
    if (entry.profile === 'java' && (token === 'jdk' || token === 'jre')) {
      out.kind = token;
      continue;
    }
    // `headless`/`headful` JDK builds, and Java 8 build numbers (`8u402-b06`).
    if (entry.profile === 'java' && (token === 'headless' || token === 'headful' || /^b\d+$/.test(token))) continue;
    if (entry.profile === 'jdk-tool') {
      const used = readJdk(tokens, i, table.jdkVendors, out, label, entry.repo);
      if (used > 0) {
        i += used - 1;
        continue;
      }
    }
    const what = i === 0 ? 'version or variant' : 'tag suffix';
    return { unmapped: `${label}: unrecognised ${what} "${token}"; no DHI mapping is guessed` };
  }
  if (state.family) {
    out.distro = { family: state.family, exact: state.exact, os: state.os, stated: true };
  } else if (state.os) {
    out.distro.os = state.os;
  }
  return out;
}

function setDistro(
  state: { family: DistroFamily | null; exact: string | null },
  family: DistroFamily | null,
  exact: string | null,
): boolean {
  if (family && state.family && family !== state.family) return false;
  if (exact && state.exact && exact !== state.exact) return false;
  if (family) state.family = family;
  if (exact) state.exact = exact;
  return true;
}

function conflict(label: string): { unmapped: string } {
  return { unmapped: `${label}: the tag names two different distros` };
}

/**
 * maven/gradle/tomcat name their JDK as `jdk21`, `jre17`, `eclipse-temurin-21`,
 * `amazoncorretto-17`, or just a vendor (`temurin`, `corretto`). Returns how
 * many tokens were consumed (0 = not a JDK word).
 */
function readJdk(tokens: string[], i: number, vendors: string[], out: ParsedSourceTag, label: string, repo: string): number {
  const token = tokens[i]!;
  const direct = /^(jdk|jre)(\d+)?$/.exec(token);
  if (direct) {
    if (direct[2]) out.jdk = direct[2];
    if (direct[1] === 'jre') out.notes.push(`${label}: DHI ${repo} images ship a JDK, not a JRE; using the JDK of the same release`);
    return 1;
  }
  for (const vendor of vendors) {
    const words = vendor.split('-');
    if (words.some((w, k) => tokens[i + k] !== w)) continue;
    const version = tokens[i + words.length];
    const hasVersion = version !== undefined && /^\d+$/.test(version);
    if (hasVersion) out.jdk = version;
    if (vendor !== 'eclipse-temurin' && vendor !== 'temurin') {
      out.notes.push(`${label}: the JDK vendor "${vendor}" is not kept; DHI images ship their own JDK build`);
    }
    return words.length + (hasVersion ? 1 : 0);
  }
  return 0;
}
