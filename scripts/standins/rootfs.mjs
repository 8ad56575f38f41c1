// Writes the root filesystem of a stand-in image (see spec.mjs) into a
// directory, e.g. a `buildah mount` of a fresh `scratch` container. Needs root
// for chown. Also builds the fake program binary (fakebin.c) into a cache dir.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  writeFileSync,
  lstatSync,
  openSync,
  readSync,
  closeSync,
} from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const FAKEBIN_SRC = path.join(here, 'fakebin.c');
export const BUILD_TOOLS_SRC = path.join(here, 'build-tools.sh');
const DEFAULT_CACHE = path.resolve(here, '../../node_modules/.cache/dhi-migrate-standins');

/**
 * Compile fakebin.c with `gcc -static -O2` into cacheDir (once per source
 * version) and return the binary's path.
 */
export function ensureFakebin(cacheDir = DEFAULT_CACHE) {
  const src = readFileSync(FAKEBIN_SRC);
  const hash = createHash('sha256').update(src).digest('hex').slice(0, 12);
  const out = path.join(cacheDir, `fakebin-${hash}`);
  if (existsSync(out)) return out;
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  execFileSync('gcc', ['-static', '-O2', '-s', '-o', tmp, FAKEBIN_SRC], { stdio: 'pipe', timeout: 60_000 });
  renameSync(tmp, out); // atomic: parallel test workers may race here
  return out;
}

/** True when the ELF file at `file` has no program interpreter (is statically linked). */
export function isStaticElf(file) {
  const fd = openSync(file, 'r');
  try {
    const h = Buffer.alloc(64);
    readSync(fd, h, 0, 64, 0);
    if (h.readUInt32BE(0) !== 0x7f454c46 || h[4] !== 2) return false; // ELF64 only
    const phoff = Number(h.readBigUInt64LE(0x20));
    const phentsize = h.readUInt16LE(0x36);
    const phnum = h.readUInt16LE(0x38);
    const ph = Buffer.alloc(phentsize * phnum);
    readSync(fd, ph, 0, ph.length, phoff);
    for (let i = 0; i < phnum; i++) if (ph.readUInt32LE(i * phentsize) === 3 /* PT_INTERP */) return false;
    return true;
  } finally {
    closeSync(fd);
  }
}

/** Path of a statically linked busybox (Debian package busybox-static), or null. */
export function findStaticBusybox() {
  for (const p of ['/bin/busybox', '/usr/bin/busybox']) {
    try {
      if (existsSync(p) && isStaticElf(p)) return p;
    } catch {
      /* unreadable: try the next */
    }
  }
  return null;
}

