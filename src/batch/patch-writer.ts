/**
 * One repository's patch file, appended to as each file's diff is made so no
 * diff outlives its file. It is written under a temporary name and renamed at
 * the end, so a crash never leaves half a patch; a repository with nothing
 * to change removes the patch an earlier run may have left.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export class PatchWriter {
  private handle: FileHandle | null = null;
  private readonly tmp: string;

  constructor(private readonly path: string) {
    this.tmp = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  }

  async append(diff: string): Promise<void> {
    if (this.handle === null) {
      await mkdir(dirname(this.path), { recursive: true });
      this.handle = await open(this.tmp, 'w');
    }
    await this.handle.writeFile(diff);
  }

  /** Returns whether a patch file now exists. */
  async finish(): Promise<boolean> {
    if (this.handle === null) {
      await unlink(this.path).catch(() => undefined);
      return false;
    }
    await this.handle.close();
    this.handle = null;
    await rename(this.tmp, this.path);
    return true;
  }

  async abort(): Promise<void> {
    if (this.handle === null) return;
    await this.handle.close().catch(() => undefined);
    this.handle = null;
    await unlink(this.tmp).catch(() => undefined);
  }
}
