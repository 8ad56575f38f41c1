/**
 * The interactive review as a pure state machine: it asks questions through an
 * injected `ask` and never prints, reads the terminal or writes a file.
 *
 * Fixes are decided by replay: the engine runs with an acceptFix hook that
 * answers from the decisions made so far; the earliest pass that proposes an
 * undecided fix is the next thing to ask about. Every run goes through the
 * same engine and per-file pipeline as --write, so any subset of accepted
 * fixes gives a valid, re-parseable file.
 */
import { applyEdits } from '../../engine/edits.js';
import type { MigrateOptions } from '../../engine/options.js';
import type { Finding, ReportedFinding } from '../../engine/types.js';
import type { FileMigration } from '../migrate-file.js';
import { applyOption, nextOptionQuestion } from './option-questions.js';
import type { FileReview, ProposedChange, RelatedChange, ReviewSubject, ReviewUi, RunReview } from './types.js';

/** A decision for a proposed fix; undefined = ask. */
type Decide = (change: ProposedChange) => boolean | undefined;

interface Trace {
  migration: FileMigration;
  /** Every fix proposed, by key, at the first pass that proposed it. */
  proposals: Map<string, ProposedChange>;
  /** Proposed and left undecided (declined for this run). */
  undecided: ProposedChange[];
  accepted: ProposedChange[];
  declined: Set<string>;
}

/** Guards against a rule set whose proposals never settle; the engine's own pass limit is per run. */
const MAX_ROUNDS = 500;

export async function reviewRun(subjects: readonly ReviewSubject[], ui: ReviewUi): Promise<RunReview> {
  const files: FileReview[] = [];
  let quit = false;
  let notReviewed: string[] = [];
  for (let i = 0; i < subjects.length; i++) {
    const outcome = await reviewFile(subjects[i]!, ui);
    files.push(outcome.review);
    if (outcome.quit) {
      quit = true;
      notReviewed = subjects.slice(i + 1).map((s) => s.path);
      break;
    }
  }
  const toWrite = files.filter((f) => f.status === 'changed');
  let confirmed = !quit;
  if (toWrite.length > 0) {
    confirmed = await ui.ask({ kind: 'confirm', files: toWrite.map((f) => ({ path: f.path, changes: f.applied.length })), quitting: quit });
  }
  return { files, notReviewed, quit, confirmed };
}

export async function reviewFile(subject: ReviewSubject, ui: ReviewUi): Promise<{ review: FileReview; quit: boolean }> {
  let options = subject.options;
  let dry = subject.migrate(options);
  if (dry.result.status === 'error' || dry.result.status === 'skipped')
    return { review: unreviewable(subject, dry, options, ui), quit: false };

  const full = trace(subject, options, () => true);
  ui.show({ kind: 'file-start', path: subject.path, images: dry.result.images, proposed: full.accepted.length });

  const settled = new Set(subject.settled);
  for (let q = nextOptionQuestion(subject, options, dry, settled); q; q = nextOptionQuestion(subject, options, dry, settled)) {
    const answer = await ui.ask(q);
    settled.add(q.option);
    if (answer !== q.default) {
      options = applyOption(options, q.option, answer, dry);
      dry = subject.migrate(options);
      if (dry.result.status === 'error') return { review: unreviewable(subject, dry, options, ui), quit: false };
    }
  }

  const everything = trace(subject, options, () => true);
  const enables = enabledBy(subject, options, everything);
  const decisions = new Map<string, boolean>();
  const wholeRule = new Set<string>();
  let skipRest = false;
  let quit = false;
  let asked = 0;
  const decide: Decide = (c) => decisions.get(c.key) ?? (wholeRule.has(c.ruleId) ? true : skipRest ? false : undefined);

  rounds: for (let round = 0; ; round++) {
    if (round >= MAX_ROUNDS) throw new Error(`internal error (a bug): review of ${subject.path} did not settle`);
    const t = trace(subject, options, decide);
    const frontier = earliestPass(t.undecided);
    if (frontier.length === 0) break;
    for (const change of frontier) {
      const auto = decide(change);
      if (auto !== undefined) {
        decisions.set(change.key, auto);
        continue;
      }
      asked++;
      const action = await ui.ask({
        kind: 'change',
        path: subject.path,
        change,
        index: asked,
        total: Math.max(asked, everything.accepted.length),
        dependsOn: change.pass > 0 ? dependsOn(subject, options, change, t, decide) : [],
        enables: enables.get(change.key) ?? [],
      });
      if (action === 'quit') {
        quit = true;
        break rounds;
      }
      decisions.set(change.key, action === 'apply' || action === 'apply-rule');
      if (action === 'apply-rule') wholeRule.add(change.ruleId);
      if (action === 'skip-file') skipRest = true;
    }
  }

  // Undecided at this point only after quit: not accepted.
  const final = trace(subject, options, (c) => decisions.get(c.key) ?? decide(c) ?? false);
  const review = classify(subject.path, final, options, !quit);
  ui.show({ kind: 'file-end', review });
  return { review, quit };
}

