import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { MAX_DOCKERFILE_BYTES, decodeDockerfile, isDecodeError, tooLargeMessage, type Decoded } from './decode.js';
import { describeFsError } from './errors.js';

export type ReadResult =
  | { ok: true; decoded: Decoded; bytes: Buffer }
  /** `message` is a short reason for `<path>: <message>`; it does not repeat the path. */
  | { ok: false; message: string };

/**
 * Reads and decodes one Dockerfile. Never throws for problems a user can
 * cause (missing, unreadable, directory, binary, too big). Synchronous, like
 * discovery (see discover.ts): open, fstat, read, close, and no thread
 * hand-offs.
 */
export function readDockerfile(path: string): ReadResult {
  try {
    const bytes = readCapped(path, MAX_DOCKERFILE_BYTES + 1);
    if (typeof bytes === 'string') return { ok: false, message: bytes };
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
 * Reads at most `limit` bytes, or says why not (a directory, a file over
 * the limit: refused from its size before reading it). The cap matters for
 * files that grew after fstat and for pipes (`dhi-migrate <(...)`), whose
 * size fstat can't tell.
 */
function readCapped(path: string, limit: number): Buffer | string {
  const fd = openSync(path, 'r');
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) return 'is a directory';
    if (info.isFile() && info.size >= limit) return tooLargeMessage(info.size);
    // A regular file is read in one call of its size (+1 to notice growth); a pipe in 64 KiB chunks.
    const chunkSize = info.isFile() ? Math.min(info.size + 1, limit) : 64 * 1024;
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < limit) {
      const chunk = Buffer.allocUnsafe(Math.min(chunkSize, limit - total));
      const bytesRead = readSync(fd, chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      // A short read of a regular file is its end; a pipe's just means "more later".
      if (info.isFile() && bytesRead < chunk.length) break;
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}
