// Stand-in image specs, derived from data: the DHI catalog for dhi.io refs,
// doi-facts.json for Docker Official Images (and mcr/gcr images listed there),
// programs.json for which program binaries each image family ships.
//
// A spec says what a tiny local image must look like to stand in for the real
// one in a buildah build: user/uid, entrypoint, cmd, workdir, PATH, whether a
// shell exists, and which programs (fake binaries) are on PATH.
//
//   node scripts/standins/spec.mjs dhi.io/node:22 node:22   # print specs
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

/** Where the data lives; each can be overridden by an environment variable. */
export const dataPaths = {
  /** The project's generated copy wins over the shared snapshot when present. */
  dhiCatalogCandidates: () =>
    [
      process.env.DHI_CATALOG,
      path.join(repoRoot, 'src/catalog/data/dhi-catalog.json'),
      path.resolve(repoRoot, '../shared/dhi-catalog/catalog.json'),
    ].filter(Boolean),
  doiFacts: () => process.env.DOI_FACTS || path.resolve(repoRoot, '../shared/doi-facts.json'),
  programs: () => path.join(here, 'programs.json'),
};

const jsonCache = new Map();
function readJson(file) {
  if (!jsonCache.has(file)) jsonCache.set(file, JSON.parse(readFileSync(file, 'utf8')));
  return jsonCache.get(file);
}

/** Definitions of one DHI repo, from the first catalog file that has the catalog's shape. */
function dhiDefinitions(repo) {
  const tried = [];
  for (const file of dataPaths.dhiCatalogCandidates()) {
    if (!existsSync(file)) continue;
    tried.push(file);
    const data = readJson(file);
    const entry = data?.repos?.[repo];
    const defs = Array.isArray(entry) ? entry : entry?.definitions;
    if (Array.isArray(defs)) return { defs, file };
    // A catalog with the expected shape that lacks the repo is authoritative.
    if (data?.repos && typeof data.repos === 'object') return { defs: [], file };
  }
  if (tried.length === 0) {
    throw new Error(`no DHI catalog found (looked at ${dataPaths.dhiCatalogCandidates().join(', ')})`);
  }
  return { defs: [], file: tried[0] };
}

/** True when the data the specs are made from can be read. */
export function standinDataAvailable() {
  return dataPaths.dhiCatalogCandidates().some((f) => existsSync(f)) && existsSync(dataPaths.doiFacts());
}

/**
 * Split an image reference into name (with registry, Docker Hub normalised:
 * docker.io/library/node -> node) and tag (default "latest").
 */
