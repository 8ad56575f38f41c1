import { byPosition, countSeverities } from './json.js';
import { comparePaths } from '../io/discover.js';
import type { FileResult, ReportedFinding } from './types.js';

export interface SummaryOptions {
  color: boolean;
}

type Paint = (text: string) => string;

const SGR = {
  bold: ['1', '22'],
  dim: ['2', '22'],
  red: ['31', '39'],
  yellow: ['33', '39'],
  cyan: ['36', '39'],
  magenta: ['35', '39'],
} as const;

/**
 * The human summary for stderr: every finding gets one
 * `path:line  label  rule-id  message` line (clickable in editors and
 * terminals). An applied change is labelled `applied` and gives the reason
 * for what the diff on stdout shows; `warning`, `info` and an unapplied
 * `change` are left for a human. Columns are aligned per file; messages are
 * never cut.
 */
export function formatSummary(results: FileResult[], opts: SummaryOptions): string {
  const paint = (style: keyof typeof SGR): Paint =>
    opts.color ? (text) => `\x1b[${SGR[style][0]}m${text}\x1b[${SGR[style][1]}m` : (text) => text;
  const severityPaint: Record<string, Paint> = {
    error: paint('red'),
    skipped: paint('dim'),
    warning: paint('yellow'),
    info: paint('cyan'),
    change: paint('magenta'),
    applied: paint('dim'),
  };

  const out: string[] = [];
  for (const file of [...results].sort((a, b) => comparePaths(a.path, b.path))) {
    const rows = rowsFor(file);
    const locationWidth = Math.max(0, ...rows.map((r) => r.location.length));
    const ruleWidth = Math.max(0, ...rows.map((r) => r.rule.length));
    for (const row of rows) {
      const cells = [
        row.location.padEnd(locationWidth),
        severityPaint[row.label]!(row.label.padEnd(7)),
        ...(ruleWidth > 0 ? [paint('dim')(row.rule.padEnd(ruleWidth))] : []),
        row.message,
      ];
      out.push(cells.join('  ').trimEnd());
    }
  }
  out.push(paint('bold')(totalsLine(results)));
  return out.join('\n') + '\n';
}

interface Row {
  location: string;
  label: string;
  rule: string;
  message: string;
}

function rowsFor(file: FileResult): Row[] {
  // An error already has its own `dhi-migrate: <file>: <problem>` line; the summary only counts it.
  if (file.status === 'error') return [];
  if (file.status === 'skipped') return [{ location: file.path, label: file.status, rule: '', message: file.error ?? '' }];
  return [...file.findings].sort(byPosition).map((f: ReportedFinding) => ({
    location: `${file.path}:${f.line}`,
    label: f.severity === 'change' && f.applied ? 'applied' : f.severity,
    rule: f.ruleId,
    message: f.message,
  }));
}

function totalsLine(results: FileResult[]): string {
  const findings = results.flatMap((r) => r.findings);
  const counts = countSeverities(findings);
  // A warning can carry a fix too (a bump, a split marked for review): every applied fix is a change made.
  const applied = findings.filter((f) => f.applied).length;
  const changesApplied = findings.filter((f) => f.severity === 'change' && f.applied).length;
  const status = (s: FileResult['status']) => results.filter((r) => r.status === s).length;

  const files = [plural(status('changed'), 'changed'), plural(status('unchanged'), 'unchanged')];
  if (status('error') > 0) files.push(plural(status('error'), 'error', 'errors'));
  if (status('skipped') > 0) files.push(plural(status('skipped'), 'skipped'));

  const work = [plural(applied, 'change applied', 'changes applied')];
  if (counts.change - changesApplied > 0) work.push(plural(counts.change - changesApplied, 'change not applied', 'changes not applied'));
  work.push(plural(counts.warning, 'warning', 'warnings'), plural(counts.info, 'info'));

  return `${plural(results.length, 'file', 'files')}: ${files.join(', ')}; ${work.join(', ')}`;
}

function plural(n: number, one: string, many = one): string {
  return `${n} ${n === 1 ? one : many}`;
}
