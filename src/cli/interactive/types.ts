/**
 * The vocabulary between the review flow (review.ts, pure) and whoever answers
 * its questions: the terminal prompter, `--yes`, or a test's script.
 */
import type { MigrateOptions } from '../../engine/options.js';
import type { MigrateInput } from '../../engine/engine.js';
import type { Severity } from '../../engine/types.js';
import type { FileMigration } from '../migrate-file.js';
import type { ImageChange, ReportedFinding } from '../../report/types.js';

export type AcceptFix = NonNullable<MigrateInput['acceptFix']>;

/** One file under review: runs the shared per-file pipeline with given options and fix filter. */
export interface ReviewSubject {
  path: string;
  /** This file's options (flags over its config file). */
  options: MigrateOptions;
  /** Choices the user already made on the command line or in a config file: not asked. */
  settled: ReadonlySet<OptionId>;
  migrate(options: MigrateOptions, acceptFix?: AcceptFix): FileMigration;
}

/** What the user can do with one proposed change (git add -p style keys in the prompter). */
export type ChangeAction = 'apply' | 'skip' | 'apply-rule' | 'skip-file' | 'quit';

/** A change as the engine proposed it, in the text of the pass that proposed it. */
export interface ProposedChange {
  /** ruleId + message: the identity the engine also uses for declined fixes. */
  key: string;
  ruleId: string;
  severity: Severity;
  message: string;
  /** 0 = proposed on the file as written; later passes follow applied changes. */
  pass: number;
  /** The text of that pass, and the same text with only this change applied. */
  before: string;
  after: string;
  /** Offset of its first edit in `before` (changes are asked in source order). */
  start: number;
}

/** Another change this one is tied to (for the "depends on" note). */
export interface RelatedChange {
  ruleId: string;
  message: string;
}

/** Options the tool would otherwise choose silently; asked per file. */
export type OptionId = 'distro' | 'bump' | 'split';

export interface OptionQuestion {
  kind: 'option';
  path: string;
  option: OptionId;
  message: string;
  choices: { value: string; label: string; description?: string }[];
  default: string;
}

export interface ChangeQuestion {
  kind: 'change';
  path: string;
  change: ProposedChange;
  /** 1-based position among this file's changes, and the number proposed when everything is accepted. */
  index: number;
  total: number;
  /** Accepted earlier changes without which this one would not be proposed. */
  dependsOn: RelatedChange[];
  /** Later changes that are only proposed if this one is applied. */
  enables: RelatedChange[];
}

export interface ConfirmQuestion {
  kind: 'confirm';
  /** Files that would be written, with the number of accepted changes each. */
  files: { path: string; changes: number }[];
  /** The user chose quit: default is to write nothing. */
  quitting: boolean;
}

export type Question = OptionQuestion | ChangeQuestion | ConfirmQuestion;

export type AnswerOf<Q extends Question> = Q extends OptionQuestion ? string : Q extends ChangeQuestion ? ChangeAction : boolean;

export type Ask = <Q extends Question>(question: Q) => Promise<AnswerOf<Q>>;

/** Things shown without a question. */
export type ReviewEvent =
  | { kind: 'file-start'; path: string; images: ImageChange[]; proposed: number }
  | { kind: 'file-end'; review: FileReview }
  | { kind: 'file-error'; path: string; message: string };

export interface ReviewUi {
  ask: Ask;
  show(event: ReviewEvent): void;
}

export interface FileReview {
  path: string;
  status: 'changed' | 'unchanged' | 'error' | 'skipped';
  error?: string;
  /** The file with exactly the accepted changes, through the same pipeline as --write (for errors: the failed run). */
  migration: FileMigration;
  applied: ReportedFinding[];
  /** Proposed changes the user skipped (or never reached after "skip the rest"/"quit"). */
  declined: ReportedFinding[];
  /** Findings without a fix: left for a human. */
  manual: ReportedFinding[];
  /** The options this file was migrated with, after the user's answers. */
  options: MigrateOptions;
  /** false when the user quit while reviewing this file. */
  complete: boolean;
}

export interface RunReview {
  files: FileReview[];
  /** Files not reached because the user quit. */
  notReviewed: string[];
  quit: boolean;
  /** The user confirmed writing (or there was nothing to write). */
  confirmed: boolean;
}
