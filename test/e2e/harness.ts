// Real-build end-to-end harness: builds Dockerfiles with buildah against local
// stand-in base images (made from the DHI catalog and doi-facts.json, see
// scripts/standins/), then runs the result the way `docker run` would and
// reports what the fake program binary saw (argv, uid, gid, cwd, env).
//
// All buildah state lives in one temp folder per BuildahEnv (vfs storage,
// chroot isolation, no pulls), so tests need root but no daemon or network.
// See ../shared/buildah-notes.md.
import { spawn, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { standinSpec, refKind, standinDataAvailable } from '../../scripts/standins/spec.mjs';
import type { StandinKind, StandinSpec } from '../../scripts/standins/spec.mjs';
import { ensureFakebin, findStaticBusybox, writeStandinRootfs } from '../../scripts/standins/rootfs.mjs';
import { findBaseImages } from './base-images.js';
import { resolveUser } from './docker-semantics.js';
import { effectiveCommand } from '../../src/verify/effective-command.js';
import { parseBuildFailure } from '../../src/verify/build-log.js';
import { resolveInRoot } from '../../src/verify/rootfs.js';
import type { ImageConfig, ResolvedUser } from './docker-semantics.js';
import type { RunOverrides } from '../../src/verify/effective-command.js';

export { findBaseImages } from './base-images.js';
export type { BaseImageRef } from './base-images.js';
export { resolveUser } from './docker-semantics.js';
// Shared with `dhi-migrate verify`, which needs the same Docker semantics and log reading.
export { effectiveCommand } from '../../src/verify/effective-command.js';
export { parseBuildFailure } from '../../src/verify/build-log.js';
export type { ImageConfig, ResolvedUser } from './docker-semantics.js';
export type { RunOverrides } from '../../src/verify/effective-command.js';
export type { StandinSpec, StandinKind } from '../../scripts/standins/spec.mjs';

const BUILD_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 20_000;

let buildahChecked: boolean | undefined;
/** buildah is on PATH and runs. */
export function hasBuildah(): boolean {
  buildahChecked ??= spawnSync('buildah', ['--version'], { timeout: 10_000 }).status === 0;
  return buildahChecked;
}

/**
 * Why the real-build tests cannot run here, or null when they can. Tests use
 * it as `describe.skipIf(reason)` and print the reason, so a skip is visible.
 */
export function e2eSkipReason(): string | null {
  if (!hasBuildah()) return 'buildah is not installed (apt-get install -y buildah busybox-static)';
  if (process.getuid?.() !== 0) return 'buildah with vfs storage and chroot isolation needs root here';
  if (!findStaticBusybox()) return 'no static busybox at /bin/busybox (apt-get install -y busybox-static)';
  if (spawnSync('gcc', ['--version'], { timeout: 10_000 }).status !== 0) return 'gcc is not installed';
  if (!standinDataAvailable()) return 'DHI catalog or ../shared/doi-facts.json not found';
  return null;
}

interface ProcResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr in arrival order. */
  all: string;
  timedOut: boolean;
}

/** Run a command in its own process group; on timeout kill the whole group. */
function runProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ProcResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let all = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => ((stdout += d), (all += d)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => ((stderr += d), (all += d)));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    child.on('error', (e) => (clearTimeout(timer), reject(e)));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, all, timedOut });
    });
  });
}

export interface BuildOptions {
  target?: string;
  buildArgs?: Record<string, string>;
  timeoutMs?: number;
}

export interface BuildResult {
  ok: boolean;
  /** buildah's output (stdout and stderr interleaved). */
  log: string;
  /** The instruction that failed, e.g. `RUN npm ci`, when ok is false. */
  failedStep?: string;
  /** Stage of the failed step as buildah numbers it, e.g. `2/2` (multi-stage builds only). */
  failedStage?: string;
  /** The most specific error line, e.g. `fork/exec /bin/sh: no such file or directory`. */
  error?: string;
  durationMs: number;
}

/** What the fake program binary reports about how it was started. */
export interface FakeBinReport {
  /** Name it was invoked as (basename). */
  argv0: string;
  /** Full argv; argv[0] may be a resolved path (buildah run resolves PATH itself). */
  argv: string[];
  uid: number;
  gid: number;
  euid: number;
  cwd: string;
  env: Record<string, string>;
}

export interface RunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** The argv started (ENTRYPOINT + CMD per Docker's rules). */
  command: string[];
  user: ResolvedUser;
  workdir: string;
  /** The fake binary's report; absent when no fake program ran. */
  report?: FakeBinReport;
  /** `[argv0, ...args]` of the program that finally ran, e.g. ['node', 'index.js']. */
  ran?: string[];
}

export interface FileInfo {
  type: 'file' | 'dir' | 'symlink' | 'other';
  uid: number;
  gid: number;
  mode: number;
}

export interface StandinInfo {
  ref: string;
  spec: StandinSpec;
}

