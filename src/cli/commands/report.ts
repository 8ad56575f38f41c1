/** `dhi-migrate report merge a.json b.json ... [-o out.json] [--markdown out.md]`. */
import { resolve } from 'node:path';
import { writeMarkdownReport } from '../../batch/markdown.js';
import { mergeReports, readReport } from '../../batch/merge.js';
import { renderJsonReport } from '../../batch/report-files.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { EXIT_OK, EXIT_USAGE } from '../errors.js';
import type { Io } from '../output.js';

export interface ReportMergeArgs {
  reports: string[];
  output: string | null;
  markdown: string | null;
}

export async function runReportMerge(args: ReportMergeArgs, io: Io): Promise<number> {
  const inputs = [];
  for (const path of args.reports) inputs.push({ path, report: await readReport(resolve(io.cwd, path)) });
  const { report, errors, warnings } = mergeReports(inputs);
  const { repositories, totals, ...header } = report;

  const json = renderJsonReport(report);
  if (args.output !== null) await writeFileAtomic(resolve(io.cwd, args.output), json);
  else io.stdout(json);
  if (args.markdown !== null) await writeMarkdownReport(resolve(io.cwd, args.markdown), header, totals, repositories);

  for (const w of warnings) io.stderr(`dhi-migrate: report merge: warning: ${w}\n`);
  for (const e of errors) io.stderr(`dhi-migrate: report merge: ${e}\n`);
  io.stderr(
    `merged ${inputs.length} ${inputs.length === 1 ? 'report' : 'reports'}: ${repositories.length} repositories, ${totals.files.total} files\n`,
  );
  return errors.length > 0 ? EXIT_USAGE : EXIT_OK;
}
