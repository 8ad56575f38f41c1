/**
 * Reads a local checkout of the public DHI catalog definitions
 * (github.com/docker-hardened-images/catalog, `image/<repo>/<distro-dir>/<file>.yaml`)
 * into the dataset shape of ../shared/dhi-facts.md §13, which catalog-data.ts
 * then compacts. Only facts the definitions state are kept:
 *
 *   variant, tags              as declared
 *   distro                     from the directory (`debian-13` -> debian13, `alpine-3.22` -> alpine3.22),
 *                              else os-release id + version-id
 *   user / uid                 accounts.run-as, its uid from accounts.users (root -> 0)
 *   entrypoint / cmd / workdir entrypoint, cmd, work-dir
 *   shell / packageManager     a shell (bash, dash, busybox, ...) / apt, dpkg, apk in contents.packages
 *   path, ports, endOfLife     environment.PATH, ports, dates.end-of-life
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { RawDataset } from './catalog-data.js';

export class DefinitionError extends Error {}

const SHELLS = new Set(['bash', 'dash', 'busybox', 'ash', 'zsh', 'mksh', 'busybox-binsh', 'bash-binsh', 'dash-binsh']);
const PACKAGE_MANAGERS = new Set(['apt', 'dpkg', 'apk-tools']);

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFileOrDir(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

function list(dir: string): string[] {
  return readdirSync(dir).sort();
}

export function distroFromDir(dir: string): string | null {
  const m = /^(debian|alpine)-(\d+(?:\.\d+)?)$/.exec(dir);
  return m ? `${m[1]}${m[2]}` : null;
}

/** The commit and its date, from git when the directory is a checkout. */
function gitInfo(dir: string): { commit: string; date: string } | null {
  // Only the checkout's own history: a directory inside some other repository has none.
  if (!isDir(join(dir, '.git')) && !isFileOrDir(join(dir, '.git'))) return null;
  try {
    const out = execFileSync('git', ['-C', dir, 'log', '-1', '--format=%H %cs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const [commit, date] = out.split(' ');
    return commit && date ? { commit, date } : null;
  } catch {
    return null;
  }
}

function strings(v: unknown): string[] | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string') return [v];
  if (typeof v === 'object' && typeof (v as { command?: unknown }).command === 'string') return [(v as { command: string }).command];
  return null;
}

/** One definition file -> one dataset definition. */
export function parseDefinition(text: string, file: string, distroDir: string): Record<string, unknown> {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new DefinitionError(`${file}: invalid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object') throw new DefinitionError(`${file}: not a definition (expected a mapping)`);
  const variant = doc.variant ?? 'runtime';
  if (variant !== 'runtime' && variant !== 'dev') throw new DefinitionError(`${file}: variant must be runtime or dev, got ${JSON.stringify(variant)}`);
  if (!Array.isArray(doc.tags) || doc.tags.length === 0) throw new DefinitionError(`${file}: tags: expected a non-empty list`);
  const osRelease = (doc['os-release'] ?? {}) as Record<string, unknown>;
  const distro = distroFromDir(distroDir) ?? (osRelease.id && osRelease['version-id'] ? `${String(osRelease.id)}${String(osRelease['version-id'])}` : null);
  if (!distro) throw new DefinitionError(`${file}: cannot tell the distro (directory ${distroDir}, no os-release id/version-id)`);

  const accounts = (doc.accounts ?? {}) as { 'run-as'?: unknown; users?: { name?: unknown; uid?: unknown }[] };
  const runAs = accounts['run-as'] === undefined || accounts['run-as'] === null ? 'root' : String(accounts['run-as']);
  let uid: number | null = null;
  if (runAs === 'root') uid = 0;
  else {
    const user = (accounts.users ?? []).find((u) => String(u.name) === runAs || (/^\d+$/.test(runAs) && Number(u.uid) === Number(runAs)));
    if (user && typeof user.uid === 'number') uid = user.uid;
  }
  const contents = (doc.contents ?? {}) as { packages?: unknown[] };
  const packages = (contents.packages ?? []).map(String).filter((p) => !p.startsWith('!'));
  const env = (doc.environment ?? {}) as Record<string, unknown>;
  const dates = (doc.dates ?? {}) as Record<string, unknown>;
  return {
    file: `${distroDir}/${file.split('/').pop()}`,
    distro,
    variant,
    tags: doc.tags.map(String),
    user: runAs,
    uid,
    entrypoint: strings(doc.entrypoint),
    cmd: strings(doc.cmd),
    workdir: typeof doc['work-dir'] === 'string' ? doc['work-dir'] : null,
    shell: packages.some((p) => SHELLS.has(p)),
    packageManager: packages.some((p) => PACKAGE_MANAGERS.has(p)),
    path: typeof env.PATH === 'string' ? env.PATH : null,
    ports: strings(doc.ports),
    endOfLife: dates['end-of-life'] ? String(dates['end-of-life']) : null,
  };
}

/** A checkout (the directory holding `image/`) -> the raw dataset. */
export function readCatalogCheckout(dir: string): RawDataset {
  const imageDir = join(dir, 'image');
  if (!isDir(imageDir)) throw new DefinitionError(`${dir}: no image/ directory (expected a checkout of github.com/docker-hardened-images/catalog)`);
  const repos: RawDataset['repos'] = {};
  for (const repo of list(imageDir)) {
    const repoDir = join(imageDir, repo);
    if (!isDir(repoDir)) continue;
    const definitions: Record<string, unknown>[] = [];
    for (const distroDir of list(repoDir)) {
      const d = join(repoDir, distroDir);
      if (!isDir(d)) continue;
      for (const name of list(d)) {
        if (!/\.ya?ml$/.test(name)) continue;
        const rel = `image/${repo}/${distroDir}/${name}`;
        definitions.push(parseDefinition(readFileSync(join(d, name), 'utf8'), rel, distroDir));
      }
    }
    if (definitions.length > 0) repos[repo] = { definitions };
  }
  if (Object.keys(repos).length === 0) throw new DefinitionError(`${dir}: no definitions found under image/*/*/*.yaml`);
  const git = gitInfo(dir);
  return {
    source: 'github.com/docker-hardened-images/catalog (image/*/*/*.yaml)',
    commit: git?.commit ?? 'local',
    date: git?.date ?? new Date().toISOString().slice(0, 10),
    repos,
  };
}
