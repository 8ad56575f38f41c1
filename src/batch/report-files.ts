/**
 * Batch reports on disk. Repository entries are spooled to a temporary file
 * as they arrive (in completion order) and read back in name order when the
 * reports are written, so memory holds only offsets and the totals. The JSON
 * text is exactly `JSON.stringify(report, null, 2)`, written piece by piece.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rename, rm, unlink, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { comparePaths } from '../io/discover.js';
import type { BatchReport, RepoEntry, ReportHeader, Totals } from './types.js';

type Entries = Iterable<RepoEntry> | AsyncIterable<RepoEntry>;

export class EntrySpool {
  private readonly index: { name: string; offset: number; length: number }[] = [];
  private size = 0;

  private constructor(
    private readonly dir: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(): Promise<EntrySpool> {
    const dir = await mkdtemp(join(tmpdir(), 'dhi-migrate-batch-'));
    return new EntrySpool(dir, await open(join(dir, 'entries.ndjson'), 'w+'));
  }

  async add(entry: RepoEntry): Promise<void> {
    const bytes = Buffer.from(JSON.stringify(entry), 'utf8');
    // The position is taken synchronously, so concurrent adds never overlap.
    const offset = this.size;
    this.size += bytes.length;
    this.index.push({ name: entry.name, offset, length: bytes.length });
    await this.handle.write(bytes, 0, bytes.length, offset);
  }

  async *entries(): AsyncGenerator<RepoEntry> {
    const sorted = [...this.index].sort((a, b) => comparePaths(a.name, b.name));
    for (const { offset, length } of sorted) {
      const buf = Buffer.alloc(length);
      await this.handle.read(buf, 0, length, offset);
      yield JSON.parse(buf.toString('utf8')) as RepoEntry;
    }
  }

  async dispose(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}

export function renderJsonReport(report: BatchReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** Streams the report to `path` (temp file + rename); same text as renderJsonReport. */
export async function writeJsonReport(path: string, header: ReportHeader, totals: Totals, entries: Entries): Promise<void> {
  await writeStreamed(path, async (write) => {
    const head = JSON.stringify({ ...header, totals }, null, 2);
    await write(head.slice(0, -2) + ',\n  "repositories": [');
    let first = true;
    for await (const entry of entries) {
      await write((first ? '\n    ' : ',\n    ') + JSON.stringify(entry, null, 2).split('\n').join('\n    '));
      first = false;
    }
    await write(first ? ']\n}\n' : '\n  ]\n}\n');
  });
}

export async function writeStreamed(path: string, body: (write: (text: string) => Promise<void>) => Promise<void>): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(tmp, 'w');
  try {
    await body(async (text) => void (await handle.write(text)));
    await handle.close();
    await rename(tmp, path);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
