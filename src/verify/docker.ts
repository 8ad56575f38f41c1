/**
 * Docker and podman, which share a command line: `build`, `image inspect`,
 * and for the shell check a created (never started) container whose /bin/sh
 * is copied out with `cp CONTAINER:/bin/sh -` (a tar stream) and followed
 * through symlinks. No container runtime is needed, nothing runs.
 */
import path from 'node:path';
import type { Builder, BuilderSettings, BuildOutcome, BuildRequest, ImageFacts } from './builders.js';
import { imageFacts, type ImageConfig, type ImageLook } from './image-user.js';
import { parseJson, runProcess, type ProcResult } from './process.js';
import { runBuild } from './run-build.js';
import { firstTarEntry, type TarEntry } from './tar.js';

const MAX_LINK_HOPS = 16;

export class CliBuilder implements Builder {
  constructor(
    readonly name: 'docker' | 'podman',
    private readonly s: BuilderSettings,
  ) {}

  private run(args: string[]): Promise<ProcResult> {
    return runProcess(this.name, args, { env: this.s.env, timeoutMs: this.s.commandTimeoutMs });
  }

  build(req: BuildRequest): Promise<BuildOutcome> {
    const args = ['build'];
    // Docker uses local images as they are unless asked to --pull; podman pulls unless told not to.
    if (this.name === 'podman' && !req.pull) args.push('--pull=never');
    if (req.target) args.push('--target', req.target);
    args.push('-f', req.dockerfile, '-t', req.tag, req.context);
    // Plain progress makes BuildKit's log readable (ignored by the legacy builder and podman).
    const env = { ...this.s.env, BUILDKIT_PROGRESS: 'plain', DOCKER_CLI_HINTS: 'false' };
    return runBuild(this.name, args, env, req.timeoutMs);
  }

  async facts(tag: string): Promise<ImageFacts> {
    const r = await this.run(['image', 'inspect', tag]);
    if (r.code !== 0) throw new Error(`${this.name} image inspect ${tag} failed: ${r.stderr.trim() || r.code}`);
    const info = (parseJson(r.stdout, `${this.name} image inspect ${tag}`) as InspectEntry[])[0] ?? {};
    return imageFacts(info.Config ?? {}, await this.look(tag), typeof info.Size === 'number' ? info.Size : null);
  }

  private async look(tag: string): Promise<ImageLook> {
    // The entrypoint is never started; it only lets images without CMD be created.
    const created = await this.run(['create', '--entrypoint', '/dhi-migrate-verify-never-started', tag]);
    const id = created.stdout.toString('utf8').trim().split('\n').at(-1) ?? '';
    if (created.code !== 0 || !id) return { shell: null, passwd: null };
    try {
      const shell = await this.isFile(id, '/bin/sh');
      const passwd = await this.copyOut(id, '/etc/passwd');
      return { shell, passwd: passwd?.type === 'file' ? passwd.content.toString('utf8') : null };
    } finally {
      await this.run(['rm', '-f', id]);
    }
  }

  /** The tar entry `cp` gives for one path: null when the path does not exist, undefined when cp itself failed. */
  private async copyOut(id: string, p: string): Promise<TarEntry | null | undefined> {
    const r = await this.run(['cp', `${id}:${p}`, '-']);
    if (r.code !== 0) return /no such file|could not find the file|not found/i.test(r.stderr) ? null : undefined;
    return firstTarEntry(r.stdout) ?? undefined;
  }

  /** Whether `p` is a file, following symlinks; null when it can't be told. */
  private async isFile(id: string, p: string): Promise<boolean | null> {
    let current = p;
    for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
      const e = await this.copyOut(id, current);
      if (e === undefined) return null;
      if (e === null) return false;
      if (e.type === 'file' || e.type === 'hardlink') return true;
      if (e.type !== 'symlink') return false;
      current = path.posix.resolve(path.posix.dirname(current), e.linkName);
    }
    return null;
  }

  async remove(tag: string): Promise<void> {
    await this.run(['image', 'rm', tag]);
  }
}

/** The part of `docker image inspect` / `podman image inspect` output verify reads. */
interface InspectEntry {
  Config?: ImageConfig;
  Size?: number;
}