/** A private buildah world in one temp folder. Call cleanup() when done. */
export class BuildahEnv {
  readonly dir: string;
  private readonly globalArgs: string[];
  private readonly env: NodeJS.ProcessEnv;
  private readonly policy: string;
  private readonly standins = new Map<string, Promise<StandinInfo>>();
  private tools?: { fakebin: string; busybox: string | null };
  private seq = 0;
  private closed = false;

  constructor(dir?: string) {
    this.dir = dir ?? mkdtempSync(path.join(os.tmpdir(), 'dhi-migrate-e2e-'));
    for (const d of ['storage', 'run', 'tmp']) mkdirSync(path.join(this.dir, d), { recursive: true });
    const storage = path.join(this.dir, 'storage');
    const runroot = path.join(this.dir, 'run');
    this.policy = path.join(this.dir, 'policy.json');
    writeFileSync(this.policy, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }));
    // Own registries/storage config: short names mean docker.io, as with Docker; host config is ignored.
    writeFileSync(
      path.join(this.dir, 'registries.conf'),
      'unqualified-search-registries = ["docker.io"]\nshort-name-mode = "permissive"\n',
    );
    writeFileSync(path.join(this.dir, 'storage.conf'), `[storage]\ndriver = "vfs"\ngraphroot = "${storage}"\nrunroot = "${runroot}"\n`);
    this.globalArgs = ['--root', storage, '--runroot', runroot, '--storage-driver', 'vfs'];
    this.env = {
      ...process.env,
      BUILDAH_ISOLATION: 'chroot',
      CONTAINERS_REGISTRIES_CONF: path.join(this.dir, 'registries.conf'),
      CONTAINERS_STORAGE_CONF: path.join(this.dir, 'storage.conf'),
      TMPDIR: path.join(this.dir, 'tmp'),
    };
  }

  private async buildah(args: string[], timeoutMs = STEP_TIMEOUT_MS): Promise<ProcResult> {
    if (this.closed) throw new Error('BuildahEnv used after cleanup()');
    const r = await runProcess('buildah', [...this.globalArgs, ...args], this.env, timeoutMs);
    if (r.timedOut) throw new Error(`buildah ${args[0]} timed out after ${timeoutMs} ms\n${r.all}`);
    return r;
  }

  /** Like buildah(), but throws on a non-zero exit; returns trimmed stdout. */
  private async buildahOk(args: string[], timeoutMs?: number): Promise<string> {
    const r = await this.buildah(args, timeoutMs);
    if (r.code !== 0) throw new Error(`buildah ${args.join(' ')} failed (${r.code}):\n${r.all}`);
    return r.stdout.trim();
  }

  private getTools() {
    this.tools ??= { fakebin: ensureFakebin(), busybox: findStaticBusybox() };
    return this.tools;
  }

  /**
   * Build (once per env) a local image named `ref` that stands in for the real
   * one: user, entrypoint, cmd, workdir, PATH and shell presence from the data.
   */
  ensureStandin(ref: string, kind: StandinKind = refKind(ref)): Promise<StandinInfo> {
    const key = `${kind}:${ref}`;
    let p = this.standins.get(key);
    if (!p) {
      p = this.makeStandin(ref, kind);
      p.catch(() => this.standins.delete(key));
      this.standins.set(key, p);
    }
    return p;
  }

  private async makeStandin(ref: string, kind: StandinKind): Promise<StandinInfo> {
    const spec = standinSpec(ref, kind);
    const c = await this.buildahOk(['from', '--name', `standin-${++this.seq}`, 'scratch']);
    try {
      const mnt = await this.buildahOk(['mount', c]);
      writeStandinRootfs(spec, mnt, this.getTools());
      await this.buildahOk(['umount', c]);
      const cfg = ['config', '--user', spec.user];
      for (const [k, v] of Object.entries(spec.env)) cfg.push('--env', `${k}=${v}`);
      if (spec.entrypoint) cfg.push('--entrypoint', JSON.stringify(spec.entrypoint));
      if (spec.cmd) cfg.push('--cmd', JSON.stringify(spec.cmd));
      if (spec.workdir) cfg.push('--workingdir', spec.workdir);
      cfg.push('--label', `dhi-migrate.standin=${ref}`, '--label', `dhi-migrate.standin.source=${spec.source}`);
      await this.buildahOk([...cfg, c]);
      await this.buildahOk(['commit', '--quiet', '--rm', '--signature-policy', this.policy, c, ref]);
    } catch (e) {
      await this.buildah(['rm', c]).catch(() => undefined);
      throw e;
    }
    return { ref, spec };
  }

  /** Stand-ins for every external image a Dockerfile names (FROM, COPY --from, RUN --mount from=). */
  async ensureStandinsFor(dockerfileText: string, buildArgs: Record<string, string> = {}): Promise<StandinInfo[]> {
    const out: StandinInfo[] = [];
    for (const b of findBaseImages(dockerfileText, buildArgs)) out.push(await this.ensureStandin(b.ref, b.kind));
    return out;
  }

  /**
   * `buildah bud` the Dockerfile (stand-ins for its base images are made first).
   * A base image the data does not know fails the build at its FROM line.
   */
  async build(dockerfilePath: string, contextDir: string, tag: string, o: BuildOptions = {}): Promise<BuildResult> {
    const t0 = Date.now();
    const text = readFileSync(dockerfilePath, 'utf8');
    for (const b of findBaseImages(text, o.buildArgs)) {
      try {
        await this.ensureStandin(b.ref, b.kind);
      } catch (e) {
        const error = (e as Error).message;
        return { ok: false, log: error, failedStep: `FROM ${b.ref}`, error, durationMs: Date.now() - t0 };
      }
    }
    const args = ['bud', '--isolation', 'chroot', '--pull=never', '--signature-policy', this.policy];
    args.push('-f', path.resolve(dockerfilePath), '-t', tag);
    if (o.target) args.push('--target', o.target);
    for (const [k, v] of Object.entries(o.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
    args.push(path.resolve(contextDir));
    const r = await this.buildah(args, o.timeoutMs ?? BUILD_TIMEOUT_MS);
    const durationMs = Date.now() - t0;
    if (r.code === 0) return { ok: true, log: r.all, durationMs };
    return { ok: false, log: r.all, ...parseBuildFailure(r.all), durationMs };
  }

  /** The image's run configuration (buildah's committed OCI config). */
  async inspect(tag: string): Promise<ImageConfig> {
    const info = JSON.parse(await this.buildahOk(['inspect', '--type', 'image', tag]));
    const c = info.OCIv1?.config ?? {};
    const env: Record<string, string> = {};
    for (const kv of (c.Env ?? []) as string[]) {
      const i = kv.indexOf('=');
      env[i < 0 ? kv : kv.slice(0, i)] = i < 0 ? '' : kv.slice(i + 1);
    }
    return {
      user: c.User ?? '',
      entrypoint: c.Entrypoint ?? null,
      cmd: c.Cmd ?? null,
      workdir: c.WorkingDir ?? '',
      env,
      labels: c.Labels ?? {},
    };
  }

  /** Run fn on the image's root filesystem (a mounted throwaway container). */
  async withRootfs<T>(tag: string, fn: (root: string, container: string) => Promise<T> | T): Promise<T> {
    const c = await this.buildahOk(['from', '--pull=never', '--signature-policy', this.policy, '--name', `e2e-${++this.seq}`, tag]);
    try {
      const mnt = await this.buildahOk(['mount', c]);
      return await fn(mnt, c);
    } finally {
      await this.buildah(['rm', c]).catch(() => undefined);
    }
  }

  /**
   * Start the image like `docker run IMAGE [args]`: ENTRYPOINT + CMD, as the
   * configured USER (resolved in the image's /etc/passwd), in its WORKDIR.
   */
  async run(tag: string, o: RunOverrides & { timeoutMs?: number } = {}): Promise<RunResult> {
    const config = await this.inspect(tag);
    const command = effectiveCommand(config, o);
    const workdir = config.workdir || '/';
    return this.withRootfs(tag, async (root, c) => {
      const read = (p: string) => {
        const f = resolveInRoot(root, p);
        try {
          return f ? readFileSync(f, 'utf8') : '';
        } catch {
          return '';
        }
      };
      const user = resolveUser(config.user, read('/etc/passwd'), read('/etc/group'));
      const r = await this.buildah(
        ['run', '--user', `${user.uid}:${user.gid}`, '--workingdir', workdir, c, '--', ...command],
        o.timeoutMs ?? STEP_TIMEOUT_MS,
      );
      const line = r.stdout
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{"argv0":'));
      const report = line ? (JSON.parse(line) as FakeBinReport) : undefined;
      const ran = report ? [report.argv0, ...report.argv.slice(1)] : undefined;
      return { exitCode: r.code, stdout: r.stdout, stderr: r.stderr, command, user, workdir, report, ran };
    });
  }

  /** Whether /bin/sh exists (following symlinks inside the image) and is a file. */
  async hasShell(tag: string): Promise<boolean> {
    return this.withRootfs(tag, (root) => {
      const f = resolveInRoot(root, '/bin/sh');
      return f !== null && lstatSync(f).isFile();
    });
  }

  /** Owner, mode and type of a path in the image (symlinks not followed), or null. */
  async fileInfo(tag: string, p: string): Promise<FileInfo | null> {
    return this.withRootfs(tag, (root) => {
      const dir = resolveInRoot(root, path.posix.dirname(p));
      if (!dir) return null;
      try {
        const st = lstatSync(path.join(dir, path.posix.basename(p)));
        const type = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : 'other';
        return { type, uid: st.uid, gid: st.gid, mode: st.mode & 0o7777 };
      } catch {
        return null;
      }
    });
  }

  /** Remove every container and image and the temp folder. */
  async cleanup(): Promise<void> {
    if (this.closed) return;
    await this.buildah(['rm', '--all']).catch(() => undefined);
    this.closed = true;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
