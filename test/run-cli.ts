/** Running the CLI in-process (main() with captured output) and a scratch-tree helper, for CLI-level tests. */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/output.js';
import { Catalog } from '../src/catalog/catalog.js';
import { migrateDecoded } from '../src/cli/migrate-file.js';
import { withDefaults } from '../src/engine/options.js';
import { decodeDockerfile, isDecodeError } from '../src/io/decode.js';
import { allRules } from '../rules/index.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCli(args: string[], cwd: string, stdin: string | Buffer = ''): Promise<CliRun> {
  const io: Io & { out: string; err: string } = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    readStdin: async () => Buffer.from(stdin),
    color: false,
    cwd,
  };
  const prev = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(args, io);
    return { code, out: io.out, err: io.err };
  } finally {
    process.chdir(prev);
  }
}

/** A temp directory; `files` maps relative paths to contents. */
export function scratchTree(files: Record<string, string | Buffer> = {}, prefix = 'dhi-tree-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Lines of stderr that are error lines (`dhi-migrate: ...`), in order. */
export function errorLines(err: string): string[] {
  return err.split('\n').filter((l) => l.startsWith('dhi-migrate: '));
}

/** Every file under `dir` (relative paths), for "nothing else was created" checks. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

/** Content, modification time and inode, to prove a file was not rewritten (a rename changes the inode). */
export function snapshot(path: string): { bytes: string; mtimeMs: number; ino: number } {
  const s = statSync(path);
  return { bytes: readFileSync(path).toString('base64'), mtimeMs: s.mtimeMs, ino: s.ino };
}

/**
 * What `--write` should leave in a file, computed in-process by the same
 * per-file pipeline with every rule and default options. Tests about I/O
 * (atomicity, modes, endings, bad neighbours) use it instead of spelling out
 * the migrated text, so they don't break each time a rule is added.
 */
export function migratedBytes(input: string | Buffer, contextDir: string | null = null): Buffer {
  const bytes = Buffer.from(input);
  const decoded = decodeDockerfile(bytes, 'Dockerfile');
  if (isDecodeError(decoded)) throw new Error(`migratedBytes: ${decoded.message}`);
  const m = migrateDecoded({
    displayPath: 'Dockerfile',
    decoded,
    contextDir,
    rules: allRules,
    catalog: Catalog.builtin(),
    options: withDefaults(),
  });
  if (m.result.status === 'error') throw new Error(`migratedBytes: ${m.result.error}`);
  return m.outputBytes ?? bytes;
}

export const migratedText = (input: string, contextDir: string | null = null): string => migratedBytes(input, contextDir).toString('utf8');