function trace(subject: ReviewSubject, options: MigrateOptions, decide: Decide): Trace {
  const proposals = new Map<string, ProposedChange>();
  const undecided: ProposedChange[] = [];
  const accepted: ProposedChange[] = [];
  const declined = new Set<string>();
  const migration = subject.migrate(options, (finding, { pass, text }) => {
    const change = proposalOf(finding, pass, text);
    if (!proposals.has(change.key)) proposals.set(change.key, change);
    const yes = decide(change);
    if (yes === undefined) undecided.push(change);
    if (yes) accepted.push(change);
    else declined.add(change.key);
    return yes === true;
  });
  return { migration, proposals, undecided, accepted, declined };
}

function proposalOf(f: Finding, pass: number, text: string): ProposedChange {
  return {
    key: findingKey(f),
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    pass,
    before: text,
    after: applyEdits(text, f.fix ?? []),
    start: Math.min(...(f.fix ?? []).map((e) => e.start)),
  };
}

function findingKey(f: { ruleId: string; message: string }): string {
  return `${f.ruleId}\u0000${f.message}`;
}

/** The undecided proposals of the earliest pass, in source order. */
function earliestPass(undecided: ProposedChange[]): ProposedChange[] {
  if (undecided.length === 0) return [];
  const pass = Math.min(...undecided.map((c) => c.pass));
  const seen = new Set<string>();
  return undecided.filter((c) => c.pass === pass && !seen.has(c.key) && seen.add(c.key)).sort((a, b) => a.start - b.start);
}

/**
 * Accepted changes of earlier passes without which `change` would not be
 * proposed: found by replaying with each one declined.
 */
function dependsOn(subject: ReviewSubject, options: MigrateOptions, change: ProposedChange, t: Trace, decide: Decide): RelatedChange[] {
  const related: RelatedChange[] = [];
  for (const earlier of t.accepted) {
    if (earlier.pass >= change.pass) continue;
    const without = trace(subject, options, (c) => (c.key === earlier.key ? false : (decide(c) ?? false)));
    if (!without.proposals.has(change.key)) related.push({ ruleId: earlier.ruleId, message: earlier.message });
  }
  return related;
}

/** For each change, the later-pass changes that only appear when it is applied. */
function enabledBy(subject: ReviewSubject, options: MigrateOptions, everything: Trace): Map<string, RelatedChange[]> {
  const result = new Map<string, RelatedChange[]>();
  const later = everything.accepted.filter((c) => c.pass > 0);
  if (later.length === 0) return result;
  for (const change of everything.accepted) {
    if (!later.some((l) => l.pass > change.pass)) continue;
    const without = trace(subject, options, (c) => c.key !== change.key);
    const gone = later.filter((l) => l.pass > change.pass && !without.proposals.has(l.key));
    if (gone.length > 0)
      result.set(
        change.key,
        gone.map((l) => ({ ruleId: l.ruleId, message: l.message })),
      );
  }
  return result;
}

function classify(path: string, t: Trace, options: MigrateOptions, complete: boolean): FileReview {
  const findings = t.migration.result.findings;
  const declined = (f: ReportedFinding) => !f.applied && t.declined.has(findingKey(f));
  return {
    path,
    status: t.migration.outputBytes !== null ? 'changed' : 'unchanged',
    migration: t.migration,
    applied: findings.filter((f) => f.applied),
    declined: findings.filter(declined),
    manual: findings.filter((f) => !f.applied && !declined(f)),
    options,
    complete,
  };
}

function unreviewable(subject: ReviewSubject, m: FileMigration, options: MigrateOptions, ui: ReviewUi): FileReview {
  const status = m.result.status === 'skipped' ? 'skipped' : 'error';
  const message = m.result.error ?? status;
  ui.show({ kind: 'file-error', path: subject.path, message });
  return { path: subject.path, status, error: message, migration: m, applied: [], declined: [], manual: [], options, complete: true };
}
