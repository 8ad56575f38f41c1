/**
 * `dhi-migrate report merge`: one report from the JSON reports of the shards
 * of a run. Reports of another schema or made with another catalog snapshot
 * are refused (their numbers don't add up); a repository that appears twice is
 * kept once and reported as an error; the totals are recomputed from the
 * repositories, exactly as a single run computes them.
 */
import { readFile } from 'node:fs/promises';
import { comparePaths } from '../io/discover.js';
import { describeFsError } from '../io/errors.js';
import { UsageError } from '../cli/errors.js';
import { TotalsAccumulator } from './totals.js';
import type { BatchReport, RepoEntry } from './types.js';

export interface MergeResult {
  report: BatchReport;
  /** Problems that make the merge incomplete (exit 2); the report is still written. */
  errors: string[];
  /** Worth knowing, not wrong (different tool versions, missing shards). */
  warnings: string[];
}

export async function readReport(path: string): Promise<BatchReport> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`${path}: ${err instanceof SyntaxError ? `not JSON (${err.message})` : describeFsError(err)}`);
  }
  const r = data as Partial<BatchReport> | null;
  if (!r || typeof r !== 'object' || r.kind !== 'dhi-migrate-batch-report') throw new UsageError(`${path}: not a dhi-migrate batch report`);
  if (r.schemaVersion !== 1)
    throw new UsageError(`${path}: report schema version ${String(r.schemaVersion)} is not supported (expected 1)`);
  if (!Array.isArray(r.repositories) || !r.catalog || !r.tool) throw new UsageError(`${path}: incomplete batch report`);
  return r as BatchReport;
}

export function mergeReports(inputs: { path: string; report: BatchReport }[]): MergeResult {
  if (inputs.length === 0) throw new UsageError('report merge: no reports given');
  const first = inputs[0]!;
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const { path, report } of inputs.slice(1)) {
    if (report.catalog.commit !== first.report.catalog.commit || report.catalog.date !== first.report.catalog.date) {
      throw new UsageError(
        `${path} was made with another DHI catalog (${report.catalog.date}, ${report.catalog.commit.slice(0, 12)}) than ${first.path} ` +
          `(${first.report.catalog.date}, ${first.report.catalog.commit.slice(0, 12)}); run every shard with the same dhi-migrate`,
      );
    }
    if (report.tool.version !== first.report.tool.version)
      warnings.push(`${path} comes from dhi-migrate ${report.tool.version}, ${first.path} from ${first.report.tool.version}`);
    if (report.mode !== first.report.mode) warnings.push(`${path} is a ${report.mode} report, ${first.path} a ${first.report.mode} report`);
  }
  warnings.push(...shardCoverage(inputs));

  const byName = new Map<string, { entry: RepoEntry; from: string }>();
  for (const { path, report } of inputs) {
    for (const entry of report.repositories) {
      const seen = byName.get(entry.name);
      if (seen) errors.push(`repository ${entry.name} is in both ${seen.from} and ${path}; kept the one from ${seen.from}`);
      else byName.set(entry.name, { entry, from: path });
    }
  }
  const repositories = [...byName.values()].map((v) => v.entry).sort((a, b) => comparePaths(a.name, b.name));
  const totals = new TotalsAccumulator();
  for (const entry of repositories) totals.add(entry);

  return {
    report: {
      schemaVersion: 1,
      kind: 'dhi-migrate-batch-report',
      tool: first.report.tool,
      catalog: first.report.catalog,
      mode: first.report.mode,
      shard: null,
      totals: totals.totals(),
      repositories,
    },
    errors,
    warnings,
  };
}

/** With shard reports of one split (same n), says which shards are missing or repeated. */
function shardCoverage(inputs: { path: string; report: BatchReport }[]): string[] {
  const shards = inputs.map((i) => i.report.shard);
  if (shards.some((s) => s === null)) return [];
  const count = shards[0]!.count;
  if (shards.some((s) => s!.count !== count)) return ['the reports come from different shard splits (--shard i/n with different n)'];
  const seen = shards.map((s) => s!.index);
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.includes(i));
  const repeated = [...new Set(seen.filter((i, at) => seen.indexOf(i) !== at))];
  const out: string[] = [];
  if (missing.length > 0)
    out.push(
      `shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: the merged report is incomplete`,
    );
  if (repeated.length > 0)
    out.push(`shard${repeated.length > 1 ? 's' : ''} ${repeated.map((i) => `${i}/${count}`).join(', ')} given more than once`);
  return out;
}
