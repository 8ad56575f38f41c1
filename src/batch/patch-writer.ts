/**
 * One repository's patch file. Diffs are collected as each file is migrated
 * and written when the repository is done, under a temporary name renamed at
 * the end, so a crash never leaves half a patch; a repository with nothing to
 * change removes the patch an earlier run may have left.
 *
 * Written with synchronous calls: this runs in a batch worker thread, where
 * each asynchronous file operation is a round trip through libuv's thread
 * pool (a wake-up of another thread, twice per call). For a few kilobytes per
 * repository that hand-off cost more than the writing. Diffs are held only up
 * to FLUSH_BYTES, so a huge monorepo still doesn't keep all its diffs.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const FLUSH_BYTES = 1 << 20;

export class PatchWriter {
  private fd: number | null = null;
  private readonly tmp: string;
  private pending: string[] = [];
  private pendingBytes = 0;

  constructor(private readonly path: string) {
    this.tmp = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  }

  async append(diff: string): Promise<void> {
    // Created at the first diff, as before buffering: a directory we can't write fails this file, not a later one.
    if (this.fd === null) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.fd = openSync(this.tmp, 'w');
    }
    this.pending.push(diff);
    this.pendingBytes += diff.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  /** Returns whether a patch file now exists. */
  async finish(): Promise<boolean> {
    if (this.fd === null) {
      try {
        unlinkSync(this.path);
      } catch {
        // there was none
      }
      return false;
    }
    this.flush();
    closeSync(this.fd);
    this.fd = null;
    renameSync(this.tmp, this.path);
    return true;
  }

  async abort(): Promise<void> {
    this.pending = [];
    if (this.fd === null) return;
    // Best effort, each step on its own: the temporary file is hidden and named as ours.
    try {
      closeSync(this.fd);
    } catch {
      // already closed or gone
    }
    this.fd = null;
    try {
      unlinkSync(this.tmp);
    } catch {
      // already gone
    }
  }

  private flush(): void {
    if (this.fd === null || this.pendingBytes === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    // writeSync may write less than asked; write what is left.
    const bytes = Buffer.from(text, 'utf8');
    for (let off = 0; off < bytes.length;) off += writeSync(this.fd, bytes, off);
  }
}
