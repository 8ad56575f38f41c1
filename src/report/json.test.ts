import { describe, expect, it } from 'vitest';
import { buildJsonReport } from './json.js';
import type { FileResult, ReportedFinding } from './types.js';

const meta = { version: '0.1.0', catalog: { commit: 'abc123', date: '2025-06-01' } };

function finding(over: Partial<ReportedFinding>): ReportedFinding {
  return {
    ruleId: 'base-image',
    severity: 'change',
    message: 'node:22 -> dhi.io/node:22',
    line: 1,
    column: 1,
    endLine: 1,
    applied: true,
    docs: 'https://example.invalid/rules/base-image',
    ...over,
  };
}

const changed: FileResult = {
  path: 'web/Dockerfile',
  status: 'changed',
  findings: [
    finding({ ruleId: 'non-root-user', severity: 'warning', message: 'npm start runs a script', line: 9, applied: false }),
    finding({}),
  ],
  diff: 'diff --git a/web/Dockerfile b/web/Dockerfile\n',
  images: [{ line: 1, from: 'node:22', to: 'dhi.io/node:22', stage: null, role: 'final' }],
};
const unchanged: FileResult = { path: 'Dockerfile', status: 'unchanged', findings: [], diff: '', images: [] };
const broken: FileResult = { path: 'bin/Dockerfile', status: 'error', error: 'binary file', findings: [], diff: '', images: [] };
const skipped: FileResult = {
  path: 'link/Dockerfile',
  status: 'skipped',
  error: 'symbolic link points outside the repository',
  findings: [],
  diff: '',
  images: [],
};

describe('buildJsonReport', () => {
  it('summarises files and findings', () => {
    const report = buildJsonReport([changed, unchanged, broken, skipped], meta);
    expect(report.schemaVersion).toBe(1);
    expect(report.tool).toEqual({ name: 'dhi-migrate', version: '0.1.0' });
    expect(report.catalog).toEqual(meta.catalog);
    expect(report.summary).toEqual({
      files: 4,
      changed: 1,
      unchanged: 1,
      errors: 1,
      skipped: 1,
      findings: { change: 1, warning: 1, info: 0 },
    });
  });

  it('has a fixed key order and sorted files, findings and images', () => {
    const report = buildJsonReport([changed, unchanged, broken, skipped], meta);
    expect(Object.keys(report)).toEqual(['schemaVersion', 'tool', 'catalog', 'summary', 'files']);
    expect(report.files.map((f) => f.path)).toEqual(['Dockerfile', 'bin/Dockerfile', 'link/Dockerfile', 'web/Dockerfile']);
    const web = report.files[3]!;
    expect(Object.keys(web)).toEqual(['path', 'status', 'findings', 'diff', 'images']);
    expect(Object.keys(report.files[1]!)).toEqual(['path', 'status', 'error', 'findings', 'diff', 'images']);
    expect(web.findings.map((f) => f.line)).toEqual([1, 9]);
    expect(Object.keys(web.findings[0]!)).toEqual(['ruleId', 'severity', 'message', 'line', 'column', 'endLine', 'applied', 'docs']);
    expect(Object.keys(web.images[0]!)).toEqual(['line', 'from', 'to', 'stage', 'role']);
  });

  it('gives the same JSON text whatever order inputs and keys come in', () => {
    const shuffled: FileResult = {
      images: [...changed.images].reverse().map((i) => ({ role: i.role, stage: i.stage, to: i.to, from: i.from, line: i.line })),
      diff: changed.diff,
      findings: [...changed.findings].reverse(),
      status: changed.status,
      path: changed.path,
    };
    const a = JSON.stringify(buildJsonReport([changed, unchanged, broken], meta));
    const b = JSON.stringify(buildJsonReport([broken, shuffled, unchanged], meta));
    expect(b).toBe(a);
  });

  it('keeps the engine order for findings on the same spot and drops unknown fields', () => {
    const first = finding({ ruleId: 'b-rule' });
    const second = { ...finding({ ruleId: 'a-rule' }), internal: 42 } as ReportedFinding;
    const report = buildJsonReport([{ ...unchanged, findings: [first, second] }], meta);
    expect(report.files[0]!.findings.map((f) => f.ruleId)).toEqual(['b-rule', 'a-rule']);
    expect(report.files[0]!.findings[1]).not.toHaveProperty('internal');
  });

  it('reports only commit and date of the catalog snapshot, and a given tool name', () => {
    const snapshot = { commit: 'abc123', date: '2025-06-01', images: 120 };
    const report = buildJsonReport([], { name: 'dhi-migrate-fork', version: '1.2.3', catalog: snapshot });
    expect(report.tool).toEqual({ name: 'dhi-migrate-fork', version: '1.2.3' });
    expect(report.catalog).toEqual({ commit: 'abc123', date: '2025-06-01' });
  });

  it('handles no files', () => {
    expect(buildJsonReport([], meta).summary).toEqual({
      files: 0,
      changed: 0,
      unchanged: 0,
      errors: 0,
      skipped: 0,
      findings: { change: 0, warning: 0, info: 0 },
    });
  });

  it('keeps an image left untouched with its reason', () => {
    const report = buildJsonReport(
      [
        {
          ...unchanged,
          images: [{ line: 3, from: 'mcr.microsoft.com/x:1', to: null, stage: 'build', role: 'build', reason: 'no DHI equivalent' }],
        },
      ],
      meta,
    );
    expect(report.files[0]!.images[0]).toEqual({
      line: 3,
      from: 'mcr.microsoft.com/x:1',
      to: null,
      stage: 'build',
      role: 'build',
      reason: 'no DHI equivalent',
    });
  });
});
