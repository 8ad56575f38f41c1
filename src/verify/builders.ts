/**
 * The container builders `verify` can drive, behind one small interface, and
 * how one is chosen: Docker when its engine answers, else buildah, else podman.
 */
import { runProcess, lastLine } from './process.js';
import { BuildahBuilder } from './buildah.js';
import { CliBuilder } from './docker.js';

export const BUILDER_NAMES = ['docker', 'buildah', 'podman'] as const;
export type BuilderName = (typeof BUILDER_NAMES)[number];

export interface BuildRequest {
  dockerfile: string;
  context: string;
  tag: string;
  target: string | null;
  /** false: use only local images (`--pull=never`). */
  pull: boolean;
  timeoutMs: number;
}

export interface BuildOutcome {
  ok: boolean;
  durationMs: number;
  /** The builder's output (tail), stdout and stderr interleaved. */
  log: string;
  failedStep?: string;
  failedStage?: string;
  error?: string;
}

/** What the built image runs and as whom. null: the builder could not tell. */
export interface ImageFacts {
  /** USER as configured; "" when unset (root). */
  user: string;
  uid: number | null;
  entrypoint: string[] | null;
  cmd: string[] | null;
  /** /bin/sh exists (following symlinks) in the image. */
  shell: boolean | null;
  sizeBytes: number | null;
}

export interface Builder {
  readonly name: BuilderName;
  build(req: BuildRequest): Promise<BuildOutcome>;
  facts(tag: string): Promise<ImageFacts>;
  /** Remove a tag this run built; never fails. */
  remove(tag: string): Promise<void>;
}

export interface BuilderSettings {
  env: NodeJS.ProcessEnv;
  /** Keep all buildah state under this folder (vfs storage, chroot isolation). */
  buildahRoot: string | null;
  /** Limit for every builder command other than a build. */
  commandTimeoutMs: number;
}

export type Detection = { ok: true; builder: Builder } | { ok: false; message: string };

/** Why `name` can't be used here, or null when it can. */
async function probe(name: BuilderName, s: BuilderSettings): Promise<string | null> {
  const args = name === 'docker' ? ['info', '--format', '{{.ServerVersion}}'] : name === 'podman' ? ['info'] : ['--version'];
  const r = await runProcess(name, args, { env: s.env, timeoutMs: Math.min(s.commandTimeoutMs, 20_000) });
  if (r.startError)
    return r.startError.code === 'ENOENT' ? `${name} is not installed (not on PATH)` : `${name} can't be started: ${r.startError.message}`;
  if (r.timedOut) return `'${name} ${args[0]}' did not answer in time`;
  if (r.code !== 0) {
    const why = lastLine(r.stderr) || `exit code ${r.code}`;
    return name === 'docker' ? `no usable Docker engine ('docker info' failed: ${why})` : `'${name} ${args[0]}' failed: ${why}`;
  }
  return null;
}

function make(name: BuilderName, s: BuilderSettings): Builder {
  return name === 'buildah' ? new BuildahBuilder(s) : new CliBuilder(name, s);
}

/** The chosen builder, or the first usable one of docker, buildah, podman. */
export async function detectBuilder(choice: BuilderName | null, s: BuilderSettings): Promise<Detection> {
  if (choice) {
    const why = await probe(choice, s);
    return why ? { ok: false, message: `--builder ${choice}: ${why}` } : { ok: true, builder: make(choice, s) };
  }
  for (const name of BUILDER_NAMES) {
    if ((await probe(name, s)) === null) return { ok: true, builder: make(name, s) };
  }
  return {
    ok: false,
    message: 'no container builder found: verify needs a running Docker engine, buildah or podman on PATH (choose one with --builder)',
  };
}
