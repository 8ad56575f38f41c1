/**
 * buildah: builds with `buildah bud`, reads the committed OCI config with
 * `buildah inspect`, and checks for a shell by mounting a throwaway working
 * container (needs root or `buildah unshare`; otherwise the shell is unknown).
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Builder, BuilderSettings, BuildOutcome, BuildRequest, ImageFacts } from './builders.js';
import { imageFacts, type ImageConfig, type ImageLook } from './image-user.js';
import { parseJson, runProcess, type ProcResult } from './process.js';
import { hasShellIn, readInRoot } from './rootfs.js';
import { runBuild } from './run-build.js';

export class BuildahBuilder implements Builder {
  readonly name = 'buildah' as const;
  private readonly globalArgs: string[];

  constructor(private readonly s: BuilderSettings) {
    this.globalArgs = s.buildahRoot
      ? ['--root', path.join(s.buildahRoot, 'storage'), '--runroot', path.join(s.buildahRoot, 'run'), '--storage-driver', 'vfs']
      : [];
  }

  private run(args: string[]): Promise<ProcResult> {
    return runProcess('buildah', [...this.globalArgs, ...args], { env: this.s.env, timeoutMs: this.s.commandTimeoutMs });
  }

  build(req: BuildRequest): Promise<BuildOutcome> {
    const args = [...this.globalArgs, 'bud'];
    if (this.s.buildahRoot) args.push('--isolation', 'chroot');
    if (!req.pull) args.push('--pull=never');
    if (req.target) args.push('--target', req.target);
    args.push('-f', req.dockerfile, '-t', req.tag, req.context);
    return runBuild('buildah', args, this.s.env, req.timeoutMs);
  }

  async facts(tag: string): Promise<ImageFacts> {
    const r = await this.run(['inspect', '--type', 'image', tag]);
    if (r.code !== 0) throw new Error(`buildah inspect ${tag} failed: ${r.stderr.trim() || r.code}`);
    const info = parseJson(r.stdout, `buildah inspect ${tag}`) as BuildahInspect;
    return imageFacts(info.OCIv1?.config ?? {}, await this.look(tag), manifestSize(info.Manifest));
  }

  /** Mount a throwaway container of the image to look for /bin/sh and read /etc/passwd. */
  private async look(tag: string): Promise<ImageLook> {
    const name = `dhi-migrate-verify-${randomBytes(6).toString('hex')}`;
    const from = await this.run(['from', '--pull=never', '--name', name, tag]);
    if (from.code !== 0) return { shell: null, passwd: null };
    try {
      const mnt = await this.run(['mount', name]);
      const root = mnt.stdout.toString('utf8').trim();
      if (mnt.code !== 0 || !root) return { shell: null, passwd: null };
      return { shell: hasShellIn(root), passwd: readInRoot(root, '/etc/passwd') };
    } finally {
      await this.run(['rm', name]);
    }
  }

  async remove(tag: string): Promise<void> {
    await this.run(['rmi', tag]);
  }
}

/** Bytes of the image's layers and config as its local manifest lists them. */
function manifestSize(manifest: unknown): number | null {
  try {
    const m = typeof manifest === 'string' ? JSON.parse(manifest) : manifest;
    const layers = (m?.layers ?? []) as { size?: number }[];
    if (!Array.isArray(layers) || layers.some((l) => typeof l.size !== 'number')) return null;
    return layers.reduce((n, l) => n + l.size!, 0) + (m.config?.size ?? 0);
  } catch {
    return null;
  }
}

/** The part of `buildah inspect --type image` output verify reads. */
interface BuildahInspect {
  OCIv1?: { config?: ImageConfig };
  Manifest?: string;
}
