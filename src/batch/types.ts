/**
 * Batch mode's data: the job a worker receives for one repository, what it
 * sends back, and the report built from those outcomes. Everything here
 * crosses a worker_threads boundary, so it stays plain data (structured clone).
 */
import type { MigrateOptions } from '../engine/options.js';
import type { Severity } from '../engine/types.js';
import type { FileStatus } from '../report/types.js';

export type BatchMode = 'dry-run' | 'write' | 'git-branch' | 'check';

/** One repository found from the inputs (or an input that could not be used). */
export interface RepoRef {
  /**
   * Identity: the path relative to the common root of all inputs, `/`-separated.
   * Shards hash it and `report merge` de-duplicates on it, so it must not depend
   * on where a CI runner checked the repositories out.
   */
  name: string;
  /** Absolute path of the repository directory. */
  absPath: string;
  /** As shown to the user: relative to the current directory when inside it. */
  displayPath: string;
  /** Set when the input can't be used (missing, not a directory): reported, never processed. */
  error?: string;
}

export interface GitJob {
  branch: string;
  allowDirty: boolean;
}

/** What applies to one repository: its options and which of its Dockerfiles to take. */
export interface RepoSettings {
  /** Resolved per repository (see RepoOptionsResolver); the command line's options by default. */
  options: MigrateOptions;
  /** The config's include/exclude globs, relative to the repository root; null: every Dockerfile. */
  fileFilter: { include: string[]; exclude: string[] } | null;
}

/** What a worker needs to process one repository. */
export interface RepoJob extends RepoSettings {
  repo: RepoRef;
  /** Write changed files in place (also true under --git-branch). */
  write: boolean;
  git: GitJob | null;
  /** This repository's patch file (absolute, and as reported), or null for no patch. */
  patch: { path: string; display: string } | null;
  /** For the commit message trailer. */
  tool: { name: string; version: string; catalog: { commit: string; date: string } };
}

export type ImageStatus = 'migrated' | 'unmapped' | 'already-dhi';

export interface BatchImage {
  line: number;
  from: string;
  to: string | null;
  stage: string | null;
  role: string;
  status: ImageStatus;
  /** Why an unmapped image was left untouched. */
  reason?: string;
  /** A stage a rule appended (the split's runtime stage), on the line of the stage it was split from. */
  addedBy?: string;
}

/** Something left for a human, on a line of the original file. */
export interface FollowUp {
  line: number;
  severity: Severity;
  ruleId: string;
  message: string;
}

export interface BatchFile {
  /** Relative to the repository, `/`-separated (as in the patch). */
  path: string;
  status: FileStatus;
  error?: string;
  images: BatchImage[];
  /** Fixes applied, by rule id (keys sorted). */
  changesByRule: Record<string, number>;
  followUps: FollowUp[];
}

export type RepoStatus = 'changed' | 'unchanged' | 'no-dockerfiles' | 'error';

export interface RepoSummary {
  files: number;
  changed: number;
  unchanged: number;
  errors: number;
  skipped: number;
  images: number;
  migrated: number;
  unmapped: number;
  alreadyDhi: number;
  warnings: number;
  followUps: number;
}

/** One repository in the report. */
export interface RepoEntry {
  name: string;
  path: string;
  status: RepoStatus;
  /** Why the repository as a whole failed (status 'error'). */
  error?: string;
  /** Patch file (as given on the command line, joined with the name), when one was written. */
  patch: string | null;
  git: { branch: string; commit: string } | null;
  summary: RepoSummary;
  files: BatchFile[];
}

export interface CountedImage {
  image: string;
  count: number;
  repositories: number;
  /** The reason given at the first occurrence in report order. */
  reason: string;
}

export interface CountedFollowUp {
  ruleId: string;
  severity: Severity;
  /** The message with image names, numbers and quoted names masked (…), so alike follow-ups group. */
  message: string;
  /** The first occurrence in report order, as `repo/path:line`. */
  example: string;
  count: number;
  repositories: number;
}

export interface Totals {
  repositories: { total: number; changed: number; unchanged: number; withoutDockerfiles: number; failed: number; withErrors: number };
  files: { total: number; changed: number; unchanged: number; errors: number; skipped: number };
  images: { total: number; migrated: number; unmapped: number; alreadyDhi: number };
  /** Rounded to one decimal; null when there is nothing to divide by. */
  percent: {
    repositoriesChanged: number | null;
    filesChanged: number | null;
    /** Images moved by this run, of all images found. */
    imagesMigrated: number | null;
    /** Images on DHI after this run (moved or already there), of all images found. */
    imagesOnDhi: number | null;
  };
  changesByRule: Record<string, number>;
  warnings: number;
  followUps: number;
  topUnmapped: CountedImage[];
  topFollowUps: CountedFollowUp[];
}

export interface ReportHeader {
  schemaVersion: 1;
  kind: 'dhi-migrate-batch-report';
  tool: { name: string; version: string };
  catalog: { commit: string; date: string };
  mode: BatchMode;
  /** The shard this report covers; null for a whole run or a merged report. */
  shard: { index: number; count: number } | null;
}

export interface BatchReport extends ReportHeader {
  totals: Totals;
  repositories: RepoEntry[];
}