let appletCache = null;
/** Install paths of busybox's applets, relative to /, e.g. "bin/sh", "usr/bin/env". */
function busyboxApplets(busybox) {
  appletCache ??= execFileSync(busybox, ['--list-full'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.includes('/')); // drops "linuxrc"
  return appletCache;
}

function mkdirOwned(root, dir, uid = 0, gid = 0, mode = 0o755) {
  const full = path.join(root, dir);
  mkdirSync(full, { recursive: true });
  chownSync(full, uid, gid);
  chmodSync(full, mode);
}

const exists = (p) => {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
};

/** Where stand-in support files live inside an image (the fake binary, build-tools.sh). */
export const LIBEXEC = '/usr/libexec/dhi-standin';

/** Absolute path of a program of the spec inside the image. */
export function programPath(spec, program) {
  return program.startsWith('/') ? program : path.posix.join(spec.binDir, program);
}

/**
 * sh text of the wrapper that makes a build tool's outputs (build-tools.sh `fn`)
 * and then runs the fake binary. `exec -a` (busybox sh and bash have it) keeps
 * the argv[0] the wrapper was started with, e.g. /opt/venv/bin/python.
 */
export function simulatorWrapperText(name, fn) {
  return [
    '#!/bin/sh',
    `# dhi-migrate stand-in: ${name} creates what the real tool would (${fn} in ${LIBEXEC}/build-tools.sh),`,
    '# then runs the fake binary, which reports how it was started.',
    `. ${LIBEXEC}/build-tools.sh`,
    `${fn} "$@" || exit $?`,
    `exec -a "$0" ${LIBEXEC}/fakebin "$@"`,
    '',
  ].join('\n');
}

/** sh text of a stand-in entrypoint script with the image's argument rule. */
export function entrypointScriptText(spec) {
  const s = spec.entrypointScript;
  const tests = {
    dash: '[ "${1#-}" != "$1" ]',
    conf: '[ "${1%.conf}" != "$1" ]',
    notCommand: '[ -z "$(command -v "$1")" ]',
    nonExecFile: '{ [ -f "$1" ] && ! [ -x "$1" ]; }',
  };
  const lines = ['#!/bin/sh', `# dhi-migrate stand-in for ${spec.ref} ${path.basename(s.path)}`, 'set -e'];
  if (s.prepend && s.when.length) {
    lines.push(`if ${s.when.map((w) => tests[w]).join(' || ')}; then`, `\tset -- ${s.prepend} "$@"`, 'fi');
  }
  lines.push('exec "$@"', '');
  return lines.join('\n');
}

/**
 * Write the stand-in root filesystem for `spec` into `root`.
 * @param {object} spec  from spec.mjs
 * @param {string} root  target directory (exists)
 * @param {{fakebin: string, busybox?: string|null}} tools
 */
export function writeStandinRootfs(spec, root, tools) {
  const loginShell = spec.shell ? '/bin/sh' : '/sbin/nologin';
  mkdirOwned(root, 'etc');
  mkdirOwned(root, 'tmp', 0, 0, 0o1777);
  mkdirOwned(root, 'root', 0, 0, 0o700);

  const passwd = spec.users.map((u) => `${u.name}:x:${u.uid}:${u.gid}:${u.name}:${u.home}:${loginShell}`);
  const groups = new Map();
  for (const u of spec.users) if (!groups.has(u.gid)) groups.set(u.gid, u.name);
  writeFileSync(path.join(root, 'etc/passwd'), passwd.join('\n') + '\n');
  writeFileSync(path.join(root, 'etc/group'), [...groups].map(([gid, n]) => `${n}:x:${gid}:`).join('\n') + '\n');
  // A system account's home may be / (Alpine's nobody), which stays root's.
  for (const u of spec.users) if (u.uid !== 0 && u.home !== '/') mkdirOwned(root, u.home, u.uid, u.gid);
  if (spec.workdir) mkdirOwned(root, spec.workdir);

  // Every program is the same fake binary, hard-linked under each name. A
  // build-tool simulator (spec.simulators) is instead a wrapper script that
  // makes the tool's outputs and then execs the fake binary with the argv[0]
  // the wrapper got, so the report is the same as without the wrapper.
  const simulated = Object.keys(spec.simulators ?? {}).length > 0;
  let first = null;
  const fakebin = (dest) => {
    mkdirSync(path.dirname(dest), { recursive: true });
    if (first) linkSync(first, dest);
    else {
      copyFileSync(tools.fakebin, dest);
      chmodSync(dest, 0o755);
      first = dest;
    }
  };
  if (simulated) {
    // The simulators copy this one when a build writes a program (go build, cargo build).
    fakebin(path.join(root, LIBEXEC, 'fakebin'));
    copyFileSync(BUILD_TOOLS_SRC, path.join(root, LIBEXEC, 'build-tools.sh'));
  }
  for (const p of spec.programs) {
    const dest = path.join(root, programPath(spec, p));
    if (exists(dest)) continue;
    const fn = spec.simulators?.[p];
    if (!fn) {
      fakebin(dest);
      continue;
    }
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, simulatorWrapperText(path.basename(p), fn), { mode: 0o755 });
  }

  if (spec.entrypointScript) {
    const dest = path.join(root, spec.entrypointScript.path);
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, entrypointScriptText(spec), { mode: 0o755 });
  }

  if (spec.shell) {
    if (!tools.busybox) throw new Error(`${spec.ref} needs a shell but no static busybox was given`);
    mkdirOwned(root, 'bin');
    copyFileSync(tools.busybox, path.join(root, 'bin/busybox'));
    chmodSync(path.join(root, 'bin/busybox'), 0o755);
    for (const applet of busyboxApplets(tools.busybox)) {
      const dest = path.join(root, applet);
      if (exists(dest)) continue; // a fake program of the same name wins
      mkdirSync(path.dirname(dest), { recursive: true });
      symlinkSync('/bin/busybox', dest);
    }
    if (spec.bash && !exists(path.join(root, 'bin/bash'))) {
      // busybox has no bash applet; its sh stands in for bash (RUN lines, SHELL ["/bin/bash", "-c"]).
      writeFileSync(path.join(root, 'bin/bash'), '#!/bin/busybox sh\nexec /bin/busybox sh "$@"\n', { mode: 0o755 });
    }
  }
}
