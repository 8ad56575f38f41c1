import { comparePaths } from '../io/discover.js';
import type { FileResult, ImageChange, JsonReport, ReportMeta, ReportedFinding, SeverityCounts } from './types.js';

/**
 * The machine-readable report. Objects are rebuilt field by field so the key
 * order (and therefore the JSON text) is the same whatever order callers
 * spread or assigned their fields in, and arrays are sorted so batch runs
 * whose workers finish in any order produce identical reports.
 */
export function buildJsonReport(results: FileResult[], meta: ReportMeta): JsonReport {
  const files = [...results].sort((a, b) => comparePaths(a.path, b.path)).map(normalizeFile);
  const count = (status: FileResult['status']) => files.filter((f) => f.status === status).length;
  return {
    schemaVersion: 1,
    tool: { name: meta.name ?? 'dhi-migrate', version: meta.version },
    catalog: { commit: meta.catalog.commit, date: meta.catalog.date },
    summary: {
      files: files.length,
      changed: count('changed'),
      unchanged: count('unchanged'),
      errors: count('error'),
      skipped: count('skipped'),
      findings: countSeverities(files.flatMap((f) => f.findings)),
    },
    files,
  };
}

export function countSeverities(findings: ReportedFinding[]): SeverityCounts {
  const counts: SeverityCounts = { change: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

function normalizeFile(file: FileResult): FileResult {
  return {
    path: file.path,
    status: file.status,
    ...(file.error !== undefined ? { error: file.error } : {}),
    findings: [...file.findings].sort(byPosition).map(normalizeFinding),
    diff: file.diff,
    images: [...file.images].sort((a, b) => a.line - b.line).map(normalizeImage),
  };
}

function normalizeFinding(f: ReportedFinding): ReportedFinding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    applied: f.applied,
    docs: f.docs,
  };
}

function normalizeImage(image: ImageChange): ImageChange {
  return {
    line: image.line,
    from: image.from,
    to: image.to,
    stage: image.stage,
    role: image.role,
    ...(image.reason !== undefined ? { reason: image.reason } : {}),
    ...(image.addedBy !== undefined ? { addedBy: image.addedBy } : {}),
  };
}

/** Stable: findings at the same spot keep the engine's (rule preset) order. */
export function byPosition(a: ReportedFinding, b: ReportedFinding): number {
  return a.line - b.line || a.column - b.column;
}
