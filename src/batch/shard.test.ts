import { describe, expect, it } from 'vitest';
import { inShard, parseShard, shardOf } from './shard.js';

describe('--shard', () => {
  it('parses i/n and rejects anything else', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    for (const bad of ['0/3', '4/3', '1/0', '1', 'a/b', '1/2/3', '-1/2']) expect(() => parseShard(bad)).toThrow(/--shard/);
  });

  it('puts every repository in exactly one shard, whatever the input order, and spreads them', () => {
    const names = Array.from({ length: 300 }, (_, i) => `team-${i % 7}/service-${i}`);
    const shards = [1, 2, 3, 4].map((index) =>
      inShard(
        names.map((name) => ({ name })),
        { index, count: 4 },
      ).map((r) => r.name),
    );
    expect(shards.flat().sort()).toEqual([...names].sort());
    for (const shard of shards) expect(shard.length).toBeGreaterThan(50);
    const reversed = inShard(
      [...names].reverse().map((name) => ({ name })),
      { index: 3, count: 4 },
    ).map((r) => r.name);
    expect(reversed.sort()).toEqual([...shards[2]!].sort());
  });

  it('depends only on the name: adding a repository moves no other', () => {
    expect(shardOf('payments/api', 5)).toBe(shardOf('payments/api', 5));
    expect(inShard([{ name: 'a' }], null)).toEqual([{ name: 'a' }]);
  });
});
