/**
 * `--shard i/n`: which repositories this run takes. A repository belongs to
 * shard `1 + (h mod n)` where h is the first 32 bits of the SHA-256 of its
 * name (the path relative to the common root of all inputs). The split
 * therefore depends only on the names: it is the same on every CI runner
 * whatever order the inputs come in, and adding a repository never moves the
 * others to another shard. Shards are balanced statistically, not exactly.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../cli/errors.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count || !Number.isSafeInteger(count)) {
    throw new UsageError(`--shard: expected i/n with 1 <= i <= n (e.g. 2/5), got "${text}"`);
  }
  return { index, count };
}

export function shardOf(name: string, count: number): number {
  const h = createHash('sha256').update(name, 'utf8').digest().readUInt32BE(0);
  return 1 + (h % count);
}

export function inShard<T extends { name: string }>(items: T[], shard: Shard | null): T[] {
  if (shard === null) return items;
  return items.filter((item) => shardOf(item.name, shard.count) === shard.index);
}
