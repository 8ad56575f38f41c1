/**
 * One Dockerfile through the whole pipeline: read, decode, migrate, diff.
 * Shared by the single-repository CLI and batch mode; never writes.
 */
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { migrateText, type MigrateInput } from '../engine/engine.js';
import type { MigrateOptions } from '../engine/options.js';
import type { BuildContext, Edit, Rule } from '../engine/types.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Decoded } from '../io/decode.js';
import { encodeDockerfile } from '../io/decode.js';
import { unifiedDiff } from '../report/unified-diff.js';
import type { FileResult, ImageChange } from '../report/types.js';
import { parseDockerfile, type DockerfileModel } from '../dockerfile/model.js';
import { describeInputProblems, findInputProblems } from '../dockerfile/problems.js';
import { describeWindowsSkip, windowsContainerReason } from '../dockerfile/windows.js';
import { internalErrorMessage } from './errors.js';
import { readPragmas } from '../engine/pragmas.js';
import type { ReportedFinding } from '../engine/types.js';

export interface FileMigration {
  result: FileResult;
  /** New bytes to write when the file changed (BOM restored). */
  outputBytes: Buffer | null;
  output: string;
  /** What changed, as edits over the input text (see MigrateResult.edits); [] when nothing did. */
  edits: Edit[];
  /** The file failed because of a bug (exit 3), not because of its content. */
  internal?: true;
}

export interface MigrateFileInput {
  /** Path shown in diffs and reports (relative to the cwd when possible). */
  displayPath: string;
  decoded: Decoded;
  /** Directory used as the build context; null for stdin. */
  contextDir: string | null;
  rules: readonly Rule[];
  catalog: Catalog;
  options: MigrateOptions;
  /** Interactive review: which proposed fixes to apply (default: all). */
  acceptFix?: MigrateInput['acceptFix'];
}

/**
 * Reads files next to the Dockerfile, only when a rule asks, never outside
 * the directory. Each file once per Dockerfile: rules ask again in every pass
 * (package.json, go.mod ...), and a missing file costs an exception each time.
 */
export function directoryContext(dir: string | null): BuildContext {
  if (dir === null) return { readFile: () => undefined };
  const read = new Map<string, string | undefined>();
  return {
    readFile(relativePath: string) {
      if (relativePath.includes('..')) return undefined;
      if (!read.has(relativePath)) read.set(relativePath, readOrUndefined(join(dir, relativePath)));
      return read.get(relativePath);
    },
  };
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function migrateDecoded(input: MigrateFileInput): FileMigration {
  const { decoded, displayPath } = input;
  try {
    // Checked before any rule runs: a Windows or broken file is left untouched (see the modules for why),
    // unless the user asked for the file to be ignored anyway (the engine reports that).
    const model = parseDockerfile(decoded.text, { target: input.options.target });
    if (!readPragmas(model, new Set(input.rules.map((r) => r.id))).ignoreFile) {
      const windows = windowsContainerReason(model);
      if (windows !== null) {
        return {
          result: { ...errorResult(displayPath, describeWindowsSkip(windows)), status: 'skipped' },
          outputBytes: null,
          output: decoded.text,
          edits: [],
        };
      }
      const problems = findInputProblems(model);
      if (problems.length > 0) {
        return { result: errorResult(displayPath, describeInputProblems(problems)), outputBytes: null, output: decoded.text, edits: [] };
      }
    }
    const res = migrateText({
      model,
      text: decoded.text,
      rules: input.rules,
      catalog: input.catalog,
      options: input.options,
      buildContext: directoryContext(input.contextDir),
      acceptFix: input.acceptFix,
    });
    if (res.ignoredFile) {
      return {
        result: { path: displayPath, status: 'skipped', error: 'ignored (# dhi-migrate ignore-file)', findings: [], diff: '', images: [] },
        outputBytes: null,
        output: decoded.text,
        edits: [],
      };
    }
    const changed = res.output !== decoded.text;
    const diff = changed ? unifiedDiff(displayPath, decoded.text, res.output, { bom: decoded.bom }) : '';
    return {
      result: {
        path: displayPath,
        status: changed ? 'changed' : 'unchanged',
        findings: res.findings,
        diff,
        images: describeImages(res.inputModel, res.outputModel, res.findings),
      },
      outputBytes: changed ? encodeDockerfile(res.output, decoded.bom) : null,
      output: res.output,
      edits: res.edits,
    };
  } catch (err) {
    // Nothing a file's content can cause reaches here (input problems are results above): a bug, said as such.
    return {
      result: errorResult(displayPath, internalErrorMessage(err)),
      outputBytes: null,
      output: decoded.text,
      edits: [],
      internal: true,
    };
  }
}

export function errorResult(path: string, message: string): FileResult {
  return { path, status: 'error', error: message, findings: [], diff: '', images: [] };
}

/**
 * Which base image each original stage had and what it has now, with the
 * stage's name and role as they are after the migration (the split turns the
 * final stage into `build`), plus one entry per stage a rule appended (the
 * split's new runtime stage), on the line of the FROM it was split from.
 */
function describeImages(before: DockerfileModel, after: DockerfileModel, findings: ReportedFinding[]): ImageChange[] {
  const changes: ImageChange[] = [];
  for (const stage of before.stages) {
    const from = stage.from;
    if (from.baseStage !== null || from.imageText === null) continue;
    if (from.ref?.name === 'scratch') continue;
    const line = from.instruction.startLine + 1;
    const now = after.stages[stage.index];
    const nowImage = now?.from.resolvedImage ?? null;
    const original = from.resolvedImage ?? from.imageText;
    const to = nowImage !== null && nowImage !== original ? nowImage : null;
    const change: ImageChange = { line, from: original, to, stage: now?.name ?? stage.name, role: now?.role ?? stage.role };
    if (to === null) {
      const why = findings.find((f) => f.ruleId === 'base-image' && f.line === line && !f.applied);
      if (why) change.reason = why.message;
    }
    changes.push(change);
  }
  // Rules only append stages, so stages past the original count are new.
  for (const stage of after.stages.slice(before.stages.length)) {
    const image = stage.from.baseStage === null ? stage.from.resolvedImage : null;
    if (image === null || stage.from.ref?.name === 'scratch') continue;
    const split = findings.find((f) => f.ruleId === 'multi-stage-split' && f.applied);
    const origin = before.stages.find((s) => s.from.instruction.startLine + 1 === split?.line) ?? before.stages.at(-1);
    if (!origin) continue;
    changes.push({
      line: origin.from.instruction.startLine + 1,
      from: origin.from.resolvedImage ?? origin.from.imageText ?? image,
      to: image,
      stage: stage.name,
      role: stage.role,
      addedBy: split?.ruleId ?? 'multi-stage-split',
    });
  }
  return changes;
}

/** The build context a Dockerfile's rules may read: its directory; a pipe (`<(...)`) has none. */
export function contextDirOf(file: { realPath: string; regular: boolean }): string | null {
  return file.regular ? dirname(file.realPath) : null;
}
