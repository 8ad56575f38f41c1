/**
 * Finds the Dockerfiles under the paths a user gives. Synchronous on purpose:
 * callers handle one file after another anyway, and in a batch worker every
 * asynchronous call was a round trip through libuv's thread pool (two thread
 * wake-ups per call, a measurable share of a batch run on two cores).
 */
import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { describeFsError, errnoCode } from './errors.js';

export interface DiscoveredFile {
  /** As the user would write it: the argument, or the directory argument joined with the path inside it. */
  path: string;
  /** Fully resolved path of the file's contents. */
  realPath: string;
  /** The entry itself is a symbolic link (to a file). */
  symlink: boolean;
  /**
   * Whether `realPath` lies inside `root`. Always true for non-symlinks; for
   * a symlink pointing outside, the caller should skip the file rather than
   * write somewhere the user did not ask for.
   */
  insideRoot: boolean;
  /** The real path of the root the symlink check used. */
  root: string;
  /**
   * A regular file. Only a path given on the command line can be anything
   * else: a pipe such as `<(curl ...)`, which can be read but not written back.
   */
  regular: boolean;
}

/** Why `--write` or `-i` skips a path that is not a regular file (see DiscoveredFile.regular). */
export const NOT_WRITABLE_BACK = 'not a regular file (a pipe?): nothing can be written back; use --stdout or a dry run';

export interface DiscoveryError {
  path: string;
  /** A short reason for `<path>: <message>`; it does not repeat the path. */
  message: string;
}

export interface DiscoveryResult {
  /** Sorted by path, each file once. */
  files: DiscoveredFile[];
  errors: DiscoveryError[];
}

export interface DiscoverOptions {
  /**
   * Directory symlinked Dockerfiles must resolve inside. Default: each
   * directory argument itself, and the current directory for file arguments.
   */
  root?: string;
}

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);

/**
 * Names that start like a Dockerfile but are not one: BuildKit's per-Dockerfile
 * ignore files, patch leftovers and editor droppings.
 */
const NOT_DOCKERFILE_SUFFIXES = ['.dockerignore', '.orig', '.rej', '.swp', '~'];

/** The names Docker users give Dockerfiles (case matters, as in the docs and tools). */
export function isDockerfileName(name: string): boolean {
  if (NOT_DOCKERFILE_SUFFIXES.some((suffix) => name.endsWith(suffix))) return false;
  if (name === 'Dockerfile' || name === 'dockerfile' || name === 'Containerfile') return true;
  if (name.startsWith('Dockerfile.') || name.startsWith('Containerfile.')) return true;
  // `api.Dockerfile`, but not a bare hidden `.Dockerfile`.
  return /^.+\.(Dockerfile|dockerfile)$/.test(name);
}

export function discoverDockerfiles(paths: string[], opts: DiscoverOptions = {}): DiscoveryResult {
  const files = new Map<string, DiscoveredFile>();
  const errors: DiscoveryError[] = [];
  const fixedRoot = opts.root === undefined ? undefined : realpathOr(opts.root);

  for (const input of paths) {
    const path = normalize(input);
    try {
      const info = statSync(path);
      if (info.isDirectory()) {
        const realDir = realpathSync.native(path);
        const root = fixedRoot ?? realDir;
        const errorCount = errors.length;
        const found = walk(path, realDir, root, files, errors);
        // `dhi-migrate api/Dockerfile` where that is a directory: the user meant a file,
        // so an empty walk there is an error rather than a quiet "0 files".
        if (found === 0 && errors.length === errorCount && isDockerfileName(basename(resolve(path)))) {
          errors.push({ path, message: 'is a directory, not a Dockerfile (and holds none)' });
        }
      } else {
        const root = fixedRoot ?? realpathSync.native(process.cwd());
        addFile(files, describeFile(path, root).file);
      }
    } catch (err) {
      errors.push({ path, message: describeFsError(err) });
    }
  }

  return {
    files: [...files.values()].sort((a, b) => comparePaths(a.path, b.path)),
    errors: errors.sort((a, b) => comparePaths(a.path, b.path)),
  };
}

function realpathOr(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Iterative walk that never follows directory symlinks, so link loops cannot
 * make it spin; symlinked Dockerfiles are still found and checked. Because
 * only real directories are entered, a regular file's real path is the walk's
 * real directory joined with its path below it: no system call per file.
 */
function walk(dir: string, realDir: string, root: string, files: Map<string, DiscoveredFile>, errors: DiscoveryError[]): number {
  let found = 0;
  const pending: { path: string; real: string }[] = [{ path: dir, real: realDir }];
  while (pending.length > 0) {
    const current = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(current.path, { withFileTypes: true });
    } catch (err) {
      errors.push({ path: current.path, message: describeFsError(err) });
      continue;
    }
    for (const entry of entries) {
      const path = join(current.path, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) pending.push({ path, real: join(current.real, entry.name) });
      } else if (isDockerfileName(entry.name) && entry.isFile()) {
        addFile(files, { path, realPath: join(current.real, entry.name), symlink: false, insideRoot: true, root, regular: true });
        found++;
      } else if (isDockerfileName(entry.name) && entry.isSymbolicLink()) {
        try {
          const file = describeFile(path, root);
          // A link to a directory named like a Dockerfile is not followed either.
          if (file.isFile) {
            addFile(files, file.file);
            found++;
          }
        } catch (err) {
          errors.push({ path, message: describeFsError(err) });
        }
      }
    }
  }
  return found;
}

function describeFile(path: string, root: string): { file: DiscoveredFile; isFile: boolean } {
  const symlink = lstatSync(path).isSymbolicLink();
  let realPath: string;
  try {
    realPath = realpathSync.native(path);
  } catch (err) {
    if (symlink && errnoCode(err) === 'ENOENT') {
      // `<(...)` is /dev/fd/N, a link to "pipe:[...]" that has no path yet opens fine.
      const pipe = streamBehind(path);
      if (pipe) return { file: { path, realPath: path, symlink: false, insideRoot: true, root, regular: false }, isFile: false };
      throw new Error('broken symbolic link');
    }
    throw err;
  }
  const isFile = statSync(realPath).isFile();
  return { file: { path, realPath, symlink, insideRoot: !symlink || isInside(realPath, root), root, regular: isFile }, isFile };
}

/** Whether a link that resolves to no path still opens as a pipe, socket or character device. */
function streamBehind(path: string): boolean {
  try {
    const info = statSync(path);
    return info.isFIFO() || info.isSocket() || info.isCharacterDevice();
  } catch {
    return false;
  }
}

function addFile(files: Map<string, DiscoveredFile>, file: DiscoveredFile) {
  // `.` and `./Dockerfile` name the same file: list it once.
  const key = resolve(file.path);
  if (!files.has(key)) files.set(key, file);
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith('..' + sep));
}

/**
 * Orders paths segment by segment, by code unit, so a directory's files stay
 * together (`a/Dockerfile` before `a-b/Dockerfile`) and the order does not
 * depend on the locale.
 */
export function comparePaths(a: string, b: string): number {
  const left = a.split(/[\\/]/);
  const right = b.split(/[\\/]/);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i]! < right[i]! ? -1 : 1;
  }
  return left.length - right.length;
}
