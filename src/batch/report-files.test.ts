import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizeRepo } from './file-summary.js';
import { EntrySpool, renderJsonReport, writeJsonReport } from './report-files.js';
import { TotalsAccumulator } from './totals.js';
import type { BatchReport, RepoEntry, ReportHeader } from './types.js';

const header: ReportHeader = {
  schemaVersion: 1,
  kind: 'dhi-migrate-batch-report',
  tool: { name: 'dhi-migrate', version: '0.1.0' },
  catalog: { commit: 'abc', date: '2026-08-22' },
  mode: 'dry-run',
  shard: { index: 1, count: 2 },
};

function entry(name: string): RepoEntry {
  const files = [
    {
      path: 'Dockerfile',
      status: 'changed' as const,
      images: [],
      changesByRule: { 'base-image': 1 },
      followUps: [{ line: 2, severity: 'info' as const, ruleId: 'r', message: 'say "hi"\\n' }],
    },
  ];
  return { name, path: `repos/${name}`, status: 'changed', patch: `p/${name}.patch`, git: null, summary: summarizeRepo(files), files };
}

describe('batch JSON report', () => {
  it('streams exactly the text of JSON.stringify, in name order, from a spool filled in any order', async () => {
    const entries = ['b', 'a/x', 'a', 'a-b'].map(entry);
    const spool = await EntrySpool.create();
    await Promise.all(entries.map((e) => spool.add(e)));
    const acc = new TotalsAccumulator();
    for (const e of entries) acc.add(e);
    const totals = acc.totals();
    const out = join(mkdtempSync(join(tmpdir(), 'dhi-report-')), 'r.json');
    await writeJsonReport(out, header, totals, spool.entries());
    await spool.dispose();

    const sorted = ['a', 'a/x', 'a-b', 'b'].map(entry);
    const expected: BatchReport = { ...header, totals, repositories: sorted };
    expect(readFileSync(out, 'utf8')).toBe(renderJsonReport(expected));
  });

  it('writes an empty repository list the same way too', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'dhi-report-')), 'r.json');
    const totals = new TotalsAccumulator().totals();
    await writeJsonReport(out, header, totals, []);
    expect(readFileSync(out, 'utf8')).toBe(renderJsonReport({ ...header, totals, repositories: [] }));
  });
});