export function parseImageRef(ref) {
  const at = ref.indexOf('@');
  if (at >= 0) throw new Error(`${ref}: digest-pinned references cannot be stood in (no real image content)`);
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  let name = ref;
  let tag = 'latest';
  if (colon > slash) {
    name = ref.slice(0, colon);
    tag = ref.slice(colon + 1);
  }
  name = name.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  name = name.replace(/^library\//, '');
  return { name, tag };
}

const DEFAULT_ROOT = { name: 'root', uid: 0, gid: 0, home: '/root' };

function programsConfig() {
  return readJson(dataPaths.programs());
}

function programFamily(name) {
  const cfg = programsConfig();
  const key = cfg.aliases[name] ?? name;
  return cfg.programs[key] ?? cfg.programs[key.split('/').pop()] ?? { runtime: [], dev: [] };
}

const basename = (p) => p.split('/').pop();

function looksLikeScript(program) {
  return /\.sh$/.test(program) || /entrypoint/.test(basename(program));
}

/** Shared tail of both spec builders: programs, bin dir, entrypoint script. */
function finish(base) {
  const cfg = programsConfig();
  const shells = new Set(cfg.shells);
  const pathDirs = base.env.PATH.split(':').filter((d) => d.startsWith('/'));
  const binDir = pathDirs.includes('/usr/local/bin') ? '/usr/local/bin' : (pathDirs[0] ?? '/usr/local/bin');

  let entrypointScript = null;
  const ep0 = base.entrypoint?.[0];
  if (ep0 && base.shell) {
    const rules = cfg.entrypointScripts;
    const rule = Object.entries(rules).find(([image, r]) => image !== 'about' && image === base.name && r.script === basename(ep0))?.[1];
    if (rule || looksLikeScript(ep0)) {
      const prepend = rule?.prepend === '$cmd0' ? (base.cmd?.[0] ?? null) : (rule?.prepend ?? null);
      entrypointScript = {
        path: ep0.startsWith('/') ? ep0 : `${binDir}/${ep0}`,
        prepend,
        when: prepend ? rule.when : [],
      };
    }
  }

  const family = programFamily(base.name);
  const programs = [...family.runtime, ...(base.dev ? family.dev : [])];
  const add = (p) => {
    if (!p || p.startsWith('-') || /\s/.test(p) || shells.has(basename(p))) return;
    if (entrypointScript && (p === ep0 || p === entrypointScript.path)) return;
    if (!programs.includes(p)) programs.push(p);
  };
  add(ep0);
  // cmd[0] names a program unless an entrypoint binary takes the cmd as its arguments.
  if (!ep0 || entrypointScript) add(base.cmd?.[0]);
  if (entrypointScript?.prepend) add(entrypointScript.prepend);
  // Images with a package manager can run `apt-get install` / `apk add` in a RUN.
  for (const p of cfg.packageManagers[base.packageManager] ?? []) add(p);

  // Only where a shell can run the wrapper script: runtime images keep the plain fake binary.
  const simulators = {};
  if (base.shell) {
    for (const p of programs) {
      const fn = cfg.simulators[basename(p)];
      if (fn) simulators[p] = fn;
    }
  }
  return { ...base, binDir, programs, entrypointScript, simulators };
}

function addUser(users, u) {
  if (!u || !u.name || /^\d+$/.test(u.name) || users.some((x) => x.name === u.name)) return;
  users.push({ name: u.name, uid: u.uid, gid: u.gid ?? u.uid, home: u.home ?? `/home/${u.name}` });
}

/**
 * Spec for `dhi.io/<repo>:<tag>` from the DHI catalog. Throws when the tag is
 * not in the catalog: a stand-in is never invented.
 */
export function dhiStandinSpec(ref) {
  const m = /^dhi\.io\/([^:@]+):([^@]+)$/.exec(ref);
  if (!m) throw new Error(`${ref}: not a dhi.io/<repo>:<tag> reference`);
  const [, repo, tag] = m;
  const { defs, file } = dhiDefinitions(repo);
  const def = defs.find((d) => d.tags?.includes(tag));
  if (!def) throw new Error(`${ref}: tag "${tag}" of repo "${repo}" is not in the DHI catalog (${file})`);

  const user = def.user ?? 'root';
  const uid = def.uid ?? (/^\d+$/.test(user) ? Number(user) : user === 'root' ? 0 : null);
  if (uid === null) throw new Error(`${ref}: catalog gives user "${user}" without a uid`);
  const users = [DEFAULT_ROOT];
  addUser(users, { name: 'nonroot', uid: 65532 });
  if (user !== 'root') addUser(users, { name: user, uid });
  const family = String(def.distro).startsWith('alpine') ? 'alpine' : 'debian';
  for (const u of programsConfig().distroUsers[family] ?? []) addUser(users, u);

  const dev = def.variant === 'dev' || /(^|-)(dev|sdk)(-|$)/.test(tag);
  return finish({
    ref,
    kind: 'dhi',
    name: repo,
    tag,
    source: `${path.basename(file)}: ${repo}/${def.file}`,
    variant: def.variant,
    dev,
    user,
    uid,
    gid: uid,
    users,
    entrypoint: def.entrypoint ?? null,
    cmd: def.cmd ?? null,
    workdir: def.workdir ?? null,
    env: { PATH: def.path ?? programsConfig().defaultPath },
    shell: Boolean(def.shell),
    // DHI Debian images carry bash wherever they have a shell; Alpine ones busybox only.
    bash: Boolean(def.shell) && String(def.distro).startsWith('debian'),
    packageManager: def.packageManager ? (String(def.distro).startsWith('alpine') ? 'apk' : 'apt') : null,
  });
}

/** Pick the variant family of a tag with the image's ordered [regex, variant] rules. */
export function pickDoiVariant(image, tag) {
  for (const [pattern, variant] of image.variantRules ?? [['*', Object.keys(image.variants)[0]]]) {
    if (pattern === '*' || new RegExp(pattern).test(tag)) return variant;
  }
  return null;
}

// Placeholder values in doi-facts ("<x.y.z>", "1.22.22 (node 22/24 only)") are not real env values.
const concreteEnv = (v) => typeof v === 'string' && !/[<>()]/.test(v) && !/\s/.test(v);

/**
 * Spec for a Docker Official Image (or other image in doi-facts.json) such as
 * `node:22`, `python:3.12-slim`, `mcr.microsoft.com/dotnet/sdk:8.0`. Uses the
 * variant's facts; doi-facts has no per-version configuration.
 */
export function doiStandinSpec(ref) {
  const { name, tag } = parseImageRef(ref);
  const facts = readJson(dataPaths.doiFacts());
  const image = facts.images[name];
  if (!image) throw new Error(`${ref}: image "${name}" is not described in doi-facts.json`);
  const variantName = pickDoiVariant(image, tag);
  const v = variantName ? image.variants[variantName] : undefined;
  if (!v) throw new Error(`${ref}: variant "${variantName}" of "${name}" is not described in doi-facts.json`);

  const user = v.user ?? 'root';
  const uid = v.uid ?? (user === 'root' ? 0 : /^\d+$/.test(user) ? Number(user) : null);
  if (uid === null) throw new Error(`${ref}: doi-facts gives user "${user}" without a uid`);
  const users = [DEFAULT_ROOT];
  for (const u of v.users ?? []) addUser(users, u);
  if (user !== 'root') addUser(users, { name: user, uid });
  addUser(users, { name: 'nobody', uid: 65534 });

  const env = {};
  for (const [k, val] of Object.entries(v.env ?? {})) if (concreteEnv(val)) env[k] = val;
  env.PATH = v.path ?? v.env?.PATH ?? programsConfig().defaultPath;

  return finish({
    ref,
    kind: 'doi',
    name,
    tag,
    source: `doi-facts.json: ${name}/${variantName}`,
    variant: variantName,
    dev: true,
    user,
    uid,
    gid: users.find((u) => u.uid === uid)?.gid ?? uid,
    users,
    entrypoint: v.entrypoint ?? null,
    cmd: v.cmd ?? null,
    workdir: v.workdir ?? null,
    env,
    shell: Boolean(v.shell),
    bash: Boolean(v.bash),
    packageManager: v.packageManager || null,
  });
}

/** Kind of a base image reference: DHI when it is on dhi.io. */
export function refKind(ref) {
  return ref.startsWith('dhi.io/') ? 'dhi' : 'doi';
}

export function standinSpec(ref, kind = refKind(ref)) {
  return kind === 'dhi' ? dhiStandinSpec(ref) : doiStandinSpec(ref);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const ref of process.argv.slice(2)) console.log(JSON.stringify(standinSpec(ref), null, 2));
}
