import { randomBytes } from 'node:crypto';
import { chmod, chown, lstat, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errnoCode } from './errors.js';

/**
 * Replaces a file's contents so that readers (and a crash) see either the old
 * or the new file, never a half-written one: write a temp file next to the
 * target, fsync it, give it the original's mode and owner, rename it over.
 *
 * A symlinked target is written through to its real path, so the link stays a
 * link (the caller has already decided the target may be written). A hard-
 * linked target is detached from its other names; that is inherent to rename.
 */
export async function writeFileAtomic(path: string, data: Buffer | string): Promise<void> {
  const target = await resolveTarget(path);
  const original = await statIfExists(target);
  const tmp = join(
    dirname(target),
    `.${basename(target)}.dhi-migrate-${process.pid}-${randomBytes(6).toString('hex')}.tmp`,
  );
  let created = false;
  try {
    // 'wx' never clobbers an existing file; a new target gets the usual 0666 & ~umask.
    const handle = await open(tmp, 'wx', original ? 0o600 : 0o666);
    created = true;
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (original) {
      await keepOwner(tmp, original.uid, original.gid);
      // After chown: chown clears setuid/setgid bits.
      await chmod(tmp, original.mode & 0o7777);
    }
    await rename(tmp, target);
  } catch (err) {
    if (created) await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await syncDirectory(dirname(target));
}

async function resolveTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (err) {
    // A file that doesn't exist yet is created as named.
    if (errnoCode(err) === 'ENOENT' && !(await isSymlink(path))) return path;
    throw err;
  }
}

async function isSymlink(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isSymbolicLink();
  } catch {
    return false;
  }
}

async function statIfExists(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

/** Matters when root rewrites someone else's file (batch mode in CI). */
async function keepOwner(tmp: string, uid: number, gid: number): Promise<void> {
  const mine = await stat(tmp);
  if (mine.uid === uid && mine.gid === gid) return;
  // Without privileges the file simply becomes ours, like any editor's save.
  await chown(tmp, uid, gid).catch(() => undefined);
}

/** Makes the rename itself durable; not supported everywhere, so best effort. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // e.g. EISDIR/EPERM on some platforms: the data itself is already synced.
  }
}
