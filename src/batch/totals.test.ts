import { describe, expect, it } from 'vitest';
import { summarizeRepo } from './file-summary.js';
import { maskSpecifics, TotalsAccumulator } from './totals.js';
import type { BatchFile, RepoEntry } from './types.js';

function repo(name: string, files: BatchFile[], status: RepoEntry['status'] = 'changed'): RepoEntry {
  return { name, path: name, status, patch: null, git: null, summary: summarizeRepo(files), files };
}

const unmapped = (line: number, from: string): BatchFile['images'][number] => ({
  line,
  from,
  to: null,
  stage: null,
  role: 'final',
  status: 'unmapped',
  reason: `${from}: no DHI equivalent known (left untouched)`,
});

const bumped = (line: number, from: string) => ({
  line,
  severity: 'warning' as const,
  ruleId: 'base-image',
  message: `${from} -> dhi.io/node:24 (final stage 0, runtime variant): ${from} has no DHI line; bumped to 24 (nearest newer supported)`,
});

const a = repo('a', [
  {
    path: 'Dockerfile',
    status: 'changed',
    images: [
      { line: 1, from: 'node:23', to: 'dhi.io/node:24', stage: null, role: 'final', status: 'migrated' },
      unmapped(5, 'mycorp/base:1'),
    ],
    changesByRule: { 'base-image': 1 },
    followUps: [bumped(1, 'node:23')],
  },
  { path: 'x/Dockerfile', status: 'error', error: 'binary file', images: [], changesByRule: {}, followUps: [] },
]);
const b = repo(
  'b',
  [
    {
      path: 'svc/Dockerfile',
      status: 'unchanged',
      images: [unmapped(1, 'mycorp/base:2'), unmapped(2, 'mycorp/base:2'), unmapped(3, 'other/x:1')],
      changesByRule: {},
      followUps: [bumped(3, 'node:21')],
    },
  ],
  'unchanged',
);
const c = repo('c', [], 'error');

describe('TotalsAccumulator', () => {
  it('counts repositories, files and images and ranks unmapped images and follow-ups', () => {
    const acc = new TotalsAccumulator();
    for (const r of [b, c, a]) acc.add(r);
    const t = acc.totals();
    expect(t.repositories).toEqual({ total: 3, changed: 1, unchanged: 1, withoutDockerfiles: 0, failed: 1, withErrors: 2 });
    expect(t.files).toEqual({ total: 3, changed: 1, unchanged: 1, errors: 1, skipped: 0 });
    expect(t.images).toEqual({ total: 5, migrated: 1, unmapped: 4, alreadyDhi: 0 });
    expect(t.percent).toEqual({ repositoriesChanged: 33.3, filesChanged: 33.3, imagesMigrated: 20, imagesOnDhi: 20 });
    expect(t.topUnmapped).toEqual([
      { image: 'mycorp/base', count: 3, repositories: 2, reason: 'mycorp/base:1: no DHI equivalent known (left untouched)' },
      { image: 'other/x', count: 1, repositories: 1, reason: 'other/x:1: no DHI equivalent known (left untouched)' },
    ]);
    // Two different images bumped: one kind of follow-up; the example is the first in report order.
    expect(t.topFollowUps).toEqual([
      {
        ruleId: 'base-image',
        severity: 'warning',
        message: '… -> … (final stage …, runtime variant): … has no DHI line; bumped to … (nearest newer supported)',
        example: 'a/Dockerfile:1',
        count: 2,
        repositories: 2,
      },
    ]);
  });

  it('does not depend on the order repositories finish in', () => {
    const one = new TotalsAccumulator();
    const two = new TotalsAccumulator();
    for (const r of [a, b, c]) one.add(r);
    for (const r of [c, b, a]) two.add(r);
    expect(two.totals()).toEqual(one.totals());
  });

  it('has null percentages when there is nothing to count', () => {
    expect(new TotalsAccumulator().totals().percent).toEqual({
      repositoriesChanged: null,
      filesChanged: null,
      imagesMigrated: null,
      imagesOnDhi: null,
    });
  });
});

describe('maskSpecifics', () => {
  it('masks images, numbers and quoted names but keeps the words and punctuation', () => {
    expect(maskSpecifics("python:3.9 -> dhi.io/python:3.10 (build stage 'build', build variant): RUN on line 4")).toBe(
      '… -> … (build stage …, build variant): RUN on line …',
    );
  });
});
