/**
 * `dhi-migrate -i [paths..]`: review the migration change by change, then
 * write what was accepted. Nothing is written before the final confirmation,
 * so Ctrl-C (or quit without confirming) leaves every file as it was; the
 * writes themselves are atomic.
 */
import { readFile } from 'node:fs/promises';
import { Catalog } from '../../catalog/catalog.js';
import type { MigrateOptions } from '../../engine/options.js';
import { allRules } from '../../../rules/index.js';
import { discoverDockerfiles, NOT_WRITABLE_BACK } from '../../io/discover.js';
import { readDockerfile } from '../../io/read.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { describeFsError } from '../../io/errors.js';
import { EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UsageError } from '../errors.js';
import { contextDirOf, migrateDecoded } from '../migrate-file.js';
import type { Io } from '../output.js';
import { planFiles, type ConfigArgs } from '../config-options.js';
import { plannedFiles } from '../planned-files.js';
import { settledOptions } from './option-questions.js';
import { acceptAllUi, isPromptExit, terminalUi } from './prompter.js';
import { renderEvent, renderSummary, type RenderOptions, type WriteOutcome } from './render.js';
import { reviewRun } from './review.js';
import type { ReviewSubject, RunReview } from './types.js';

export interface InteractiveArgs {
  paths: string[];
  /** Accept every change without prompting (no terminal needed). */
  yes: boolean;
  options: MigrateOptions;
  config?: ConfigArgs;
  quiet: boolean;
  /** Terminal width for the review; default 80. */
  columns?: number;
}

export const NO_TTY_MESSAGE =
  '--interactive needs a terminal (stdin and stdout are not a TTY); use --yes to accept every change without prompting, or --write';

interface Target {
  subject: ReviewSubject;
  realPath: string;
  /** The bytes the review started from: a file edited meanwhile is not overwritten. */
  bytes: Buffer;
}

export async function runInteractive(args: InteractiveArgs, io: Io): Promise<number> {
  if (args.paths.includes('-')) throw new UsageError('--interactive reviews files; it cannot read stdin');
  if (!args.yes && !io.interactive) throw new UsageError(NO_TTY_MESSAGE);
  const render: RenderOptions = { color: io.color, width: Math.max(40, Math.min(args.columns ?? 80, 100)) };
  const say = (text: string) => (args.yes ? io.stderr(text) : io.stdout(text));

  const catalog = Catalog.builtin();
  const found = discoverDockerfiles(args.paths);
  let inputError = found.errors.length > 0;
  for (const e of found.errors) io.stderr(`dhi-migrate: ${e.path}: ${e.message}\n`);
  const plans = planFiles(found.files, args.paths, args.config, args.options);
  const explicit = args.config?.overrides ?? {};

  const targets: Target[] = [];
  for (const { file, plan, display } of plannedFiles(found.files, plans, io.cwd)) {
    if (file.symlink && !file.insideRoot) {
      io.stderr(`dhi-migrate: ${display}: symlink to ${file.realPath} outside ${file.root}; skipped\n`);
      continue;
    }
    if (!file.regular) {
      // Interactive review ends in writing the file back, which a pipe can't take (see migrate.ts).
      inputError = true;
      io.stderr(`dhi-migrate: ${display}: ${NOT_WRITABLE_BACK}\n`);
      continue;
    }
    const read = readDockerfile(file.realPath);
    if (!read.ok) {
      inputError = true;
      io.stderr(`dhi-migrate: ${display}: ${read.message}\n`);
      continue;
    }
    const subject: ReviewSubject = {
      path: display,
      options: plan.options,
      settled: settledOptions(plan.options, explicit),
      migrate: (options, acceptFix) =>
        migrateDecoded({
          displayPath: display,
          decoded: read.decoded,
          contextDir: contextDirOf(file),
          rules: allRules,
          catalog,
          options,
          acceptFix,
        }),
    };
    targets.push({ subject, realPath: file.realPath, bytes: read.bytes });
  }

  const ui = args.yes ? acceptAllUi() : await terminalUi(io, render);
  let run: RunReview;
  try {
    run = await reviewRun(
      targets.map((t) => t.subject),
      ui,
    );
  } catch (err) {
    if (!isPromptExit(err)) throw err;
    io.stderr('\nInterrupted: no file was written.\n');
    return EXIT_INTERRUPTED;
  }

  const outcome: WriteOutcome = { written: [], failed: [] };
  if (run.confirmed) {
    for (const review of run.files) {
      const bytes = review.status === 'changed' ? review.migration.outputBytes : null;
      if (!bytes) continue;
      const target = targets.find((t) => t.subject.path === review.path)!;
      const message = await writeReviewed(target, bytes);
      if (message === null) outcome.written.push(review.path);
      else outcome.failed.push({ path: review.path, message });
    }
  }
  if (outcome.failed.length > 0) inputError = true;
  if (args.yes)
    for (const f of run.files)
      if (f.status === 'error') say(renderEvent({ kind: 'file-error', path: f.path, message: f.error ?? 'error' }, render));
  if (!args.quiet || outcome.failed.length > 0) say(renderSummary(run, outcome, render));
  if (run.files.some((f) => f.migration.internal)) return EXIT_INTERNAL;
  if (run.files.some((f) => f.status === 'error')) inputError = true;
  return inputError ? EXIT_USAGE : EXIT_OK;
}

/** null when written; otherwise why not (the file is then as it was). */
async function writeReviewed(target: Target, bytes: Buffer): Promise<string | null> {
  try {
    const now = await readFile(target.realPath);
    if (!now.equals(target.bytes)) return 'changed on disk during the review; left as it is now';
    await writeFileAtomic(target.realPath, bytes);
    return null;
  } catch (err) {
    return `${describeFsError(err)}; the file is unchanged`;
  }
}
