import { open, stat } from 'node:fs/promises';
import { MAX_DOCKERFILE_BYTES, decodeDockerfile, isDecodeError, tooLargeMessage, type Decoded } from './decode.js';
import { describeFsError } from './errors.js';

export type ReadResult =
  | { ok: true; decoded: Decoded; bytes: Buffer }
  /** `message` is a short reason for `<path>: <message>`; it does not repeat the path. */
  | { ok: false; message: string };

/**
 * Reads and decodes one Dockerfile. Never throws for problems a user can
 * cause (missing, unreadable, directory, binary, too big).
 */
export async function readDockerfile(path: string): Promise<ReadResult> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return { ok: false, message: 'is a directory' };
    // Refuse early instead of reading a huge file only to reject it.
    if (info.isFile() && info.size > MAX_DOCKERFILE_BYTES) {
      return { ok: false, message: tooLargeMessage(info.size) };
    }
    const bytes = await readCapped(path, MAX_DOCKERFILE_BYTES + 1);
    // The read stopped at the cap: the file's true size is unknown.
    if (bytes.length > MAX_DOCKERFILE_BYTES) return { ok: false, message: tooLargeMessage(null) };
    const decoded = decodeDockerfile(bytes, path);
    if (isDecodeError(decoded)) return { ok: false, message: decoded.message };
    return { ok: true, decoded, bytes };
  } catch (err) {
    return { ok: false, message: describeFsError(err) };
  }
}

/**
 * Reads at most `limit` bytes. The cap matters for files that grew after
 * stat and for pipes (`dhi-migrate <(...)`), whose size stat can't tell.
 */
async function readCapped(path: string, limit: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < limit) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, limit - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}
