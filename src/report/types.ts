import type { ReportedFinding } from '../engine/types.js';

export type { ReportedFinding };

export type FileStatus = 'changed' | 'unchanged' | 'error' | 'skipped';

/** The outcome for one input file; the unit every report format is built from. */
export interface FileResult {
  /** As discovered/given by the user (relative, `/`-separated where possible). */
  path: string;
  status: FileStatus;
  /** Why the file is 'error' or 'skipped': a short reason without the path. */
  error?: string;
  findings: ReportedFinding[];
  /** Git-style patch (see unified-diff.ts); '' when unchanged. */
  diff: string;
  images: ImageChange[];
}

/** One FROM line's base image and what it became. */
export interface ImageChange {
  /** 1-based line of the FROM instruction in the original file. */
  line: number;
  from: string;
  /** null: left untouched (see `reason`). */
  to: string | null;
  /** Stage name (`AS build`), null when unnamed. */
  stage: string | null;
  role: 'final' | 'build' | 'unused';
  reason?: string;
  /**
   * Set on a stage a rule appended (the split's new runtime stage): `line`
   * and `from` are then those of the stage it was split from.
   */
  addedBy?: string;
}

export interface ReportMeta {
  /** Tool name; defaults to 'dhi-migrate'. */
  name?: string;
  version: string;
  /** The catalog snapshot the run used; only `commit` and `date` are reported. */
  catalog: { commit: string; date: string };
}

export interface SeverityCounts {
  change: number;
  warning: number;
  info: number;
}

export interface JsonReport {
  schemaVersion: 1;
  tool: { name: string; version: string };
  catalog: { commit: string; date: string };
  summary: {
    files: number;
    changed: number;
    unchanged: number;
    errors: number;
    /** So the counts add up: files = changed + unchanged + errors + skipped. */
    skipped: number;
    findings: SeverityCounts;
  };
  files: FileResult[];
}
